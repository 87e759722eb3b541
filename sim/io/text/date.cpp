#include "migsim/io/date_text.hpp"

#include <chrono>
#include <cstdio>

namespace migsim::io {
namespace {

// The value of text[from, from + len) when all of it is digits.
std::optional<int> digits(std::string_view text, std::size_t from, std::size_t len) {
  int v = 0;
  for (std::size_t i = from; i < from + len; ++i) {
    if (text[i] < '0' || text[i] > '9') return std::nullopt;
    v = v * 10 + (text[i] - '0');
  }
  return v;
}

struct Fields {
  int year = 0;
  unsigned month = 0, day = 0;
};

// The three numbers of YYYY-MM-DD, not yet checked against the calendar.
std::optional<Fields> fields(std::string_view text) {
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return std::nullopt;
  const auto y = digits(text, 0, 4), m = digits(text, 5, 2), d = digits(text, 8, 2);
  if (!y || !m || !d) return std::nullopt;
  return Fields{*y, static_cast<unsigned>(*m), static_cast<unsigned>(*d)};
}

std::string padded(int value, int width) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%0*d", width, value);
  return buf;
}

}  // namespace

std::optional<Date> parse_iso_date(std::string_view text) {
  const auto f = fields(text);
  if (!f || !is_valid_ymd(f->year, f->month, f->day)) return std::nullopt;
  return date_from_ymd(f->year, f->month, f->day);
}

std::string date_problem(std::string_view text) {
  const auto f = fields(text);
  if (!f) return "is not a date in the form YYYY-MM-DD";
  if (is_valid_ymd(f->year, f->month, f->day)) return "";
  if (f->month < 1 || f->month > 12) return "is not a calendar day (months are 01 to 12)";
  using namespace std::chrono;
  const unsigned days =
      static_cast<unsigned>(year_month_day_last{year{f->year}, month_day_last{month{f->month}}}.day());
  return "is not a calendar day (" + std::string(text.substr(0, 7)) + " has " + std::to_string(days) + " days)";
}

std::optional<int> parse_iso_month(std::string_view text) {
  if (text.size() != 7) return std::nullopt;
  const auto d = parse_iso_date(std::string(text) + "-01");
  if (!d) return std::nullopt;
  return month_index(*d);
}

std::string iso_date(Date date) {
  const Ymd v = ymd_from_date(date);
  return padded(v.year, 4) + "-" + padded(static_cast<int>(v.month), 2) + "-" + padded(static_cast<int>(v.day), 2);
}

std::string iso_month(int month_index) {
  return padded(month_index / 12, 4) + "-" + padded(month_index % 12 + 1, 2);
}

}  // namespace migsim::io
