// End-to-end: `migsim compare` on a results folder the binary wrote itself, so the manifest's
// geography and the CSV headers the reader expects are those the writers produce.
#include <doctest/doctest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "run_binary.hpp"

namespace fs = std::filesystem;

namespace {

using cli::bin;
using cli::Result;
using cli::sh;
using cli::toy;

// A folder of this file's own: ctest runs cases in parallel.
fs::path scratch(const std::string& name) {
  const fs::path dir = fs::path(MIGSIM_BINARY_DIR) / "test-cli-compare" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

}  // namespace

TEST_CASE("compare: a run of the toy scenario against a targets file prints a row and the tally") {
  const auto dir = scratch("toy");
  REQUIRE(sh("run " + toy + " --out " + (dir / "out").string() + " -q").code == 0);
  std::ofstream(dir / "t.yaml") << "- id: arrivals_de\n"
                                   "  metric: arrivals\n"
                                   "  period: {from: 2022-03-01, until: 2022-06-30}\n"
                                   "  geography: EU\n"  // DE is the toy's only EU member
                                   "  value: 1000\n"
                                   "  source: made up for the test\n"
                                   "  confidence: L\n"
                                   "  kept_aside: true\n";
  const auto r = sh("compare " + (dir / "out").string() + " " + (dir / "t.yaml").string());
  INFO(r.out);
  CHECK(r.code == 0);
  CHECK(r.out.find("arrivals_de") != std::string::npos);
  CHECK(r.out.find("2022-03..2022-06") != std::string::npos);
  CHECK(r.out.find("aside") != std::string::npos);
  CHECK(r.out.find(" of 1 within tolerance") != std::string::npos);
}

TEST_CASE("compare: bad input exits 2 with file:line:col") {
  const auto dir = scratch("bad");
  REQUIRE(sh("run " + toy + " --out " + (dir / "out").string() + " -q").code == 0);
  std::ofstream(dir / "t.yaml") << "- id: x\n  metric: nonsense\n";
  const auto r = sh("compare " + (dir / "out").string() + " " + (dir / "t.yaml").string());
  CHECK(r.code == 2);
  CHECK(r.out.find((dir / "t.yaml").string() + ":2:11: error: metric 'nonsense' is unknown") != std::string::npos);
  CHECK(sh("compare " + (dir / "out").string()).code == 2);  // TARGETS missing
  CHECK(sh("compare " + (dir / "nowhere").string() + " " + (dir / "t.yaml").string()).code == 2);
}
