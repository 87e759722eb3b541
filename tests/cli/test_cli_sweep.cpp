// `migsim sweep` as a user runs it: a grid with replicates and targets, a failed point among
// good ones, bad sweep files, an interrupted sweep resumed, and the same sweep under
// `mpirun -np 3` — each compared by points.csv, which must not depend on how it was run.
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "run_binary.hpp"

namespace fs = std::filesystem;

namespace {

const std::string source = MIGSIM_SOURCE_DIR;

using cli::lines;
using cli::TempDir;
using cli::text_of;
using cli::write;

// Two targets the toy can answer: arrivals into GE, and the stock there on the last day.
const std::string toy_targets = R"(
- {id: ge_arrivals, metric: arrivals, period: {from: 2022-03-01, until: 2022-03-31}, geography: GE,
   value: 100, source: test, confidence: L}
- {id: ge_stock, metric: stock, period: {from: 2022-03-20, until: 2022-03-20}, geography: GE,
   value: 100, source: test, confidence: L}
)";

// A 2 x 2 grid with 2 replicates over the two-routes toy: 8 runs.
std::string toy_sweep(const std::string& extra_total = "") {
  return "scenario: " + source + "/scenarios/toy/two-routes.yaml\n" +
         "set: {people.total: 2000}\n"
         "parameters:\n"
         "  - {path: countries.GE.attractiveness, values: [0.5, 2]}\n"
         "  - {path: people.total, values: [1000, 3000" +
         extra_total +
         "]}\n"
         "design: grid\n"
         "replicates: 2\n"
         "seed: 11\n"
         "targets: targets.yaml\n";
}

fs::path setup(const TempDir& dir, const std::string& sweep) {
  write(dir.path / "targets.yaml", toy_targets);
  write(dir.path / "sweep.yaml", sweep);
  return dir.path / "sweep.yaml";
}

}  // namespace

TEST_CASE("sweep: a grid with replicates gives one row per run, with each target's metric") {
  TempDir dir;
  const auto file = setup(dir, toy_sweep());
  const auto r = cli::sh("sweep " + file.string() + " --out " + (dir.path / "out").string() + " -q");
  INFO(r.out);
  REQUIRE(r.code == 0);
  const std::string points = text_of(dir.path / "out" / "points.csv");
  CHECK(lines(points) == 9);  // header + 2 x 2 points x 2 replicates
  CHECK(points.rfind(
            "point,replicate,seed,countries.GE.attractiveness,people.total,status,error,ge_arrivals,ge_stock\n", 0) ==
        0);
  std::istringstream rows(points);
  std::string row;
  std::getline(rows, row);
  int n = 0;
  while (std::getline(rows, row)) {
    const std::string prefix = std::to_string(n / 2) + "," + std::to_string(n % 2) + ",";
    CHECK(row.rfind(prefix, 0) == 0);  // by point, then replicate
    CHECK(row.find(",ok,,") != std::string::npos);
    ++n;
  }
  // The grid's last parameter varies fastest: point 1 is (0.5, 3000).
  CHECK(points.find("\n1,0,") != std::string::npos);
  CHECK(points.find(",0.5,3000,ok") != std::string::npos);
  CHECK(fs::exists(dir.path / "out" / "timings.csv"));
  CHECK(text_of(dir.path / "out" / "sweep.json").find("\"complete\": true") != std::string::npos);
  // Same file, another folder: the same bytes.
  REQUIRE(cli::sh("sweep " + file.string() + " --out " + (dir.path / "again").string() + " -q --threads 1").code == 0);
  CHECK(text_of(dir.path / "again" / "points.csv") == points);
}

TEST_CASE("sweep: a point the scenario refuses is recorded as failed with its message, and the others run") {
  TempDir dir;
  const auto file = setup(dir, toy_sweep(", -5"));
  const auto r = cli::sh("sweep " + file.string() + " --out " + (dir.path / "out").string() + " -q");
  INFO(r.out);
  CHECK(r.code == 3);
  const std::string points = text_of(dir.path / "out" / "points.csv");
  CHECK(lines(points) == 13);  // 2 x 3 points x 2 replicates
  CHECK(points.find(",-5,failed,") != std::string::npos);
  CHECK(points.find("--set people.total=-5") != std::string::npos);  // the scenario's own message
  CHECK(points.find(",3000,ok,") != std::string::npos);
}

TEST_CASE("sweep: a bad sweep file is refused, every problem at its line and column, and nothing runs") {
  TempDir dir;
  const auto file = setup(dir, "scenario: " + source +
                                   "/scenarios/toy/two-routes.yaml\n"
                                   "parameters:\n"
                                   "  - {path: countries.GE.attractivness, values: [1, 2]}\n"
                                   "  - {path: people.total, min: 1000, max: 3000}\n"
                                   "design: grid\n"
                                   "replicate: 2\n");
  const auto r = cli::sh("sweep " + file.string() + " --out " + (dir.path / "out").string());
  INFO(r.out);
  CHECK(r.code == 2);
  CHECK(r.out.find(file.string() + ":6:1: error: unknown key 'replicate' in the sweep") != std::string::npos);
  CHECK(r.out.find(file.string() + ":3:5: error: path 'countries.GE.attractivness': unknown key 'attractivness'") !=
        std::string::npos);
  CHECK(r.out.find("grid") != std::string::npos);  // a range in a grid
  CHECK_FALSE(fs::exists(dir.path / "out"));
}

