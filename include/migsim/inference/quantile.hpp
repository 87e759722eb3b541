#pragma once
// The one quantile rule of migsim's summaries over runs (fit.csv's posterior predictive, the
// sensitivity indices' bootstrap intervals, the report's ensemble bands): linear
// interpolation between the order statistics at position q (n - 1) — Hyndman and Fan's type
// 7, the default of R and NumPy — so every band the tools print is computed the same way and
// compares with what pandas or R compute from the same tables.
#include "migsim/inference/layer.hpp"

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

namespace migsim {

// The q-quantile (0 <= q <= 1) of `sorted` (ascending, not empty).
inline double quantile_of_sorted(std::span<const double> sorted, double q) {
  const double pos = q * static_cast<double>(sorted.size() - 1);
  const auto below = static_cast<std::size_t>(pos);
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  return sorted[below] + (pos - static_cast<double>(below)) * (sorted[above] - sorted[below]);
}

// The q-quantile of `values` (not empty), in any order.
inline double quantile(std::vector<double> values, double q) {
  std::sort(values.begin(), values.end());
  return quantile_of_sorted(values, q);
}

}  // namespace migsim
