// ABC-SMC (migsim/inference/abc_smc.hpp) against a simulator stand-in whose posterior is known: the
// conjugate normal model. Also: coverage of its 90% intervals, determinism whatever the report
// order and batch sizes, bit-identical resume, and the weights of the first generations.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <numbers>
#include <random>

#include "migsim/core/rng.hpp"
#include "migsim/inference/abc_smc.hpp"

using namespace migsim::abc;
using migsim::derive_seed;
using migsim::Purpose;
using migsim::Rng;

namespace {

// A standard normal from a seed (Box-Muller on two Philox uniforms).
double standard_normal(std::uint64_t seed) {
  const Rng r(seed);
  const double u1 = r.uniform(0, 0, Purpose::abc_smc), u2 = r.uniform(1, 0, Purpose::abc_smc);
  return std::sqrt(-2 * std::log(1 - u1)) * std::cos(2 * std::numbers::pi * u2);
}

// The stand-in simulator: a summary y = θ + noise, noise ~ normal(0, sigma), one per parameter
// (so parameters are independent and each has the conjugate posterior); the distance is the
// largest |y_k - observed_k|.
constexpr double sigma = 0.5;
double distance(const Candidate& c, const std::vector<double>& observed) {
  double d = 0;
  for (std::size_t k = 0; k < observed.size(); ++k)
    d = std::max(d, std::abs(c.values[k] + sigma * standard_normal(derive_seed(c.run_seed, k)) - observed[k]));
  return d;
}

// Runs `abc` until it stops or reaches generation `stop_at`, as a runner would: batches of
// `batch` candidates; with `shuffle`, results pile up and each round reports a random half of
// them, so reports come in an order unrelated to the indices and straddle generations.
void drive(AbcSmc& abc, const std::vector<double>& observed, std::size_t batch, bool shuffle = false,
           std::size_t stop_at = SIZE_MAX) {
  std::mt19937_64 order(12345);
  std::vector<std::pair<Candidate, double>> pool;
  while (!abc.done() && abc.state().generation < stop_at) {
    const auto issued = abc.next_batch(batch);
    for (const Candidate& c : issued) pool.emplace_back(c, distance(c, observed));
    REQUIRE(!pool.empty());  // else the calibration would wait forever
    if (shuffle) std::shuffle(pool.begin(), pool.end(), order);
    const std::size_t n = shuffle && !issued.empty() ? (pool.size() + 1) / 2 : pool.size();
    for (std::size_t i = 0; i < n && abc.state().generation < stop_at; ++i)
      abc.report(pool[i].first.generation, pool[i].first.index, pool[i].second);
    pool.erase(pool.begin(), pool.begin() + static_cast<std::ptrdiff_t>(n));
  }
}

Parameter normal_prior(double mean, double sd, double min = -infinity, double max = infinity) {
  return {"theta", Prior::normal, min, max, mean, sd};
}

// Three parameters, one of each prior, for the determinism and resume tests.
const std::vector<Parameter> mixed = {
    {"a", Prior::uniform, -3, 3}, {"b", Prior::log_uniform, 0.1, 10}, normal_prior(0, 1, -1, 2)};
const std::vector<double> mixed_observed = {1.0, 2.0, 0.5};

Settings settings(std::size_t particles, std::uint64_t seed, std::size_t max_generations) {
  Settings s;
  s.particles = particles;
  s.seed = seed;
  s.max_generations = max_generations;
  // A broken sampler (acceptance near 0) must fail the test, not hang it: a budget far above
  // what a working one uses (about 10 candidates per particle per generation here).
  s.max_simulations = 1000 * particles * max_generations;
  return s;
}

}  // namespace

