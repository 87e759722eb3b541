#include <doctest/doctest.h>

#include "migsim/date.hpp"

using namespace migsim;

TEST_CASE("dates round-trip through day numbers and validate the calendar") {
  CHECK(date_from_ymd(1970, 1, 1) == 0);
  CHECK(date_from_ymd(2022, 2, 24) == 19047);
  for (Date d = date_from_ymd(1999, 12, 1); d < date_from_ymd(2030, 1, 1); ++d) {
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
  CHECK(month_index(date_from_ymd(2022, 3, 15)) == 2022 * 12 + 2);
}
