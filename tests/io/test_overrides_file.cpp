// --set-file FILE: a flat YAML map of dotted.path: value, each entry as a --set, applied
// before the --set overrides; every problem points into the file at its own line:col.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>

#include "migsim/io/overrides_file.hpp"
#include "migsim/io/results.hpp"
#include "results_fixture.hpp"
#include "scenario_text.hpp"

using namespace migsim;
using migsim::test::all;

namespace {

io::OverridesFile from_text(const std::string& text) {
  return io::overrides_file_from_text(text, "o.yaml");
}

// Every problem of the file alone, formatted, one per line.
std::string problems(const io::OverridesFile& f) {
  std::string out;
  for (const auto& d : f.diagnostics) out += io::format_diagnostic(d, {&f.path, 1}) + "\n";
  return out;
}

io::LoadResult toy_with(const std::string& text, const std::vector<std::string>& sets = {}) {
  return io::load_scenario_with_file(test::toy_path(), from_text(text), sets);
}

constexpr const char* kExpected =
    "expected a map of dotted.path: value, one per line, e.g. policies.croatia_recognition.rate: 0.163";

}  // namespace

TEST_CASE("an overrides file's entries land in the spec, located in the file") {
  const std::string text =
      "# posterior medians\n"
      "people.total: 500000\n"
      "policies.air_ban.from: 2022-04-20\n"
      "countries.GE.attractiveness: 2\n"
      "\"crossings.ru_lars.capacity_per_day\": \"100\"\n";
  const auto file = from_text(text);
  REQUIRE_MESSAGE(file.ok(), problems(file));
  REQUIRE(file.entries.size() == 4);
  CHECK(file.entries[0].path == "people.total");
  CHECK(file.entries[0].value == "500000");
  CHECK(file.entries[0].path_loc.line == 2);
  CHECK(file.entries[0].path_loc.col == 1);
  CHECK(file.entries[0].value_loc.col == 15);
  CHECK(file.entries[3].path_loc.col == 2);  // after the quote
  CHECK(file.sha256 == io::sha256_text(text));

  const auto r = io::load_scenario_with_file(test::toy_path(), file);
  REQUIRE_MESSAGE(r.ok(), all(r));
  CHECK(r.spec.total_people == 500000);
  CHECK(r.spec.policies[0].from == date_from_ymd(2022, 4, 20));
  CHECK(r.spec.countries[1].attractiveness == 2);
  CHECK(r.spec.crossings[0].capacity_per_day == 100.0);
  REQUIRE(r.spec.sources.size() == 2);
  CHECK(r.spec.sources[1] == "o.yaml");
  // The overridden value's location is the file's line:col.
  CHECK(r.spec.people_locs.at("total").source == 1);
  CHECK(r.spec.people_locs.at("total").line == 2);
  CHECK(r.spec.people_locs.at("total").col == 15);
}

TEST_CASE("--set applies after the overrides file, so it wins for the same path") {
  const auto r = toy_with("people.total: 500000\ncountries.GE.attractiveness: 2\n", {"people.total=600000"});
  REQUIRE_MESSAGE(r.ok(), all(r));
  CHECK(r.spec.total_people == 600000);
  CHECK(r.spec.countries[1].attractiveness == 2);
  REQUIRE(r.spec.sources.size() == 3);
  CHECK(r.spec.sources[2] == "--set people.total=600000");
  CHECK(r.spec.people_locs.at("total").source == 2);
}

TEST_CASE("a bad value or path in an overrides file points into the file") {
  const auto r = toy_with(
      "countries.GE.attractiveness: 2\n"
      "people.total: -5\n"
      "people.totl: 5\n"
      "policies.air-ban.from: 2022-04-20\n"
      "\"crossings.ru_lars.days\": abc\n"
      "policies.air_ban: 2022-04-20\n",
      {"people.scale=0"});
  const std::string text = all(r);
  INFO(text);
  CHECK(text.find("o.yaml:2:15: error: people.total '-5' is negative; expected a number from 0 to 1e9") !=
        std::string::npos);
  CHECK(text.find("o.yaml:3:8: error: unknown key 'totl' in people; expected one of: ") != std::string::npos);
  CHECK(text.find("(did you mean 'total'?)") != std::string::npos);
  CHECK(text.find("o.yaml:4:10: error: no item of policies has name 'air-ban'; expected one of: ") !=
        std::string::npos);
  CHECK(text.find("o.yaml:5:27: error: ") != std::string::npos);  // the value abc, after the quoted key
  CHECK(text.find("o.yaml:6:10: error: 'policies.air_ban' is a whole item; an overrides file sets single values "
                  "only, expected a path such as policies.air_ban.") != std::string::npos);
  // The scenario's and the --set's problems come with the file's, all at once, in source order.
  CHECK(text.find("--set people.scale=0:1:14: error: ") != std::string::npos);
  CHECK(text.find("o.yaml:") < text.find("--set people.scale=0"));
  CHECK(r.diagnostics.size() == 6);
}

