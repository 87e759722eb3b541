// Flee's instances against the UNHCR data, by the error FabFlee's validate_flee reports
// (flee/postprocessing/extract-validation-results.py, "Error (rescaled)": per day, the sum
// over camps of |sim x UNHCR camp total / sim camp total - data| / max(UNHCR camp total, 1),
// averaged over the days; FabFlee's VVP/flee_vvp.py averages it over runs as "Ave. rel. diff.").
//
// burundi and ethiopia, where Flee's own five runs are here (tests/data/flee/<name>/flee_runs):
// migsim's error, mean of 3 seeds, is at most Flee's worst run's plus the spread of Flee's five
// (its seed-to-seed noise). Measured: Flee's five runs give burundi 0.5423-0.5444, ethiopia
// 1.6957-1.7055; migsim's 3 seeds 0.5442 and 1.6984, inside Flee's range.
//
// mali and ssudan, whose Flee runs are not here: against the figure Flee published, from
// Flee's "validation contest", djgroen/flee issue #80 (2023-08-25), which ran FabFlee's
// validate_flee on Flee's instances with one settings file (below; every other key at Flee's
// defaults of the time): "Ave. rel. diff." mali2012 0.2878238214794887, ssudan2013
// 1.3703217165644468 (one Flee run each). Flee then was flee 3.0 (PyPI, 2023-07-14), whose
// spawning.spawn_daily_displaced(e, t, d, SumFromCamps=False) spawns each day's rise of
// refugees.csv's total and whose run.py never passes the argument: the key sum_from_camps, today
// True by default, did not exist. So the contest ran with what is today sum_from_camps: False,
// written below. With it migsim gives mali 0.2841-0.2865 over seeds derive_seed(1, 0..5) (mean
// 0.2849, 1.0 % below Flee's figure) and ssudan 1.3712-1.3739 (mean 1.3726, 0.17 % above);
// without it (today's default) 0.2921-0.2963 and 1.3840-1.3858, 2.4 % and 1.0 % above, which
// is the gap this test once bounded. The bound: Flee's published figure plus Flee's own
// seed-to-seed spread, measured on burundi and ethiopia below (0.39 % and 0.58 %; a single
// published run is one draw from that spread), so migsim's error is at least as close to the
// data as Flee's within Flee's noise. (Flee's figure under the instances' shipped settings,
// ssudan's 0.499 in Suleimenova and Groen, JASSS 23(1) 2, 2020, is of a 2019 model and inputs.)
#include <doctest/doctest.h>

#include <algorithm>
#include <filesystem>

#include "migsim/core/rng.hpp"
#include "paths.hpp"

using namespace flee_paths;

namespace {

// The settings file of djgroen/flee#80's contest, as posted, with flee 3.0's spawning made explicit.
constexpr const char* contest_settings =
    "log_levels:\n  agent: 0\n  camp: 0\n  init: 0\nspawn_rules:\n  take_from_population: True\n"
    "  sum_from_camps: False\n"  // flee 3.0's only behaviour (above), not in the file as posted
    "  conflict_spawn_decay: [1.0,1.0,1.0,0.5,0.1]\nmove_rules:\n  start_on_foot: True\n"
    "  avoid_short_stints: True\n  use_pop_for_loc_weight: True\n  awareness_level: 1\n  weight_power: 3\n"
    "optimisations: \n";

// The instance as shipped, with the contest's settings file in place of its own.
migsim::flee::FleeScenario with_contest_settings(const TempDir& dir, const std::string& name) {
  std::filesystem::copy(instance_folder(name), dir.path,
                        std::filesystem::copy_options::recursive | std::filesystem::copy_options::overwrite_existing);
  dir.write("simsetting.yml", contest_settings);
  return load_scenario(dir.path);
}

// The UNHCR data as [day][camp].
std::vector<std::vector<double>> data_table(const migsim::flee::FleeScenario& s) {
  return migsim::io::flee_data_table(s);
}

void against_published(const std::string& name, double published, int seeds) {
  TempDir dir;
  const auto s = with_contest_settings(dir, name);
  REQUIRE(s.settings.take_from_population);
  REQUIRE(s.settings.weight_power == 3.0);
  REQUIRE_FALSE(s.settings.sum_from_camps);
  double rescaled = 0, normal = 0;
  for (int k = 0; k < seeds; ++k) {
    migsim::flee::RunOptions o;
    o.seed = migsim::derive_seed(1, static_cast<std::uint64_t>(k));
    const Ard a = ard(camp_table(migsim::flee::run(s, o)), data_table(s));
    rescaled += a.rescaled / seeds;
    normal += a.normal / seeds;
  }
  MESSAGE(name << ": Error (rescaled) " << rescaled << " (Flee, djgroen/flee#80: " << published << "; ratio "
               << rescaled / published << "), Error (normal) " << normal);
  // Flee's own seed-to-seed spread, the larger of burundi's and ethiopia's (above).
  constexpr double flee_noise = 0.006;
  CHECK(rescaled <= (1 + flee_noise) * published);
}

}  // namespace

TEST_CASE("flee validation: mali against the UNHCR data, as close as Flee's published error within Flee's noise") {
  against_published("mali", 0.2878238214794887, 2);
}

TEST_CASE("flee validation: ssudan against the UNHCR data, as close as Flee's published error within Flee's noise") {
  against_published("ssudan", 1.3703217165644468, 1);
}

TEST_CASE("flee validation: burundi and ethiopia against the UNHCR data, within Flee's noise of its worst of 5 runs") {
  for (const char* name : {"burundi", "ethiopia"}) {
    CAPTURE(name);
    const auto s = load_scenario(instance_folder(name));
    const auto data = data_table(s);
    double flee_worst = 0, flee_best = 1e300;
    for (int k = 1; k <= 5; ++k) {
      const double e = ard(read_out_csv(instance_run(name, k)).sim, data).rescaled;
      flee_worst = std::max(flee_worst, e);
      flee_best = std::min(flee_best, e);
    }
    constexpr int seeds = 3;
    double rescaled = 0;
    for (int k = 0; k < seeds; ++k) {
      migsim::flee::RunOptions o;
      o.seed = migsim::derive_seed(1, static_cast<std::uint64_t>(k));
      o.threads = 2;
      rescaled += ard(camp_table(migsim::flee::run(s, o)), data).rescaled / seeds;
    }
    MESSAGE(std::string(name) << ": Error (rescaled) migsim " << rescaled << ", Flee's 5 runs " << flee_best << " - "
                              << flee_worst);
    // Flee's noise: the spread of its own five runs, allowed above its worst.
    CHECK(rescaled <= flee_worst + (flee_worst - flee_best));
  }
}
