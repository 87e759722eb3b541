// The sweep file and its plan: what a sweep reads, checks and runs, apart from running it
// (tests/cli/test_cli_sweep.cpp runs sweeps).
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <set>

#include "migsim/core/rng.hpp"
#include "migsim/study/sweep.hpp"

using namespace migsim;
namespace fs = std::filesystem;

namespace {

const std::string toy = MIGSIM_SOURCE_DIR "/scenarios/toy/two-routes.yaml";

study::SweepFile sweep_text(const std::string& body) {
  return study::read_sweep_text("scenario: " + toy + "\n" + body, (fs::temp_directory_path() / "s.yaml").string());
}

std::string all(const study::SweepFile& f) {
  std::string out;
  for (const auto& e : f.errors) out += e + "\n";
  return out;
}

bool has(const study::SweepFile& f, const std::string& needle) {
  return all(f).find(needle) != std::string::npos;
}

}  // namespace

TEST_CASE("a grid plan: every point's replicates in order, each seed from (sweep seed, point, replicate)") {
  const auto f = sweep_text(
      "set: {people.total: 500}\n"
      "parameters:\n"
      "  - {path: policies.air_ban.from, values: [2022-03-10, 2022-04-01]}\n"
      "  - {path: countries.GE.attractiveness, values: [1, 2, 3]}\n"
      "design: grid\nreplicates: 2\nseed: 9\n");
  REQUIRE_MESSAGE(f.ok(), all(f));
  const auto runs = study::plan_sweep(f.spec);
  REQUIRE(runs.size() == 12);
  std::set<std::uint64_t> seeds;
  for (std::uint64_t i = 0; i < runs.size(); ++i) {
    CHECK(runs[i].index == i);
    CHECK(runs[i].point == i / 2);
    CHECK(runs[i].replicate == i % 2);
    CHECK(runs[i].seed == derive_seed(derive_seed(9, i / 2), i % 2));
    seeds.insert(runs[i].seed);
  }
  CHECK(seeds.size() == 12);
  // Dates are swept as written; the last parameter varies fastest; set comes first.
  CHECK(runs[2].values == std::vector<std::string>{"2022-03-10", "2"});
  CHECK(runs[2].overrides == std::vector<std::string>{"people.total=500", "policies.air_ban.from=2022-03-10",
                                                      "countries.GE.attractiveness=2"});
  CHECK(runs[11].values == std::vector<std::string>{"2022-04-01", "3"});
}

TEST_CASE("common seeds: replicate r has the same seed at every point") {
  const auto f = sweep_text(
      "parameters:\n  - {path: countries.GE.attractiveness, values: [1, 2]}\n"
      "design: grid\nreplicates: 3\nseed: 4\ncommon_seeds: true\n");
  REQUIRE_MESSAGE(f.ok(), all(f));
  const auto runs = study::plan_sweep(f.spec);
  REQUIRE(runs.size() == 6);
  for (const auto& r : runs) CHECK(r.seed == derive_seed(4, r.replicate));
}

TEST_CASE("a sampled design over a range and a list: values in range, list values as written") {
  const auto f = sweep_text(
      "parameters:\n"
      "  - {path: countries.GE.attractiveness, min: 0.5, max: 2.5}\n"
      "  - {path: policies.air_ban.from, values: [2022-03-10, 2022-04-01]}\n"
      "design: latin_hypercube\nsamples: 20\n");
  REQUIRE_MESSAGE(f.ok(), all(f));
  const auto runs = study::plan_sweep(f.spec);
  REQUIRE(runs.size() == 20);
  std::set<std::string> dates;
  for (const auto& r : runs) {
    const double v = std::stod(r.values[0]);
    CHECK(v >= 0.5);
    CHECK(v <= 2.5);
    dates.insert(r.values[1]);
  }
  CHECK(dates == std::set<std::string>{"2022-03-10", "2022-04-01"});
}

TEST_CASE("the design's demands are checked with the file") {
  CHECK(has(sweep_text("parameters:\n  - {path: people.total, min: 1, max: 9}\ndesign: random\n"),
            "design random needs samples"));
  CHECK(has(sweep_text("parameters:\n  - {path: people.total, values: [1]}\ndesign: grid\nsamples: 3\n"),
            "samples is for the sampled designs"));
  CHECK(
      has(sweep_text("parameters:\n  - {path: people.total, min: 0, max: 9, scale: log}\ndesign: sobol\nsamples: 4\n"),
          "log"));
  CHECK(has(sweep_text("parameters:\n  - {path: people.total, values: [1]}\ndesign: grid\nreplicates: 0\n"),
            "replicates '0' is not a whole number from 1"));
  CHECK(has(sweep_text("parameters:\n  - {path: people.total, values: [1]}\n  - {path: people.total, values: [2]}\n"
                       "design: grid\n"),
            "path 'people.total' is swept twice"));
  CHECK(has(sweep_text("set: {people.total: -5}\nparameters:\n  - {path: people.total, values: [1]}\ndesign: grid\n"),
            "set: "));
}

TEST_CASE("a points design reads its CSV by column name, and says what is wrong with it") {
  const fs::path dir = fs::temp_directory_path() / "migsim-points-test";
  fs::create_directories(dir);
  std::ofstream(dir / "p.csv") << "countries.GE.attractiveness,people.total\n1.5,100\n2.5,200\n";
  std::ofstream(dir / "bad.csv") << "people.total,colour\n100,red\n";
  const std::string head = "scenario: " + toy +
                           "\nparameters:\n  - {path: people.total}\n  - {path: countries.GE.attractiveness}\n"
                           "design: points\n";
  const auto good = study::read_sweep_text(head + "points: p.csv\n", (dir / "s.yaml").string());
  REQUIRE_MESSAGE(good.ok(), all(good));
  const auto runs = study::plan_sweep(good.spec);
  REQUIRE(runs.size() == 2);
  CHECK(runs[1].values == std::vector<std::string>{"200", "2.5"});  // parameter order, not column order
  const auto bad = study::read_sweep_text(head + "points: bad.csv\n", (dir / "s.yaml").string());
  CHECK(has(bad, "bad.csv:1:14: error: column 'colour' is not a parameter path"));
  CHECK(has(bad, "no column 'countries.GE.attractiveness'"));
  fs::remove_all(dir);
}
