// The one text form of dates (migsim/io/date_text.hpp): strict ISO 8601 in, ISO 8601 out.
#include <doctest/doctest.h>

#include <string>

#include "migsim/io/date_text.hpp"

using namespace migsim;
using namespace migsim::io;

TEST_CASE("iso_date and parse_iso_date round-trip every day from 1600 to 2400") {
  for (Date d = date_from_ymd(1600, 1, 1); d <= date_from_ymd(2400, 12, 31); ++d) {
    const std::string text = iso_date(d);
    REQUIRE(text.size() == 10);
    REQUIRE(parse_iso_date(text) == d);
    REQUIRE(date_problem(text).empty());
  }
}

TEST_CASE("iso_date writes zero-padded YYYY-MM-DD") {
  CHECK(iso_date(0) == "1970-01-01");
  CHECK(iso_date(date_from_ymd(2022, 2, 24)) == "2022-02-24");
  CHECK(iso_date(date_from_ymd(987, 3, 5)) == "0987-03-05");
  CHECK(iso_date(date_from_ymd(9999, 12, 31)) == "9999-12-31");
}

TEST_CASE("parse_iso_date knows leap years") {
  CHECK(parse_iso_date("2024-02-29") == date_from_ymd(2024, 2, 29));
  CHECK(parse_iso_date("2000-02-29") == date_from_ymd(2000, 2, 29));
  CHECK(!parse_iso_date("2100-02-29"));
  CHECK(!parse_iso_date("2023-02-29"));
  CHECK(parse_iso_date("2023-02-28") == date_from_ymd(2023, 2, 28));
}

TEST_CASE("parse_iso_date accepts nothing but exactly YYYY-MM-DD") {
  for (const char* bad :
       {"2023-2-01", "2023-02-1", "2023-02-29", " 2023-01-01", "2023-01-01 ", "2023-01-01x", "20230101", "",
        "2023/01/01", "+023-01-01", "2023-01-+1", "2023-13-01", "2023-00-10", "2023-04-31", "2023-01-00"})
    CHECK_MESSAGE(!parse_iso_date(bad), bad);
}

TEST_CASE("date_problem says why a text is not a date") {
  CHECK(date_problem("2023-2-01") == "is not a date in the form YYYY-MM-DD");
  CHECK(date_problem("") == "is not a date in the form YYYY-MM-DD");
  CHECK(date_problem("2023-02-29") == "is not a calendar day (2023-02 has 28 days)");
  CHECK(date_problem("2024-02-30") == "is not a calendar day (2024-02 has 29 days)");
  CHECK(date_problem("2023-04-31") == "is not a calendar day (2023-04 has 30 days)");
  CHECK(date_problem("2023-13-01") == "is not a calendar day (months are 01 to 12)");
  CHECK(date_problem("2023-01-31").empty());
}

TEST_CASE("iso_month and parse_iso_month are YYYY-MM and migsim::month_index") {
  const int march_2022 = month_index(date_from_ymd(2022, 3, 15));
  CHECK(iso_month(march_2022) == "2022-03");
  CHECK(iso_month(month_index(date_from_ymd(2022, 12, 1))) == "2022-12");
  CHECK(parse_iso_month("2022-03") == march_2022);
  for (int m = month_index(date_from_ymd(1990, 1, 1)); m < month_index(date_from_ymd(2030, 1, 1)); ++m)
    REQUIRE(parse_iso_month(iso_month(m)) == m);
  for (const char* bad : {"2022-3", "2022-13", "2022-00", "2022-03-01", "202203", ""})
    CHECK_MESSAGE(!parse_iso_month(bad), bad);
}
