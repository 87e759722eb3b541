// `migsim sensitivity` as a user runs it: a tiny Sobol' analysis of the asylum toy (the rows of
// indices.csv, the table on stdout), a folder that is not new refused, and an analysis stopped
// by SIGTERM then resumed, which must end with the indices of an uninterrupted one.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "run_binary.hpp"

namespace fs = std::filesystem;

using cli::lines;
using cli::TempDir;
using cli::text_of;

namespace {

const std::string source = MIGSIM_SOURCE_DIR;

const std::string toy_targets = R"(
- {id: de_applications, metric: applications, period: {from: 2022-09-01, until: 2023-12-31}, geography: DE,
   value: 1000, source: test, confidence: L}
- {id: ge_stock, metric: stock, period: {from: 2023-12-31, until: 2023-12-31}, geography: GE,
   value: 1000, source: test, confidence: L}
)";

std::string toy_sobol() {
  return "scenario: " + source +
         "/scenarios/toy/asylum.yaml\n"
         "targets: targets.yaml\n"
         "parameters:\n"
         "  - {path: countries.DE.attractiveness, min: 1.5, max: 3.5}\n"
         "  - {path: countries.GE.attractiveness, min: 0.5, max: 2}\n"
         "method: sobol\n"
         "samples: 4\n"
         "seed: 2\n"
         "bootstrap: 50\n";
}

fs::path setup(const TempDir& dir, const std::string& body) {
  std::ofstream(dir.path / "targets.yaml") << toy_targets;
  std::ofstream(dir.path / "sa.yaml") << body;
  return dir.path / "sa.yaml";
}

}  // namespace

TEST_CASE("sensitivity: a tiny Sobol' analysis writes S1 and ST per metric and parameter, and a table on stdout") {
  TempDir dir;
  const auto file = setup(dir, toy_sobol());
  const std::string out = (dir.path / "out").string();
  const auto r = cli::sh("sensitivity " + file.string() + " --out " + out + " --threads 1");
  INFO(r.out);
  REQUIRE(r.code == 0);
  const std::string indices = text_of(fs::path(out) / "indices.csv");
  CHECK(indices.rfind("metric,parameter,method,index,value,lo,hi\n", 0) == 0);
  CHECK(lines(indices) == 1 + 2 * 2 * 2);  // header + metrics x parameters x (S1, ST)
  for (const char* row :
       {"de_applications,countries.DE.attractiveness,sobol,S1,",
        "de_applications,countries.DE.attractiveness,sobol,ST,", "ge_stock,countries.GE.attractiveness,sobol,S1,",
        "ge_stock,countries.GE.attractiveness,sobol,ST,"})
    CHECK(indices.find(std::string("\n") + row) != std::string::npos);
  CHECK(lines(text_of(fs::path(out) / "points.csv")) == 1 + 4 * (2 + 2));  // n (k + 2) points, 1 replicate
  CHECK(r.out.find("metric") != std::string::npos);                        // the table's header
  CHECK(r.out.find("ST") != std::string::npos);
  CHECK(r.out.find("de_applications  countries.") != std::string::npos);
  // Again into a folder that is not new: refused, nothing run.
  const auto again = cli::sh("sensitivity " + file.string() + " --out " + out + " -q");
  CHECK(again.code == 2);
  CHECK(again.out.find("exists and is not empty") != std::string::npos);
}

TEST_CASE("sensitivity: a bad file is refused with its problems, and nothing runs") {
  TempDir dir;
  const auto file = setup(dir, toy_sobol() + "levels: 4\n");
  const auto r = cli::sh("sensitivity " + file.string() + " --out " + (dir.path / "out").string());
  INFO(r.out);
  CHECK(r.code == 2);
  CHECK(r.out.find(file.string() + ":10:1: error: levels is for method morris; method is sobol") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path / "out"));
}

TEST_CASE("sensitivity: stopped by SIGTERM part-way, then --resume, it ends with the indices of an uninterrupted run") {
  TempDir dir;
  // 3 parameters, 6 trajectories: 24 runs of the reference scenario at a coarse scale.
  const std::string body = "scenario: " + source +
                           "/scenarios/russia-2022.yaml\n"
                           "set: {people.scale: 400}\n"
                           "targets: " +
                           source +
                           "/scenarios/targets/published.yaml\n"
                           "parameters:\n"
                           "  - {path: policies.croatia_recognition.rate, min: 0.05, max: 0.5}\n"
                           "  - {path: countries.GE.attractiveness, min: 0.5, max: 2}\n"
                           "  - {path: countries.DE.attractiveness, min: 0.5, max: 2}\n"
                           "method: morris\n"
                           "samples: 6\n"
                           "seed: 9\n"
                           "bootstrap: 100\n";
  const std::string file = setup(dir, body).string(), out = (dir.path / "cut").string();
  const auto whole = cli::sh("sensitivity " + file + " --out " + (dir.path / "whole").string() + " -q --threads 1");
  INFO(whole.out);
  REQUIRE(whole.code == 0);

  CHECK(cli::stopped_when({"sensitivity", file, "--out", out, "-q", "--threads", "1"},
                          [&] { return lines(text_of(fs::path(out) / "journal.csv")) >= 4; }) == 143);
  CHECK_FALSE(fs::exists(fs::path(out) / "indices.csv"));  // no indices from part of the design
  const auto resumed = cli::sh("sensitivity " + file + " --out " + out + " -q --resume --threads 1");
  INFO(resumed.out);
  CHECK(resumed.code == 0);
  const std::string indices = text_of(fs::path(out) / "indices.csv");
  CHECK(lines(indices) > 1);
  CHECK(indices == text_of(dir.path / "whole" / "indices.csv"));
}
