// Sensitivity analysis (migsim/inference/sensitivity.hpp): the designs' shapes, and the estimators
// against functions whose indices are known in closed form.
#include <doctest/doctest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <functional>
#include <numbers>
#include <set>
#include <stdexcept>

#include "migsim/inference/sensitivity.hpp"

using namespace migsim::sensitivity;
using migsim::sweep::Scale;

namespace {

constexpr double pi = std::numbers::pi;

std::vector<ParameterSpec> ranges(std::size_t k, double min, double max) {
  std::vector<ParameterSpec> params(k);
  for (std::size_t j = 0; j < k; ++j) params[j] = {"p" + std::to_string(j), {}, min, max, Scale::linear, false};
  return params;
}

std::vector<double> evaluate(const Design& d, const std::function<double(const Point&)>& f) {
  std::vector<double> out;
  for (const Point& x : d.points) out.push_back(f(x));
  return out;
}

// The row of (parameter, index).
const IndexRow& find(const std::vector<IndexRow>& rows, std::size_t parameter, Index index) {
  return *std::ranges::find_if(rows, [&](const IndexRow& r) { return r.parameter == parameter && r.index == index; });
}

// Every analytic value inside its interval, and the estimate within `tolerance` of it.
void check_indices(const std::vector<IndexRow>& rows, const std::vector<double>& s1, const std::vector<double>& st,
                   double tolerance) {
  for (std::size_t i = 0; i < s1.size(); ++i)
    for (const auto& [index, truth] : {std::pair{Index::S1, s1[i]}, std::pair{Index::ST, st[i]}}) {
      const IndexRow& r = find(rows, i, index);
      CAPTURE(i);
      CAPTURE(name_of(index));
      CAPTURE(r.value);
      CAPTURE(truth);
      CHECK(r.lo <= truth);
      CHECK(truth <= r.hi);
      CHECK(std::abs(r.value - truth) < tolerance);
    }
}

// Bit-for-bit equality of index rows (NaN included, which == would not grant).
bool same_bits(const std::vector<IndexRow>& a, const std::vector<IndexRow>& b) {
  auto bits = [](const IndexRow& r) {
    return std::array{r.parameter,
                      static_cast<std::size_t>(r.method),
                      static_cast<std::size_t>(r.index),
                      std::bit_cast<std::size_t>(r.value),
                      std::bit_cast<std::size_t>(r.lo),
                      std::bit_cast<std::size_t>(r.hi)};
  };
  return std::ranges::equal(a, b, {}, bits, bits);
}

}  // namespace

TEST_CASE("the Saltelli design: A, B, then A_B^(i) = A with column i from B, scrambled by the seed") {
  const std::size_t n = 16, k = 3;
  const auto params = ranges(k, -1, 3);
  const Design d = sobol_design(params, n, 7);
  REQUIRE(d.units.size() == n * (k + 2));
  CHECK(d.points == migsim::sweep::values_at(params, d.units));
  auto row = [&](std::size_t block, std::size_t m) { return d.units[block * n + m]; };
  for (std::size_t m = 0; m < n; ++m)
    for (std::size_t i = 0; i < k; ++i)
      for (std::size_t j = 0; j < k; ++j) CHECK(row(2 + i, m)[j] == (i == j ? row(1, m)[j] : row(0, m)[j]));

  // A digital shift keeps the Sobol' net: each coordinate of A and of B alone has one point in
  // each of n strata of [0, 1) (n a power of 2). The shift moves the origin off zero.
  for (std::size_t block : {0, 1})
    for (std::size_t j = 0; j < k; ++j) {
      std::set<std::size_t> strata;
      for (std::size_t m = 0; m < n; ++m) strata.insert(static_cast<std::size_t>(row(block, m)[j] * n));
      CHECK(strata.size() == n);
    }
  CHECK(row(0, 0) != Point(k, 0.0));

  CHECK(sobol_design(params, n, 7).units == d.units);
  CHECK(sobol_design(params, n, 8).units != d.units);
  CHECK_THROWS_AS(sobol_design(params, 1, 7), std::invalid_argument);
  CHECK_THROWS_AS(sobol_design({}, n, 7), std::invalid_argument);
}

