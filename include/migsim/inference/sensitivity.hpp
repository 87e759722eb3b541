#pragma once
// Sensitivity analysis of a model output to k range parameters (the math of `migsim
// sensitivity`): designs that say which points to run, and estimators that turn one metric's
// outputs at those points into indices with bootstrap 95 % intervals. Core, no IO: running the
// points is the sweep runner's, writing indices.csv the io layer's. Everything is a pure
// function of its arguments and the seed (Philox draws, migsim::Rng), so ranks and resumed
// runs agree bit for bit. Public (as design.hpp) because io and the CLI call it.
//
// Parameters are sweep::ParameterSpec; a design works in unit coordinates and maps them to
// values with sweep::values_at, as the sweep's sampled designs do.
#include "migsim/inference/layer.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "migsim/inference/design.hpp"

namespace migsim::sensitivity {

using sweep::ParameterSpec;
using sweep::Point;

enum class Method : std::uint8_t { sobol, morris };
inline constexpr auto method_names = std::to_array<std::string_view>({"sobol", "morris"});
static_assert(static_cast<std::size_t>(Method::morris) + 1 == method_names.size(),
              "method_names must name every Method, in order");
constexpr std::string_view name_of(Method m) {
  return method_names[static_cast<std::size_t>(m)];
}

enum class Index : std::uint8_t {
  S1,       // Sobol' first order: the share of the variance due to the parameter alone
  ST,       // Sobol' total order: the share due to it with all its interactions
  mu,       // Morris: mean elementary effect
  mu_star,  // Morris: mean absolute elementary effect (the ranking measure)
  sigma,    // Morris: standard deviation of the elementary effects (non-linearity, interactions)
};
inline constexpr auto index_names = std::to_array<std::string_view>({"S1", "ST", "mu", "mu_star", "sigma"});
static_assert(static_cast<std::size_t>(Index::sigma) + 1 == index_names.size(),
              "index_names must name every Index, in order");
constexpr std::string_view name_of(Index i) {
  return index_names[static_cast<std::size_t>(i)];
}

// One index of one parameter: a row of indices.csv (metric,parameter,method,index,value,lo,hi)
// but for the metric, which the caller knows. [lo, hi] is the percentile bootstrap 95 %
// interval; NaN when no resamples were asked for (or the index has none, as sigma of one
// trajectory).
struct IndexRow {
  std::size_t parameter;  // position in the parameter list
  Method method;
  Index index;
  double value, lo, hi;
};

// The points to run, as a `points` design: `points` holds the values (one per parameter, in
// parameter order), `units` the same points in unit coordinates, from which they were mapped.
struct Design {
  std::vector<Point> units;
  std::vector<Point> points;
};

// Saltelli's design for Sobol' indices: n base rows of a scrambled Sobol' sequence in 2k
// dimensions (matrix A: the first k coordinates, B: the last k), then for each parameter i
// the matrix A_B^(i): A with column i from B. The n (k + 2) points come in this order:
// A's rows, B's rows, then A_B^(1)'s rows, ..., A_B^(k)'s rows (row m of every block is base
// row m). The scramble is a random digital shift: each dimension's 64-bit fraction is XORed
// with a word drawn from the seed (Purpose::sobol_scramble), so the points stay a digital net
// and are unbiased (each uniform on [0, 1)); n a power of 2 keeps the net whole.
// Throws std::invalid_argument for no parameters, n < 2, more than sweep::max_points points,
// more than 1833 parameters (Boost's Sobol' sequence stops at 3667 dimensions), or a range
// that cannot be sampled (sweep::check_ranges).
Design sobol_design(const std::vector<ParameterSpec>& params, std::uint64_t n, std::uint64_t seed);

// Sobol' indices of k parameters from one metric's outputs at sobol_design's points, in its
// order (n (k + 2) finite values). With V the variance of the 2n pooled outputs at A and B:
//   S1_i = mean(f(B) (f(A_B^i) - f(A))) / V      (Saltelli et al. 2010)
//   ST_i = mean((f(A) - f(A_B^i))^2) / (2 V)     (Jansen 1999)
// Intervals: `resamples` bootstrap resamples of the n base rows (each resample draws n rows
// with replacement, Purpose::bootstrap, keyed by resample and row), percentiles 2.5 and 97.5.
// Rows: per parameter, S1 then ST. A constant output (V = 0) gives indices that are not finite.
// Throws std::invalid_argument if the outputs do not fit k or one is not finite.
std::vector<IndexRow> sobol_indices(std::size_t k, const std::vector<double>& outputs, std::uint32_t resamples,
                                    std::uint64_t seed);

// Morris's elementary-effects design: r trajectories of k + 1 points on the grid of `levels`
// levels {0, 1/(levels-1), ..., 1} per unit coordinate (levels even). Each trajectory starts at
// a random grid point and moves each parameter once, in a random order, by the step
// Δ = levels / (2 (levels - 1)): up from the lower half of the levels, down from the upper half
// (so every level is a start with equal chance, as in Morris 1991). Draws: Purpose::
// morris_trajectory keyed by (trajectory, parameter). Points: trajectory by trajectory.
// Throws std::invalid_argument for no parameters, r = 0, levels odd or < 2, more than
// sweep::max_points points, or a range that cannot be sampled.
Design morris_design(const std::vector<ParameterSpec>& params, std::uint64_t r, std::uint32_t levels,
                     std::uint64_t seed);

// Morris indices from one metric's outputs at morris_design's points, in its order. An
// elementary effect is EE = (f(x + s e_j) - f(x)) / s with s = ±Δ the step in *unit*
// coordinates, so EE is the change across the whole range per unit of range (for f linear in a
// linear-scale parameter, its slope times max - min). Per parameter over the r trajectories:
// mu = mean EE, mu_star = mean |EE|, sigma = standard deviation of EE (divisor r - 1; NaN for
// r = 1). Intervals: bootstrap resamples of the trajectories, as sobol_indices does with rows.
// Rows: per parameter, mu, mu_star, sigma. Throws std::invalid_argument if the outputs do not
// fit the design or one is not finite.
std::vector<IndexRow> morris_indices(const Design& design, const std::vector<double>& outputs, std::uint32_t resamples,
                                     std::uint64_t seed);

}  // namespace migsim::sensitivity
