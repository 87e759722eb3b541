#pragma once
// CSV as rows of cells that remember where they were, for file:line:col messages (io's
// toolkit, for the layers above it too). RFC 4180 quoting through libcsv: a quoted cell may hold
// commas, doubled quotes ("") and line breaks. Lines end in LF or CRLF, the last one maybe
// not at all; blank lines are skipped; blanks around an unquoted cell are dropped. In Flee's
// dialect (comments = true) a line starting with '#' is a comment, and the first one before
// any row is the header (most Flee files name their columns so).
#include "migsim/io/layer.hpp"

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "migsim/core/diagnostic.hpp"

namespace migsim::io::detail {

struct Cell {
  std::string text;  // unquoted, without surrounding blanks
  int line = 0;      // 1-based line and column of its first character (its opening quote);
  int col = 0;       // for an empty cell, where it ends
};

struct Row {
  int line = 0;  // where the row starts
  std::vector<Cell> cells;
  int end_line = 0, end_col = 0;  // just after its last character but blanks: where a missing cell would be
};

struct CsvDialect {
  bool comments = false;  // '#' lines are comments, the first before any row the header
};

// Reads rows one at a time, so a long file is never held as cells all at once.
class CsvReader {
 public:
  explicit CsvReader(std::string text, CsvDialect dialect = {});
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // The next row; false at the end of the text, or at a problem (error()).
  bool next(Row& row);
  // The '#' header, once next() has read past it (comments dialect only).
  const std::optional<Row>& header() const { return header_; }
  // What stopped the reading early (Loc::source 0), e.g. a quoted cell never closed.
  const std::optional<Diagnostic>& error() const { return error_; }

 private:
  struct Parser;
  void skip_line();
  void feed(std::size_t end);
  void finish();

  std::string text_;
  CsvDialect dialect_;
  std::unique_ptr<Parser> parser_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::size_t line_begin_ = 0;  // offset of line_'s first byte
  bool record_start_ = true;    // no byte of a record fed since the last one ended
  bool in_header_ = false;      // the record being read is the '#' header
  bool rows_seen_ = false;
  bool done_ = false;
  Row row_;  // the record being read
  bool row_ready_ = false;
  std::optional<Row> header_;
  std::optional<Diagnostic> error_;
};

struct CsvTable {
  std::optional<Row> header;  // comments dialect: the '#' header line, without its '#'
  std::vector<Row> rows;
  std::optional<Diagnostic> error;  // the rows are those before it
};

CsvTable read_csv_text(std::string text, CsvDialect dialect = {});

// nullopt when the file cannot be opened. A UTF-8 byte order mark is skipped.
std::optional<CsvTable> read_csv(const std::filesystem::path& file, CsvDialect dialect = {});

// The whole file, or nullopt when it is not a regular file this process can read (a folder, a
// FIFO, a device: input_file_problem says which), for readers that go row by row.
std::optional<std::string> read_text_file(const std::filesystem::path& file);

}  // namespace migsim::io::detail
