#pragma once
// Flee's CSV files as rows of cells that remember where they were (internal to sim/io), read
// by csv_reader in Flee's dialect: lines starting with '#' are comments, the header of most
// files is such a comment. Flee reads them with Python's csv module, so quoted cells are
// valid input.
#include "migsim/io/layer.hpp"

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "migsim/core/date.hpp"
#include "migsim/io/csv_reader.hpp"
#include "migsim/io/flee_import.hpp"

namespace migsim::io::detail {

// Where the importer's problems go: each file's path becomes one of FleeImport::sources.
class FleeLog {
 public:
  explicit FleeLog(FleeImport& out) : out_(out) {}
  void add(const std::string& path, int line, int col, std::string message, Severity severity = Severity::error);

 private:
  FleeImport& out_;
};

struct CsvFile {
  std::string path;  // for messages
  bool found = false;
  std::optional<Row> header;  // the first comment line, if any, without its '#'
  std::vector<Row> rows;      // data rows
};

// Reports a missing file as an error when `required` (else returns found = false quietly).
CsvFile read_flee_csv(const std::filesystem::path& file, bool required, FleeLog& log);

// Cell parsers: on failure they add "<what> '<text>': expected <expectation>" and return nullopt.
class CellReader {
 public:
  CellReader(const CsvFile& f, FleeLog& log) : f_(f), log_(log) {}
  void error(const Cell& c, std::string message) const;
  void warning(const Cell& c, std::string message) const;
  // The cell at `index`, or an error naming `what` if the row is shorter.
  const Cell* cell(const Row& r, std::size_t index, const char* what) const;
  std::optional<double> number(const Row& r, std::size_t index, const char* what) const;
  std::optional<long long> integer(const Row& r, std::size_t index, const char* what) const;
  std::optional<Date> date(const Row& r, std::size_t index, const char* what) const;
  // As number()/integer(), but an empty cell is `fallback`: Flee reads an empty cell as its
  // default (e.g. a town's empty conflict_date or population).
  std::optional<double> number_or(const Row& r, std::size_t index, const char* what, double fallback) const;
  std::optional<long long> integer_or(const Row& r, std::size_t index, const char* what, long long fallback) const;

 private:
  const CsvFile& f_;
  FleeLog& log_;
};

}  // namespace migsim::io::detail
