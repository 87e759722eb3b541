#include "flee_csv.hpp"

#include <charconv>
#include <cmath>
#include <fstream>
#include <sstream>

namespace migsim::io::detail {
namespace {

Row split(const std::string& line, int line_no, std::size_t from) {
  Row r;
  r.line = line_no;
  std::size_t start = from;
  while (true) {
    const std::size_t comma = line.find(',', start);
    const std::size_t end = comma == std::string::npos ? line.size() : comma;
    std::size_t b = start, e = end;
    while (b < e && (line[b] == ' ' || line[b] == '\t')) ++b;
    while (e > b && (line[e - 1] == ' ' || line[e - 1] == '\t' || line[e - 1] == '\r')) --e;
    r.cells.push_back(Cell{line.substr(b, e - b), static_cast<int>(b) + 1});
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return r;
}

bool blank(const std::string& s) {
  return s.find_first_not_of(" \t\r") == std::string::npos;
}

}  // namespace

CsvFile read_flee_csv(const std::filesystem::path& file, bool required, std::vector<FleeDiagnostic>& diags) {
  CsvFile f;
  f.path = file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    if (required) diags.push_back({f.path, 0, 0, false, "cannot open the file: expected a Flee input file here"});
    return f;
  }
  f.found = true;
  std::string line;
  int no = 0;
  while (std::getline(in, line)) {
    ++no;
    if (no == 1 && line.size() >= 3 && line.compare(0, 3, "\xEF\xBB\xBF") == 0) line.erase(0, 3);  // BOM
    if (blank(line)) continue;
    const std::size_t first = line.find_first_not_of(" \t");
    if (line[first] == '#') {
      if (!f.header && f.rows.empty()) f.header = split(line, no, first + 1);
      continue;
    }
    f.rows.push_back(split(line, no, 0));
  }
  return f;
}

void CellReader::error(const Row& r, int col, std::string message) const {
  diags_.push_back({f_.path, r.line, col, false, std::move(message)});
}
void CellReader::warning(const Row& r, int col, std::string message) const {
  diags_.push_back({f_.path, r.line, col, true, std::move(message)});
}

const Cell* CellReader::cell(const Row& r, std::size_t index, const char* what) const {
  if (index < r.cells.size()) return &r.cells[index];
  const Cell& last = r.cells.back();
  error(r, last.col + static_cast<int>(last.text.size()),
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
    error(r, c->col, std::string(what) + " '" + c->text + "': expected a number");
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
    error(r, c->col, std::string(what) + " '" + c->text + "': expected a whole number");
    return std::nullopt;
  }
  return v;
}

std::optional<Date> parse_iso_date(const std::string& text) {
  int y = 0;
  unsigned m = 0, d = 0;
  char tail = 0;
  if (std::sscanf(text.c_str(), "%4d-%2u-%2u%c", &y, &m, &d, &tail) != 3 || !is_valid_ymd(y, m, d)) return std::nullopt;
  return date_from_ymd(y, m, d);
}

std::optional<Date> CellReader::date(const Row& r, std::size_t index, const char* what) const {
  const Cell* c = cell(r, index, what);
  if (c == nullptr) return std::nullopt;
  const auto d = parse_iso_date(c->text);
  if (!d) error(r, c->col, std::string(what) + " '" + c->text + "': expected a date YYYY-MM-DD");
  return d;
}

}  // namespace migsim::io::detail
