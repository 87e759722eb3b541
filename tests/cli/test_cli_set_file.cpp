// End-to-end: `--set-file FILE` for run and check — the file's entries change the result,
// a --set after it wins, a bad file exits 2 naming its own line:col, and the manifest
// records the file.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

#include "migsim/io/results.hpp"
#include "run_binary.hpp"

namespace fs = std::filesystem;

namespace {

using cli::sh;

const std::string asylum = std::string(MIGSIM_SOURCE_DIR) + "/scenarios/toy/asylum.yaml";

// A folder of this case's own (ctest runs cases in parallel).
fs::path scratch(const std::string& name) {
  const fs::path dir = fs::path(MIGSIM_BINARY_DIR) / "test-cli-set-file" / name;
  fs::remove_all(dir);
  fs::create_directories(dir);
  return dir;
}

fs::path write(const fs::path& file, const std::string& text) {
  std::ofstream(file, std::ios::binary) << text;
  return file;
}

// The summary, without its last lines (wall time and the results folder differ run to run).
std::string summary(const std::string& out) {
  return out.substr(0, out.rfind("Wall time"));
}

}  // namespace

TEST_CASE("run --set-file: the file's values change the result, a --set after it wins") {
  const auto dir = scratch("run");
  const auto zero = write(dir / "zero.yaml", "# Germany recognises no evaders\npolicies.de_evaders.rate: 0\n");
  const auto one = write(dir / "one.yaml", "policies.de_evaders.rate: 1\n");
  const std::string common = asylum + " --seed 5 --threads 2 --out ";

  const auto r0 = sh("run " + common + (dir / "r0").string() + " --set-file " + zero.string());
  INFO(r0.out);
  REQUIRE(r0.code == 0);
  const auto r1 = sh("run " + common + (dir / "r1").string() + " --set-file " + one.string());
  INFO(r1.out);
  REQUIRE(r1.code == 0);
  CHECK(summary(r0.out) != summary(r1.out));
  CHECK(cli::text_of(dir / "r0" / "asylum.csv") != cli::text_of(dir / "r1" / "asylum.csv"));

  // The file says 0, the --set after it says 1: the run is the rate-1 run, byte for byte.
  const auto both = sh("run " + common + (dir / "both").string() + " --set-file " + zero.string() +
                       " --set policies.de_evaders.rate=1");
  INFO(both.out);
  REQUIRE(both.code == 0);
  CHECK(summary(both.out) == summary(r1.out));
  for (const char* f : {"daily.csv", "asylum.csv", "outcomes.csv"})
    CHECK(cli::text_of(dir / "both" / f) == cli::text_of(dir / "r1" / f));

  // The manifest records the file (path, SHA-256 of its bytes, entries) and the --set apart.
  const auto m = nlohmann::json::parse(cli::text_of(dir / "both" / "manifest.json"));
  CHECK(m.at("overrides_file").at("path") == zero.string());
  CHECK(m.at("overrides_file").at("sha256") == migsim::io::sha256_file(zero));
  CHECK(m.at("overrides_file").at("entries") == nlohmann::json::array({"policies.de_evaders.rate=0"}));
  CHECK(m.at("overrides") == nlohmann::json::array({"policies.de_evaders.rate=1"}));
  const auto plain = nlohmann::json::parse(cli::text_of(dir / "r1" / "manifest.json"));
  CHECK(plain.at("overrides") == nlohmann::json::array());
}

TEST_CASE("a bad overrides file exits 2, every problem at its line:col in the file, and runs nothing") {
  const auto dir = scratch("bad");
  const auto bad = write(dir / "calibrated.yaml",
                         "policies.de_evaders.rate: 1.5\n"
                         "policies.de_evaders.rte: 0.5\n"
                         "policies:\n"
                         "  de_evaders: {rate: 0.2}\n"
                         "policies.de_evaders.rate: 0.3\n");
  const auto r = sh("run " + asylum + " --out " + (dir / "out").string() + " --set-file " + bad.string());
  INFO(r.out);
  CHECK(r.code == 2);
  const std::string f = bad.string();
  CHECK(r.out.find(f + ":1:27: error: ") != std::string::npos);  // 1.5 is no rate
  CHECK(r.out.find("'1.5'") != std::string::npos);
  CHECK(r.out.find(f + ":2:21: error: unknown key 'rte' in policies.de_evaders; expected one of: ") !=
        std::string::npos);
  CHECK(r.out.find(f + ":4:3: error: 'policies' holds a map; expected a single value: an overrides file is flat, "
                       "write 'policies.de_evaders.rate: 0.2' rather than nesting") != std::string::npos);
  CHECK(r.out.find(f + ":5:1: error: duplicate key 'policies.de_evaders.rate'; it was already given at line 1") !=
        std::string::npos);
  CHECK(r.out.find("4 problem(s); nothing was run") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "out"));

  const auto empty = write(dir / "empty.yaml", "# nothing yet\n");
  const auto e = sh("check " + asylum + " --set-file " + empty.string());
  CHECK(e.code == 2);
  CHECK(e.out.find(empty.string() + ":1:1: error: file is empty; expected a map of dotted.path: value") !=
        std::string::npos);

  const auto missing = sh("check " + asylum + " --set-file " + (dir / "none.yaml").string());
  CHECK(missing.code == 2);
  CHECK(missing.out.find((dir / "none.yaml").string() + ": error: cannot open: no such file") != std::string::npos);
}

TEST_CASE("check --set-file: a good file exits 0, a value the scenario refuses exits 2 pointing into the file") {
  const auto dir = scratch("check");
  const auto good = write(dir / "good.yaml", "policies.de_evaders.rate: 0.25\npeople.total: 3000\n");
  const auto ok = sh("check " + asylum + " --set-file " + good.string());
  INFO(ok.out);
  CHECK(ok.code == 0);
  CHECK(ok.out.find(": ok: ") != std::string::npos);

  const auto neg = write(dir / "neg.yaml", "policies.de_evaders.rate: 0.25\npeople.total: -5\n");
  const auto r = sh("check " + asylum + " --set-file " + neg.string());
  INFO(r.out);
  CHECK(r.code == 2);
  CHECK(r.out.find(neg.string() + ":2:15: error: people.total '-5' is negative; expected a number from 0 to 1e9") !=
        std::string::npos);
  // A --set fixes it: it applies after the file.
  CHECK(sh("check " + asylum + " --set-file " + neg.string() + " --set people.total=5000").code == 0);
}

TEST_CASE("--help of run and check names --set-file and the order") {
  for (const char* cmd : {"run --help", "check --help"}) {
    const auto r = sh(cmd);
    INFO(r.out);
    CHECK(r.code == 0);
    CHECK(r.out.find("--set-file") != std::string::npos);
    CHECK(r.out.find("after --set-file") != std::string::npos);
  }
  CHECK(sh("run --flee " + std::string(MIGSIM_SOURCE_DIR) + " --set-file x.yaml").code == 2);
}
