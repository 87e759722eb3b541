// The sampling designs of migsim sweep (migsim/inference/design.hpp): each promise a design makes,
// checked on its points.
#include <doctest/doctest.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <stdexcept>

#include "migsim/core/rng.hpp"
#include "migsim/inference/design.hpp"

using namespace migsim::sweep;

namespace {

ParameterSpec range(std::string path, double min, double max, Scale scale = Scale::linear, bool integer = false) {
  ParameterSpec p;
  p.path = std::move(path);
  p.min = min;
  p.max = max;
  p.scale = scale;
  p.integer = integer;
  return p;
}

ParameterSpec list(std::string path, std::vector<double> values) {
  ParameterSpec p;
  p.path = std::move(path);
  p.values = std::move(values);
  return p;
}

// d parameters over [0, 1]: their values are the designs' unit coordinates.
std::vector<ParameterSpec> unit_square(std::size_t d) {
  std::vector<ParameterSpec> params;
  for (std::size_t j = 0; j < d; ++j) params.push_back(range("p" + std::to_string(j), 0, 1));
  return params;
}

std::vector<double> column(const std::vector<Point>& points, std::size_t j) {
  std::vector<double> c;
  for (const Point& p : points) c.push_back(p[j]);
  return c;
}

// How many of the values fall in each of n equal strata of [0, 1).
std::vector<int> strata_counts(const std::vector<double>& values, std::size_t n) {
  std::vector<int> counts(n, 0);
  for (double v : values) ++counts.at(static_cast<std::size_t>(v * static_cast<double>(n)));
  return counts;
}

constexpr Design sampled_designs[] = {Design::random, Design::latin_hypercube, Design::sobol};

}  // namespace

TEST_CASE("grid is the product of the lists, the last parameter varying fastest") {
  const std::vector<ParameterSpec> params = {list("a", {1, 2}), list("b", {10, 20, 30}), list("c", {5})};
  const std::vector<Point> expected = {{1, 10, 5}, {1, 20, 5}, {1, 30, 5}, {2, 10, 5}, {2, 20, 5}, {2, 30, 5}};
  CHECK(make_points(params, Design::grid, 0, 1) == expected);

  // A larger one: every combination exactly once.
  const std::vector<ParameterSpec> big = {list("a", {0, 1, 2}), list("b", {0, 1, 2, 3}), list("c", {0, 1, 2, 3, 4})};
  const auto points = make_points(big, Design::grid, 0, 1);
  CHECK(points.size() == 60);
  CHECK(std::set<Point>(points.begin(), points.end()).size() == 60);

  // No parameters: the product of nothing, one point (replicates of the base scenario).
  CHECK(make_points({}, Design::grid, 0, 1) == std::vector<Point>{Point{}});
}

TEST_CASE("a Latin hypercube has exactly one point per stratum in every parameter") {
  for (std::size_t n : {1, 2, 7, 64, 1000})
    for (std::size_t d : {1, 3, 5}) {
      CAPTURE(n);
      CAPTURE(d);
      const auto points = make_points(unit_square(d), Design::latin_hypercube, n, 42);
      REQUIRE(points.size() == n);
      for (std::size_t j = 0; j < d; ++j) CHECK(strata_counts(column(points, j), n) == std::vector<int>(n, 1));
    }

  // The strata are permuted independently per parameter: the coordinates of two parameters
  // are uncorrelated. Under independence r has standard deviation 1/sqrt(n - 1) = 0.032 for
  // n = 1000; 0.15 is 4.7 of them (a correct design fails about once in 400,000 seeds), while
  // one permutation shared by all parameters gives r = 1.
  const auto points = make_points(unit_square(3), Design::latin_hypercube, 1000, 42);
  for (std::size_t j = 1; j < 3; ++j) {
    double sxy = 0, sxx = 0, syy = 0;
    for (const Point& p : points) {
      sxy += (p[0] - 0.5) * (p[j] - 0.5);
      sxx += (p[0] - 0.5) * (p[0] - 0.5);
      syy += (p[j] - 0.5) * (p[j] - 0.5);
    }
    CHECK(std::abs(sxy / std::sqrt(sxx * syy)) < 0.15);
  }

  // A list of n values in an n-point hypercube: each value once (element floor(u n)).
  const auto picks = column(make_points({list("a", {10, 20, 30, 40, 50})}, Design::latin_hypercube, 5, 42), 0);
  CHECK(std::multiset<double>(picks.begin(), picks.end()) == std::multiset<double>{10, 20, 30, 40, 50});
}

