#include "migsim/inference/sensitivity.hpp"

#include <algorithm>
#include <cmath>
#include <functional>
#include <limits>
#include <numeric>
#include <span>
#include <stdexcept>
#include <string>

#include "migsim/core/rng.hpp"
#include "migsim/inference/quantile.hpp"
#include "sobol_sequence.hpp"

namespace migsim::sensitivity {
namespace {

[[noreturn]] void refuse(const std::string& why) {
  throw std::invalid_argument(why);
}

constexpr double no_value = std::numeric_limits<double>::quiet_NaN();

// A design's or resample's number as a 32-bit counter of Rng::words; the designs keep their
// points within sweep::max_points, so trajectories and rows fit.
std::uint32_t counter(std::uint64_t i) {
  return static_cast<std::uint32_t>(i);
}

// What every design asks of its parameters and size: `rows_per_sample` points per base row or
// trajectory, `samples` of them.
void check_design(const std::vector<ParameterSpec>& params, std::uint64_t samples, std::uint64_t rows_per_sample,
                  const std::string& what) {
  if (params.empty()) refuse("sensitivity analysis needs at least one parameter");
  if (samples == 0 || samples > sweep::max_points / rows_per_sample)
    refuse(what + " must be from 1 to " + std::to_string(sweep::max_points / rows_per_sample) + " (each brings " +
           std::to_string(rows_per_sample) + " points, and a design has at most " + std::to_string(sweep::max_points) +
           "); got " + std::to_string(samples));
  sweep::check_ranges(params);
}

void check_outputs(const std::vector<double>& outputs, std::size_t expected) {
  if (outputs.size() != expected)
    refuse(std::to_string(outputs.size()) + " outputs do not fit the design's " + std::to_string(expected) + " points");
  if (!std::ranges::all_of(outputs, [](double f) { return std::isfinite(f); }))
    refuse("an output is not a finite number; sensitivity indices need every point's");
}

// A statistic of a sample: a list of values (parameter by parameter, index by index) from the
// sample's rows, given as row numbers (repeats allowed).
using Rows = std::vector<std::uint32_t>;
using Statistic = std::function<std::vector<double>(const Rows&)>;

// The statistic on all n rows, each value with its percentile bootstrap 95 % interval: the
// 2.5 and 97.5 percentiles of the statistic over `resamples` resamples of n rows drawn with
// replacement. Resample b's row i is uniform(b, i) of Purpose::bootstrap, so the intervals are
// a function of the seed alone. An interval is NaN where any resample's value is (a resample
// can lose all variance), as it is with no resamples.
std::vector<std::array<double, 3>> bootstrap(std::size_t n, std::uint32_t resamples, std::uint64_t seed,
                                             const Statistic& statistic) {
  Rows rows(n);
  std::iota(rows.begin(), rows.end(), 0u);
  const std::vector<double> value = statistic(rows);
  std::vector<std::vector<double>> draws(value.size(), std::vector<double>(resamples));
  const Rng rng(seed);
  for (std::uint32_t b = 0; b < resamples; ++b) {
    for (std::size_t i = 0; i < n; ++i)
      rows[i] = counter(std::min(
          static_cast<std::size_t>(rng.uniform(b, counter(i), Purpose::bootstrap) * static_cast<double>(n)), n - 1));
    const std::vector<double> s = statistic(rows);
    for (std::size_t j = 0; j < s.size(); ++j) draws[j][b] = s[j];
  }
  std::vector<std::array<double, 3>> out;
  for (std::size_t j = 0; j < value.size(); ++j) {
    std::vector<double>& d = draws[j];
    const bool interval = resamples > 0 && std::ranges::none_of(d, [](double x) { return std::isnan(x); });
    if (interval) std::ranges::sort(d);
    // migsim's one quantile rule (type 7, NumPy's default), so SALib's intervals compare.
    out.push_back({value[j], interval ? quantile_of_sorted(d, 0.025) : no_value,
                   interval ? quantile_of_sorted(d, 0.975) : no_value});
  }
  return out;
}

// The estimates as rows: `estimates` holds, parameter by parameter, one per index of `indices`.
std::vector<IndexRow> to_rows(Method method, std::span<const Index> indices,
                              const std::vector<std::array<double, 3>>& estimates) {
  std::vector<IndexRow> rows;
  for (std::size_t e = 0; e < estimates.size(); ++e)
    rows.push_back(
        {e / indices.size(), method, indices[e % indices.size()], estimates[e][0], estimates[e][1], estimates[e][2]});
  return rows;
}

}  // namespace

Design sobol_design(const std::vector<ParameterSpec>& params, std::uint64_t n, std::uint64_t seed) {
  const std::size_t k = params.size();
  if (k > 1833) refuse("the Sobol' design takes at most 1833 parameters (3667 dimensions of Boost's sequence)");
  if (n < 2) refuse("the Sobol' design needs at least 2 base rows (a variance needs two values)");
  check_design(params, n, k + 2, "base rows");

  const Rng rng(seed);
  std::vector<std::uint64_t> shift(2 * k);
  for (std::size_t j = 0; j < shift.size(); ++j) {
    const auto w = rng.words(counter(j), 0, Purpose::sobol_scramble);
    shift[j] = (std::uint64_t{w[0]} << 32) | w[1];
  }
  const sweep::Units base = sweep::sobol_units(n, 2 * k, shift);

  // Block 0 is A, block 1 is B, block 2 + i is A_B^(i): A's coordinates but i's from B.
  std::vector<Point> units(n * (k + 2), Point(k));
  for (std::size_t m = 0; m < n; ++m)
    for (std::size_t j = 0; j < k; ++j) {
      const double a = base[m][j], b = base[m][k + j];
      units[m][j] = a;
      units[n + m][j] = b;
      for (std::size_t i = 0; i < k; ++i) units[(2 + i) * n + m][j] = i == j ? b : a;
    }
  std::vector<Point> points = sweep::values_at(params, units);
  return {std::move(units), std::move(points)};
}

std::vector<IndexRow> sobol_indices(std::size_t k, const std::vector<double>& outputs, std::uint32_t resamples,
                                    std::uint64_t seed) {
  if (k == 0) refuse("sensitivity analysis needs at least one parameter");
  const std::size_t n = outputs.size() / (k + 2);
  check_outputs(outputs, n * (k + 2));
  const double* f_a = outputs.data();
  const double* f_b = f_a + n;
  auto f_ab = [&](std::size_t i) { return f_a + (2 + i) * n; };

  const Statistic statistic = [&](const Rows& rows) {
    const auto size = static_cast<double>(rows.size());
    double sum = 0;
    for (std::uint32_t m : rows) sum += f_a[m] + f_b[m];
    const double mean = sum / (2 * size);
    double var = 0;  // of the pooled f(A), f(B), divisor 2 n (as SALib's np.var)
    for (std::uint32_t m : rows) var += (f_a[m] - mean) * (f_a[m] - mean) + (f_b[m] - mean) * (f_b[m] - mean);
    var /= 2 * size;
    std::vector<double> s;
    for (std::size_t i = 0; i < k; ++i) {
      double first = 0, total = 0;
      for (std::uint32_t m : rows) {
        first += f_b[m] * (f_ab(i)[m] - f_a[m]);
        total += (f_a[m] - f_ab(i)[m]) * (f_a[m] - f_ab(i)[m]);
      }
      s.push_back(first / size / var);
      s.push_back(total / (2 * size * var));
    }
    return s;
  };
  static constexpr Index indices[] = {Index::S1, Index::ST};
  return to_rows(Method::sobol, indices, bootstrap(n, resamples, seed, statistic));
}

Design morris_design(const std::vector<ParameterSpec>& params, std::uint64_t r, std::uint32_t levels,
                     std::uint64_t seed) {
  if (levels < 2 || levels % 2 != 0)
    refuse("Morris needs an even number of levels, at least 2; got " + std::to_string(levels));
  const std::size_t k = params.size();
  check_design(params, r, k + 1, "trajectories");

  // Level l sits at l / (levels - 1); Δ is half the levels, so l moves to l ± levels / 2,
  // whichever stays on the grid.
  const std::uint32_t half = levels / 2;
  auto unit = [&](std::uint32_t l) { return static_cast<double>(l) / static_cast<double>(levels - 1); };
  const Rng rng(seed);
  std::vector<Point> units;
  for (std::uint64_t t = 0; t < r; ++t) {
    // Per parameter: the start level (word 0) and a 64-bit key whose order is the order the
    // parameters move in (ties by parameter, so the order is a function of the draws alone).
    std::vector<std::uint32_t> level(k);
    std::vector<std::pair<std::uint64_t, std::size_t>> order(k);
    for (std::size_t j = 0; j < k; ++j) {
      const auto w = rng.words(counter(t), counter(j), Purpose::morris_trajectory);
      level[j] = static_cast<std::uint32_t>((std::uint64_t{w[0]} * levels) >> 32);
      order[j] = {(std::uint64_t{w[1]} << 32) | w[2], j};
    }
    std::ranges::sort(order);
    Point x(k);
    for (std::size_t j = 0; j < k; ++j) x[j] = unit(level[j]);
    units.push_back(x);
    for (const auto& [key, j] : order) {
      x[j] = unit(level[j] < half ? level[j] + half : level[j] - half);
      units.push_back(x);
    }
  }
  std::vector<Point> points = sweep::values_at(params, units);
  return {std::move(units), std::move(points)};
}

std::vector<IndexRow> morris_indices(const Design& design, const std::vector<double>& outputs, std::uint32_t resamples,
                                     std::uint64_t seed) {
  const std::vector<Point>& u = design.units;
  const std::size_t k = u.empty() ? 0 : u[0].size();
  if (k == 0 || u.size() % (k + 1) != 0) refuse("the design is not a Morris design: k + 1 points per trajectory");
  check_outputs(outputs, u.size());
  const std::size_t r = u.size() / (k + 1);

  // ee[t][j]: trajectory t's elementary effect of parameter j, from the step that moved j.
  std::vector<std::vector<double>> ee(r, std::vector<double>(k));
  for (std::size_t t = 0; t < r; ++t)
    for (std::size_t s = t * (k + 1) + 1; s < (t + 1) * (k + 1); ++s) {
      const auto moved = std::ranges::mismatch(u[s], u[s - 1]).in1 - u[s].begin();
      const auto j = static_cast<std::size_t>(moved);
      if (j == k) refuse("the design is not a Morris design: point " + std::to_string(s) + " moves no parameter");
      ee[t][j] = (outputs[s] - outputs[s - 1]) / (u[s][j] - u[s - 1][j]);
    }

  const Statistic statistic = [&](const Rows& rows) {
    const auto size = static_cast<double>(rows.size());
    std::vector<double> s;
    for (std::size_t j = 0; j < k; ++j) {
      double sum = 0, abs_sum = 0;
      for (std::uint32_t t : rows) sum += ee[t][j], abs_sum += std::abs(ee[t][j]);
      const double mu = sum / size;
      double sq = 0;
      for (std::uint32_t t : rows) sq += (ee[t][j] - mu) * (ee[t][j] - mu);
      s.insert(s.end(), {mu, abs_sum / size, rows.size() > 1 ? std::sqrt(sq / (size - 1)) : no_value});
    }
    return s;
  };
  static constexpr Index indices[] = {Index::mu, Index::mu_star, Index::sigma};
  return to_rows(Method::morris, indices, bootstrap(r, resamples, seed, statistic));
}

}  // namespace migsim::sensitivity
