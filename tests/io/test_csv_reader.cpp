// The one CSV reader (include/migsim/io/csv_reader.hpp): RFC 4180 quoting through libcsv, and the line
// and column of every cell for file:line:col messages.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "migsim/io/csv_reader.hpp"

using namespace migsim::io::detail;

namespace {

std::vector<std::string> texts(const Row& r) {
  std::vector<std::string> out;
  for (const auto& c : r.cells) out.push_back(c.text);
  return out;
}

using Strings = std::vector<std::string>;

}  // namespace

TEST_CASE("csv: plain cells, their lines and columns, blanks around a cell dropped") {
  const auto t = read_csv_text("a,bb,c\n  x , y,z\n");
  REQUIRE(!t.error);
  REQUIRE(t.rows.size() == 2);
  CHECK(texts(t.rows[0]) == Strings{"a", "bb", "c"});
  CHECK(texts(t.rows[1]) == Strings{"x", "y", "z"});
  CHECK(t.rows[0].line == 1);
  CHECK(t.rows[1].line == 2);
  CHECK(t.rows[0].cells[1].col == 3);
  CHECK(t.rows[0].cells[2].col == 6);
  CHECK(t.rows[1].cells[0].col == 3);
  CHECK(t.rows[1].cells[1].col == 7);
  CHECK(t.rows[1].cells[2].col == 9);
  CHECK(t.rows[1].cells[2].line == 2);
}

TEST_CASE("csv: a quoted cell holds commas and doubled quotes") {
  const auto t = read_csv_text("\"Kyiv, Ukraine\",\"say \"\"hi\"\"\",3\n");
  REQUIRE(!t.error);
  REQUIRE(t.rows.size() == 1);
  CHECK(texts(t.rows[0]) == Strings{"Kyiv, Ukraine", "say \"hi\"", "3"});
  CHECK(t.rows[0].cells[0].col == 1);  // its opening quote
  CHECK(t.rows[0].cells[1].col == 17);
  CHECK(t.rows[0].cells[2].col == 30);
}

TEST_CASE("csv: a line break inside quotes, and the lines of the rows after it") {
  const auto t = read_csv_text("a,\"two\nlines\",b\nc,d\n\ne,f\n");
  REQUIRE(!t.error);
  REQUIRE(t.rows.size() == 3);
  CHECK(texts(t.rows[0]) == Strings{"a", "two\nlines", "b"});
  CHECK(t.rows[0].cells[2].line == 2);
  CHECK(t.rows[0].cells[2].col == 8);
  CHECK(t.rows[1].line == 3);
  CHECK(t.rows[2].line == 5);
  CHECK(texts(t.rows[2]) == Strings{"e", "f"});
}

TEST_CASE("csv: CRLF line ends, with or without a last one") {
  for (const std::string text : {"a,b\r\nc,d\r\n", "a,b\r\nc,d"}) {
    const auto t = read_csv_text(text);
    REQUIRE(!t.error);
    REQUIRE(t.rows.size() == 2);
    CHECK(texts(t.rows[0]) == Strings{"a", "b"});
    CHECK(texts(t.rows[1]) == Strings{"c", "d"});
    CHECK(t.rows[1].line == 2);
    CHECK(t.rows[1].cells[1].col == 3);
  }
}

TEST_CASE("csv: empty cells are cells, at the column where they end") {
  const auto t = read_csv_text("a,,c,\n,\n");
  REQUIRE(t.rows.size() == 2);
  CHECK(texts(t.rows[0]) == Strings{"a", "", "c", ""});
  CHECK(t.rows[0].cells[1].col == 3);
  CHECK(t.rows[0].cells[3].col == 6);
  CHECK(texts(t.rows[1]) == Strings{"", ""});
}

TEST_CASE("csv: where a row ends, for a missing cell's message") {
  const auto t = read_csv_text("a,bc  \nd");
  REQUIRE(t.rows.size() == 2);
  CHECK(t.rows[0].end_line == 1);
  CHECK(t.rows[0].end_col == 5);
  CHECK(t.rows[1].end_col == 2);
}

TEST_CASE("csv: Flee's dialect reads the first '#' line as the header and skips other comments") {
  const std::string text = "#name, region\nK,R\n  # a note\nL,S\n";
  const auto flee = read_csv_text(text, CsvDialect{.comments = true});
  REQUIRE(flee.header);
  CHECK(texts(*flee.header) == Strings{"name", "region"});
  CHECK(flee.header->cells[1].col == 8);
  REQUIRE(flee.rows.size() == 2);
  CHECK(texts(flee.rows[1]) == Strings{"L", "S"});
  CHECK(flee.rows[1].line == 4);
  // Without comments a '#' is text like any other.
  const auto plain = read_csv_text(text);
  CHECK(!plain.header);
  REQUIRE(plain.rows.size() == 4);
  CHECK(plain.rows[0].cells[0].text == "#name");
}

TEST_CASE("csv: a quoted cell never closed is an error at its opening quote") {
  const auto t = read_csv_text("a,b\nc,\"d\ne,f\n");
  REQUIRE(t.error);
  CHECK(t.error->loc.line == 2);
  CHECK(t.error->loc.col == 3);
  CHECK(t.error->message.find("never closed") != std::string::npos);
  CHECK(t.rows.size() == 1);
}

TEST_CASE("csv: a file that cannot be opened, and one that can") {
  CHECK(!read_csv("/nonexistent/dir/x.csv"));
  const auto path = std::filesystem::temp_directory_path() / ("migsim-csv-" + std::to_string(::getpid()) + ".csv");
  std::ofstream(path, std::ios::binary) << "\xEF\xBB\xBFx,y\n1,2\n";
  const auto t = read_csv(path);
  std::filesystem::remove(path);
  REQUIRE(t);
  REQUIRE(t->rows.size() == 2);
  CHECK(texts(t->rows[0]) == Strings{"x", "y"});
  CHECK(t->rows[0].cells[1].col == 3);  // the byte order mark is no column
}

TEST_CASE("csv: the reader goes row by row") {
  CsvReader reader("h\n1\n2\n");
  Row row;
  std::vector<int> lines;
  while (reader.next(row)) lines.push_back(row.line);
  CHECK(lines == std::vector<int>{1, 2, 3});
  CHECK(!reader.error());
}
