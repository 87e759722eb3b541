#pragma once
// The text of the study tables (points.csv, timings.csv, indices.csv; internal to sim/io): a
// CSV cell, a number that reads back as the same double, and a table written whole or not at
// all.
#include "migsim/io/layer.hpp"

#include <charconv>
#include <filesystem>
#include <optional>
#include <string>

#include "results/results_out_file.hpp"

namespace migsim::io::detail {

// A CSV cell: quoted (RFC 4180) when it holds a comma, a quote or a line break.
inline std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

// The shortest text that reads back as the same double; "" for none.
inline std::string number_text(const std::optional<double>& v) {
  if (!v) return "";
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, *v);
  return std::string(buf, res.ptr);
}

// DIR/name whole or not at all: written beside (name.part), then renamed over the last one, so
// a reader, or a crash, never sees half a table.
inline void write_atomically(const std::filesystem::path& dir, const std::string& name, const std::string& text) {
  const std::filesystem::path final_path = dir / name, staging = dir / (name + ".part");
  OutFile f(staging);
  f.write(text);
  f.close();
  std::filesystem::rename(staging, final_path);
}

}  // namespace migsim::io::detail