TEST_CASE("the conjugate normal model: the ABC posterior is the analytic one") {
  // θ ~ normal(0, 1), y | θ ~ normal(θ, sigma²), observed y = 1: the posterior is
  // normal(y / (1 + sigma²), sigma² / (1 + sigma²)) = normal(0.8, 0.2). Accepting
  // |y_sim - y| <= epsilon adds a uniform(-epsilon, epsilon) to the noise, whose variance
  // epsilon²/3 widens the posterior to variance s² / (1 + s²) with s² = sigma² + epsilon²/3 and
  // leaves its mean alone. Monte Carlo error with ESS weighted particles: sd/sqrt(ESS) for the
  // mean, about sd/sqrt(2 ESS) for the sd. Tolerances: 4 of those errors (a correct sampler
  // misses one about once in 15000 seeds). Without the kernel term in the weights the sd comes
  // out about 16% too small and this fails.
  Settings s = settings(2000, 2022, 15);
  s.min_epsilon = 0.02;
  AbcSmc abc({normal_prior(0, 1)}, s);
  drive(abc, {1.0}, 4096);
  REQUIRE(abc.stop() == Stop::min_epsilon);
  const GenerationReport& last = abc.state().history.back();
  const double s2 = sigma * sigma + last.epsilon * last.epsilon / 3;
  const double mean = 1.0 / (1 + s2), sd = std::sqrt(s2 / (1 + s2));
  double variance = 0;
  for (const Particle& p : abc.state().particles)
    variance += p.weight * std::pow(p.values[0] - last.summaries[0].mean, 2);
  MESSAGE("generations " << abc.state().generation << ", epsilon " << last.epsilon << ", ESS " << last.ess << ", mean "
                         << last.summaries[0].mean << ", sd " << std::sqrt(variance));
  CHECK(last.ess > 500);  // else the tolerances below are loose for a bad reason
  CHECK(std::abs(last.summaries[0].mean - mean) < 4 * sd / std::sqrt(last.ess));
  CHECK(std::abs(std::sqrt(variance) - sd) < 4 * sd / std::sqrt(2 * last.ess));
  // The 90% interval's ends are 1.645 sd from the mean; a quantile's Monte Carlo error is
  // sqrt(q (1 - q)) / (density sqrt(ESS)) = 2.11 sd / sqrt(ESS) at q = 0.05; 4 of those.
  CHECK(std::abs(last.summaries[0].q05 - (mean - 1.645 * sd)) < 4 * 2.11 * sd / std::sqrt(last.ess));
  CHECK(std::abs(last.summaries[0].q95 - (mean + 1.645 * sd)) < 4 * 2.11 * sd / std::sqrt(last.ess));
  // epsilon shrinks every generation (the median of distances already below it).
  for (std::size_t g = 2; g < abc.state().history.size(); ++g)
    CHECK(abc.state().history[g].epsilon < abc.state().history[g - 1].epsilon);
}

TEST_CASE("the 90% posterior interval covers the true θ in about 90% of repetitions") {
  // R repetitions, each with its own true θ drawn from the prior, its own data and seed. If
  // the posterior is right, the number covered is binomial(R, 0.9): mean 0.9 R, sd
  // sqrt(R 0.9 0.1) = 4.2 for R = 200. Tolerance 4 sd either way; a posterior too narrow (no
  // kernel term in the weights) covered 79%, outside it.
  const int R = 200;
  int covered = 0;
  for (int r = 0; r < R; ++r) {
    const double truth = standard_normal(derive_seed(99, static_cast<std::uint64_t>(r)));
    const double observed = truth + sigma * standard_normal(derive_seed(98, static_cast<std::uint64_t>(r)));
    Settings s = settings(200, derive_seed(97, static_cast<std::uint64_t>(r)), 12);
    s.min_epsilon = 0.05;
    AbcSmc abc({normal_prior(0, 1)}, s);
    drive(abc, {observed}, 512);
    const Summary& m = abc.state().history.back().summaries[0];
    covered += m.q05 <= truth && truth <= m.q95;
  }
  MESSAGE("covered " << covered << " of " << R);
  const double sd = std::sqrt(R * 0.9 * 0.1);
  CHECK(std::abs(covered - 0.9 * R) <= 4 * sd);
}

TEST_CASE("the same seed gives the same generations whatever the report order and batch sizes") {
  // Bit for bit: the text form holds every double in the shortest exact form.
  AbcSmc reference(mixed, settings(100, 7, 5));
  drive(reference, mixed_observed, 100);
  const std::string expected = to_text(reference.state());
  REQUIRE(reference.state().generation == 5);
  std::uint64_t resampled = 0;
  for (const GenerationReport& r : reference.state().history) resampled += r.resampled;
  CHECK(resampled > 0);  // the kernel left the uniform and truncated supports, and was redrawn

  SUBCASE("reports shuffled, straddling generations") {
    AbcSmc shuffled(mixed, settings(100, 7, 5));
    drive(shuffled, mixed_observed, 37, true);
    CHECK(to_text(shuffled.state()) == expected);
  }
  SUBCASE("one candidate at a time, or far more than needed") {
    for (const std::size_t batch : {std::size_t{1}, std::size_t{5000}}) {
      AbcSmc other(mixed, settings(100, 7, 5));
      drive(other, mixed_observed, batch);
      CHECK(to_text(other.state()) == expected);
    }
  }
  SUBCASE("another seed gives other generations") {
    AbcSmc other(mixed, settings(100, 8, 5));
    drive(other, mixed_observed, 100);
    CHECK(to_text(other.state()) != expected);
  }
}

