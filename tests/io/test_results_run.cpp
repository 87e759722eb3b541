// The writers on a real run of the tiny scenario: one complete folder, byte-identical for
// 1 and 2 threads, and every spawned person in exactly one daily.csv row per day.
#include <doctest/doctest.h>

#include <map>
#include <nlohmann/json.hpp>
#include <sstream>

#include "migsim/io/results.hpp"
#include "migsim/io/tables.hpp"
#include "results_fixture.hpp"

using namespace migsim;
using migsim::test::read_text;
using migsim::test::TempDir;
namespace fs = std::filesystem;

namespace {

RunResult run_into(const fs::path& out, const ScenarioSpec& spec, const Model& model, int threads) {
  io::ResultsFolder folder(out, false);
  io::CsvWriter writer(folder.staging());
  RunOptions options;
  options.seed = 7;
  options.threads = threads;
  const RunResult result = run(model, options, &writer);
  io::ManifestInfo info;
  info.scenario_path = "tiny.yaml";
  info.seed = options.seed;
  info.command_line = "test --threads " + std::to_string(threads);
  io::write_manifest(folder.staging(), spec, model, info, result);
  folder.commit();
  return result;
}

}  // namespace

TEST_CASE("a real run writes the same bytes for 1 and 2 threads and conserves people") {
  const auto tiny = test::tiny_spec();
  const auto model = build_model(tiny);
  TempDir dir;
  const RunResult one = run_into(dir.path() / "t1", tiny, *model, 1);
  run_into(dir.path() / "t2", tiny, *model, 2);

  for (const io::OutputSpec& spec : io::output_specs()) {
    if (spec.columns.empty()) continue;  // manifest.json: compared below, without its `run`
    CHECK_MESSAGE(fs::exists(dir.path() / "t1" / spec.file), spec.file);
    CHECK_MESSAGE(read_text(dir.path() / "t1" / spec.file) == read_text(dir.path() / "t2" / spec.file), spec.file);
  }
  auto m1 = nlohmann::json::parse(read_text(dir.path() / "t1" / "manifest.json"));
  auto m2 = nlohmann::json::parse(read_text(dir.path() / "t2" / "manifest.json"));
  m1.erase("run");
  m2.erase("run");
  CHECK(m1 == m2);

  // People per day never exceed what was spawned, and on the last day equal it.
  std::istringstream daily(read_text(dir.path() / "t1" / "daily.csv"));
  std::string line;
  std::getline(daily, line);
  CHECK(line == "date,node,status,people");
  std::map<std::string, std::uint64_t> per_day;
  while (std::getline(daily, line)) per_day[line.substr(0, 10)] += std::stoull(line.substr(line.rfind(',') + 1));
  const auto spawned = static_cast<std::uint64_t>(static_cast<double>(one.agents) * scale_of(*model));
  CHECK(spawned == 100);
  REQUIRE_FALSE(per_day.empty());
  CHECK(per_day.rbegin()->first == "2022-04-02");
  CHECK(per_day.rbegin()->second == spawned);
  for (const auto& [date, people] : per_day) CHECK(people <= spawned);
}
