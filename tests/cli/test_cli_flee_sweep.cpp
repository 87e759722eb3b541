// `migsim sweep` over a Flee scenario folder (issue 23): simsetting.yml keys as parameters, the
// camps' populations and FabFlee's validation error as targets, on ethiopia (146 days, 64,000
// people, a tenth of a second a run), on 1 and 2 threads and 3 MPI ranks alike — and the sweep
// file's problems, all at once.
#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "run_binary.hpp"

namespace fs = std::filesystem;

namespace {

const std::string ethiopia = MIGSIM_SOURCE_DIR "/tests/data/flee/ethiopia";

using cli::TempDir;
using cli::text_of;
using cli::write;

// Hamdayet, the camp most people reach (Sudan), three weeks in; and the error over the run.
const std::string flee_targets = R"(
- {id: hamdayet_dec, metric: camp_population, period: {from: 2020-11-25, until: 2020-11-25}, geography: Hamdayet,
   value: 28500, source: UNHCR, confidence: M}
- {id: ard, metric: averaged_relative_difference, period: {from: 2020-11-05, until: 2021-03-29}, geography: all,
   value: 1, source: FabFlee, confidence: L}
)";

// Two speeds on a link, km a day: Flee's shipped 360, and a walk.
const std::string flee_sweep = "scenario: " + ethiopia +
                               "\n"
                               "set: {move_rules.camp_weight: 2}\n"
                               "parameters:\n"
                               "  - {path: move_rules.max_move_speed, values: [360, 20]}\n"
                               "design: grid\n"
                               "replicates: 2\n"
                               "seed: 5\n"
                               "targets: targets.yaml\n";

fs::path setup(const TempDir& dir, const std::string& sweep) {
  write(dir.path / "targets.yaml", flee_targets);
  write(dir.path / "sweep.yaml", sweep);
  return dir.path / "sweep.yaml";
}

// points.csv's rows under its header, each as its cells.
std::vector<std::vector<std::string>> rows_of(const std::string& text) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream in(text);
  std::string line;
  std::getline(in, line);
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::istringstream cs(line);
    std::string cell;
    while (std::getline(cs, cell, ',')) cells.push_back(cell);
    rows.push_back(cells);
  }
  return rows;
}

}  // namespace

TEST_CASE("flee sweep: a simsetting.yml key swept over a Flee folder moves the camp population as Flee's rule says") {
  TempDir dir;
  const auto file = setup(dir, flee_sweep);
  const auto r = cli::sh("sweep " + file.string() + " --out " + (dir.path / "out").string() + " -q --threads 2");
  INFO(r.out);
  REQUIRE(r.code == 0);
  const std::string points = text_of(dir.path / "out" / "points.csv");
  CHECK(points.rfind("point,replicate,seed,move_rules.max_move_speed,status,error,hamdayet_dec,ard\n", 0) == 0);
  const auto rows = rows_of(points);
  REQUIRE(rows.size() == 4);  // 2 points x 2 replicates
  double fast = 0, slow = 0;
  for (const auto& row : rows) {
    REQUIRE(row.size() == 8);
    CHECK(row[4] == "ok");
    const double camp = std::stod(row[6]), ard = std::stod(row[7]);
    CHECK(camp > 0);
    CHECK(ard > 0);
    (row[3] == "360" ? fast : slow) += camp;
  }
  // People on foot at 20 km a day reach Hamdayet, hundreds of km from Tigray's towns, later: on
  // 25 November fewer are there than at Flee's 360 km a day. (Day 0's data, 0 at Hamdayet, is
  // no help to either.)
  CHECK(slow < 0.9 * fast);
  // The same sweep on one thread: the same bytes (a run's seed is the sweep's, its engine's
  // results do not depend on threads).
  REQUIRE(cli::sh("sweep " + file.string() + " --out " + (dir.path / "one").string() + " -q --threads 1").code == 0);
  CHECK(text_of(dir.path / "one" / "points.csv") == points);
  CHECK(text_of(dir.path / "out" / "study.json").find("\"scenario_sha256\"") != std::string::npos);
}