TEST_CASE("sampled values lie in their ranges, integers are whole and take every whole number") {
  const std::vector<ParameterSpec> params = {range("linear", -3, 7), range("log", 0.01, 100, Scale::log),
                                             range("int", 2, 6, Scale::linear, true),
                                             range("int_log", 1, 8, Scale::log, true), list("list", {0.5, 7, -1})};
  for (Design design : sampled_designs) {
    CAPTURE(name_of(design));
    const auto points = make_points(params, design, 1000, 7);
    REQUIRE(points.size() == 1000);
    for (std::size_t j = 0; j < params.size(); ++j) {
      const ParameterSpec& p = params[j];
      CAPTURE(p.path);
      std::set<double> seen;
      for (const Point& point : points) {
        const double v = point[j];
        seen.insert(v);
        if (p.is_list()) {
          CHECK(std::count(p.values.begin(), p.values.end(), v) == 1);
        } else {
          CHECK(v >= p.min);
          CHECK(v <= p.max);
          if (p.integer) CHECK(v == std::floor(v));
        }
      }
      // Every whole number, the max included; every list value. (The rarest, 8 in [1, 8] on a
      // log scale, has a share of log(9/8)/log(9) = 5.4%: missed by 1000 points with
      // probability 1e-24.)
      if (p.integer) CHECK(seen.size() == static_cast<std::size_t>(p.max - p.min + 1));
      if (p.is_list()) CHECK(seen.size() == p.values.size());
    }
  }
}

TEST_CASE("an integer range gives each whole number in [min, max] an equal share") {
  // 10,000 uniform points over 5 whole numbers: each count is binomial(10000, 0.2), mean
  // 2000, standard deviation 40; 5 standard deviations (200) fail a correct design about once
  // in 600,000 seeds per count. floor(min + u (max - min)) would never give max (count 0).
  const auto points = make_points({range("k", 2, 6, Scale::linear, true)}, Design::random, 10000, 11);
  std::map<double, int> counts;
  for (const Point& p : points) ++counts[p[0]];
  REQUIRE(counts.size() == 5);
  for (const auto& [k, count] : counts) {
    CAPTURE(k);
    CHECK(std::abs(count - 2000) <= 200);
  }
}

TEST_CASE("a log scale is uniform in the logarithm") {
  // 20,000 uniform points over [1, 1000] on a log scale: each of 10 equal bins of log10 holds
  // binomial(20000, 0.1), mean 2000, standard deviation 42.4; 5 standard deviations (212)
  // fail a correct design about once in 300,000 seeds per bin. A linear scale would put 0.1%
  // of the points, not 10%, in the first bin.
  const auto points = make_points({range("x", 1, 1000, Scale::log)}, Design::random, 20000, 5);
  std::vector<int> bins(10, 0);
  for (const Point& p : points) ++bins.at(std::min(static_cast<std::size_t>(std::log10(p[0]) / 0.3), std::size_t{9}));
  for (std::size_t b = 0; b < bins.size(); ++b) {
    CAPTURE(b);
    CHECK(std::abs(bins[b] - 2000) <= 212);
  }
}

TEST_CASE("sobol starts with the unscrambled Sobol' points SciPy gives, the origin first") {
  // scipy.stats.qmc.Sobol(d=2, scramble=False).random_base2(m=3), as its documentation shows.
  const std::vector<Point> scipy = {{0, 0},         {0.5, 0.5},     {0.75, 0.25},   {0.25, 0.75},
                                    {0.375, 0.375}, {0.875, 0.875}, {0.625, 0.125}, {0.125, 0.625}};
  CHECK(make_points(unit_square(2), Design::sobol, 8, 1) == scipy);

  // The mapping rules on those coordinates: list element floor(u n), integer
  // floor(min + u (max + 1 - min)).
  const std::vector<ParameterSpec> params = {list("list", {10, 20, 30, 40}), range("int", 0, 3, Scale::linear, true)};
  const std::vector<Point> expected = {{10, 0}, {30, 2}, {40, 1}, {20, 3}};
  CHECK(make_points(params, Design::sobol, 4, 1) == expected);

  // The origin is every range's min exactly, though exp(log 5) and exp(log 7) fall short of 5
  // and 7 by a rounding error (glibc).
  const std::vector<ParameterSpec> logs = {range("x", 5, 50, Scale::log), range("k", 7, 70, Scale::log, true)};
  CHECK(make_points(logs, Design::sobol, 1, 1).front() == Point{5, 7});
}

TEST_CASE("sobol covers the unit square more evenly than random points") {
  // 256 points in 16 x 16 cells. The first 2^m Sobol' points, origin included, are a
  // (0, m, 2)-net in the first two dimensions: exactly one point per cell. Random points
  // leave 256 (255/256)^256 = 94 cells empty on average (standard deviation about 6); 50 is
  // 7 standard deviations below.
  auto cells = [](const std::vector<Point>& points) {
    std::vector<int> counts(256, 0);
    for (const Point& p : points)
      ++counts.at(static_cast<std::size_t>(p[0] * 16) * 16 + static_cast<std::size_t>(p[1] * 16));
    return counts;
  };
  CHECK(cells(make_points(unit_square(2), Design::sobol, 256, 1)) == std::vector<int>(256, 1));
  const auto random = cells(make_points(unit_square(2), Design::random, 256, 1));
  CHECK(std::count(random.begin(), random.end(), 0) > 50);

  // In each parameter alone the first 2^m points take every stratum of width 2^-m once.
  const auto points = make_points(unit_square(5), Design::sobol, 1024, 1);
  for (std::size_t j = 0; j < 5; ++j) {
    CAPTURE(j);
    CHECK(strata_counts(column(points, j), 1024) == std::vector<int>(1024, 1));
  }
}

