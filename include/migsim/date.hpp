#pragma once
// Calendar dates as whole days since 1970-01-01 (proleptic Gregorian). The engine counts
// in these integers only; text forms live in the IO layer.
#include <cstdint>

namespace migsim {

using Date = std::int32_t;  // days since 1970-01-01

// Howard Hinnant's days_from_civil algorithm (public domain description), written out here.
constexpr Date date_from_ymd(int y, unsigned m, unsigned d) {
  y -= m <= 2 ? 1 : 0;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int>(doe) - 719468;
}

struct Ymd {
  int year;
  unsigned month;
  unsigned day;
};

constexpr Ymd ymd_from_date(Date z) {
  z += 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int y = static_cast<int>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {y + (m <= 2 ? 1 : 0), m, d};
}

constexpr bool is_valid_ymd(int y, unsigned m, unsigned d) {
  if (m < 1 || m > 12 || d < 1) return false;
  constexpr unsigned len[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return d <= len[m - 1] + (m == 2 && leap ? 1u : 0u);
}

// Months since year 0, for monthly aggregation (2022-03 -> 2022*12+2).
constexpr int month_index(Date date) {
  const Ymd v = ymd_from_date(date);
  return v.year * 12 + static_cast<int>(v.month) - 1;
}

}  // namespace migsim
