#pragma once
// Calendar dates as whole days since 1970-01-01 (proleptic Gregorian). The engine counts
// in these integers only; text forms live in the IO layer (migsim/io/date_text.hpp). The
// calendar arithmetic is std::chrono's; these functions only convert to and from it.
#include "migsim/core/layer.hpp"

#include <chrono>
#include <cstdint>

namespace migsim {

using Date = std::int32_t;  // days since 1970-01-01

struct Ymd {
  int year;
  unsigned month;
  unsigned day;
};

// std::chrono keeps a year in a short and a month or day in a byte: outside these ranges
// its constructors would wrap, so they are checked before a value is handed to it.
constexpr bool is_valid_ymd(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  if (y < static_cast<int>(year::min()) || y > static_cast<int>(year::max()) || m > 12 || d > 31) return false;
  return year_month_day{year{y}, month{m}, day{d}}.ok();
}

// For a valid day (is_valid_ymd); others follow std::chrono's sys_days arithmetic.
constexpr Date date_from_ymd(int y, unsigned m, unsigned d) {
  using namespace std::chrono;
  return static_cast<Date>(sys_days{year_month_day{year{y}, month{m}, day{d}}}.time_since_epoch().count());
}

constexpr Ymd ymd_from_date(Date date) {
  using namespace std::chrono;
  const year_month_day v{sys_days{days{date}}};
  return {static_cast<int>(v.year()), static_cast<unsigned>(v.month()), static_cast<unsigned>(v.day())};
}

// Months since year 0, for monthly aggregation (2022-03 -> 2022*12+2).
constexpr int month_index(Date date) {
  const Ymd v = ymd_from_date(date);
  return v.year * 12 + static_cast<int>(v.month) - 1;
}

// The first day of a month_index.
constexpr Date month_start(int month) {
  return date_from_ymd(month / 12, static_cast<unsigned>(month % 12 + 1), 1);
}

}  // namespace migsim
