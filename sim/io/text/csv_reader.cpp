#include "migsim/io/csv_reader.hpp"

#include "migsim/io/paths.hpp"

#include <csv.h>

#include <algorithm>
#include <fstream>
#include <iterator>

namespace migsim::io::detail {

// libcsv does the quoting; this side keeps line and column. Text is handed to it in pieces
// that end at a ',', CR or LF, the only bytes at which it ends a cell or a record, so
// whatever it reports happened at the last byte of the piece just fed.
struct CsvReader::Parser {
  csv_parser p{};
  int field_line = 0, field_col = 0;  // first character of the cell being read (0: none yet)
  int end_line = 0, end_col = 0;      // just after the record's last character but blanks
  int at_line = 0, at_col = 0;        // the byte being fed, for what libcsv reports at it
  std::size_t fields = 0;             // cells reported so far, to tell a ',' in quotes from one between cells

  Parser() { csv_init(&p, 0); }
  ~Parser() { csv_free(&p); }
  Parser(const Parser&) = delete;
  Parser& operator=(const Parser&) = delete;

  void note(char c, int line, int col) {
    if (c == ' ' || c == '\t' || c == '\r' || c == '\n') return;
    if (field_col == 0) field_line = line, field_col = col;
    end_line = line, end_col = col + 1;
  }

  static void on_field(void* s, std::size_t n, void* data) {
    auto& r = *static_cast<CsvReader*>(data);
    Parser& q = *r.parser_;
    const bool seen = q.field_col != 0;
    r.row_.cells.push_back(Cell{std::string(static_cast<const char*>(s), n), seen ? q.field_line : q.at_line,
                                seen ? q.field_col : q.at_col});
    q.field_col = 0;
    ++q.fields;
  }

  static void on_row(int, void* data) {
    auto& r = *static_cast<CsvReader*>(data);
    Parser& q = *r.parser_;
    r.row_.end_line = q.end_col != 0 ? q.end_line : q.at_line;
    r.row_.end_col = q.end_col != 0 ? q.end_col : q.at_col;
    q.end_col = 0;
    r.record_start_ = true;
    if (r.in_header_) {
      r.header_ = std::move(r.row_);
      r.row_ = Row{};
      r.in_header_ = false;
      return;
    }
    r.row_ready_ = true;
    r.rows_seen_ = true;
  }
};

CsvReader::CsvReader(std::string text, CsvDialect dialect)
    : text_(std::move(text)), dialect_(dialect), parser_(std::make_unique<Parser>()) {
  if (text_.starts_with("\xEF\xBB\xBF")) pos_ = line_begin_ = 3;  // a byte order mark is not a column
}

CsvReader::~CsvReader() = default;

void CsvReader::skip_line() {
  const std::size_t eol = text_.find('\n', pos_);
  pos_ = eol == std::string::npos ? text_.size() : eol + 1;
  ++line_;
  line_begin_ = pos_;
}

void CsvReader::feed(std::size_t end) {
  Parser& q = *parser_;
  const auto col = [&](std::size_t i) { return static_cast<int>(i - line_begin_) + 1; };
  if (record_start_ && text_.find_first_not_of("\r\n", pos_) < end) {
    record_start_ = false;
    row_.line = line_;
  }
  const char last = text_[end - 1];
  const bool separator = last == ',' || last == '\r' || last == '\n';
  for (std::size_t i = pos_; i + (separator ? 1 : 0) < end; ++i) q.note(text_[i], line_, col(i));
  q.at_line = line_;
  q.at_col = col(end - 1);
  const std::size_t fields = q.fields;
  const std::size_t n = end - pos_;
  if (csv_parse(&q.p, text_.data() + pos_, n, Parser::on_field, Parser::on_row, this) != n) {
    error_ = Diagnostic{Loc{0, line_, col(pos_)}, std::string("cannot read CSV: ") + csv_strerror(csv_error(&q.p))};
    done_ = true;
    return;
  }
  if (last == ',' && q.fields == fields) q.note(last, line_, col(end - 1));  // a comma inside quotes
  pos_ = end;
  if (last == '\n') {
    ++line_;
    line_begin_ = end;
  }
}

void CsvReader::finish() {
  Parser& q = *parser_;
  done_ = true;
  // libcsv.c's FIELD_BEGUN (2) in a quoted cell: its closing quote never came, so it ran to
  // the end of the file, swallowing every line after it.
  constexpr int field_begun = 2;
  if (q.p.quoted != 0 && q.p.pstate == field_begun) {
    error_ = Diagnostic{Loc{0, q.field_line, q.field_col},
                        "quoted cell never closed: expected a '\"' to end it before the end of the file"};
    return;
  }
  q.at_line = line_;
  q.at_col = static_cast<int>(pos_ - line_begin_) + 1;
  csv_fini(&q.p, Parser::on_field, Parser::on_row, this);
}

bool CsvReader::next(Row& row) {
  row_ready_ = false;
  while (!row_ready_ && !done_) {
    if (pos_ >= text_.size()) {
      finish();
      break;
    }
    if (record_start_ && pos_ == line_begin_) {
      const std::size_t eol = std::min(text_.find('\n', pos_), text_.size());
      const std::size_t first = text_.find_first_not_of(" \t\r", pos_);
      if (first >= eol) {
        skip_line();
        continue;
      }
      if (dialect_.comments && text_[first] == '#') {
        if (header_ || rows_seen_) {
          skip_line();
          continue;
        }
        if (text_.find_first_not_of(" \t\r", first + 1) >= eol) {  // a bare '#': a header of one empty name
          const int col = static_cast<int>(first - line_begin_) + 2;
          header_ = Row{line_, {Cell{"", line_, col}}, line_, col};
          skip_line();
          continue;
        }
        in_header_ = true;
        pos_ = first + 1;
      }
    }
    std::size_t stop = pos_;
    while (stop < text_.size() && text_[stop] != ',' && text_[stop] != '\n' && text_[stop] != '\r') ++stop;
    feed(std::min(stop + 1, text_.size()));
  }
  if (!row_ready_) return false;
  row = std::move(row_);
  row_ = Row{};
  return true;
}

CsvTable read_csv_text(std::string text, CsvDialect dialect) {
  CsvReader reader(std::move(text), dialect);
  CsvTable out;
  Row row;
  while (reader.next(row)) out.rows.push_back(std::move(row));
  out.header = reader.header();
  out.error = reader.error();
  return out;
}

std::optional<std::string> read_text_file(const std::filesystem::path& file) {
  std::string problem;
  return read_input_file(file, problem);
}

std::optional<CsvTable> read_csv(const std::filesystem::path& file, CsvDialect dialect) {
  auto text = read_text_file(file);
  if (!text) return std::nullopt;
  return read_csv_text(std::move(*text), dialect);
}

}  // namespace migsim::io::detail
