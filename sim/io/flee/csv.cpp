#include "csv.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "migsim/io/date_text.hpp"

namespace migsim::io::detail {

void FleeLog::add(const std::string& path, int line, int col, std::string message, Severity severity) {
  auto& sources = out_.sources;
  const auto it = std::find(sources.begin(), sources.end(), path);
  const auto source = static_cast<std::uint16_t>(it - sources.begin());
  if (it == sources.end()) sources.push_back(path);
  out_.diagnostics.push_back({Loc{source, line, col}, std::move(message), severity});
}

CsvFile read_flee_csv(const std::filesystem::path& file, bool required, FleeLog& log) {
  CsvFile f;
  f.path = file.string();
  auto table = read_csv(file, CsvDialect{.comments = true});
  if (!table) {
    if (required) log.add(f.path, 0, 0, "cannot open the file: expected a Flee input file here");
    return f;
  }
  f.found = true;
  f.header = std::move(table->header);
  // Flee tests `row[0][0] == "#"` on the cells Python's csv module returns, so a quoted first
  // cell ("#name",...) makes a comment too: the header if it comes before any row.
  bool rows_seen = false;
  for (Row& row : table->rows) {
    std::string& first = row.cells.front().text;
    if (first.empty() || first.front() != '#') {
      rows_seen = true;
      f.rows.push_back(std::move(row));
      continue;
    }
    if (f.header || rows_seen) continue;
    first.erase(0, 1);
    f.header = std::move(row);
  }
  if (table->error) log.add(f.path, table->error->loc.line, table->error->loc.col, table->error->message);
  return f;
}

void CellReader::error(const Cell& c, std::string message) const {
  log_.add(f_.path, c.line, c.col, std::move(message));
}
void CellReader::warning(const Cell& c, std::string message) const {
  log_.add(f_.path, c.line, c.col, std::move(message), Severity::warning);
}

const Cell* CellReader::cell(const Row& r, std::size_t index, const char* what) const {
  if (index < r.cells.size()) return &r.cells[index];
  log_.add(f_.path, r.end_line, r.end_col,
           std::string("missing ") + what + " (column " + std::to_string(index + 1) + "): expected at least " +
               std::to_string(index + 1) + " comma-separated values, found " + std::to_string(r.cells.size()));
  return nullptr;
}

std::optional<double> CellReader::number(const Row& r, std::size_t index, const char* what) const {
  const Cell* c = cell(r, index, what);
  if (c == nullptr) return std::nullopt;
  double v = 0;
  const char* b = c->text.data();
  const char* e = b + c->text.size();
  if (b != e && *b == '+') ++b;
  const auto res = std::from_chars(b, e, v);
  if (c->text.empty() || res.ec != std::errc() || res.ptr != e || !std::isfinite(v)) {
    error(*c, std::string(what) + " '" + c->text + "': expected a number");
    return std::nullopt;
  }
  return v;
}

std::optional<long long> CellReader::integer(const Row& r, std::size_t index, const char* what) const {
  const Cell* c = cell(r, index, what);
  if (c == nullptr) return std::nullopt;
  long long v = 0;
  const char* b = c->text.data();
  const char* e = b + c->text.size();
  const auto res = std::from_chars(b, e, v);
  if (c->text.empty() || res.ec != std::errc() || res.ptr != e) {
    error(*c, std::string(what) + " '" + c->text + "': expected a whole number");
    return std::nullopt;
  }
  return v;
}

std::optional<double> CellReader::number_or(const Row& r, std::size_t index, const char* what, double fallback) const {
  if (index < r.cells.size() && r.cells[index].text.empty()) return fallback;
  return number(r, index, what);
}

std::optional<long long> CellReader::integer_or(const Row& r, std::size_t index, const char* what,
                                                long long fallback) const {
  if (index < r.cells.size() && r.cells[index].text.empty()) return fallback;
  return integer(r, index, what);
}

std::optional<Date> CellReader::date(const Row& r, std::size_t index, const char* what) const {
  const Cell* c = cell(r, index, what);
  if (c == nullptr) return std::nullopt;
  const auto d = parse_iso_date(c->text);
  if (!d) error(*c, std::string(what) + " '" + c->text + "': expected a date YYYY-MM-DD");
  return d;
}

}  // namespace migsim::io::detail
