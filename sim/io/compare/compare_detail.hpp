#pragma once
// Shared by the compare sources (internal to sim/io): where a problem is, and which period
// shape each metric can be measured over.
#include "migsim/io/layer.hpp"

#include <optional>
#include <string>
#include <string_view>

#include "migsim/diagnostic.hpp"
#include "migsim/io/compare.hpp"
#include "migsim/io/date_text.hpp"
#include "migsim/io/diagnostic_text.hpp"
#include "results/results_text.hpp"

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

// months: whole months (asylum.csv, flows.csv); year: one calendar year (waits.csv);
// day: the period's last day (daily.csv).
enum class PeriodKind { months, year, day };

inline PeriodKind period_kind(Metric m) {
  switch (m) {
    case Metric::mean_days_to_first_decision:
    case Metric::mean_days_to_final_decision:
      return PeriodKind::year;
    case Metric::stock:
      return PeriodKind::day;
    default:
      return PeriodKind::months;
  }
}

}  // namespace migsim::io::detail
