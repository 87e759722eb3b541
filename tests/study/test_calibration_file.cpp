// The calibration file and the distance it chooses: what `migsim calibrate` reads and checks,
// apart from running it (tests/cli/test_cli_calibrate.cpp runs calibrations).
#include <doctest/doctest.h>

#include <unistd.h>

#include <cmath>
#include <filesystem>
#include <fstream>

#include "migsim/study/calibrate.hpp"

using namespace migsim;
namespace fs = std::filesystem;

namespace {

const std::string toy = MIGSIM_SOURCE_DIR "/scenarios/toy/asylum.yaml";

// Three targets the toy can answer, the last kept aside; confidences H, M, L.
fs::path targets_file() {
  // One file per process: ctest runs each test case as a process of its own, in parallel.
  const fs::path p = fs::temp_directory_path() / ("migsim-calibration-targets-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(p) << R"(
- {id: de_arrivals, metric: arrivals, period: {from: 2022-09-01, until: 2023-12-31}, geography: DE, value: 1000, source: t, confidence: H}
- {id: ge_stock, metric: stock, period: {from: 2023-12-31, until: 2023-12-31}, geography: GE, value: 5000, source: t, confidence: M}
- {id: hr_apps, metric: applications, period: {from: 2022-09-01, until: 2023-12-31}, geography: HR, value: 10, source: t, confidence: L, kept_aside: true}
)";
  return p;
}

const std::string good_head = "scenario: " + toy + "\ntargets: " + targets_file().string() + "\n";
const std::string good_rest =
    "parameters:\n"
    "  - {path: countries.DE.attractiveness, prior: uniform, min: 1, max: 4}\n"
    "  - {path: policies.ge_onward.daily_hazard, prior: log_uniform, min: 0.0001, max: 0.01}\n"
    "  - {path: countries.GE.attractiveness, prior: normal, mean: 1, sd: 0.5}\n"
    "particles: 50\nmax_generations: 3\nreplicates: 2\nseed: 4\n";

study::CalibrationFile calibration(const std::string& text) {
  return study::read_calibration_text(text, (fs::temp_directory_path() / "c.yaml").string());
}

std::string all(const study::CalibrationFile& f) {
  std::string out;
  for (const auto& e : f.errors) out += e + "\n";
  return out;
}

bool has(const study::CalibrationFile& f, const std::string& needle) {
  return all(f).find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("a calibration file: priors, settings, optional keys' defaults, weights with kept-aside targets at 0") {
  const auto f = calibration(good_head + good_rest);
  REQUIRE_MESSAGE(f.ok(), all(f));
  const study::CalibrationSpec& s = f.spec;
  REQUIRE(s.parameters.size() == 3);
  CHECK(s.parameters[0].path == "countries.DE.attractiveness");
  CHECK(s.parameters[0].prior == abc::Prior::uniform);
  CHECK(s.parameters[0].min == 1);
  CHECK(s.parameters[0].max == 4);
  CHECK(s.parameters[1].prior == abc::Prior::log_uniform);
  CHECK(s.parameters[2].prior == abc::Prior::normal);
  CHECK(s.parameters[2].mean == 1);
  CHECK(s.parameters[2].sd == 0.5);
  CHECK(std::isinf(s.parameters[2].min));  // a normal prior without bounds is not truncated
  CHECK(s.settings.particles == 50);
  CHECK(s.settings.max_generations == 3);
  CHECK(s.settings.seed == 4);
  CHECK(s.replicates == 2);
  // The documented defaults of the optional keys.
  CHECK(s.settings.alpha == 0.5);
  CHECK(s.settings.initial_batch == 0);  // = particles
  CHECK(s.distance == study::Distance::mean_abs_log);
  CHECK(std::isinf(s.max_wall_seconds));
  CHECK(s.predictive == 100);
  CHECK(s.weights == std::vector<double>{1, 1, 0});
  const auto w = s.worker();
  CHECK(w.scenario == toy);
  CHECK(w.targets == targets_file().string());
  CHECK_FALSE(w.keep_all);
}

TEST_CASE("a calibration file's optional keys: distance, weights by confidence or by id, stopping rules") {
  auto f = calibration(good_head + good_rest +
                       "distance: rms_log\nweights: confidence\nalpha: 0.3\nmin_epsilon: 0.05\n"
                       "min_acceptance_rate: 0.02\nmax_simulations: 5000\nmax_wall_time: 90m\ninitial_batch: 200\n"
                       "predictive: 20\nset: {people.total: 5000}\n");
  REQUIRE_MESSAGE(f.ok(), all(f));
  CHECK(f.spec.distance == study::Distance::rms_log);
  CHECK(f.spec.weights == std::vector<double>{1, 0.5, 0});  // H, M; L is kept aside
  CHECK(f.spec.settings.alpha == 0.3);
  CHECK(f.spec.settings.min_epsilon == 0.05);
  CHECK(f.spec.settings.min_acceptance_rate == 0.02);
  CHECK(f.spec.settings.max_simulations == 5000);
  CHECK(f.spec.max_wall_seconds == 5400);
  CHECK(f.spec.settings.initial_batch == 200);
  CHECK(f.spec.predictive == 20);
  CHECK(f.spec.set == std::vector<std::string>{"people.total=5000"});
  f = calibration(good_head + good_rest + "weights: {ge_stock: 3}\nmax_wall_time: 2h\n");
  REQUIRE_MESSAGE(f.ok(), all(f));
  CHECK(f.spec.weights == std::vector<double>{1, 3, 0});
  CHECK(f.spec.max_wall_seconds == 7200);
}

TEST_CASE(
    "a bad calibration file: every problem at once, at its line and column, with the value and what was expected") {
  const auto f = calibration(good_head +
                             "parameters:\n"
                             "  - {path: countries.DE.attractiveness, prior: flat, min: 1, max: 4}\n"  // line 4
                             "  - {path: policies.ge_onward.daily_hazard, prior: log_uniform, min: 0, max: 1}\n"
                             "  - {path: countries.GE.attractiveness, prior: normal, mean: 1}\n"          // line 6
                             "  - {path: countries.XX.attractiveness, prior: uniform, min: 2, max: 1}\n"  // line 7
                             "  - {path: people.total, prior: uniform, min: 1, max: 2, sd: 1}\n"          // line 8
                             "particles: 1\nmax_generations: 3\nseed: 4\n"                                // 9..11
                             "weights: {nope: 1}\nmax_wall_time: soon\ndistance: euclid\nmistake: 1\n");  // 12..15
  CHECK_FALSE(f.ok());
  const std::string file = (fs::temp_directory_path() / "c.yaml").string() + ":";
  CHECK(has(f, file + "4:48: error: parameter 1 prior 'flat' is not known; expected one of: uniform, log_uniform, "
                      "normal"));
  CHECK(has(f, "5:70: error: parameter 2 min 0 is not above 0; a log_uniform prior needs min > 0"));
  CHECK(has(f, "6:5: error: parameter 3 has no key 'sd'; a normal prior needs mean and sd"));
  CHECK(has(f, "7:70: error: parameter 4 max 1 is not above min 2"));
  CHECK(has(f, "7:5: error: path 'countries.XX.attractiveness': "));
  CHECK(has(f, "8:62: error: parameter 5 sd is for a normal prior; this prior is uniform"));
  CHECK(has(f, "9:12: error: particles '1' is not a whole number from 2 to"));
  CHECK(has(f, "error: the calibration has no key 'replicates'"));
  CHECK(has(f, "12:11: error: weights: 'nope' is not a target id of "));
  CHECK(has(f,
            "13:16: error: max_wall_time 'soon' is not a time; expected seconds above 0, or a number with s, m "
            "or h (90m, 2h)"));
  CHECK(has(f, "14:11: error: distance 'euclid' is not known; expected one of: mean_abs_log, rms_log"));
  CHECK(has(f, "15:1: error: unknown key 'mistake' in the calibration; expected one of: scenario, set, targets"));
  // In the file's order.
  CHECK(all(f).find(":4:") < all(f).find(":15:"));
}

TEST_CASE("a calibration with nothing to fit is refused: every target kept aside or weighted 0") {
  const auto f = calibration(good_head + good_rest + "weights: {de_arrivals: 0, ge_stock: 0}\n");
  CHECK(has(f, "error: no target to fit in "));
  CHECK(has(f, ": every one is kept_aside or has weight 0; expected at least one"));
}

TEST_CASE("the distance: weighted mean |log ratio| or its root mean square, over the weighted targets only") {
  std::vector<io::Target> targets(3);
  targets[0].value = 100;
  targets[1].value = 10;
  targets[2].value = 1;
  const std::vector<double> weights{1, 3, 0};
  const std::vector<std::optional<double>> metrics{200.0, 5.0, 1000.0};  // log 2, -log 2, (not weighted)
  CHECK(study::distance(study::Distance::mean_abs_log, targets, weights, metrics) == doctest::Approx(std::log(2.0)));
  CHECK(study::distance(study::Distance::rms_log, targets, weights, metrics) == doctest::Approx(std::log(2.0)));
  const std::vector<std::optional<double>> mixed{100.0, 20.0, std::nullopt};  // 0 and log 2; the third ignored
  CHECK(study::distance(study::Distance::mean_abs_log, targets, weights, mixed) ==
        doctest::Approx(0.75 * std::log(2.0)));
  CHECK(study::distance(study::Distance::rms_log, targets, weights, mixed) ==
        doctest::Approx(std::sqrt(0.75) * std::log(2.0)));
  // A weighted target the run cannot measure, or measures as 0, is infinitely far.
  CHECK(std::isinf(study::distance(study::Distance::mean_abs_log, targets, weights, {100.0, std::nullopt, 1.0})));
  CHECK(std::isinf(study::distance(study::Distance::mean_abs_log, targets, weights, {0.0, 10.0, 1.0})));
}
