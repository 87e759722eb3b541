// --set path=value: any scalar, addressed through ids and policy names, checked like the
// file's values, with diagnostics that point into the override.
#include <doctest/doctest.h>

#include "scenario_text.hpp"

using namespace migsim;
using migsim::test::all;
using migsim::test::has;
using migsim::test::only;

namespace {

io::LoadResult toy(const std::vector<std::string>& overrides) {
  return io::load_scenario(test::toy_path(), overrides);
}

}  // namespace

TEST_CASE("valid overrides land in the spec and are recorded as sources") {
  const auto r = toy({"people.total=500000", "policies.air_ban.from=2022-04-20", "countries.GE.attractiveness=2",
                      "crossings.ru_lars.capacity_per_day=100", "behaviour.logit.travel_days=-0.1"});
  REQUIRE_MESSAGE(r.ok(), all(r));
  CHECK(r.spec.total_people == 500000);
  CHECK(r.spec.policies[0].from == date_from_ymd(2022, 4, 20));
  CHECK(r.spec.countries[1].attractiveness == 2);
  CHECK(r.spec.crossings[0].capacity_per_day == 100.0);
  CHECK(r.spec.behaviour.days_coef == -0.1);
  REQUIRE(r.spec.sources.size() == 6);
  CHECK(r.spec.sources[1] == "--set people.total=500000");
  CHECK(r.spec.sources[5] == "--set behaviour.logit.travel_days=-0.1");
  // The overridden value's location is the override.
  CHECK(r.spec.people_locs.at("total").source == 1);
  CHECK(r.spec.people_locs.at("total").col == 14);
}

TEST_CASE("an override may add a known optional key the file leaves out") {
  const auto r = toy({"crossings.lars_ge.capacity_per_day=10", "profiles.evader.criminal_record=0.1",
                      "policies.lars_closed.who.sex=male", "profiles.evader.documents.schengen_visa=0.2",
                      "countries.GE.eu=2030-01-01"});
  REQUIRE_MESSAGE(r.ok(), all(r));
  CHECK(r.spec.crossings[1].capacity_per_day == 10.0);
  CHECK(r.spec.profiles[1].criminal_record == 0.1);
  CHECK(r.spec.policies[1].who.male == true);
  CHECK(r.spec.profiles[1].documents.at("schengen_visa") == 0.2);
  CHECK(r.spec.countries[1].eu_since == date_from_ymd(2030, 1, 1));
}

TEST_CASE("policies are addressed by name, departures and age bands by position") {
  const auto r = toy({"policies.lars_closed.until=2022-05-20", "departures.1.weight=2", "profiles.evader.age.0.to=40"});
  REQUIRE_MESSAGE(r.ok(), all(r));
  CHECK(r.spec.policies[1].until == date_from_ymd(2022, 5, 20));
  CHECK(r.spec.departures[1].weight == 2);
  CHECK(r.spec.profiles[1].age[0].to == 40);
  const auto bad = only(toy({"departures.2.weight=1"}));
  CHECK(bad.loc.col == 12);
  CHECK(bad.message ==
        "'2' is not a position in departures; expected 0 to 1 (departures items are addressed by position)");
  const auto name = only(toy({"policies.air-ban.from=2022-04-20"}));
  CHECK(name.message ==
        "no item of policies has name 'air-ban'; expected one of: air_ban, lars_closed (did you mean "
        "'air_ban'?)");
}

TEST_CASE("a bad override value is checked like the file's and points at the override") {
  const auto r = toy({"people.total=-5"});
  const auto d = only(r);
  CHECK(d.loc.source == 1);
  CHECK(d.loc.line == 1);
  CHECK(d.loc.col == 14);
  CHECK(io::format_diagnostic(d, r.spec.sources) ==
        "--set people.total=-5:1:14: error: people.total '-5' is negative; expected a number from 0 to 1e9 (people)");
  const auto date = only(toy({"policies.air_ban.from=2022-02-30"}));
  CHECK(has(date, "policy 'air_ban' from '2022-02-30' is not a calendar day"));
  const auto empty = only(toy({"people.scale="}));
  CHECK(has(empty, "people.scale has no value"));
}

TEST_CASE("a semantic error caused by an override points at the override") {
  const auto r = toy({"crossings.ru_lars.to=XX"});
  const auto d = only(r);
  CHECK(io::format_diagnostic(d, r.spec.sources) ==
        "--set crossings.ru_lars.to=XX:1:22: error: crossing 'ru_lars': to 'XX' is not a known country or place; "
        "expected one of: RU, GE, DE, upper_lars");
}