TEST_CASE("a design is a pure function of (parameters, design, samples, seed)") {
  const auto params = unit_square(3);
  for (Design design : sampled_designs) {
    CAPTURE(name_of(design));
    const auto points = make_points(params, design, 50, 9);
    CHECK(make_points(params, design, 50, 9) == points);
    // sobol is not scrambled: the seed plays no part in it.
    if (design == Design::sobol)
      CHECK(make_points(params, design, 50, 10) == points);
    else
      CHECK(make_points(params, design, 50, 10) != points);
    // A parameter's values do not depend on the parameters after it.
    const auto fewer = make_points(unit_square(2), design, 50, 9);
    for (std::size_t i = 0; i < 50; ++i) CHECK(fewer[i] == Point{points[i][0], points[i][1]});
  }
  // random and sobol: more samples extend the design (a hypercube's strata change with n).
  for (Design design : {Design::random, Design::sobol}) {
    const auto more = make_points(params, design, 80, 9);
    CHECK(std::vector<Point>(more.begin(), more.begin() + 50) == make_points(params, design, 50, 9));
  }
}

TEST_CASE("the points design passes its points through") {
  const std::vector<Point> given = {{1, 2.5}, {-3, 1e-9}};
  CHECK(make_points({list("a", {0}), range("b", 0, 1)}, Design::points, 0, 1, given) == given);
}

TEST_CASE("requests a design cannot meet are refused, saying why") {
  const auto refused = [](const std::vector<ParameterSpec>& params, Design design, std::uint64_t samples,
                          const std::vector<Point>& given = {}) {
    try {
      make_points(params, design, samples, 1, given);
    } catch (const std::invalid_argument& e) {
      return std::string(e.what());
    }
    return std::string("(not refused)");
  };
  const ParameterSpec x = range("x", 0, 1);
  CHECK(refused({list("a", {1}), x}, Design::grid, 0) ==
        "parameter 'x' is a range; the grid design takes lists of values only");
  CHECK(refused(std::vector<ParameterSpec>(33, list("a", {1, 2})), Design::grid, 0) ==
        "the grid has more than 4294967296 points, the most a design may have");
  CHECK(refused({x}, Design::random, 0) == "the random design needs samples > 0");
  CHECK(refused({x}, Design::latin_hypercube, migsim::sweep::max_points + 1) ==
        "samples 4294967297 is more than 4294967296, the most a design may have");
  CHECK(refused({}, Design::sobol, 4) == "the sobol design needs at least one parameter");
  CHECK(refused({range("x", 5, 3)}, Design::random, 4) == "parameter 'x': min 5 is above max 3");
  CHECK(refused({range("x", 0, 1, Scale::log)}, Design::random, 4) ==
        "parameter 'x': a log scale needs min > 0, but min is 0");
  CHECK(refused({range("x", 0.5, 3, Scale::linear, true)}, Design::sobol, 4) ==
        "parameter 'x': an integer range needs whole min and max, but they are 0.5 and 3");
  CHECK(refused({range("x", 0, INFINITY)}, Design::random, 4) == "parameter 'x': min and max must be finite numbers");
  CHECK(refused({range("x", NAN, 1)}, Design::random, 4) == "parameter 'x': min and max must be finite numbers");
  CHECK(refused({x, x}, Design::points, 0, {{1, 2}, {3}}) ==
        "point 2 (counting from 1) has 1 value(s); expected one per parameter (2)");
  CHECK(refused({x}, Design::points, 0, {{NAN}}) ==
        "point 1 (counting from 1), parameter 'x': the value is not a finite number");
  CHECK(refused({x}, Design::points, 0) == "the points design needs at least one point");
  CHECK(refused({x}, Design::sobol, 4, {{0.5}}) ==
        "points are given, but the design is sobol; only the points design takes them");
  // Boost's Sobol' tables stop at 3667 dimensions; its own message says so.
  CHECK(refused(unit_square(3668), Design::sobol, 4).find("3667") != std::string::npos);
}

TEST_CASE("override_text writes whole numbers without a point and others so they read back the same") {
  CHECK(override_text(12) == "12");
  CHECK(override_text(-2) == "-2");
  CHECK(override_text(0) == "0");
  CHECK(override_text(1e20) == "100000000000000000000");
  CHECK(override_text(0.1) == "0.1");
  CHECK(override_text(2.5e-7) == "2.5e-07");
  // Doubles with all 53 bits in use, over many magnitudes, read back exactly.
  const migsim::Rng rng(3);
  for (std::uint32_t i = 0; i < 10000; ++i) {
    const double v = std::ldexp(rng.uniform(i, 0, migsim::Purpose::sweep_design), static_cast<int>(i % 80) - 40);
    const std::string text = override_text(v);
    double back = 0;
    const auto res = std::from_chars(text.data(), text.data() + text.size(), back);
    REQUIRE(res.ec == std::errc{});
    REQUIRE(res.ptr == text.data() + text.size());
    CHECK(back == v);
  }
}