TEST_CASE("sweep: stopped by SIGTERM part-way, then --resume, it ends with the points of an uninterrupted sweep") {
  TempDir dir;
  write(dir.path / "targets.yaml", toy_targets);
  // 24 runs of the reference scenario at a coarse scale, long enough to stop part-way.
  const std::string sweep = "scenario: " + source + "/scenarios/russia-2022.yaml\n" +
                            "set: {people.scale: 400}\n"
                            "parameters:\n"
                            "  - {path: policies.croatia_recognition.rate, min: 0.05, max: 0.5}\n"
                            "design: latin_hypercube\n"
                            "samples: 12\n"
                            "replicates: 2\n"
                            "targets: " +
                            source + "/scenarios/targets/published.yaml\n";
  write(dir.path / "sweep.yaml", sweep);
  const std::string file = (dir.path / "sweep.yaml").string(), out = (dir.path / "cut").string();
  REQUIRE(cli::sh("sweep " + file + " --out " + (dir.path / "whole").string() + " -q --threads 1").code == 0);

  // Stop it once a few runs are in the journal (header + 3 lines).
  CHECK(cli::stopped_when({"sweep", file, "--out", out, "-q", "--threads", "1"},
                          [&] { return lines(text_of(fs::path(out) / "journal.csv")) >= 4; }) == 143);
  const std::size_t done = lines(text_of(fs::path(out) / "points.csv")) - 1;
  CHECK(done >= 3);
  CHECK(done < 24);
  // A crash while writing leaves a line without its end: that run runs again.
  std::ofstream(fs::path(out) / "journal.csv", std::ios::app) << "99,ok,0,0.1,";
  const auto resumed = cli::sh("sweep " + file + " --out " + out + " -q --resume --threads 1");
  INFO(resumed.out);
  CHECK(resumed.code == 0);
  CHECK(text_of(fs::path(out) / "points.csv") == text_of(dir.path / "whole" / "points.csv"));
  // Without --resume, a folder holding a sweep is refused.
  CHECK(cli::sh("sweep " + file + " --out " + out + " -q").code == 2);
}

TEST_CASE("sweep: under mpirun -np 3 the points are the same as in one process") {
  if (std::system("command -v mpirun > /dev/null 2>&1") != 0) {
    FAIL("mpirun is not installed; scripts/setup installs openmpi-bin");
    return;
  }
  TempDir dir;
  const auto file = setup(dir, toy_sweep());
  REQUIRE(cli::sh("sweep " + file.string() + " --out " + (dir.path / "one").string() + " -q").code == 0);
  const std::string cmd =
      cli::mpirun(3) + " sweep " + file.string() + " --out " + (dir.path / "three").string() + " -q --threads 1 2>&1";
  const int rc = std::system(cmd.c_str());
  CHECK(WEXITSTATUS(rc) == 0);
  CHECK(text_of(dir.path / "three" / "points.csv") == text_of(dir.path / "one" / "points.csv"));
  const std::string timings = text_of(dir.path / "three" / "timings.csv");
  CHECK(timings.find(",1,") != std::string::npos);  // rank 1 ran something
  CHECK(text_of(dir.path / "three" / "sweep.json").find("\"ranks\": 3") != std::string::npos);
}

TEST_CASE("sweep: keep writes the results folders of the points it names, each with its run's seed") {
  TempDir dir;
  const auto file = setup(dir, toy_sweep() + "keep: [1]\n");
  REQUIRE(cli::sh("sweep " + file.string() + " --out " + (dir.path / "out").string() + " -q").code == 0);
  const fs::path runs = dir.path / "out" / "runs";
  CHECK_FALSE(fs::exists(runs / "0"));
  for (const char* index : {"2", "3"}) {  // point 1, replicates 0 and 1
    CAPTURE(index);
    REQUIRE(fs::exists(runs / index / "daily.csv"));
    const std::string manifest = text_of(runs / index / "manifest.json");
    CHECK(manifest.find("people.total=3000") != std::string::npos);
    // The seed the manifest records is the seed points.csv gives that run.
    std::istringstream rows(text_of(dir.path / "out" / "points.csv"));
    std::string row;
    for (int i = 0; i <= std::stoi(index) + 1; ++i) std::getline(rows, row);
    const std::string seed = row.substr(4, row.find(',', 4) - 4);
    CHECK(manifest.find("\"seed\": " + seed) != std::string::npos);
  }
  CHECK(std::distance(fs::directory_iterator(runs), fs::directory_iterator{}) == 2);
}