TEST_CASE("an unknown path is an error naming the known keys") {
  const auto key = only(toy({"people.totl=5"}));
  CHECK(key.loc.col == 8);
  CHECK(key.message == "unknown key 'totl' in people; expected one of: origin, total, scale (did you mean 'total'?)");
  const auto top = only(toy({"peopl.total=5"}));
  CHECK(top.loc.col == 1);
  CHECK(has(top, "unknown key 'peopl' in the file"));
  const auto id = only(toy({"crossings.ru_lars_x.days=3"}));
  CHECK(id.loc.col == 11);
  CHECK(has(id, "no item of crossings has id 'ru_lars_x'; expected one of: ru_lars, lars_ge, ru_de_air, ge_de_air"));
  const auto deep = only(toy({"people.total.x=5"}));
  CHECK(deep.loc.col == 14);
  CHECK(has(deep, "'total' holds a single value"));
  const auto list = only(toy({"crossings.ru_lars.requires=schengen_visa"}));
  CHECK(has(list, "--set sets single values only"));
  const auto item = only(toy({"crossings.ru_lars=1"}));
  CHECK(has(item, "is a whole item"));
}

TEST_CASE("a malformed override is an error at its first column") {
  const auto r = toy({"people.total"});
  const auto d = only(r);
  CHECK(d.loc.source == 1);
  CHECK(d.loc.col == 1);
  CHECK(d.message == "override 'people.total' has no '='; expected path=value, e.g. people.total=500000");
  CHECK(io::format_diagnostic(d, r.spec.sources).starts_with("--set people.total:1:1: error:"));
  const auto dots = only(toy({"people..total=5"}));
  CHECK(dots.loc.col == 8);
  CHECK(has(dots, "empty path step"));
}

TEST_CASE("every override is checked, file errors and override errors together") {
  const auto r = io::load_scenario_text(test::toy_with("  total: 20000", "  total: x"), "t.yaml",
                                        {"people.scale=0", "crossings.nope.days=1"});
  REQUIRE_MESSAGE(r.diagnostics.size() == 3, all(r));
  CHECK(r.diagnostics[0].loc.source == 0);
  CHECK(r.diagnostics[1].loc.source == 1);
  CHECK(r.diagnostics[2].loc.source == 2);
}

TEST_CASE("overrides reach the asylum keys: policy parameters by name, nested maps under countries by id") {
  const auto r =
      io::load_scenario(test::asylum_path(), {"policies.de_evaders.rate=0.163", "countries.HR.asylum.recognition=0.2",
                                              "countries.DE.asylum.appeal.share=0.5",
                                              "behaviour.after_refusal.hide=0.4", "behaviour.after_refusal.go_home=0.1",
                                              "behaviour.logit.recognition=3", "policies.dublin_hr.deadline_days=90"});
  REQUIRE_MESSAGE(r.ok(), all(r));
  const ScenarioSpec& s = r.spec;
  CHECK(std::get<Recognition>(s.policies[3].params).rate == 0.163);
  CHECK(s.countries[3].asylum->recognition == 0.2);
  CHECK(s.countries[4].asylum->appeal.share == 0.5);
  CHECK(s.countries[4].asylum->appeal.days == 365);  // the rest of the map is the file's
  CHECK(s.behaviour.after_refusal.hide == 0.4);
  CHECK(s.behaviour.after_refusal.go_home == 0.1);
  CHECK(s.behaviour.recognition_coef == 3);
  CHECK(std::get<Dublin>(s.policies[5].params).deadline_days == 90);
  CHECK(s.countries[3].asylum->at("recognition").source == 2);
}

TEST_CASE("an override may add an optional asylum key, and a whole appeal map must then be complete") {
  const auto r = io::load_scenario(test::asylum_path(),
                                   {"countries.HR.asylum.detention=0.5", "countries.HR.asylum.lodging_share=0.05"});
  REQUIRE_MESSAGE(r.ok(), all(r));
  CHECK(r.spec.countries[3].asylum->detention == 0.5);
  CHECK(r.spec.countries[3].asylum->lodging_share == 0.05);
  // HR has no appeal map: the override starts one, which lacks days and success.
  const auto appeal = io::load_scenario(test::asylum_path(), {"countries.HR.asylum.appeal.share=0.5"});
  REQUIRE_MESSAGE(appeal.diagnostics.size() == 2, all(appeal));
  CHECK(io::format_diagnostic(appeal.diagnostics[0], appeal.spec.sources) ==
        "--set countries.HR.asylum.appeal.share=0.5:1:21: error: country 'HR' asylum.appeal has no key 'days'; "
        "expected a whole number from 0 to 3650 (days)");
  // GE has no asylum at all: an override cannot conjure half a procedure.
  const auto ge = io::load_scenario(test::asylum_path(), {"countries.GE.asylum.recognition=0.2"});
  REQUIRE_MESSAGE(ge.diagnostics.size() == 1, all(ge));
  CHECK(ge.diagnostics[0].loc.source == 1);
  CHECK(has(ge.diagnostics[0], "country 'GE' asylum has no key 'decisions_per_month'"));
}

