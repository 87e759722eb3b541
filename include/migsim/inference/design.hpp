#pragma once
// The sampling designs of `migsim sweep`: a list of parameters and a design in, points out
// (one value per parameter per point). Core, no IO: reading the sweep file and a points CSV
// is the io layer's. A design is a pure function of (parameters, design, samples, seed) —
// its random numbers are Philox draws keyed by the seed, Purpose::sweep_design and
// (point, parameter) — so every rank of a sweep, and every resumed sweep, has the same points.
// Public (not under sim/core) because the io layer's sweep reader and the CLI call it.
#include "migsim/inference/layer.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace migsim::sweep {

enum class Design : std::uint8_t {
  grid,             // the Cartesian product of every parameter's list; the last parameter varies fastest
  random,           // `samples` points, each coordinate uniform and independent
  latin_hypercube,  // `samples` points, one in each of `samples` equal strata per parameter
  sobol,            // the first `samples` points of the (unscrambled) Sobol' sequence
  points,           // points given as a table, passed through
};
inline constexpr auto design_names =
    std::to_array<std::string_view>({"grid", "random", "latin_hypercube", "sobol", "points"});
static_assert(static_cast<std::size_t>(Design::points) + 1 == design_names.size(),
              "design_names must name every Design, in order");
constexpr std::string_view name_of(Design d) {
  return design_names[static_cast<std::size_t>(d)];
}
// The designs that draw `samples` points from unit coordinates (see make_points).
constexpr bool is_sampled(Design d) {
  return d == Design::random || d == Design::latin_hypercube || d == Design::sobol;
}

enum class Scale : std::uint8_t { linear, log };
inline constexpr auto scale_names = std::to_array<std::string_view>({"linear", "log"});
static_assert(static_cast<std::size_t>(Scale::log) + 1 == scale_names.size(),
              "scale_names must name every Scale, in order");
constexpr std::string_view name_of(Scale s) {
  return scale_names[static_cast<std::size_t>(s)];
}

// One swept parameter: a list of values, or a range [min, max].
struct ParameterSpec {
  std::string path;            // the scenario key, as --set takes it ("people.total")
  std::vector<double> values;  // a list parameter's values; empty for a range
  double min = 0, max = 0;     // a range parameter's bounds, both included
  Scale scale = Scale::linear;
  bool integer = false;  // a range of whole numbers (min and max whole)
  bool is_list() const { return !values.empty(); }
};

using Point = std::vector<double>;  // one value per parameter, in parameter order

// A design has at most this many points: a point's number is a 32-bit counter of its random
// numbers (Rng::words).
inline constexpr std::uint64_t max_points = std::uint64_t{1} << 32;

// The points of `design` over `params`. `samples` is the number of points of a sampled
// design (ignored by grid and points); `given` holds the points of the points design (and
// must be empty for the others). The sobol design ignores `seed` (it is not scrambled).
// Throws std::invalid_argument, naming the parameter or point, if the request cannot be met:
// grid over a range parameter, a sampled design with samples 0 or no parameters, a range
// with min > max or a bound that is not finite, log scale with min <= 0, an integer range
// with a bound that is not whole, given points of the wrong width or not finite.
std::vector<Point> make_points(const std::vector<ParameterSpec>& params, Design design, std::uint64_t samples,
                               std::uint64_t seed, const std::vector<Point>& given = {});

// Throws std::invalid_argument, naming the parameter, unless every parameter can be sampled
// from unit coordinates: a list, or a range with finite min <= max (min > 0 on a log scale,
// whole bounds for an integer range). make_points checks its sampled designs with it.
void check_ranges(const std::vector<ParameterSpec>& params);

// The points that unit coordinates stand for: `units` holds a row per point and a coordinate in
// [0, 1] per parameter; coordinate j becomes a value of params[j] (a list: element floor(u n);
// a range: min + u (max - min), on a log scale in log space; details in design.cpp). Every
// sampled design, and the sensitivity designs (sensitivity.hpp), map through here. The
// parameters must pass check_ranges.
std::vector<Point> values_at(const std::vector<ParameterSpec>& params, std::vector<Point> units);

// `value` as the text of a --set override (`path=value`) that reads back as the same double:
// whole numbers with all their digits and no decimal point ("12", "100000000000000000000"),
// others in the shortest form that round-trips ("0.1", "2.5e-07").
std::string override_text(double value);

}  // namespace migsim::sweep
