#pragma once
// A table of a results folder read back row by row (io's toolkit, for the layers above it
// too): migsim compare and migsim report read the CSVs through it, by the column names
// migsim/io/tables.hpp gives.
#include "migsim/io/layer.hpp"

#include <algorithm>
#include <charconv>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

#include "migsim/core/diagnostic.hpp"
#include "migsim/io/csv_reader.hpp"
#include "migsim/io/diagnostic_text.hpp"
#include "migsim/io/tables.hpp"

namespace migsim::io::detail {

// A problem with a results file, already "path[:line]: error: ..."; the readers catch it per
// file or per folder.
struct BadResults : std::runtime_error {
  using std::runtime_error::runtime_error;
};
inline constexpr const char* unreadable_results = "cannot read; expected a results folder written by migsim run";

// "path[:line[:col]]: error: message".
inline std::string results_located(const std::string& path, Loc loc, std::string message) {
  return format_diagnostic({loc, std::move(message)}, {&path, 1});
}

// A count of people; `where` is the "path:line: error: " a problem is reported at.
inline std::uint64_t results_count(const std::string& s, const std::string& where) {
  std::uint64_t v = 0;
  const auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || res.ec != std::errc() || res.ptr != s.data() + s.size())
    throw BadResults(where + "'" + s + "' is not a whole number; expected a count of people");
  return v;
}

// How many rows a table must have, and the file that says so (manifest.json, sweep.json,
// calibration.json), for the message of a table that has others.
struct ExpectedRows {
  std::uint64_t rows = 0;
  std::string counted_by;
};

// Reads a CSV written by CsvWriter (or by a study). Columns are found by name, so their order
// does not matter; every column the table has (migsim/io/tables.hpp) must be there, so a folder
// from another version is refused instead of misread. Columns it does not know are ignored.
// The file must be whole: ending with a line end (a table is written whole, so one without
// was cut short, perhaps inside its last number) and, when `expected` is given, holding
// exactly that many rows under its header (checked when next() reaches the end).
class ResultsTable {
 public:
  ResultsTable(const std::filesystem::path& dir, const OutputSpec& spec,
               std::optional<ExpectedRows> rows = std::nullopt)
      : path_((dir / spec.file).string()), reader_(text_of(path_)), expected_(std::move(rows)) {
    if (!read(header_)) header_.clear();
    std::string missing;
    for (const Column& c : spec.columns)
      if (std::find(header_.begin(), header_.end(), c.name) == header_.end())
        missing += (missing.empty() ? "'" : ", '") + c.name + "'";
    if (!missing.empty()) {
      std::string expected = spec.header();
      expected.pop_back();
      throw BadResults(results_located(path_, Loc{0, 1, 0},
                                       "header '" + joined(header_) + "' has no column " + missing +
                                           "; expected the columns '" + expected + "' in any order"));
    }
  }
  // Where the column `name` is in each row; it is one of the table's (checked on opening).
  std::size_t column(std::string_view name) const {
    return static_cast<std::size_t>(std::find(header_.begin(), header_.end(), name) - header_.begin());
  }
  // The next row's cells (one per header column), or false at the end.
  bool next(std::vector<std::string>& cells) {
    if (!read(cells)) {
      if (expected_ && rows_ != expected_->rows)
        throw BadResults(results_located(path_, Loc{},
                                         "has " + std::to_string(rows_) + " rows; expected " +
                                             std::to_string(expected_->rows) + ", as " + expected_->counted_by +
                                             " says (cut short, or from another run?)"));
      return false;
    }
    ++rows_;
    if (cells.size() != header_.size())
      throw BadResults(where() + std::to_string(cells.size()) + " cells; expected " + std::to_string(header_.size()));
    return true;
  }
  // Reads the rows left, checking each has the header's cells (and, at the end, their count).
  void skip_rest() {
    std::vector<std::string> cells;
    while (next(cells)) {
    }
  }
  std::string where() const { return results_located(path_, Loc{0, line_, 0}, ""); }
  // The header's names, in the file's order: for tables whose columns beyond the required
  // ones are named by their content (a study's parameter paths and target ids).
  const std::vector<std::string>& header() const { return header_; }
  const std::string& path() const { return path_; }

 private:
  static std::string text_of(const std::string& path) {
    auto text = read_text_file(path);
    if (!text) throw BadResults(results_located(path, Loc{}, unreadable_results));
    if (!text->empty() && text->back() != '\n')
      throw BadResults(results_located(path, Loc{},
                                       "does not end with a line end; expected a whole table, as migsim "
                                       "writes it (this one was cut short, perhaps inside its last cell)"));
    return std::move(*text);
  }
  static std::string joined(const std::vector<std::string>& cells) {
    std::string out;
    for (const auto& c : cells) out += (out.empty() ? "" : ",") + c;
    return out;
  }
  bool read(std::vector<std::string>& cells) {
    Row row;
    cells.clear();
    if (!reader_.next(row)) {
      if (const auto& e = reader_.error()) throw BadResults(results_located(path_, e->loc, e->message));
      return false;
    }
    line_ = row.line;
    for (auto& c : row.cells) cells.push_back(std::move(c.text));
    return true;
  }

  std::string path_;
  CsvReader reader_;
  std::optional<ExpectedRows> expected_;
  std::vector<std::string> header_;
  int line_ = 1;
  std::uint64_t rows_ = 0;
};

}  // namespace migsim::io::detail