TEST_CASE("Morris trajectories move one parameter at a time by ±Δ on the grid") {
  const std::size_t k = 4, r = 30;
  for (std::uint32_t levels : {2u, 4u, 6u}) {
    CAPTURE(levels);
    const double delta = levels / (2.0 * (levels - 1));
    const Design d = morris_design(ranges(k, 0, 1), r, levels, 3);
    REQUIRE(d.units.size() == r * (k + 1));
    for (std::size_t t = 0; t < r; ++t) {
      std::set<std::size_t> moved;
      for (std::size_t s = t * (k + 1) + 1; s < (t + 1) * (k + 1); ++s)
        for (std::size_t j = 0; j < k; ++j)
          if (d.units[s][j] != d.units[s - 1][j]) {
            moved.insert(j);
            CHECK(std::abs(std::abs(d.units[s][j] - d.units[s - 1][j]) - delta) < 1e-15);
          }
      CHECK(moved.size() == k);  // k steps, each a different parameter: one at a time
    }
    for (const Point& x : d.units)
      for (double u : x) CHECK(std::abs(u * (levels - 1) - std::round(u * (levels - 1))) < 1e-12);
    CHECK(morris_design(ranges(k, 0, 1), r, levels, 3).units == d.units);
    CHECK(morris_design(ranges(k, 0, 1), r, levels, 4).units != d.units);
  }
  CHECK_THROWS_AS(morris_design(ranges(k, 0, 1), r, 5, 3), std::invalid_argument);
}

// Ishigami: f = sin x1 + a sin^2 x2 + b x3^4 sin x1 on [-π, π]^3. Its variance parts (Sobol' &
// Levitan 1999): V1 = (1 + b π^4 / 5)^2 / 2, V2 = a^2 / 8, V3 = 0, V13 = 8 b^2 π^8 / 225, the
// rest 0; V = V1 + V2 + V13 (a = 7, b = 0.1: S1 = .314, .442, 0; ST = .558, .442, .244).
TEST_CASE("Sobol' indices of the Ishigami function") {
  const double a = 7, b = 0.1;
  const double v1 = std::pow(1 + b * std::pow(pi, 4) / 5, 2) / 2, v2 = a * a / 8,
               v13 = 8 * b * b * std::pow(pi, 8) / 225, v = v1 + v2 + v13;
  const Design d = sobol_design(ranges(3, -pi, pi), 4096, 2022);
  const auto f = evaluate(d, [&](const Point& x) {
    return std::sin(x[0]) + a * std::pow(std::sin(x[1]), 2) + b * std::pow(x[2], 4) * std::sin(x[0]);
  });
  // Tolerance 0.01. The bootstrap assumes independent rows, so its 95 % half-widths at
  // N = 4096 (0.014 to 0.045 here) are those of plain Monte Carlo; scrambled Sobol' points do
  // better: over seeds 1 to 30 the largest error of any index was 0.0032 (0.0011 at this seed)
  // and no interval missed. 0.01 is three times that worst case, and a wrong estimator (S1 with
  // f(A) in place of f(B), ST without the 1/2) is off by 0.1 or more.
  check_indices(sobol_indices(3, f, 1000, 2022), {v1 / v, v2 / v, 0}, {(v1 + v13) / v, v2 / v, v13 / v}, 0.01);
}

// Sobol' g-function: f = prod_i (|4 x_i - 2| + a_i) / (1 + a_i) on [0, 1]^k. V_i = 1 / (3 (1 + a_i)^2),
// V = prod (1 + V_i) - 1, S1_i = V_i / V, ST_i = V_i prod_{j != i} (1 + V_j) / V.
TEST_CASE("Sobol' indices of the g-function") {
  const std::vector<double> a = {0, 1, 4.5, 9, 99, 99};
  const std::size_t k = a.size();
  std::vector<double> vi(k), s1(k), st(k);
  double prod = 1;
  for (std::size_t i = 0; i < k; ++i) prod *= 1 + (vi[i] = 1 / (3 * (1 + a[i]) * (1 + a[i])));
  for (std::size_t i = 0; i < k; ++i) {
    s1[i] = vi[i] / (prod - 1);
    st[i] = vi[i] * prod / (1 + vi[i]) / (prod - 1);
  }
  const Design d = sobol_design(ranges(k, 0, 1), 4096, 11);
  const auto f = evaluate(d, [&](const Point& x) {
    double g = 1;
    for (std::size_t i = 0; i < k; ++i) g *= (std::abs(4 * x[i] - 2) + a[i]) / (1 + a[i]);
    return g;
  });
  // Tolerance 0.01, as for Ishigami: the largest error here is 0.0017, the half-widths up to 0.07.
  check_indices(sobol_indices(k, f, 1000, 11), s1, st, 0.01);
}

