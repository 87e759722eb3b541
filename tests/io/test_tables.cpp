// The output-table registry against what uses it: the files CsvWriter writes and their
// header lines, the asylum events, and the README's outputs table.
#include <doctest/doctest.h>

#include <set>

#include "migsim/core/asylum_events.hpp"
#include "migsim/io/results.hpp"
#include "migsim/io/tables.hpp"
#include "results_fixture.hpp"

using namespace migsim;
using migsim::test::read_text;
using migsim::test::TempDir;
namespace fs = std::filesystem;

namespace {

std::string first_line(const fs::path& file) {
  const std::string text = read_text(file);
  return text.substr(0, text.find('\n') + 1);
}

}  // namespace

TEST_CASE("CsvWriter writes exactly the registry's CSV tables, each with the registry's header line") {
  const auto model = build_model(test::tiny_spec());
  TempDir dir;
  io::CsvWriter writer(dir.path());
  RunOptions options;
  options.threads = 1;
  run(*model, options, &writer);

  std::set<std::string> written, described;
  for (const auto& entry : fs::directory_iterator(dir.path())) written.insert(entry.path().filename().string());
  for (const io::OutputSpec& spec : io::output_specs()) {
    if (spec.columns.empty()) continue;  // manifest.json: written by write_manifest, not CsvWriter
    described.insert(spec.file);
    CHECK_MESSAGE(first_line(dir.path() / spec.file) == spec.header(), spec.file);
  }
  CHECK(written == described);
}

TEST_CASE("asylum.csv's columns are month, country, every asylum event in order, then backlog") {
  const auto& columns = io::spec_of(io::Output::asylum).columns;
  REQUIRE(columns.size() == 2 + asylum_event_count + 1);
  CHECK(columns[0].name == "month");
  CHECK(columns[1].name == "country");
  for (std::size_t e = 0; e < asylum_event_count; ++e) CHECK(columns[2 + e].name == asylum_events[e].name);
  CHECK(columns.back().name == "backlog");
}

TEST_CASE("every output is described: a file name, its contents and a meaning for each column") {
  std::set<std::string> files;
  for (const io::OutputSpec& spec : io::output_specs()) {
    CHECK_MESSAGE(!spec.contents.empty(), spec.file);
    CHECK_MESSAGE(files.insert(spec.file).second, spec.file << " is described twice");
    std::set<std::string> names;
    for (const io::Column& c : spec.columns) {
      CHECK_MESSAGE(!c.meaning.empty(), spec.file << " " << c.name);
      CHECK_MESSAGE(names.insert(c.name).second, spec.file << " has two columns " << c.name);
    }
  }
  CHECK(io::spec_of(io::Output::manifest).file == "manifest.json");
  CHECK(io::spec_of(io::Output::waits).file == "waits.csv");
  CHECK(io::spec_of(io::Output::transitions).file == "transitions.csv");
}

// The README's table sits between two markers; the text between them must be the registry
// rendered, so a column added, renamed or explained anew shows up there. On a mismatch the
// message holds the text to paste.
TEST_CASE("README.md's outputs table is the registry's") {
  const std::string readme = read_text(fs::path(MIGSIM_SOURCE_DIR) / "README.md");
  const std::string begin = "<!-- outputs table: generated from sim/io/results/tables.cpp (io::outputs_markdown) -->\n";
  const std::string end = "<!-- end of outputs table -->";
  const auto b = readme.find(begin), e = readme.find(end);
  REQUIRE(b != std::string::npos);
  REQUIRE(e != std::string::npos);
  REQUIRE(b < e);
  const std::string block = readme.substr(b + begin.size(), e - b - begin.size());
  CHECK_MESSAGE(block == io::outputs_markdown(), "expected between the markers:\n" << io::outputs_markdown());
}