TEST_CASE("bad asylum overrides are checked like the file's and point at the override") {
  const auto rate = io::load_scenario(test::asylum_path(), {"policies.de_evaders.rate=1.5"});
  const auto d = only(rate);
  CHECK(io::format_diagnostic(d, rate.spec.sources) ==
        "--set policies.de_evaders.rate=1.5:1:26: error: policy 'de_evaders' rate '1.5' is out of range; expected a "
        "number from 0 to 1 (probability)");
  const auto takes = only(io::load_scenario(test::asylum_path(), {"policies.de_evaders.days=3"}));
  CHECK(takes.loc.source == 1);
  CHECK(takes.loc.col == 21);
  CHECK(takes.message == "policy 'de_evaders' (recognition) does not take 'days'; expected only: rate");
  // One share changed alone no longer sums to 1; the sum is reported at the file's map.
  const auto sum = only(io::load_scenario(test::asylum_path(), {"behaviour.after_refusal.hide=0.5"}));
  CHECK(sum.message ==
        "behaviour.after_refusal shares sum to 1.2 (move_on 0.3 + non_eu 0.2 + hide 0.5 + go_home 0.2); expected 1");
  // In a file without the map, the override starts one whose other shares are 0.
  const auto toy_sum = only(toy({"behaviour.after_refusal.hide=0.5"}));
  CHECK(toy_sum.loc.source == 1);
  CHECK(toy_sum.loc.col == 11);
  CHECK(has(toy_sum, "behaviour.after_refusal shares sum to 0.5"));
  CHECK(toy({"behaviour.after_refusal.hide=1"}).ok());
}

TEST_CASE("a policy is switched off for a counterfactual with enabled=false") {
  const auto on = toy({});
  REQUIRE(on.ok());
  CHECK(on.spec.policies[0].enabled);
  const auto off = toy({"policies.air_ban.enabled=false"});
  REQUIRE_MESSAGE(off.ok(), all(off));
  CHECK_FALSE(off.spec.policies[0].enabled);
  const auto bad = toy({"policies.air_ban.enabled=maybe"});
  CHECK(bad.diagnostics.size() == 1);
}

TEST_CASE("a scenario parsed once loads with each set of overrides as if read afresh") {
  const auto parsed = io::ParsedScenario::read(test::toy_path());
  REQUIRE(parsed.problems().empty());
  for (const std::vector<std::string>& overrides : {std::vector<std::string>{},
                                                    {"people.total=500000", "countries.GE.attractiveness=2"},
                                                    {"policies.air_ban.from=2022-04-20"},
                                                    {"people.total=-5"}}) {
    const auto once = parsed.load(overrides);
    const auto afresh = io::load_scenario(test::toy_path(), overrides);
    CHECK(all(once) == all(afresh));
    CHECK(once.spec.total_people == afresh.spec.total_people);
    CHECK(once.spec.sources == afresh.spec.sources);
    REQUIRE(once.spec.policies.size() == afresh.spec.policies.size());
    CHECK(once.spec.policies[0].from == afresh.spec.policies[0].from);
  }
  // Loads do not leak into each other: the tree parsed once is never changed.
  CHECK(parsed.load({"people.total=500000"}).spec.total_people == 500000);
  CHECK(parsed.load().spec.total_people == io::load_scenario(test::toy_path()).spec.total_people);
}

TEST_CASE("override paths are checked apart from their values") {
  const auto parsed = io::ParsedScenario::read(test::toy_path());
  const auto problems = parsed.path_problems(
      {"people.total", "countries.GE.attractiveness", "people.totl", "countries.XX.attractiveness", "people"});
  REQUIRE(problems.size() == 5);
  CHECK(problems[0].empty());  // a good path, whatever value it will get
  CHECK(problems[1].empty());
  REQUIRE(problems[2].size() == 1);
  CHECK(has(problems[2][0], "unknown key 'totl' in people"));
  REQUIRE(problems[3].size() == 1);
  CHECK(has(problems[3][0], "no item of countries has id 'XX'"));
  REQUIRE(problems[4].size() == 1);
  CHECK(has(problems[4][0], "--set sets single values only"));
  // A file that cannot be parsed says so on every load.
  const auto bad = io::ParsedScenario::from_text("a: [", "bad.yaml");
  CHECK_FALSE(bad.problems().empty());
  CHECK_FALSE(bad.load().ok());
}
