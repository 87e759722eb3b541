#pragma once
// Shared by the compare sources (internal to sim/io): where a problem is, what each metric
// reads, and which period shape it can be measured over.
#include "migsim/io/layer.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "migsim/core/diagnostic.hpp"
#include "migsim/io/date_text.hpp"
#include "migsim/io/diagnostic_text.hpp"
#include "migsim/io/targets.hpp"
#include "migsim/io/text_format.hpp"

namespace migsim::io::detail {

// The one date parser (migsim/io/date_text.hpp), under the names the compare sources use.
using io::parse_iso_date;
using io::parse_iso_month;

// "file:line:col: error: message" for a problem in the targets file `path`.
inline std::string located(const std::string& path, Loc loc, std::string message) {
  return format_diagnostic({loc, std::move(message)}, {&path, 1});
}

inline Date next_month_start(Date d) {
  const Ymd v = ymd_from_date(d);
  return v.month == 12 ? date_from_ymd(v.year + 1, 1, 1) : date_from_ymd(v.year, v.month + 1, 1);
}

// The results a metric reads: asylum.csv, flows.csv, waits.csv, daily.csv or dublin.csv (a
// folder's or their like gathered from a run in memory; see figures.hpp), or a Flee run's camps
// (flee.cpp; no migsim run has them).
enum class Figures : std::uint8_t { asylum, flows, waits, stock, dublin, flee };

inline Figures figures_of(Metric m) {
  switch (m) {
    case Metric::mean_days_to_first_decision:
    case Metric::mean_days_to_final_decision:
      return Figures::waits;
    case Metric::arrivals:
      return Figures::flows;
    case Metric::stock:
    case Metric::temporary_protection_beneficiaries:
      return Figures::stock;
    case Metric::dublin_requests:
    case Metric::dublin_transfers:
    case Metric::dublin_requests_sent:
    case Metric::dublin_transfers_out:
      return Figures::dublin;
    case Metric::camp_population:
    case Metric::averaged_relative_difference:
      return Figures::flee;
    default:
      return Figures::asylum;
  }
}

// The period a metric can be measured over follows from what it reads. months: whole months
// (asylum.csv, flows.csv, dublin.csv); year: one calendar year (waits.csv); day: the period's last day
// (daily.csv, a camp's population); days: any days (averaged_relative_difference's average).
enum class PeriodKind { months, year, day, days };

inline PeriodKind period_kind(Metric m) {
  if (m == Metric::camp_population) return PeriodKind::day;
  if (m == Metric::averaged_relative_difference) return PeriodKind::days;
  switch (figures_of(m)) {
    case Figures::waits:
      return PeriodKind::year;
    case Figures::stock:
      return PeriodKind::day;
    case Figures::asylum:
    case Figures::flows:
    case Figures::dublin:
    case Figures::flee:
      break;
  }
  return PeriodKind::months;
}

}  // namespace migsim::io::detail
