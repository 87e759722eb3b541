#pragma once
// Dates as text. migsim reads and writes only ISO 8601 calendar dates (YYYY-MM-DD) and months
// (YYYY-MM), through these functions alone, so every file it reads (scenarios, Flee folders,
// targets, results) agrees on what is a date.
#include "migsim/io/layer.hpp"

#include <optional>
#include <string>
#include <string_view>

#include "migsim/core/date.hpp"

namespace migsim::io {

// Exactly YYYY-MM-DD: ten characters, digits and two '-', a real calendar day (2023-02-29 is
// not), nothing before or after.
std::optional<Date> parse_iso_date(std::string_view text);

// Why parse_iso_date refuses `text`, as a phrase that follows the quoted text in a message:
// "is not a date in the form YYYY-MM-DD", "is not a calendar day (2023-02 has 28 days)" or
// "is not a calendar day (months are 01 to 12)". Empty when `text` is a date.
std::string date_problem(std::string_view text);

// Exactly YYYY-MM, a month 01 to 12; returns migsim::month_index.
std::optional<int> parse_iso_month(std::string_view text);

// YYYY-MM-DD, zero-padded; exactly ten characters for years 0 to 9999.
std::string iso_date(Date date);

// YYYY-MM from migsim::month_index (year * 12 + month - 1).
std::string iso_month(int month_index);

}  // namespace migsim::io
