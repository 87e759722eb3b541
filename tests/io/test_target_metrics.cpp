// TargetMetrics: the targets' metrics from a run in memory must be exactly those migsim
// compare computes from the folder a CsvWriter wrote from the same run: one run, both
// observers attached, every target's value compared bit for bit.
#include <doctest/doctest.h>

#include <bit>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include "migsim/io/compare.hpp"
#include "migsim/io/results.hpp"
#include "migsim/io/scenario_yaml.hpp"
#include "results_fixture.hpp"

using namespace migsim;
using migsim::io::Comparison;
using migsim::io::Metric;
using migsim::test::TempDir;
namespace fs = std::filesystem;

namespace {

// The toy's world: RU (origin), TR (transit), GE (no asylum), HR and DE (EU, asylum);
// 2022-09-01..2023-12-31. One target at least of every metric, several geographies, and
// periods that end inside the run; on 2022-10-31 people are on the crossing from TR to HR
// (30 days), counted at TR but not in its stock.
const char* const toy_targets = R"(
- {id: applications_eu, metric: applications, period: {from: 2022-09-01, until: 2023-12-31}, geography: EU,
   value: 100, source: t, confidence: L}
- {id: applications_de_2022_10, metric: applications, period: {from: 2022-10-01, until: 2022-10-31}, geography: DE,
   value: 100, source: t, confidence: L}
- {id: registrations_hr, metric: registrations, period: {from: 2023-01-01, until: 2023-12-31}, geography: HR,
   value: 100, source: t, confidence: L}
- {id: positive_de, metric: decisions_positive, period: {from: 2022-09-01, until: 2023-12-31}, geography: DE,
   value: 100, source: t, confidence: L}
- {id: rate_eu, metric: protection_rate, period: {from: 2022-09-01, until: 2023-12-31}, geography: EU,
   value: 0.2, source: t, confidence: L}
- {id: rate_hr, metric: protection_rate, period: {from: 2023-01-01, until: 2023-12-31}, geography: [HR],
   value: 0.2, source: t, confidence: L}
- {id: requests_hr, metric: dublin_requests, period: {from: 2022-09-01, until: 2023-12-31}, geography: HR,
   value: 100, source: t, confidence: L}
- {id: transfers_hr, metric: dublin_transfers, period: {from: 2022-09-01, until: 2023-12-31}, geography: HR,
   value: 100, source: t, confidence: L}
- {id: first_de_2023, metric: mean_days_to_first_decision, period: {from: 2023-01-01, until: 2023-12-31},
   geography: DE, value: 100, source: t, confidence: L}
- {id: first_de_hr_2023, metric: mean_days_to_first_decision, period: {from: 2023-01-01, until: 2023-12-31},
   geography: [HR, DE], value: 100, source: t, confidence: L}
- {id: first_eu_2022, metric: mean_days_to_first_decision, period: {from: 2022-01-01, until: 2022-12-31},
   geography: EU, value: 100, source: t, confidence: L}
- {id: final_de_2023, metric: mean_days_to_final_decision, period: {from: 2023-01-01, until: 2023-12-31},
   geography: DE, value: 100, source: t, confidence: L}
- {id: arrivals_eu, metric: arrivals, period: {from: 2022-09-01, until: 2023-12-31}, geography: EU,
   value: 100, source: t, confidence: L}
- {id: arrivals_ge_tr, metric: arrivals, period: {from: 2022-10-01, until: 2023-06-30}, geography: [GE, TR],
   value: 100, source: t, confidence: L}
- {id: home_to_ru, metric: arrivals, period: {from: 2022-09-01, until: 2023-12-31}, geography: RU,
   value: 100, source: t, confidence: L}
- {id: stock_ge_2022, metric: stock, period: {from: 2022-12-31, until: 2022-12-31}, geography: GE,
   value: 100, source: t, confidence: L}
- {id: stock_abroad_end, metric: stock, period: {from: 2023-12-31, until: 2023-12-31}, geography: [TR, GE, HR, DE],
   value: 100, source: t, confidence: L}
- {id: stock_tr_2022_10, metric: stock, period: {from: 2022-10-31, until: 2022-10-31}, geography: TR,
   value: 100, source: t, confidence: L}
- {id: stock_eu_first_day, metric: stock, period: {from: 2022-09-01, until: 2022-09-01}, geography: EU,
   value: 100, source: t, confidence: L}
)";

struct Both {
  std::vector<Comparison> folder, memory;
  std::vector<std::string> folder_errors, memory_errors;
};

// One run of `scenario` with a CsvWriter and a TargetMetrics attached, the folder
// committed under `dir`, and the targets evaluated both ways.
Both run_both(const std::string& scenario, const std::vector<std::string>& overrides, const io::TargetsFile& targets,
              const fs::path& dir) {
  const auto loaded = io::load_scenario(scenario, overrides);
  REQUIRE(loaded.ok());
  const auto model = build_model(loaded.spec);
  io::ResultsFolder folder(dir / "run", false);
  io::CsvWriter writer(folder.staging());
  io::TargetMetrics metrics(targets);
  Fanout both({&writer, &metrics});
  RunOptions options;
  options.seed = loaded.spec.seed;
  options.threads = 2;
  const RunResult result = run(*model, options, &both);
  io::write_manifest(folder.staging(), *model, io::ManifestInfo{}, result);
  folder.commit();
  Both out;
  out.folder = io::evaluate_targets(folder.final_path().string(), targets, out.folder_errors);
  out.memory = metrics.evaluate(out.memory_errors);
  return out;
}

