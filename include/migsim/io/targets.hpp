#pragma once
// `migsim compare RESULTS TARGETS`: a results folder against published figures. A targets
// file (YAML) is a list of targets; each names a metric computed from the results folder's
// CSVs, a period, a geography and the published value. The comparison is information, not a
// test: a target off by more than its factor is reported, not an error. Bad input (a targets
// file that does not parse or validate, a results folder that cannot be read, a target the
// results cannot answer) is an error, reported as `file:line:col: error: ...`.
//
// The same metrics come from a run in memory, without a results folder, through
// TargetMetrics (for sweeps of many runs): the same numbers, to the last bit.
#include "migsim/io/layer.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "migsim/core/date.hpp"
#include "migsim/core/engine.hpp"
#include "migsim/core/flee.hpp"
#include "migsim/core/scenario.hpp"

namespace migsim::io {

struct FleeOutCsv;  // flee_out.hpp

// What a target measures. Counts are people over the period; each enumerator says what it
// reads, and the top of scenarios/targets/published.yaml says it for a user.
enum class Metric : std::uint8_t {
  applications,                 // asylum.csv applications, summed over months and countries
  registrations,                // asylum.csv registrations (intentions to apply)
  decisions_positive,           // asylum.csv decisions_positive
  protection_rate,              // positive / (positive + negative) decisions, pooled
  dublin_requests,              // dublin.csv requests RECEIVED BY the geography's states, all nationalities
  dublin_transfers,             // dublin.csv people transferred INTO the geography's states, all nationalities
  mean_days_to_first_decision,  // waits.csv application_to_first_decision mean, weighted by n
  mean_days_to_final_decision,  // waits.csv application_to_final_decision mean, weighted by n
  arrivals,                     // flows.csv into the geography from outside it (going home, other traffic included)
  stock,                        // daily.csv people in the geography on `until`, not travelling
  dublin_requests_sent,         // dublin.csv requests MADE BY the geography's states, all nationalities
  dublin_transfers_out,         // dublin.csv people transferred FROM the geography's states, all nationalities
  // Flee runs only (a sweep over a Flee scenario folder; flee_targets below), as Flee's out.csv has them:
  camp_population,               // the camp (geography: its name) on `until`: out.csv's "<camp> sim" on that Date
  averaged_relative_difference,  // FabFlee's validation error against the UNHCR camp data (geography: all), averaged
                                 // over the period's days (flee_out.hpp: Ard's rescaled)
  temporary_protection_beneficiaries,  // daily.csv people in status temporary in the geography on `until`
  temporary_protection_granted,        // asylum.csv temporary_protection_granted
};
inline constexpr auto metric_names = std::to_array<std::string_view>(
    {"applications", "registrations", "decisions_positive", "protection_rate", "dublin_requests", "dublin_transfers",
     "mean_days_to_first_decision", "mean_days_to_final_decision", "arrivals", "stock", "dublin_requests_sent",
     "dublin_transfers_out", "camp_population", "averaged_relative_difference", "temporary_protection_beneficiaries",
     "temporary_protection_granted"});
inline constexpr int metric_count = static_cast<int>(metric_names.size());
static_assert(static_cast<int>(Metric::temporary_protection_granted) + 1 == metric_count,
              "metric_names must name every Metric, in order");

// Whether a metric measures a Flee run (out.csv's camps) rather than a migsim scenario's run.
inline constexpr bool is_flee_metric(Metric m) {
  return m == Metric::camp_population || m == Metric::averaged_relative_difference;
}

struct Target {
  std::string id;
  Metric metric = Metric::applications;
  Date from = 0, until = 0;            // both days included
  bool eu = false;                     // geography `EU`: members on `from`
  std::vector<std::string> countries;  // otherwise these country ids
  std::string location;                // camp_population: the camp's name, as locations.csv writes it
  double value = 0;                    // the published figure, > 0
  std::string source;
  char confidence = 'H';               // H, M or L (published-figures.md's scale)
  double tolerance_factor = 2;         // ok when 1/f <= model / published <= f
  bool kept_aside = false;             // reserved for out-of-sample checks, not for tuning
  Loc loc, geography_loc, period_loc;  // for problems found only against the results
};

struct TargetsFile {
  std::string path;
  std::vector<Target> targets;
  std::vector<std::string> errors;  // "file:line:col: error: ...", every one found
  bool ok() const { return errors.empty(); }
};

// Never throws for bad input; problems come back in `errors`.
TargetsFile read_targets(const std::string& path);
TargetsFile read_targets_text(const std::string& text, const std::string& path);

struct Comparison {
  const Target* target = nullptr;
  std::optional<double> model;  // none when the metric is undefined (no decisions, no waits)
  std::optional<double> ratio;  // model / published
  bool ok = false;
};

// Computes every target from the results folder. Problems (files, or targets the results
// cannot answer) go to `errors` and their targets are left out.
std::vector<Comparison> evaluate_targets(const std::string& results_dir, const TargetsFile& targets,
                                         std::vector<std::string>& errors);

// The targets' metrics from a run in memory: attach it to run() (alone, or beside a CsvWriter
// through a Fanout), then evaluate(). It keeps only what the given targets need, from the
// aggregations the writers use: the monthly asylum events per country if a target counts
// them (asylum.csv's), the monthly flows between countries, going home included, if one
// counts arrivals (flows.csv's), the waits per country, measure and year if one asks for a
// mean wait (waits.csv's, each mean rounded to 0.1 day as the file writes it), and the stock
// per country only on the targets' stock dates (never daily.csv's whole). evaluate() then
// gives exactly, bit for bit, what evaluate_targets() gives on the folder a CsvWriter wrote
// from the same run.
class TargetMetrics : public Observer {
 public:
  // `targets` must be valid (ok(); std::invalid_argument if not) and outlive this object
  // (the Comparisons point into it). One run per object.
  explicit TargetMetrics(const TargetsFile& targets);
  ~TargetMetrics() override;
  TargetMetrics(const TargetMetrics&) = delete;
  TargetMetrics& operator=(const TargetMetrics&) = delete;