TEST_CASE("an overrides file of the wrong form: each kind with its message and line:col") {
  struct Case {
    const char* text;
    std::string expected;
  };
  const Case cases[] = {
      {"", std::string("o.yaml:1:1: error: file is empty; ") + kExpected + "\n"},
      {"# only a comment\n\n", std::string("o.yaml:1:1: error: file is empty; ") + kExpected + "\n"},
      {"---\n", std::string("o.yaml:1:1: error: file is empty; ") + kExpected + "\n"},
      {"- people.total: 5\n", std::string("o.yaml:1:1: error: the file is a list; ") + kExpected + "\n"},
      {"people.total=5\n", std::string("o.yaml:1:1: error: the file is a single value; ") + kExpected + "\n"},
      {"people:\n  total: 5\n",
       "o.yaml:2:3: error: 'people' holds a map; expected a single value: an overrides file is flat, write "
       "'people.total: 5' rather than nesting\n"},
      {"people.total: [1, 2]\n",
       "o.yaml:1:15: error: 'people.total' holds a list; expected a single value (an overrides file sets single "
       "values only, as --set does)\n"},
      {"people.total:\n",
       "o.yaml:1:1: error: 'people.total' has no value; expected a single value after the colon, e.g. "
       "people.total: 0.163\n"},
      {"people.total: 5\npeople.scale: 2\npeople.total: 6\n",
       "o.yaml:3:1: error: duplicate key 'people.total'; it was already given at line 1, expected each key once "
       "per map\n"},
  };
  for (const Case& c : cases) {
    CAPTURE(c.text);
    const auto f = from_text(c.text);
    CHECK_FALSE(f.ok());
    CHECK(problems(f) == c.expected);
  }
}

TEST_CASE("every problem of an overrides file at once, in file order, and the good entries kept") {
  const auto f = from_text(
      "people.total: 5\n"
      "people.scale: [1]\n"
      "countries.GE.attractiveness: 2\n"
      "people.total: 6\n"
      "people.origin:\n");
  const std::string text = problems(f);
  INFO(text);
  REQUIRE(f.diagnostics.size() == 3);
  CHECK(f.diagnostics[0].loc.line == 2);
  CHECK(f.diagnostics[1].loc.line == 4);
  CHECK(f.diagnostics[2].loc.line == 5);
  REQUIRE(f.entries.size() == 2);
  CHECK(f.entries[1].path == "countries.GE.attractiveness");
  // Through the loader, the file's problems are source 1 and stop the load.
  const auto r = io::load_scenario_with_file(test::toy_path(), f);
  CHECK_FALSE(r.ok());
  CHECK(all(r).find("o.yaml:4:1: error: duplicate key 'people.total'") != std::string::npos);
}

TEST_CASE("text that is not YAML, or not text, is refused at its place") {
  const auto syntax = from_text("people.total: 5\npeople.scale: [1\n");
  REQUIRE(syntax.diagnostics.size() == 1);
  CHECK(syntax.diagnostics[0].message.find("YAML syntax error") == 0);
  CHECK(syntax.entries.empty());
  const auto binary = from_text(std::string("people.total: 5\0", 16));
  REQUIRE(binary.diagnostics.size() == 1);
  CHECK(binary.diagnostics[0].message.find("NUL byte") != std::string::npos);
  const auto anchors = from_text("people.total: &a 5\npeople.scale: *a\n");
  CHECK(anchors.diagnostics.size() == 1);
}

TEST_CASE("read_overrides_file: a missing file is one problem naming it, a real one is hashed as read") {
  const auto missing = io::read_overrides_file("no/such/calibrated.yaml");
  REQUIRE(missing.diagnostics.size() == 1);
  CHECK(problems(missing) ==
        "no/such/calibrated.yaml: error: cannot open: no such file; expected an overrides file (YAML, "
        "dotted.path: value)\n");
  CHECK(missing.sha256.empty());
  const auto r = io::load_scenario_with_file(test::toy_path(), missing);
  CHECK(all(r) ==
        "no/such/calibrated.yaml: error: cannot open: no such file; expected an overrides file (YAML, "
        "dotted.path: value)\n");

  test::TempDir dir;
  const auto path = dir.path() / "calibrated.yaml";
  std::ofstream(path) << "people.total: 1234\n";
  const auto file = io::read_overrides_file(path.string());
  REQUIRE_MESSAGE(file.ok(), problems(file));
  CHECK(file.sha256 == io::sha256_file(path));
  CHECK(file.sha256 == io::sha256_text("people.total: 1234\n"));
  const auto loaded = io::load_scenario_with_file(test::toy_path(), file);
  REQUIRE_MESSAGE(loaded.ok(), all(loaded));
  CHECK(loaded.spec.total_people == 1234);
}

TEST_CASE("overrides_file_text writes what overrides_file_from_text reads back as given") {
  const std::vector<std::pair<std::string, std::string>> entries = {
      {"policies.croatia_recognition.rate", "0.163"},
      {"policies.air_ban.from", "2022-04-20"},
      {"behaviour.logit.travel_days", "-0.05"},
      {"scenario.name", "a: b # c"},
      {"x.y", "null"},
      {"x.z", ""},
      {"x.q", "say \"hi\"\\"},
  };
  const std::string text = io::overrides_file_text(entries, "migsim calibrate\nposterior medians");
  CHECK(text.rfind("# migsim calibrate\n# posterior medians\npolicies.croatia_recognition.rate: 0.163\n"
                   "policies.air_ban.from: 2022-04-20\nbehaviour.logit.travel_days: -0.05\n",
                   0) == 0);
  const auto f = from_text(text);
  REQUIRE_MESSAGE(f.ok(), problems(f) << text);
  REQUIRE(f.entries.size() == entries.size());
  for (std::size_t i = 0; i < entries.size(); ++i) {
    CHECK(f.entries[i].path == entries[i].first);
    CHECK(f.entries[i].value == entries[i].second);
  }
}
