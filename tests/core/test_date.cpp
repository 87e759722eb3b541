#include <doctest/doctest.h>

#include "migsim/core/date.hpp"

using namespace migsim;

TEST_CASE("dates round-trip through day numbers and validate the calendar") {
  CHECK(date_from_ymd(1970, 1, 1) == 0);
  CHECK(date_from_ymd(2022, 2, 24) == 19047);
  CHECK(date_from_ymd(1969, 12, 31) == -1);
  CHECK(date_from_ymd(2000, 3, 1) - date_from_ymd(2000, 2, 28) == 2);
  CHECK(date_from_ymd(1900, 3, 1) - date_from_ymd(1900, 2, 28) == 1);
  for (Date d = date_from_ymd(1599, 12, 1); d < date_from_ymd(2401, 1, 1); ++d) {
    const Ymd v = ymd_from_date(d);
    REQUIRE(date_from_ymd(v.year, v.month, v.day) == d);
    REQUIRE(is_valid_ymd(v.year, v.month, v.day));
  }
  CHECK(!is_valid_ymd(2023, 2, 29));
  CHECK(is_valid_ymd(2024, 2, 29));
  CHECK(!is_valid_ymd(2100, 2, 29));
  CHECK(is_valid_ymd(2000, 2, 29));
  CHECK(!is_valid_ymd(2023, 4, 31));
  CHECK(!is_valid_ymd(2023, 13, 1));
  CHECK(!is_valid_ymd(2023, 0, 1));
  CHECK(!is_valid_ymd(2023, 1, 0));
  CHECK(month_index(date_from_ymd(2022, 3, 15)) == 2022 * 12 + 2);
}

TEST_CASE("is_valid_ymd refuses what std::chrono would wrap into a valid day") {
  CHECK(!is_valid_ymd(2023, 257, 1));  // a month is a byte in std::chrono: 257 would be January
  CHECK(!is_valid_ymd(2023, 1, 257));
  CHECK(!is_valid_ymd(65536 + 2023, 1, 1));  // a year is a short
}

TEST_CASE("the date functions are constant expressions") {
  static_assert(date_from_ymd(1970, 1, 2) == 1);
  static_assert(ymd_from_date(31).month == 2);
  static_assert(is_valid_ymd(2024, 2, 29));
  static_assert(month_index(0) == 1970 * 12);
}
