// The calibration file and the distance it chooses: what `migsim calibrate` reads and checks,
// apart from running it (tests/cli/test_cli_calibrate.cpp runs calibrations).
#include <doctest/doctest.h>

#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

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

TEST_CASE("cross_validate: read with its folds and grouping, none by default") {
  auto f = calibration(good_head + good_rest + "cross_validate: {folds: 2, by: country}\nmax_simulations: 500\n");
  REQUIRE_MESSAGE(f.ok(), all(f));
  REQUIRE(f.spec.cross_validate.has_value());
  CHECK(f.spec.cross_validate->folds == 2);
  CHECK(f.spec.cross_validate->by == study::FoldBy::country);
  f = calibration(good_head + good_rest + "cross_validate:\n  by: target\n  folds: 2\n");
  REQUIRE_MESSAGE(f.ok(), all(f));
  CHECK(f.spec.cross_validate->by == study::FoldBy::target);
  CHECK_FALSE(calibration(good_head + good_rest).spec.cross_validate.has_value());
}

TEST_CASE("a bad cross_validate: each problem at its line and column, with the value and what was expected") {
  const std::string file = (fs::temp_directory_path() / "c.yaml").string() + ":";
  // Lines 1..10 are good_head and good_rest.
  auto f = calibration(good_head + good_rest + "cross_validate: {folds: 1, by: planet, k: 2}\n");
  CHECK_FALSE(f.ok());
  CHECK(has(f, file + "11:25: error: folds '1' is not a whole number from 2 to 1000"));
  CHECK(has(f, file + "11:32: error: cross_validate by 'planet' is not known; expected one of: country, metric, "
                      "target"));
  CHECK(has(f, file + "11:40: error: unknown key 'k' in cross_validate; expected one of: folds, by"));

  f = calibration(good_head + good_rest + "cross_validate: {folds: 3}\n");
  CHECK(has(f, file + "11:17: error: cross_validate has no key 'by'; expected {folds: K, by: country|metric|target}"));
  f = calibration(good_head + good_rest + "cross_validate: 5\n");
  CHECK(has(f, file + "11:17: error: cross_validate is a single value; expected a map {folds: K, by: "
                      "country|metric|target}"));

  // Two fitted targets (the third is kept aside) make two groups, whichever the grouping: a
  // third fold would hold nothing out. Told when the file is read, before anything runs.
  for (const char* by : {"country", "metric", "target"}) {
    CAPTURE(by);
    f = calibration(good_head + good_rest + "cross_validate: {folds: 3, by: " + by + "}\n");
    CHECK(has(
        f, file + "11:25: error: cross_validate folds 3 is more than the 2 groups the fitted targets make by " + by));
    CHECK(has(f, "; expected at most 2"));
  }
  // The kept-aside target is no group: weighting one fitted target 0 leaves one group.
  f = calibration(good_head + good_rest + "weights: {ge_stock: 0}\ncross_validate: {folds: 2, by: target}\n");
  CHECK(has(f, file + "12:25: error: cross_validate folds 2 is more than the 1 group the fitted targets make by "
                      "target ('de_arrivals')"));

  // A fold fit cut by the clock would make the scores depend on the machine.
  f = calibration(good_head + good_rest + "max_wall_time: 2h\ncross_validate: {folds: 2, by: target}\n");
  CHECK(has(f, file + "11:16: error: max_wall_time cannot be used with cross_validate"));
}

namespace {

io::Target target(const std::string& id, io::Metric metric, std::vector<std::string> countries, bool eu = false) {
  io::Target t;
  t.id = id;
  t.metric = metric;
  t.countries = std::move(countries);
  t.eu = eu;
  t.value = 1;
  return t;
}

}  // namespace

