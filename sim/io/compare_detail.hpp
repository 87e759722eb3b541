#pragma once
// Shared by the compare sources (internal to sim/io): text forms of dates and locations, and
// which period shape each metric can be measured over.
#include "migsim/io/layer.hpp"

#include <optional>
#include <string>
#include <string_view>

#include "migsim/io/compare.hpp"
#include "results_text.hpp"

namespace migsim::io::detail {

// "file:line:col: error: message", line:col left out when unknown (as format_diagnostic).
inline std::string located(const std::string& path, Loc loc, const std::string& message) {
  std::string out = path;
  if (loc.line > 0) {
    out += ":" + std::to_string(loc.line);
    if (loc.col > 0) out += ":" + std::to_string(loc.col);
  }
  return out + ": error: " + message;
}

inline std::string iso(Date d) {
  return iso_date(d);
}

// Strict YYYY-MM-DD (what the writers produce and the scenario files use).
inline std::optional<Date> parse_iso_date(std::string_view s) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return std::nullopt;
  auto digits = [&](std::size_t at, std::size_t n) -> int {
    int v = 0;
    for (std::size_t i = at; i < at + n; ++i) {
      if (s[i] < '0' || s[i] > '9') return -1;
      v = v * 10 + (s[i] - '0');
    }
    return v;
  };
  const int y = digits(0, 4), m = digits(5, 2), d = digits(8, 2);
  if (y < 1 || m < 0 || d < 0 || !is_valid_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d)))
    return std::nullopt;
  return date_from_ymd(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
}

// YYYY-MM -> migsim::month_index.
inline std::optional<int> parse_iso_month(std::string_view s) {
  if (s.size() != 7) return std::nullopt;
  const auto d = parse_iso_date(std::string(s) + "-01");
  if (!d) return std::nullopt;
  return month_index(*d);
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
