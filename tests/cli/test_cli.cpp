// End-to-end: the migsim binary as a user runs it.
#include <doctest/doctest.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "flee/paths.hpp"
#include "run_binary.hpp"

namespace fs = std::filesystem;

namespace {

using cli::bin;
using cli::Result;
using cli::sh;
using cli::toy;

// A results path inside a folder of its own: ctest runs these cases in parallel, and one
// case's staging folder must not show up beside another's result.
fs::path scratch(const std::string& name) {
  const fs::path parent = fs::path(MIGSIM_BINARY_DIR) / "test-cli" / name;
  fs::remove_all(parent);
  fs::create_directories(parent);
  return parent / "out";
}

}  // namespace

TEST_CASE("run writes a complete results folder and a summary") {
  const auto out = scratch("run");
  const auto r = sh("run " + toy + " --out " + out.string() + " --seed 7 --threads 2");
  INFO(r.out);
  REQUIRE(r.code == 0);
  for (const char* f : {"manifest.json", "daily.csv", "flows.csv", "outcomes.csv"}) CHECK(fs::exists(out / f));
  CHECK(cli::text_of(out / "daily.csv").rfind("date,node,status,people\n", 0) == 0);
  CHECK(cli::text_of(out / "manifest.json").find("\"seed\": 7") != std::string::npos);
  CHECK(r.out.find("Georgia") != std::string::npos);  // the summary names where people went
  // No staging folder is left beside the result.
  for (const auto& e : fs::directory_iterator(out.parent_path()))
    CHECK(e.path().filename().string().find(".tmp") == std::string::npos);
}

TEST_CASE("results are byte-identical for --threads 1 and 2 and for two runs with one seed") {
  const auto a = scratch("t1"), b = scratch("t2"), c = scratch("t2again");
  REQUIRE(sh("run " + toy + " --out " + a.string() + " --seed 3 --threads 1 -q").code == 0);
  REQUIRE(sh("run " + toy + " --out " + b.string() + " --seed 3 --threads 2 -q").code == 0);
  REQUIRE(sh("run " + toy + " --out " + c.string() + " --seed 3 --threads 2 -q").code == 0);
  for (const char* f : {"daily.csv", "flows.csv", "outcomes.csv"}) {
    CHECK(cli::text_of(a / f) == cli::text_of(b / f));
    CHECK(cli::text_of(b / f) == cli::text_of(c / f));
    CHECK(!cli::text_of(a / f).empty());
  }
  const auto d = scratch("seed4");
  REQUIRE(sh("run " + toy + " --out " + d.string() + " --seed 4 -q").code == 0);
  CHECK(cli::text_of(a / "outcomes.csv") != cli::text_of(d / "outcomes.csv"));
}

TEST_CASE("an existing results folder is refused without --force and replaced with it") {
  const auto out = scratch("exists");
  REQUIRE(sh("run " + toy + " --out " + out.string() + " -q").code == 0);
  const auto before = cli::text_of(out / "outcomes.csv");
  const auto again = sh("run " + toy + " --out " + out.string() + " -q --seed 99");
  CHECK(again.code == 2);
  CHECK(again.out.find("already exists") != std::string::npos);
  CHECK(cli::text_of(out / "outcomes.csv") == before);
  CHECK(sh("run " + toy + " --out " + out.string() + " -q --seed 99 --force").code == 0);
  CHECK(cli::text_of(out / "outcomes.csv") != before);
}

TEST_CASE("check: a valid scenario exits 0, a bad override exits 2 naming where, value and expectation") {
  CHECK(sh("check " + toy).code == 0);
  const auto r = sh("check " + toy + " --set people.total=-5");
  INFO(r.out);
  CHECK(r.code == 2);
  // The override is its own source, line 1; column 14 is where the value -5 starts. The
  // label echoes the argument, so only what follows it shows the value was judged.
  CHECK(r.out.find("--set people.total=-5:1:14: error: people.total '-5' is negative; expected a number from 0 "
                   "to 1e9") != std::string::npos);
  CHECK(r.out.find("1 problem(s); nothing was run") != std::string::npos);
}

namespace {

// "FILE:LINE:COL" of the first `needle` in `text` (1-based), as diagnostics name places.
std::string location(const fs::path& file, const std::string& text, const std::string& needle) {
  const auto at = text.find(needle);
  REQUIRE_MESSAGE(at != std::string::npos, needle);
  const auto line_start = text.rfind('\n', at) + 1;  // npos + 1 == 0 on the first line
  const auto line = 1 + std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n');
  return file.string() + ":" + std::to_string(line) + ":" + std::to_string(at - line_start + 1);
}

}  // namespace

TEST_CASE("a scenario with several problems reports all of them, each where it is, and runs nothing") {
  const auto dir = scratch("bad");
  fs::create_directories(dir);  // here the folder holds the bad scenario
  std::string text = cli::text_of(toy);
  text.replace(text.find("total: 20000"), 12, "totl: 20000");  // unknown key
  text.replace(text.find("days: 2,"), 8, "days: 0,");          // out of range
  text.replace(text.find("to: GE, mode"), 6, "to: XX");        // unknown country
  const auto file = dir / "bad.yaml";
  std::ofstream(file) << text;
  const auto out = dir / "never";
  const auto r = sh("run " + file.string() + " --out " + out.string());
  INFO(r.out);
  CHECK(r.code == 2);
  const auto reported = [&](const std::string& needle, const std::string& message) {
    const std::string line = location(file, text, needle) + ": error: " + message;
    CHECK_MESSAGE(r.out.find(line) != std::string::npos, "expected: " << line);
  };
  reported("totl", "unknown key 'totl' in people");
  reported("0, cost: 50", /* the days value */ "crossing 'ru_lars' days '0' is out of range");
  reported("XX", "crossing 'lars_ge': to 'XX' is not a known country or place");
  CHECK(!fs::exists(out));
}

TEST_CASE("--help tells the commands, a missing file or unknown option exits 2") {
  const auto h = sh("--help");
  CHECK(h.code == 0);
  CHECK(h.out.find("run") != std::string::npos);
  CHECK(h.out.find("check") != std::string::npos);
  const auto rh = sh("run --help");
  CHECK(rh.code == 0);
  CHECK(rh.out.find("--set") != std::string::npos);
  CHECK(sh("run /nonexistent.yaml").code == 2);
  CHECK(sh("run " + toy + " --no-such-option").code == 2);
  CHECK(sh("").code == 2);
}

TEST_CASE("run --flee DIR runs a Flee folder and writes Flee's out.csv") {
  const fs::path flee = flee_paths::synth31_folder();
  const auto out = scratch("flee");
  const auto r = sh("run --flee " + flee.string() + " --out " + out.string() + " --seed 3 -q");
  INFO(r.out);
  CHECK(r.code == 0);
  CHECK(cli::text_of(out / "out.csv").rfind("Day,Date,", 0) == 0);
  CHECK(sh("run --flee " + flee.string() + " --set people.total=5 --out " + scratch("flee2").string()).code == 2);
  CHECK(sh("run").code == 2);
}