TEST_CASE("assign_folds: a pure function of the targets, folds as even as the groups allow, unfitted targets in none") {
  using io::Metric;
  const std::vector<io::Target> targets{
      target("de_apps", Metric::applications, {"DE"}),  // 0
      target("fr_apps", Metric::applications, {"FR"}),  // 1
      target("de_stock", Metric::stock, {"DE"}),        // 2
      target("eu_apps", Metric::applications, {}, true),
      target("defr_apps", Metric::applications, {"FR", "DE"}),  // 4: a list, one group with [DE, FR]
      target("de_arrivals", Metric::arrivals, {"DE"}),          // 5
      target("pl_apps", Metric::applications, {"PL"}),          // 6: kept aside (weight 0)
      target("de_fr_stock", Metric::stock, {"DE", "FR"}),       // 7
  };
  const std::vector<double> weights{1, 1, 0.5, 1, 1, 1, 0, 2};

  CHECK(study::fold_group(targets[4], study::FoldBy::country) == "DE+FR");
  CHECK(study::fold_group(targets[7], study::FoldBy::country) == "DE+FR");
  CHECK(study::fold_group(targets[3], study::FoldBy::country) == "EU");
  CHECK(study::fold_group(targets[2], study::FoldBy::metric) == "stock");
  CHECK(study::fold_group(targets[2], study::FoldBy::target) == "de_stock");
  CHECK(study::fold_groups(targets, weights, study::FoldBy::country) == 4);  // DE, FR, EU, DE+FR
  CHECK(study::fold_groups(targets, weights, study::FoldBy::metric) == 3);   // applications, stock, arrivals
  CHECK(study::fold_groups(targets, weights, study::FoldBy::target) == 7);

  using Folds = std::vector<std::optional<std::uint32_t>>;
  // By target: dealt out in file order, the unfitted one skipped.
  const Folds by_target = study::assign_folds(targets, weights, {3, study::FoldBy::target});
  CHECK(by_target == Folds{0u, 1u, 2u, 0u, 1u, 2u, std::nullopt, 0u});
  // By country: DE (3 targets) to fold 0, DE+FR (2) to fold 1, FR to fold 1 (the emptier),
  // EU to fold 0 (a tie at 3 and 3: the lower fold).
  const Folds by_country = study::assign_folds(targets, weights, {2, study::FoldBy::country});
  CHECK(by_country == Folds{0u, 1u, 0u, 0u, 1u, 0u, std::nullopt, 1u});
  // By metric: applications (4), stock (2), arrivals (1); with 3 folds each its own.
  const Folds by_metric = study::assign_folds(targets, weights, {3, study::FoldBy::metric});
  CHECK(by_metric == Folds{0u, 0u, 1u, 0u, 0u, 2u, std::nullopt, 1u});

  // Evenness: with groups of one, fold sizes differ by at most one, for every K.
  for (std::uint32_t k = 2; k <= 7; ++k) {
    CAPTURE(k);
    const Folds f = study::assign_folds(targets, weights, {k, study::FoldBy::target});
    std::vector<int> sizes(k, 0);
    for (const auto& x : f)
      if (x) ++sizes.at(*x);
    CHECK(*std::max_element(sizes.begin(), sizes.end()) - *std::min_element(sizes.begin(), sizes.end()) <= 1);
    CHECK(*std::min_element(sizes.begin(), sizes.end()) >= 1);  // every fold holds something out
    // The same every time.
    CHECK(study::assign_folds(targets, weights, {k, study::FoldBy::target}) == f);
  }
  // Too many folds for the groups, or fewer than two: refused.
  CHECK_THROWS_AS(study::assign_folds(targets, weights, {4, study::FoldBy::metric}), std::invalid_argument);
  CHECK_THROWS_AS(study::assign_folds(targets, weights, {1, study::FoldBy::target}), std::invalid_argument);
}

