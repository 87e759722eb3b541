#pragma once
// Shared by the report tests: a results folder of the toy asylum scenario, written by the
// migsim binary as a user would (20 ms), and a targets file for it with fitted and
// kept-aside targets.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "cli/run_binary.hpp"

namespace report_test {

// One line of a CSV without quoted cells (the tables these tests read have none), as its
// cells; a trailing comma is a last, empty cell.
inline std::vector<std::string> split(const std::string& line) {
  std::vector<std::string> cells;
  std::string cell;
  std::istringstream in(line);
  while (std::getline(in, cell, ',')) cells.push_back(cell);
  if (!line.empty() && line.back() == ',') cells.emplace_back();
  return cells;
}

inline const std::string toy_asylum = std::string(MIGSIM_SOURCE_DIR) + "/scenarios/toy/asylum.yaml";

// A folder of this suite's own under the build tree, one per test case (ctest runs them in
// parallel): `name`/out is the toy's results folder, `name`/targets.yaml its targets.
inline std::filesystem::path toy_results(const std::string& name) {
  const auto dir = std::filesystem::path(MIGSIM_BINARY_DIR) / "test-report" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto r = cli::sh("run " + toy_asylum + " --out " + (dir / "out").string() + " -q");
  INFO(r.out);
  REQUIRE(r.code == 0);
  std::ofstream(dir / "targets.yaml") << R"(- id: de_applications_2023
  metric: applications
  period: {from: 2023-01-01, until: 2023-12-31}
  geography: [DE]
  value: 400
  source: made up for the test
  confidence: L
- id: eu_arrivals
  metric: arrivals
  period: {from: 2022-09-01, until: 2023-12-31}
  geography: EU
  value: 1000
  source: made up for the test
  confidence: L
  tolerance_factor: 3
- id: hr_applications
  metric: applications
  period: {from: 2022-09-01, until: 2023-12-31}
  geography: [HR]
  value: 50
  source: "made up </script><script>window.injected = 1</script> <!-- for the test"
  confidence: L
  kept_aside: true
)";
  return dir;
}

// A sweep of the toy in `dir` (made by toy_results), as a user runs it: two points of
// Germany's attractiveness, three replicates each, every run's folder kept, targets.yaml's
// targets measured; the folder is `dir`/sweep.
inline std::filesystem::path toy_sweep(const std::filesystem::path& dir) {
  std::ofstream(dir / "sweep.yaml") << "scenario: " << toy_asylum << R"(
parameters:
  - {path: countries.DE.attractiveness, values: [1.5, 3]}
design: grid
replicates: 3
seed: 4
targets: targets.yaml
keep: all
)";
  const auto r =
      cli::sh("sweep " + (dir / "sweep.yaml").string() + " --out " + (dir / "sweep").string() + " -q --threads 1");
  INFO(r.out);
  REQUIRE(r.code == 0);
  return dir / "sweep";
}

// A tiny calibration of the toy in `dir` (made by toy_results): two parameters, 8 particles,
// 2 generations, 6 posterior-predictive runs, against targets.yaml (two fitted, one kept
// aside); the folder is `dir`/calibration.
inline std::filesystem::path toy_calibration(const std::filesystem::path& dir) {
  std::ofstream(dir / "calibration.yaml") << "scenario: " << toy_asylum << R"(
targets: targets.yaml
parameters:
  - {path: countries.DE.attractiveness, prior: uniform, min: 1, max: 4}
  - {path: policies.de_evaders.rate, prior: uniform, min: 0.05, max: 0.95}
particles: 8
max_generations: 2
replicates: 1
seed: 5
predictive: 6
)";
  const auto r = cli::sh("calibrate " + (dir / "calibration.yaml").string() + " --out " +
                         (dir / "calibration").string() + " -q --threads 1");
  INFO(r.out);
  REQUIRE(r.code == 0);
  return dir / "calibration";
}

// A Flee run of Flee's mali instance (tests/data/flee/mali), written by the migsim binary as a
// user would: `name`/out is its results folder (out.csv, manifest.json).
inline const std::string flee_mali = std::string(MIGSIM_SOURCE_DIR) + "/tests/data/flee/mali";
inline std::filesystem::path flee_results(const std::string& name) {
  const auto dir = std::filesystem::path(MIGSIM_BINARY_DIR) / "test-report" / name;
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  const auto r = cli::sh("run --flee " + flee_mali + " --out " + (dir / "out").string() + " --seed 3 --threads 2");
  INFO(r.out);
  REQUIRE(r.code == 0);
  return dir;
}

// A sweep over the same Flee folder in `dir` (made by flee_results): two camp weights, two
// replicates each, every run kept (out.csv), a camp's population and the validation error as
// targets; the folder is `dir`/sweep.
inline std::filesystem::path flee_sweep(const std::filesystem::path& dir) {
  std::ofstream(dir / "flee-targets.yaml")
      << R"(- {id: mentao, metric: camp_population, period: {from: 2012-06-01, until: 2012-06-01},
   geography: Mentao, value: 10000, source: made up for the test, confidence: L}
- {id: ard, metric: averaged_relative_difference, period: {from: 2012-03-01, until: 2012-05-31}, geography: all,
   value: 0.5, source: made up for the test, confidence: L}
)";
  std::ofstream(dir / "flee-sweep.yaml") << "scenario: " << flee_mali << R"(
parameters:
  - {path: move_rules.camp_weight, values: [1, 2]}
design: grid
replicates: 2
seed: 4
targets: flee-targets.yaml
keep: all
)";
  const auto r =
      cli::sh("sweep " + (dir / "flee-sweep.yaml").string() + " --out " + (dir / "sweep").string() + " -q --threads 2");
  INFO(r.out);
  REQUIRE(r.code == 0);
  return dir / "sweep";
}

}  // namespace report_test
