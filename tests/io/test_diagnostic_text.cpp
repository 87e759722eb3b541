// The one text form of a problem in an input file, shared by scenarios, Flee folders and
// targets files.
#include <doctest/doctest.h>

#include <string>
#include <vector>

#include "migsim/io/diagnostic_text.hpp"

using migsim::Diagnostic;
using migsim::Loc;
using migsim::Severity;
using migsim::io::format_diagnostic;

TEST_CASE("format_diagnostic writes file:line:col and leaves out an unknown line or column") {
  const std::vector<std::string> sources = {"a.yaml", "--set people.total=-5"};
  CHECK(format_diagnostic({Loc{0, 3, 7}, "bad"}, sources) == "a.yaml:3:7: error: bad");
  CHECK(format_diagnostic({Loc{1, 1, 14}, "bad"}, sources) == "--set people.total=-5:1:14: error: bad");
  CHECK(format_diagnostic({Loc{0, 3, 0}, "bad"}, sources) == "a.yaml:3: error: bad");
  CHECK(format_diagnostic({Loc{0, 0, 0}, "bad"}, sources) == "a.yaml: error: bad");
  CHECK(format_diagnostic({Loc{0, 0, 5}, "bad"}, sources) == "a.yaml: error: bad");
}

TEST_CASE("format_diagnostic says warning for a warning") {
  const std::vector<std::string> sources = {"input_csv/x.csv"};
  CHECK(format_diagnostic({Loc{0, 2, 1}, "ignored", Severity::warning}, sources) ==
        "input_csv/x.csv:2:1: warning: ignored");
}

TEST_CASE("format_diagnostic names a source it does not know <unknown>") {
  const std::vector<std::string> sources = {"a.yaml"};
  CHECK(format_diagnostic({Loc{1, 2, 3}, "bad"}, sources) == "<unknown>:2:3: error: bad");
}
