// TargetMetrics: the targets' metrics from a run in memory must be exactly those migsim
// compare computes from the folder a CsvWriter wrote from the same run: one run, both
// observers attached, every target's value compared bit for bit.
#include <doctest/doctest.h>

#include <bit>
#include <cstdint>
#include <initializer_list>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "migsim/io/results.hpp"
#include "migsim/io/scenario_yaml.hpp"
#include "migsim/io/targets.hpp"
#include "results_fixture.hpp"

using namespace migsim;
using migsim::io::Comparison;
using migsim::io::Metric;
using migsim::test::TempDir;
namespace fs = std::filesystem;

namespace {

// One line of a targets file per {id, metric, from, until, geography}; the published value,
// source and confidence play no part here.
struct TargetLine {
  const char *id, *metric, *from, *until, *geography;
};
std::string targets_text(std::initializer_list<TargetLine> lines) {
  std::string out;
  for (const TargetLine& t : lines)
    out += std::string("- {id: ") + t.id + ", metric: " + t.metric + ", period: {from: " + t.from +
           ", until: " + t.until + "}, geography: " + t.geography +
           ", value: " + (std::string_view(t.metric) == "protection_rate" ? "0.2" : "100") +
           ", source: t, confidence: L}\n";
  return out;
}

// The toy's world: RU (origin), TR (transit), GE (no asylum), HR and DE (EU, asylum);
// 2022-09-01..2023-12-31. One target at least of every metric, several geographies, and
// periods that end inside the run; on 2022-10-31 people are on the crossing from TR to HR
// (30 days), counted at TR but not in its stock.
const std::string toy_targets = targets_text({
    {"applications_eu", "applications", "2022-09-01", "2023-12-31", "EU"},
    {"applications_de_2022_10", "applications", "2022-10-01", "2022-10-31", "DE"},
    {"registrations_hr", "registrations", "2023-01-01", "2023-12-31", "HR"},
    {"positive_de", "decisions_positive", "2022-09-01", "2023-12-31", "DE"},
    {"rate_eu", "protection_rate", "2022-09-01", "2023-12-31", "EU"},
    {"rate_hr", "protection_rate", "2023-01-01", "2023-12-31", "[HR]"},
    {"requests_hr", "dublin_requests", "2022-09-01", "2023-12-31", "HR"},
    {"transfers_hr", "dublin_transfers", "2022-09-01", "2023-12-31", "HR"},
    {"requests_sent_eu", "dublin_requests_sent", "2022-09-01", "2023-12-31", "EU"},
    {"transfers_out_eu", "dublin_transfers_out", "2022-09-01", "2023-12-31", "EU"},
    {"first_de_2023", "mean_days_to_first_decision", "2023-01-01", "2023-12-31", "DE"},
    {"first_de_hr_2023", "mean_days_to_first_decision", "2023-01-01", "2023-12-31", "[HR, DE]"},
    {"first_eu_2022", "mean_days_to_first_decision", "2022-01-01", "2022-12-31", "EU"},
    {"final_de_2023", "mean_days_to_final_decision", "2023-01-01", "2023-12-31", "DE"},
    {"arrivals_eu", "arrivals", "2022-09-01", "2023-12-31", "EU"},
    {"arrivals_ge_tr", "arrivals", "2022-10-01", "2023-06-30", "[GE, TR]"},
    {"home_to_ru", "arrivals", "2022-09-01", "2023-12-31", "RU"},
    {"stock_ge_2022", "stock", "2022-12-31", "2022-12-31", "GE"},
    {"stock_abroad_end", "stock", "2023-12-31", "2023-12-31", "[TR, GE, HR, DE]"},
    {"stock_tr_2022_10", "stock", "2022-10-31", "2022-10-31", "TR"},
    {"stock_eu_first_day", "stock", "2022-09-01", "2022-09-01", "EU"},
    {"temporary_de_end", "temporary_protection_beneficiaries", "2023-12-31", "2023-12-31", "DE"},
    {"temporary_granted_eu", "temporary_protection_granted", "2023-01-01", "2023-12-31", "EU"},
});

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
  io::write_manifest(folder.staging(), loaded.spec, *model, io::ManifestInfo{}, result);
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

// The metrics of a migsim run: every metric but Flee's (tests/study/test_flee_sweep.cpp has those).
int migsim_metric_count() {
  int n = 0;
  for (int m = 0; m < io::metric_count; ++m) n += io::is_flee_metric(static_cast<Metric>(m)) ? 0 : 1;
  return n;
}

}  // namespace