TEST_CASE("saved after generation 2 and resumed, a calibration ends as an uninterrupted one") {
  AbcSmc whole(mixed, settings(100, 11, 5));
  drive(whole, mixed_observed, 64);

  AbcSmc first(mixed, settings(100, 11, 5));
  drive(first, mixed_observed, 64, false, 2);
  REQUIRE(first.state().generation == 2);
  const std::string saved = to_text(first.state());
  CHECK(to_text(state_from_text(saved)) == saved);
  AbcSmc resumed(mixed, settings(100, 11, 5), state_from_text(saved));
  drive(resumed, mixed_observed, 64, true);
  CHECK(to_text(resumed.state()) == to_text(whole.state()));

  CHECK_THROWS_AS(AbcSmc(mixed, settings(100, 12, 5), state_from_text(saved)), std::invalid_argument);
  CHECK_THROWS_AS(state_from_text(saved.substr(0, saved.size() / 2)), std::invalid_argument);
}

TEST_CASE("weights: equal in generation 0 (ESS = particles), importance weights after") {
  AbcSmc abc({{"a", Prior::uniform, -5, 5}}, settings(100, 3, 2));
  drive(abc, {0.0}, 100);
  const State& s = abc.state();
  REQUIRE(s.history.size() == 2);
  CHECK(s.history[0].ess == doctest::Approx(100).epsilon(1e-12));
  CHECK(s.history[0].epsilon == infinity);  // all of an initial batch of `particles` are kept
  CHECK(s.history[0].acceptance_rate == 1);
  // Generation 1 drew from the kernel, not the prior: its weights differ, and sum to 1.
  double sum = 0, smallest = 1, largest = 0;
  for (const Particle& p : s.particles) {
    sum += p.weight;
    smallest = std::min(smallest, p.weight);
    largest = std::max(largest, p.weight);
  }
  CHECK(sum == doctest::Approx(1).epsilon(1e-12));
  CHECK(smallest < largest);
  CHECK(s.history[1].ess < 100);
}

TEST_CASE("generation 0 keeps the particles closest of a larger initial batch") {
  Settings s = settings(50, 5, 1);
  s.initial_batch = 500;
  AbcSmc abc({normal_prior(0, 1)}, s);
  drive(abc, {1.0}, 64);
  const GenerationReport& g0 = abc.state().history[0];
  CHECK(g0.simulations == 500);
  CHECK(g0.acceptance_rate == doctest::Approx(0.1));
  double largest = 0;
  for (const Particle& p : abc.state().particles) largest = std::max(largest, p.distance);
  CHECK(g0.epsilon == largest);
  CHECK(g0.ess == doctest::Approx(50).epsilon(1e-12));  // kept by distance, still prior draws: equal weights
}

TEST_CASE("a simulation budget stops the calibration, even within a generation") {
  Settings s = settings(100, 5, 50);
  s.max_simulations = 1000;
  AbcSmc abc({normal_prior(0, 1)}, s);
  drive(abc, {1.0}, 64);
  CHECK(abc.stop() == Stop::max_simulations);
  CHECK(abc.state().simulations <= 1000);
  CHECK(abc.next_batch(10).empty());
}

TEST_CASE("priors it cannot run with are refused") {
  CHECK_THROWS_AS(AbcSmc({{"a", Prior::uniform, 0, infinity}}, Settings{}), std::invalid_argument);
  CHECK_THROWS_AS(AbcSmc({{"a", Prior::log_uniform, 0, 1}}, Settings{}), std::invalid_argument);
  CHECK_THROWS_AS(AbcSmc({normal_prior(0, 0)}, Settings{}), std::invalid_argument);
  CHECK_THROWS_AS(AbcSmc({{"a", Prior::uniform, 1, 1}}, Settings{}), std::invalid_argument);
  // Two parameters need three particles: two span one direction, a singular covariance.
  const std::vector<Parameter> two{{"a", Prior::uniform, 0, 1}, {"b", Prior::uniform, 0, 1}};
  CHECK_THROWS_AS(AbcSmc(two, settings(2, 1, 1)), std::invalid_argument);
  CHECK_NOTHROW(AbcSmc(two, settings(3, 1, 1)));
  CHECK(Parameter{"a", Prior::uniform, 0, 2}.log_density(3) == -infinity);
  CHECK(Parameter{"a", Prior::log_uniform, 1, std::exp(1.0)}.log_density(2) == doctest::Approx(-std::log(2.0)));
}