// Mali's camps: Mbera (Fassala-Mbera) and Mentao on the run's last day, and the error over the run.
fs::path flee_targets_file() {
  const fs::path p = fs::temp_directory_path() / ("migsim-calibration-flee-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(p) << R"(
- {id: mbera, metric: camp_population, period: {from: 2012-12-25, until: 2012-12-25}, geography: Fassala-Mbera, value: 54028, source: UNHCR, confidence: H}
- {id: mentao, metric: camp_population, period: {from: 2012-12-25, until: 2012-12-25}, geography: Mentao, value: 6881, source: UNHCR, confidence: H}
- {id: ard, metric: averaged_relative_difference, period: {from: 2012-03-01, until: 2012-12-25}, geography: all, value: 0.1, source: t, confidence: L, kept_aside: true}
)";
  return p;
}

TEST_CASE("a calibration file over a Flee folder: simsetting.yml keys and location or route attributes as priors") {
  const std::string mali = MIGSIM_SOURCE_DIR "/tests/data/flee/mali";
  const std::string head = "scenario: " + mali + "\ntargets: " + flee_targets_file().string() + "\n";
  const std::string rest =
      "particles: 20\nmax_generations: 2\nreplicates: 1\nseed: 4\ncross_validate: {folds: 2, by: country}\n";
  const auto f = calibration(head +
                             "parameters:\n"
                             "  - {path: move_rules.camp_weight, prior: uniform, min: 1, max: 4}\n"
                             "  - {path: locations.Mentao.population, prior: uniform, min: 1000, max: 20000}\n"
                             "  - {path: routes.Douentza.Mentao.distance, prior: uniform, min: 200, max: 600}\n" +
                             rest);
  REQUIRE_MESSAGE(f.ok(), all(f));
  CHECK(f.spec.parameters.at(1).path == "locations.Mentao.population");
  CHECK(f.spec.weights == std::vector<double>{1, 1, 0});  // the kept-aside error is not fitted
  // A key migsim does not act on, a location the folder does not have, a route it does not
  // have, and a target of migsim's own runs: each at its line.
  const fs::path bad_targets =
      fs::temp_directory_path() / ("migsim-calibration-flee-bad-" + std::to_string(::getpid()) + ".yaml");
  std::ofstream(bad_targets) << R"(
- {id: apps, metric: applications, period: {from: 2012-06-01, until: 2012-06-30}, geography: ML, value: 10, source: t, confidence: H}
)";
  const auto g = calibration("scenario: " + mali + "\ntargets: " + bad_targets.string() +
                             "\nparameters:\n"
                             "  - {path: log_levels.agent, prior: uniform, min: 0, max: 1}\n"
                             "  - {path: locations.Nowhere.population, prior: uniform, min: 1000, max: 20000}\n"
                             "  - {path: routes.Douentza.Bamako.distance, prior: uniform, min: 200, max: 600}\n"
                             "particles: 20\nmax_generations: 2\nreplicates: 1\nseed: 4\n");
  INFO(all(g));
  CHECK(has(g, ":4:5: error: path 'log_levels.agent': simsetting.yml key 'log_levels.agent' changes nothing"));
  CHECK(has(g, ":5:5: error: path 'locations.Nowhere.population': no location 'Nowhere' in locations.csv"));
  CHECK(has(g,
            ":6:5: error: path 'routes.Douentza.Bamako.distance': no route between 'Douentza' and 'Bamako' in "
            "routes.csv"));
  CHECK(has(g, "error: metric applications measures a migsim scenario's run, not a Flee run"));
}

TEST_CASE("assign_folds by country: a Flee run's targets by camp, the validation error over all camps apart") {
  std::vector<io::Target> targets(4);
  const char* camps[] = {"Mentao", "Abala", "Mentao", "all"};
  for (std::size_t i = 0; i < targets.size(); ++i) {
    targets[i].id = "t" + std::to_string(i);
    targets[i].metric = i == 3 ? io::Metric::averaged_relative_difference : io::Metric::camp_population;
    targets[i].location = camps[i];
  }
  CHECK(study::fold_group(targets[0], study::FoldBy::country) == "Mentao");
  CHECK(study::fold_group(targets[3], study::FoldBy::country) == "all");
  const std::vector<double> weights(4, 1.0);
  CHECK(study::fold_groups(targets, weights, study::FoldBy::country) == 3);
  const auto f = study::assign_folds(targets, weights, {3, study::FoldBy::country});
  CHECK(f[0] == f[2]);  // one camp's targets held out together
  CHECK(f[0] != f[1]);
  CHECK(f[1] != f[3]);
}
