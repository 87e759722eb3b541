#pragma once
// Text forms shared by the result writers (io's toolkit, for the layers above it too). Dates
// are written only as ISO 8601 so every tool that reads the CSVs parses them the same way.
#include "migsim/io/layer.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <cstdio>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "migsim/core/date.hpp"
#include "migsim/io/date_text.hpp"

namespace migsim::io::detail {

inline void append_uint(std::string& out, std::uint64_t value) {
  char buf[24];
  const auto res = std::to_chars(buf, buf + sizeof buf, value);
  out.append(buf, res.ptr);
}

// The one date formatter (migsim/io/date_text.hpp), under the names the writers use.
using io::iso_date;
using io::iso_month;

// 1234567 -> "1,234,567", for people reading the summary.
inline std::string with_thousands(std::uint64_t value) {
  std::string digits;
  append_uint(digits, value);
  std::string out;
  out.reserve(digits.size() + digits.size() / 3);
  for (std::size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out.push_back(',');
    out.push_back(digits[i]);
  }
  return out;
}

// printf's %.*f: locale-independent for the "C" locale the CLI runs in.
inline std::string fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

using Table = std::vector<std::vector<std::string>>;

// The first `left` columns left-aligned (names), the rest right-aligned (numbers), two
// spaces apart, indented by two; trailing blanks trimmed so golden tests stay readable.
inline void print_table(std::ostream& out, const Table& rows, std::size_t left = 1) {
  std::vector<std::size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()), 0);
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  for (const auto& row : rows) {
    std::string line = " ";
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - row[c].size(), ' ');
      line += c == 0 ? " " : "  ";
      line += c < left ? row[c] + pad : pad + row[c];
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  }
}

}  // namespace migsim::io::detail