TEST_CASE("in memory and from the folder: the toy's targets of every metric, bit for bit") {
  const auto targets = io::read_targets_text(toy_targets, "toy-targets.yaml");
  REQUIRE(targets.ok());
  std::set<Metric> all;
  for (const auto& t : targets.targets) all.insert(t.metric);
  REQUIRE(all.size() == static_cast<std::size_t>(migsim_metric_count()));

  TempDir dir;
  const Both b = run_both(MIGSIM_SOURCE_DIR "/scenarios/toy/asylum.yaml", {}, targets, dir.path());
  const std::set<Metric> valued = check_same(b, targets);
  // Equal because both are zero would prove little: every metric has a value above zero.
  for (const Metric m : all)
    if (!valued.count(m))
      MESSAGE("no target of metric " << io::metric_names[static_cast<std::size_t>(m)] << " above 0");
  CHECK(valued == all);
}

TEST_CASE("in memory and from the folder: the reference scenario's published targets, bit for bit") {
  // published.yaml, and means of waits pooled over many countries (summed in the file's
  // order both ways), going home, and transfers over the whole run (few at this scale).
  const std::string text = test::read_text(MIGSIM_SOURCE_DIR "/scenarios/targets/published.yaml") +
                           targets_text({
                               {"eu_first_2022", "mean_days_to_first_decision", "2022-01-01", "2022-12-31", "EU"},
                               {"eu_first_2023", "mean_days_to_first_decision", "2023-01-01", "2023-12-31", "EU"},
                               {"eu_final_2024", "mean_days_to_final_decision", "2024-01-01", "2024-12-31", "EU"},
                               {"transfers_eu", "dublin_transfers", "2022-03-01", "2026-06-30", "EU"},
                               {"sent_eu", "dublin_requests_sent", "2022-03-01", "2026-06-30", "EU"},
                               {"out_eu", "dublin_transfers_out", "2022-03-01", "2026-06-30", "EU"},
                               {"ru_arrivals_2023", "arrivals", "2023-01-01", "2023-12-31", "RU"},
                               // Croatia's protections (published.yaml's one count of them) are one
                               // or two agents at this scale, often none: Germany's are many.
                               {"de_positive_2023", "decisions_positive", "2023-01-01", "2023-12-31", "DE"},
                           });
  const auto targets = io::read_targets_text(text, "published-and-more.yaml");
  REQUIRE(targets.ok());
  TempDir dir;
  const Both b = run_both(MIGSIM_SOURCE_DIR "/scenarios/russia-2022.yaml", {"people.scale=20"}, targets, dir.path());
  const std::set<Metric> valued = check_same(b, targets);
  // The reference scenario has no temporary_protection policy (the Russian emigrants it models
  // were never covered), so those two metrics are 0 there; the toy's test above has them.
  const auto in_reference = [](Metric m) {
    return !io::is_flee_metric(m) && m != Metric::temporary_protection_beneficiaries &&
           m != Metric::temporary_protection_granted;
  };
  std::size_t expected = 0;
  for (int m = 0; m < io::metric_count; ++m) {
    if (!in_reference(static_cast<Metric>(m))) continue;
    ++expected;
    if (!valued.count(static_cast<Metric>(m))) MESSAGE("no target of metric " << io::metric_names[m] << " above 0");
  }
  CHECK(valued.size() == expected);
}

TEST_CASE("in memory and from the folder: ukraine-2022's targets, other traffic in arrivals, bit for bit") {
  // Its crossing targets add the neighbours' other traffic (flows.csv's other_traffic column)
  // to the people: the sweep's and calibration's in-memory figures must add the same.
  const auto targets = io::read_targets(MIGSIM_SOURCE_DIR "/scenarios/targets/ukraine-published.yaml");
  REQUIRE(targets.ok());
  TempDir dir;
  const Both b = run_both(MIGSIM_SOURCE_DIR "/scenarios/ukraine-2022.yaml", {"people.scale=200"}, targets, dir.path());
  const std::set<Metric> valued = check_same(b, targets);
  CHECK(valued.count(Metric::arrivals) == 1);
  // The traffic is in the figures compared: flows.csv carries it.
  CHECK(test::read_text(dir.path() / "run" / "flows.csv").find(",UA,PL,") != std::string::npos);
}

TEST_CASE("in memory: targets the run cannot answer are the same errors as from the folder") {
  const auto targets = io::read_targets_text(targets_text({
                                                 {"nowhere", "stock", "2023-01-01", "2023-01-01", "[GE, XX]"},
                                                 {"before", "applications", "2021-01-01", "2021-12-31", "DE"},
                                                 {"after", "stock", "2024-01-01", "2024-01-01", "DE"},
                                                 {"no_eu_yet", "applications", "1950-01-01", "2022-12-31", "EU"},
                                                 {"fine", "arrivals", "2022-09-01", "2022-09-30", "GE"},
                                             }),
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
