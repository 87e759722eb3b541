#include "migsim/inference/design.hpp"

#include <algorithm>
#include <boost/random/sobol.hpp>
#include <charconv>
#include <cmath>
#include <stdexcept>

#include "migsim/core/rng.hpp"
#include "sobol_sequence.hpp"

namespace migsim::sweep {
namespace {

[[noreturn]] void refuse(const std::string& why) {
  throw std::invalid_argument(why);
}

std::string label(const ParameterSpec& p) {
  return "parameter '" + p.path + "'";
}

// Can a sampled design map onto this parameter? (A list always can.)
void check_range(const ParameterSpec& p) {
  if (p.is_list()) return;
  if (!std::isfinite(p.min) || !std::isfinite(p.max)) refuse(label(p) + ": min and max must be finite numbers");
  if (p.min > p.max) refuse(label(p) + ": min " + override_text(p.min) + " is above max " + override_text(p.max));
  if (p.scale == Scale::log && p.min <= 0)
    refuse(label(p) + ": a log scale needs min > 0, but min is " + override_text(p.min));
  if (p.integer && (p.min != std::floor(p.min) || p.max != std::floor(p.max)))
    refuse(label(p) + ": an integer range needs whole min and max, but they are " + override_text(p.min) + " and " +
           override_text(p.max));
}

// The value a unit coordinate u in [0, 1] stands for (values_at maps every design through here).
// A list: element floor(u n). A range: min + u (max - min) on a linear scale,
// exp(log min + u (log max - log min)) on a log scale. An integer range maps u onto
// [min, max + 1) instead and rounds down, so each whole k in [min, max] takes the u that land
// in [k, k + 1): equal shares on a linear scale, shares in proportion to log((k + 1) / k) on a
// log scale. The min and the clamp absorb rounding (u n can round up to n, exp(log x) can miss x).
double value_at(const ParameterSpec& p, double u) {
  if (p.is_list()) {
    const std::size_t n = p.values.size();
    return p.values[std::min(static_cast<std::size_t>(u * static_cast<double>(n)), n - 1)];
  }
  const double top = p.integer ? p.max + 1 : p.max;
  const double v = p.scale == Scale::linear ? p.min + u * (top - p.min)
                                            : std::exp(std::log(p.min) + u * (std::log(top) - std::log(p.min)));
  return std::clamp(p.integer ? std::floor(v) : v, p.min, p.max);
}

// A point's or parameter's number as a 32-bit counter of Rng::words: make_points keeps points
// within max_points, and no sweep has 2^32 parameters.
std::uint32_t counter(std::uint64_t i) {
  return static_cast<std::uint32_t>(i);
}

// random: each coordinate the plain draw (block 0) of its (point, parameter).
Units random_units(std::uint64_t n, std::size_t d, const Rng& rng) {
  Units u(n, Point(d));
  for (std::uint64_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j) u[i][j] = rng.uniform(counter(i), counter(j), Purpose::sweep_design);
  return u;
}

// latin_hypercube: per parameter, the points take the n strata in the order of a random key
// (a uniformly random permutation), each at a uniform position inside its stratum; both from
// block 1 of its (point, parameter). The position has 32 bits, so stratum + position is exact
// and the point stays inside its stratum for up to 2^20 strata (beyond that, rounding may put
// a coordinate on the stratum's upper edge, one part in 2^32 of a stratum).
Units latin_hypercube_units(std::uint64_t n, std::size_t d, const Rng& rng) {
  struct Draw {
    std::uint64_t key;
    std::uint32_t point;
    double position;
  };
  Units u(n, Point(d));
  std::vector<Draw> draws(n);
  for (std::size_t j = 0; j < d; ++j) {
    for (std::uint64_t i = 0; i < n; ++i) {
      const auto w = rng.words(counter(i), counter(j), Purpose::sweep_design, 1);
      draws[i] = {(std::uint64_t{w[0]} << 32) | w[1], counter(i), Rng::to_unit(w[2])};
    }
    // Ties of 64-bit keys go by point number, so the order is a function of the draws alone.
    std::sort(draws.begin(), draws.end(),
              [](const Draw& a, const Draw& b) { return a.key != b.key ? a.key < b.key : a.point < b.point; });
    for (std::uint64_t stratum = 0; stratum < n; ++stratum) {
      const Draw& x = draws[stratum];
      u[x.point][j] = (static_cast<double>(stratum) + x.position) / static_cast<double>(n);
    }
  }
  return u;
}

// grid: point i is i written in mixed radix, the last parameter's digit lowest (fastest).
std::vector<Point> grid_points(const std::vector<ParameterSpec>& params) {
  std::uint64_t count = 1;
  for (const ParameterSpec& p : params) {
    if (!p.is_list()) refuse(label(p) + " is a range; the grid design takes lists of values only");
    if (count > max_points / p.values.size())
      refuse("the grid has more than " + std::to_string(max_points) + " points, the most a design may have");
    count *= p.values.size();
  }
  std::vector<Point> points(count, Point(params.size()));
  for (std::uint64_t i = 0; i < count; ++i) {
    std::uint64_t rest = i;
    for (std::size_t j = params.size(); j-- > 0;) {
      const std::size_t n = params[j].values.size();
      points[i][j] = params[j].values[rest % n];
      rest /= n;
    }
  }
  return points;
}

// points: one finite value per parameter in every row.
std::vector<Point> checked_points(const std::vector<ParameterSpec>& params, const std::vector<Point>& given) {
  if (given.empty()) refuse("the points design needs at least one point");
  for (std::size_t i = 0; i < given.size(); ++i) {
    const std::string row = "point " + std::to_string(i + 1) + " (counting from 1)";
    if (given[i].size() != params.size())
      refuse(row + " has " + std::to_string(given[i].size()) + " value(s); expected one per parameter (" +
             std::to_string(params.size()) + ")");
    for (std::size_t j = 0; j < params.size(); ++j)
      if (!std::isfinite(given[i][j])) refuse(row + ", " + label(params[j]) + ": the value is not a finite number");
  }
  return given;
}

}  // namespace

std::vector<Point> make_points(const std::vector<ParameterSpec>& params, Design design, std::uint64_t samples,
                               std::uint64_t seed, const std::vector<Point>& given) {
  const std::string name(name_of(design));
  if (design == Design::points) return checked_points(params, given);
  if (!given.empty()) refuse("points are given, but the design is " + name + "; only the points design takes them");
  if (design == Design::grid) return grid_points(params);

  if (params.empty()) refuse("the " + name + " design needs at least one parameter");
  if (samples == 0) refuse("the " + name + " design needs samples > 0");
  if (samples > max_points)
    refuse("samples " + std::to_string(samples) + " is more than " + std::to_string(max_points) +
           ", the most a design may have");
  check_ranges(params);
  const Rng rng(seed);
  const std::size_t d = params.size();
  if (design == Design::sobol) return values_at(params, sobol_units(samples, d, std::vector<std::uint64_t>(d)));
  return values_at(params,
                   design == Design::random ? random_units(samples, d, rng) : latin_hypercube_units(samples, d, rng));
}

void check_ranges(const std::vector<ParameterSpec>& params) {
  for (const ParameterSpec& p : params) check_range(p);
}

std::vector<Point> values_at(const std::vector<ParameterSpec>& params, std::vector<Point> units) {
  for (Point& point : units)
    for (std::size_t j = 0; j < params.size(); ++j) point[j] = value_at(params[j], point[j]);
  return units;
}

// The origin, then Boost's sequence, which starts after it. We keep the origin because SciPy's
// qmc.Sobol (which SALib's sobol sampler uses) starts there too, with the same Joe–Kuo
// direction numbers, so the sobol design's points are its unscrambled points — (0, 0),
// (.5, .5), (.75, .25), (.25, .75), ... in two dimensions — and because with it the first 2^m
// points are a (t, m, s)-net: in each parameter alone, exactly one point per stratum of width
// 2^-m. Dropping it breaks that (Owen 2020, "On dropping the first Sobol' point").
Units sobol_units(std::uint64_t n, std::size_t d, const std::vector<std::uint64_t>& shift) {
  Units u(n, Point(d));
  boost::random::sobol gen(d);
  // A draw is a 64-bit fraction; its top 53 bits are a double in [0, 1), exact for the first
  // 2^53 points (point k has no more fractional bits than k has bits). A digital shift XORs
  // the whole 64-bit fraction, before the rounding.
  for (std::uint64_t i = 0; i < n; ++i)
    for (std::size_t j = 0; j < d; ++j)
      u[i][j] = static_cast<double>(((i == 0 ? 0 : gen()) ^ shift[j]) >> 11) * 0x1.0p-53;
  return u;
}

std::string override_text(double value) {
  char buf[400];  // the fixed notation of the largest double has 309 digits
  const auto res = value == std::floor(value) ? std::to_chars(buf, buf + sizeof buf, value, std::chars_format::fixed)
                                              : std::to_chars(buf, buf + sizeof buf, value);
  return std::string(buf, res.ptr);
}

}  // namespace migsim::sweep