TEST_CASE("Morris on a linear function: mu_star ranks by |slope| x range, sigma is 0") {
  // Distinct |c_i| and one zero; parameter 4 spans 3 units, so its EE is 3 c_4 (EE is per unit
  // coordinate: the change across the whole range).
  const std::vector<double> c = {3, -5, 0, 1, 0.5};
  std::vector<ParameterSpec> params = ranges(c.size(), 0, 1);
  params[4].min = 2, params[4].max = 5;
  const std::vector<double> expected = {3, 5, 0, 1, 1.5};
  const Design d = morris_design(params, 20, 4, 5);
  const auto f = evaluate(d, [&](const Point& x) {
    double sum = 0;
    for (std::size_t i = 0; i < c.size(); ++i) sum += c[i] * x[i];
    return sum;
  });
  const auto rows = morris_indices(d, f, 200, 5);
  std::vector<std::size_t> by_mu_star(c.size()), by_c(c.size());
  for (std::size_t i = 0; i < c.size(); ++i) by_mu_star[i] = by_c[i] = i;
  std::ranges::sort(by_mu_star, {}, [&](std::size_t i) { return find(rows, i, Index::mu_star).value; });
  std::ranges::sort(by_c, {}, [&](std::size_t i) { return expected[i]; });
  CHECK(by_mu_star == by_c);
  // 1e-12: the EE are exact up to the rounding of f's sum and of the grid's levels (~1e-15).
  for (std::size_t i = 0; i < c.size(); ++i) {
    CAPTURE(i);
    CHECK(find(rows, i, Index::mu_star).value == doctest::Approx(expected[i]).epsilon(1e-12));
    CHECK(find(rows, i, Index::mu).value == doctest::Approx(c[i] * (i == 4 ? 3 : 1)).epsilon(1e-12));
    CHECK(find(rows, i, Index::sigma).value < 1e-12);
  }
  // A parameter f ignores changes f not at all: exactly 0.
  CHECK(find(rows, 2, Index::mu_star).value == 0);
  CHECK(find(rows, 2, Index::mu_star).hi == 0);
}

TEST_CASE("sensitivity indices are a function of their inputs, bit for bit") {
  const Design s = sobol_design(ranges(2, 0, 1), 64, 1);
  const auto fs = evaluate(s, [](const Point& x) { return x[0] * x[1] + x[0]; });
  CHECK(same_bits(sobol_indices(2, fs, 100, 9), sobol_indices(2, fs, 100, 9)));
  CHECK(!same_bits(sobol_indices(2, fs, 100, 9), sobol_indices(2, fs, 100, 10)));  // the seed moves the intervals

  const Design m = morris_design(ranges(3, 0, 1), 1, 4, 1);  // one trajectory: sigma and intervals NaN
  const auto fm = evaluate(m, [](const Point& x) { return x[0] * x[1] + x[2]; });
  const auto rows = morris_indices(m, fm, 100, 9);
  CHECK(same_bits(rows, morris_indices(m, fm, 100, 9)));
  CHECK(std::isnan(find(rows, 0, Index::sigma).value));

  CHECK_THROWS_AS(sobol_indices(2, {1, 2, 3}, 10, 1), std::invalid_argument);
  auto bad = fs;
  bad[3] = std::nan("");
  CHECK_THROWS_AS(sobol_indices(2, bad, 10, 1), std::invalid_argument);
}