std::uint64_t bits(double v) {
  return std::bit_cast<std::uint64_t>(v);
}

// Every target's value the same both ways, to the bit; returns the metrics seen with a value.
std::set<Metric> check_same(const Both& b, const io::TargetsFile& targets) {
  CHECK(b.folder_errors.empty());
  CHECK(b.memory_errors.empty());
  REQUIRE(b.folder.size() == targets.targets.size());
  REQUIRE(b.memory.size() == targets.targets.size());
  std::set<Metric> valued;
  for (std::size_t i = 0; i < b.folder.size(); ++i) {
    const Comparison &f = b.folder[i], &m = b.memory[i];
    INFO(f.target->id);
    CHECK(m.target == f.target);
    REQUIRE(m.model.has_value() == f.model.has_value());
    if (!f.model) continue;
    CHECK(bits(*m.model) == bits(*f.model));
    CHECK(m.ok == f.ok);
    if (*f.model > 0) valued.insert(f.target->metric);
  }
  return valued;
}

}  // namespace

TEST_CASE("in memory and from the folder: the toy's targets of every metric, bit for bit") {
  const auto targets = io::read_targets_text(toy_targets, "toy-targets.yaml");
  REQUIRE(targets.ok());
  std::set<Metric> all;
  for (const auto& t : targets.targets) all.insert(t.metric);
  REQUIRE(all.size() == static_cast<std::size_t>(io::metric_count));

  TempDir dir;
  const Both b = run_both(MIGSIM_SOURCE_DIR "/scenarios/toy/asylum.yaml", {}, targets, dir.path());
  const std::set<Metric> valued = check_same(b, targets);
  // Equal because both are zero would prove little: every metric has a value above zero.
  CHECK(valued == all);
}

TEST_CASE("in memory and from the folder: the reference scenario's published targets, bit for bit") {
  // published.yaml, and means of waits pooled over many countries (summed in the file's
  // order both ways), going home, and transfers over the whole run (few at this scale).
  const std::string text = test::read_text(MIGSIM_SOURCE_DIR "/scenarios/targets/published.yaml") + R"(
- {id: eu_first_2022, metric: mean_days_to_first_decision, period: {from: 2022-01-01, until: 2022-12-31},
   geography: EU, value: 100, source: t, confidence: L}
- {id: eu_first_2023, metric: mean_days_to_first_decision, period: {from: 2023-01-01, until: 2023-12-31},
   geography: EU, value: 100, source: t, confidence: L}
- {id: eu_final_2024, metric: mean_days_to_final_decision, period: {from: 2024-01-01, until: 2024-12-31},
   geography: EU, value: 100, source: t, confidence: L}
- {id: transfers_eu, metric: dublin_transfers, period: {from: 2022-03-01, until: 2026-06-30}, geography: EU,
   value: 100, source: t, confidence: L}
- {id: ru_arrivals_2023, metric: arrivals, period: {from: 2023-01-01, until: 2023-12-31}, geography: RU,
   value: 100, source: t, confidence: L}
)";
  const auto targets = io::read_targets_text(text, "published-and-more.yaml");
  REQUIRE(targets.ok());
  TempDir dir;
  const Both b = run_both(MIGSIM_SOURCE_DIR "/scenarios/russia-2022.yaml", {"people.scale=20"}, targets, dir.path());
  const std::set<Metric> valued = check_same(b, targets);
  CHECK(valued.size() == static_cast<std::size_t>(io::metric_count));
}

TEST_CASE("in memory: targets the run cannot answer are the same errors as from the folder") {
  const auto targets = io::read_targets_text(R"(
- {id: nowhere, metric: stock, period: {from: 2023-01-01, until: 2023-01-01}, geography: [GE, XX],
   value: 1, source: t, confidence: L}
- {id: before, metric: applications, period: {from: 2021-01-01, until: 2021-12-31}, geography: DE,
   value: 1, source: t, confidence: L}
- {id: after, metric: stock, period: {from: 2024-01-01, until: 2024-01-01}, geography: DE,
   value: 1, source: t, confidence: L}
- {id: no_eu_yet, metric: applications, period: {from: 1950-01-01, until: 2022-12-31}, geography: EU,
   value: 1, source: t, confidence: L}
- {id: fine, metric: arrivals, period: {from: 2022-09-01, until: 2022-09-30}, geography: GE,
   value: 1, source: t, confidence: L}
)",
                                             "t.yaml");
  REQUIRE(targets.ok());
  TempDir dir;
  const Both b = run_both(MIGSIM_SOURCE_DIR "/scenarios/toy/asylum.yaml", {}, targets, dir.path());
  CHECK(b.memory_errors.size() == 4);
  CHECK(b.memory_errors == b.folder_errors);
  REQUIRE(b.memory.size() == 1);
  REQUIRE(b.folder.size() == 1);
  CHECK(b.memory[0].target->id == "fine");
  CHECK(bits(*b.memory[0].model) == bits(*b.folder[0].model));
}

TEST_CASE("TargetMetrics refuses a bad targets file, and evaluating before the run has finished") {
  const auto bad = io::read_targets_text("- {id: x}\n", "bad.yaml");
  REQUIRE(!bad.ok());
  CHECK_THROWS_AS(io::TargetMetrics{bad}, std::invalid_argument);
  const auto good = io::read_targets_text(toy_targets, "toy-targets.yaml");
  io::TargetMetrics metrics(good);
  std::vector<std::string> errors;
  CHECK_THROWS_AS(metrics.evaluate(errors), std::logic_error);
}