TEST_CASE("flee sweep: keep writes each kept run's out.csv, whose Hamdayet column is the target's value") {
  TempDir dir;
  const auto file = setup(dir, flee_sweep + "keep: [1]\n");
  REQUIRE(cli::sh("sweep " + file.string() + " --out " + (dir.path / "out").string() + " -q").code == 0);
  const fs::path out_csv = dir.path / "out" / "runs" / "2" / "out.csv";  // point 1, replicate 0
  REQUIRE(fs::exists(out_csv));
  const std::string manifest = text_of(dir.path / "out" / "runs" / "2" / "manifest.json");
  CHECK(manifest.find("\"seed\"") != std::string::npos);
  CHECK(manifest.find("\"move_rules.max_move_speed=20\"") != std::string::npos);
  // The row dated 2020-11-25, Hamdayet's "sim" column (out.csv: Day,Date, then sim,data,error per camp).
  std::istringstream in(text_of(out_csv));
  std::string header, line, row;
  std::getline(in, header);
  while (std::getline(in, line))
    if (line.find(",2020-11-25,") != std::string::npos) row = line;
  REQUIRE(!row.empty());
  std::vector<std::string> names, cells;
  for (std::istringstream h(header); std::getline(h, line, ',');) names.push_back(line);
  for (std::istringstream c(row); std::getline(c, line, ',');) cells.push_back(line);
  std::string hamdayet;
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == "Hamdayet sim") hamdayet = cells.at(i);
  const auto rows = rows_of(text_of(dir.path / "out" / "points.csv"));
  CHECK(rows.at(2).at(6) == hamdayet);
}

TEST_CASE("flee sweep: a bad key, a bad set value and targets the folder cannot answer, all at once") {
  TempDir dir;
  const std::string sweep = "scenario: " + ethiopia +
                            "\n"
                            "set: {move_rules.camp_weight: -2}\n"
                            "parameters:\n"
                            "  - {path: move_rules.max_speed, values: [360, 20]}\n"
                            "  - {path: log_levels.agent, values: [0, 1]}\n"
                            "design: grid\n"
                            "targets: targets.yaml\n";
  write(dir.path / "targets.yaml", R"(
- {id: gondr, metric: camp_population, period: {from: 2020-11-25, until: 2020-11-25}, geography: Gondr,
   value: 100, source: x, confidence: L}
- {id: late, metric: camp_population, period: {from: 2022-01-01, until: 2022-01-01}, geography: Gondar,
   value: 100, source: x, confidence: L}
- {id: apps, metric: applications, period: {from: 2020-12-01, until: 2020-12-31}, geography: ET,
   value: 100, source: x, confidence: L}
)");
  write(dir.path / "sweep.yaml", sweep);
  const std::string f = (dir.path / "sweep.yaml").string();
  const auto r = cli::sh("sweep " + f + " --out " + (dir.path / "out").string());
  CHECK(r.code == 2);
  CHECK_FALSE(fs::exists(dir.path / "out"));
  INFO(r.out);
  CHECK(r.out.find(f + ":2:7: error: set: move_rules.camp_weight '-2': expected a number in [0, ") !=
        std::string::npos);
  CHECK(r.out.find(f + ":4:5: error: path 'move_rules.max_speed': unknown key 'move_rules.max_speed' of "
                       "simsetting.yml: expected one of max_move_speed, ") != std::string::npos);
  CHECK(r.out.find(f + ":5:5: error: path 'log_levels.agent': simsetting.yml key 'log_levels.agent' changes nothing "
                       "in migsim") != std::string::npos);
  // The targets are checked against the folder once it imports (not with the bad set value above):
  // each problem at its target.
  write(dir.path / "sweep.yaml", "scenario: " + ethiopia +
                                     "\nparameters:\n  - {path: move_rules.max_move_speed, values: [360]}\n" +
                                     "design: grid\ntargets: targets.yaml\n");
  const auto t = cli::sh("sweep " + f + " --out " + (dir.path / "out").string());
  CHECK(t.code == 2);
  INFO(t.out);
  const std::string targets = (dir.path / "targets.yaml").string();
  CHECK(t.out.find(targets + ":2:98: error: geography 'Gondr' is not a camp of the Flee scenario " + ethiopia +
                   "; expected one of: ") != std::string::npos);
  CHECK(t.out.find(targets + ":4:47: error: period.until 2022-01-01 is outside the Flee scenario " + ethiopia +
                   " 2020-11-05..2021-03-30 (out.csv's dates); expected a date of the run") != std::string::npos);
  CHECK(t.out.find(targets + ":6:3: error: metric applications measures a migsim scenario's run") != std::string::npos);
}

TEST_CASE("flee sweep: under mpirun -np 3 the points are the same as in one process") {
  if (std::system("command -v mpirun > /dev/null 2>&1") != 0) {
    FAIL("mpirun is not installed; scripts/setup installs openmpi-bin");
    return;
  }
  TempDir dir;
  const auto file = setup(dir, flee_sweep);
  REQUIRE(cli::sh("sweep " + file.string() + " --out " + (dir.path / "one").string() + " -q").code == 0);
  const std::string cmd =
      cli::mpirun(3) + " sweep " + file.string() + " --out " + (dir.path / "three").string() + " -q --threads 1 2>&1";
  const int rc = std::system(cmd.c_str());
  CHECK(WEXITSTATUS(rc) == 0);
  CHECK(text_of(dir.path / "three" / "points.csv") == text_of(dir.path / "one" / "points.csv"));
}
