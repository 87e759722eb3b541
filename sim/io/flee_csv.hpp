#pragma once
// Flee's CSV files as rows of cells that remember where they were (internal to sim/io).
// Flee's dialect: comma separated, no quoting, lines starting with '#' are comments (the
// header of most files is such a comment), blank lines ignored.
#include "migsim/io/layer.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "migsim/date.hpp"
#include "migsim/io/flee_import.hpp"

namespace migsim::io::detail {

struct Cell {
  std::string text;  // without surrounding blanks
  int col = 0;       // 1-based column of its first character
};

struct Row {
  int line = 0;
  std::vector<Cell> cells;
};

struct CsvFile {
  std::string path;  // for messages
  bool found = false;
  std::optional<Row> header;  // the first comment line, if any, without its '#'
  std::vector<Row> rows;      // data rows
};

// Reports a missing file as an error when `required` (else returns found = false quietly).
CsvFile read_flee_csv(const std::filesystem::path& file, bool required, std::vector<FleeDiagnostic>& diags);

// Cell parsers: on failure they add "<what> '<text>': expected <expectation>" and return nullopt.
class CellReader {
 public:
  CellReader(const CsvFile& f, std::vector<FleeDiagnostic>& diags) : f_(f), diags_(diags) {}
  void error(const Row& r, int col, std::string message) const;
  void warning(const Row& r, int col, std::string message) const;
  // The cell at `index`, or an error naming `what` if the row is shorter.
  const Cell* cell(const Row& r, std::size_t index, const char* what) const;
  std::optional<double> number(const Row& r, std::size_t index, const char* what) const;
  std::optional<long long> integer(const Row& r, std::size_t index, const char* what) const;
  std::optional<Date> date(const Row& r, std::size_t index, const char* what) const;

 private:
  const CsvFile& f_;
  std::vector<FleeDiagnostic>& diags_;
};

std::optional<Date> parse_iso_date(const std::string& text);

}  // namespace migsim::io::detail