  void on_day(const Model& model, const DayStats& day) override;
  void on_finish(const Model& model, const FinalStats& final_stats) override;

  // After the run (std::logic_error before on_finish): one Comparison per target, in the
  // file's order, as evaluate_targets; targets this run cannot answer (a geography the
  // scenario does not have, a period outside the run) go to `errors` and are left out.
  std::vector<Comparison> evaluate(std::vector<std::string>& errors) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The targets a run of `model` could not answer — a geography that is not one of its countries
// (or EU with no members on the period's first day), a period outside its run — as
// "file:line:col: error: ..." at the target, `source` naming the model in them ("the
// scenario x.yaml"); none when every target can be measured. What evaluate() would find
// after the run, found before it: the study commands check their targets so.
std::vector<std::string> target_problems(const TargetsFile& targets, const Model& model, const std::string& source);

// The targets measured on a Flee run of `scenario` (camp_population, averaged_relative_difference),
// one Comparison per target in the file's order; a target the run cannot answer (a metric of
// migsim's own runs, a camp it does not have, a date outside it) goes to `errors`, left out.
std::vector<Comparison> flee_targets(const TargetsFile& targets, const flee::FleeScenario& scenario,
                                     const flee::Result& result, std::vector<std::string>& errors);
// The same, measured on a Flee run's out.csv read back (read_flee_out_csv; `start` is the run's
// StartDate, manifest.json's "start"): the same numbers as on the run in memory. The run "has"
// UNHCR camp data when any "<camp> data" cell is above 0; `source` names it in messages.
std::vector<Comparison> flee_targets(const TargetsFile& targets, const FleeOutCsv& out, Date start,
                                     const std::string& source, std::vector<std::string>& errors);
// What flee_targets would find the run cannot answer, found before it (as target_problems).
std::vector<std::string> flee_target_problems(const TargetsFile& targets, const flee::FleeScenario& scenario,
                                              const std::string& source);

// The whole command: prints one row per target and "k of n within tolerance" to `out`, or
// every problem to `err`. Returns 0 when compared (whatever the ratios), 2 on bad input.
int compare(const std::string& results_dir, const std::string& targets_path, std::ostream& out, std::ostream& err);

}  // namespace migsim::io
