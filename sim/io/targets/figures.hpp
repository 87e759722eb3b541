#pragma once
// What the targets' metrics read of a run (internal to sim/io): RunFigures, the run's results
// in a plain form, and the one evaluation of targets against it. Two ways fill it: from a
// results folder (from_results.cpp, `migsim compare`) and from a run in memory
// (TargetMetrics, in_memory.cpp, for sweeps); both go through evaluate(), so they agree.
#include "migsim/io/layer.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "detail.hpp"
#include "migsim/core/asylum_events.hpp"
#include "migsim/core/date.hpp"
#include "migsim/core/status.hpp"
#include "migsim/io/targets.hpp"

namespace migsim::io::detail {

struct RunFigures {
  // manifest.json's facts.
  Date start = 0, end = 0;                              // the run's first and last day
  std::map<std::string, std::optional<Date>> eu_since;  // country id -> EU member since
  std::map<std::string, std::string> country_of;        // country or place id -> country id

  struct AsylumMonth {  // a row of asylum.csv
    int month = 0;      // month_index
    std::string country;
    std::array<std::uint64_t, asylum_event_count> events{};  // [AsylumEvent]
  };
  struct FlowMonth {  // a row of flows.csv
    int month = 0;    // month_index
    std::string from, to;
    std::uint64_t people = 0;
    std::uint64_t other_traffic = 0;  // crossings of people not simulated
  };
  struct DublinMonth {  // a row of dublin.csv, nationalities and basis summed over
    int month = 0;      // month_index
    std::string from, to;
    std::uint64_t requests = 0, transfers = 0;
  };
  struct WaitYear {                      // a row of waits.csv
    std::string country, measure, year;  // as written: wait_names, "2023" or "all"
    std::uint64_t n = 0;
    double mean = 0;  // days, to 0.1 as written
  };
  // Absent: not read, or not gathered, because no target needs it (figures_of). The waits are in the
  // file's order, the order their means are summed in.
  std::optional<std::vector<AsylumMonth>> asylum;
  std::optional<std::vector<FlowMonth>> flows;
  std::optional<std::vector<WaitYear>> waits;
  std::optional<std::vector<DublinMonth>> dublin;
  // daily.csv on the targets' stock dates only: date -> country -> people counted in stock.
  // Every such date is present, empty when nobody was anywhere.
  std::map<Date, std::map<std::string, std::uint64_t>> stock;
  // The same dates and countries, people in status temporary (temporary protection) only.
  std::map<Date, std::map<std::string, std::uint64_t>> temporary;
};

// The dates the targets count stock on (stock, temporary_protection_beneficiaries: the
// metrics that read daily.csv).
std::set<Date> stock_dates(const TargetsFile& targets);

// Who counts in a country's stock, by status as daily.csv names it: everyone but people on a
// crossing, who are counted at its start node and are not in the country yet.
inline bool counted_in_stock(std::string_view status) {
  return status != name_of(Status::travelling);
}

// A mean wait as waits.csv writes it (io::detail::mean_text), as a number; none if the text
// is not one. The folder's reader and the in-memory path both take means through it.
std::optional<double> mean_days(std::string_view text);

// The targets `figures` cannot answer (a geography it does not have, a period outside its run),
// each a problem in `errors`, as evaluate() would find them; `source` names what the figures
// are of ("the scenario x.yaml"). Reads only the figures' dates and countries.
void check_answerable(const RunFigures& figures, const TargetsFile& targets, const std::string& source,
                      std::vector<std::string>& errors);

// A target's Comparison: the model's value, its ratio to the published one, and whether that is
// within the target's tolerance. Every way of measuring targets makes its rows so.
Comparison compared(const Target& t, std::optional<double> model);

// Every target measured on `figures`: one Comparison per target it can answer, appended to
// `out` in the file's order; targets it cannot (a geography the run does not have, a period
// outside it) go to `errors` and are left out. Before a target reads a part of the figures,
// `need` (if set) is called with it, and may fill it (a folder's file is read only when a
// target needs it) or throw, leaving in `out` the targets measured until then.
void evaluate(const RunFigures& figures, const TargetsFile& targets, std::vector<Comparison>& out,
              std::vector<std::string>& errors, const std::function<void(Figures)>& need = {});

}  // namespace migsim::io::detail
