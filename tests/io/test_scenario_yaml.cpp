// The toy scenario loads cleanly and every kind of value lands where the spec says.
#include <doctest/doctest.h>

#include <cstdlib>
#include <fstream>
#include <sstream>

#include "migsim/io/schema.hpp"
#include "scenario_text.hpp"

using namespace migsim;
using migsim::test::all;

namespace {

const CountrySpec& country(const ScenarioSpec& s, const std::string& id) {
  for (const auto& c : s.countries)
    if (c.id == id) return c;
  FAIL("no country " << id);
  throw;
}
const CrossingSpec& crossing(const ScenarioSpec& s, const std::string& id) {
  for (const auto& c : s.crossings)
    if (c.id == id) return c;
  FAIL("no crossing " << id);
  throw;
}

}  // namespace

TEST_CASE("the toy scenario loads with no diagnostics") {
  const auto r = io::load_scenario(test::toy_path());
  REQUIRE_MESSAGE(r.ok(), all(r));
  const ScenarioSpec& s = r.spec;
  REQUIRE(s.sources.size() == 1);
  CHECK(s.sources[0] == test::toy_path());

  CHECK(s.name == "two-routes");
  CHECK(s.start == date_from_ymd(2022, 3, 1));
  CHECK(s.end == date_from_ymd(2022, 6, 30));
  CHECK(s.seed == 1);
  CHECK(s.documents == std::vector<std::string>{"internal_passport", "international_passport", "schengen_visa"});
  REQUIRE(s.document_locs.size() == 3);
  CHECK(s.document_locs[1].line == 10);
  CHECK(s.document_locs[1].col == 32);

  CHECK(s.origin == "RU");
  CHECK(s.total_people == 20000);
  CHECK(s.scale == 10);
  CHECK(s.people_locs.at("total").line == 14);
  CHECK(s.people_locs.at("total").col == 10);

  REQUIRE(s.countries.size() == 3);
  CHECK_FALSE(country(s, "RU").destination);
  CHECK(country(s, "GE").destination);
  CHECK(country(s, "GE").name == "Georgia");
  CHECK(country(s, "GE").attractiveness == 1.0);
  CHECK_FALSE(country(s, "GE").eu_since.has_value());
  CHECK(country(s, "DE").eu_since == date_from_ymd(1958, 1, 1));
  CHECK(country(s, "DE").schengen_since == date_from_ymd(1995, 3, 26));
  CHECK(country(s, "DE").dublin_since == date_from_ymd(2003, 9, 1));

  REQUIRE(s.places.size() == 1);
  CHECK(s.places[0].id == "upper_lars");
  CHECK(s.places[0].name == "Upper Lars checkpoint");
  CHECK(s.places[0].country == "GE");

  REQUIRE(s.crossings.size() == 4);
  const CrossingSpec& lars = crossing(s, "ru_lars");
  CHECK(lars.from == "RU");
  CHECK(lars.to == "upper_lars");
  CHECK(lars.mode == Mode::land);
  CHECK(lars.days == 2);
  CHECK(lars.cost == 50);
  CHECK(lars.requires_documents == std::vector<std::string>{"internal_passport"});
  CHECK(lars.capacity_per_day == 1500.0);
  CHECK_FALSE(lars.both_ways);
  CHECK(lars.at("capacity_per_day").line == 27);
  CHECK(lars.at("capacity_per_day").col == 24);
  CHECK_FALSE(crossing(s, "lars_ge").capacity_per_day.has_value());
  CHECK(crossing(s, "ru_de_air").mode == Mode::air);
  CHECK(crossing(s, "ge_de_air").both_ways);

  REQUIRE(s.profiles.size() == 2);
  const ProfileSpec& antiwar = s.profiles[0];
  CHECK(antiwar.id == "antiwar");
  CHECK(antiwar.share == 0.7);
  CHECK(antiwar.male_share == 0.55);
  REQUIRE(antiwar.age.size() == 2);
  CHECK(antiwar.age[1].from == 35);
  CHECK(antiwar.age[1].to == 64);
  CHECK(antiwar.age[1].share == 0.4);
  CHECK(antiwar.documents.at("international_passport") == 0.9);
  CHECK(antiwar.documents.at("schengen_visa") == 0.3);
  CHECK(antiwar.savings_median == 3000);
  CHECK(antiwar.savings_sigma == 0.8);
  const ProfileSpec& evader = s.profiles[1];
  CHECK(evader.criminal_record == 0);  // default
  CHECK(evader.ex_combatant == 0);     // default
  CHECK(evader.male_share == 1.0);

  REQUIRE(s.departures.size() == 2);
  CHECK(s.departures[0].from == date_from_ymd(2022, 3, 1));
  CHECK(s.departures[0].until == date_from_ymd(2022, 3, 31));
  CHECK(s.departures[0].weight == 3);
  CHECK(s.departures[0].profile_shares.empty());
  CHECK(s.departures[1].profile_shares.at("evader") == 0.5);

  REQUIRE(s.policies.size() == 2);
  const PolicySpec& ban = s.policies[0];
  CHECK(ban.name == "air_ban");
  CHECK(ban.type() == PolicyType::entry_ban);
  CHECK(ban.from == date_from_ymd(2022, 4, 15));
  CHECK(ban.until == date_from_ymd(2022, 5, 15));
  CHECK(ban.who.profiles == std::vector<std::string>{"evader"});
  CHECK_FALSE(ban.who.male.has_value());
  CHECK(ban.where.countries == std::vector<std::string>{"DE"});
  CHECK(ban.where.crossings.empty());
  const PolicySpec& closed = s.policies[1];
  CHECK(closed.type() == PolicyType::border_closure);
  CHECK(closed.where.crossings == std::vector<std::string>{"ru_lars"});
  CHECK(closed.who.profiles.empty());

  CHECK(s.behaviour.attractiveness_coef == 1.0);
  CHECK(s.behaviour.cost_coef == -0.8);
  CHECK(s.behaviour.days_coef == -0.05);
}

namespace {

// The default docs/scenario.md gives `key` in the table under the heading of `section`
// ("people", "crossings[]"): the generated reference, so the parameter table's own text.
std::string documented_default(const std::string& section, const std::string& key) {
  std::istringstream doc(io::scenario_reference());
  std::string line;
  while (std::getline(doc, line) && line.rfind("## `" + section + "`", 0) != 0) {
  }
  while (std::getline(doc, line) && line.rfind("## ", 0) != 0)
    if (line.rfind("| `" + key + "` | ", 0) == 0) {
      // | key | type | unit | default | ...: the fourth cell, trimmed.
      std::size_t at = 0;
      for (int bar = 0; bar < 4; ++bar) at = line.find('|', at) + 1;
      const std::string cell = line.substr(at, line.find('|', at) - at);
      return cell.substr(1, cell.size() - 2);
    }
  FAIL("no row for " << key << " under " << section);
  return "";
}

}  // namespace

TEST_CASE("optional keys the file leaves out take their documented defaults") {
  // Each key below is absent from the text loaded (taken out of the toy, or never in it for
  // that item), and each default differs from the toy's own value where the toy has one.
  std::string text = test::toy_text();
  text = test::edit(text, "  seed: 1\n", "");
  text = test::edit(text, "  scale: 10             # people per agent\n", "");
  text = test::edit(text, "{id: GE, name: Georgia, ", "{id: GE, ");
  text = test::edit(text, "to: GE, mode: land, days: 1, cost: 20, ", "to: GE, mode: land, days: 1, ");
  text = test::edit(text, "    male_share: 0.55\n", "");
  text = test::edit(text, "    until: 2022-05-15\n", "");
  const auto r = test::load(text);
  REQUIRE_MESSAGE(r.ok(), all(r));
  const ScenarioSpec& s = r.spec;

  CHECK(documented_default("scenario", "seed") == "1");
  CHECK(s.seed == 1);
  CHECK(documented_default("people", "scale") == "1");
  CHECK(s.scale == 1);
  CHECK(documented_default("countries[]", "name") == "the id");
  CHECK(country(s, "GE").name == "GE");
  CHECK(documented_default("countries[]", "destination") == "true");
  CHECK(country(s, "GE").destination);
  CHECK(documented_default("countries[]", "eu") == "not a member");
  CHECK_FALSE(country(s, "GE").eu_since.has_value());
  const CrossingSpec& lars_ge = crossing(s, "lars_ge");
  CHECK(documented_default("crossings[]", "cost") == "0");
  CHECK(lars_ge.cost == 0);
  CHECK(documented_default("crossings[]", "capacity_per_day") == "unlimited");
  CHECK_FALSE(lars_ge.capacity_per_day.has_value());
  CHECK(documented_default("crossings[]", "both_ways") == "false");
  CHECK_FALSE(lars_ge.both_ways);
  CHECK(documented_default("profiles[]", "male_share") == "0.5");
  CHECK(s.profiles[0].male_share == 0.5);
  CHECK(documented_default("policies[]", "until") == "end of the scenario");
  CHECK_FALSE(s.policies[0].until.has_value());  // none: in force to the scenario's end
  CHECK(documented_default("policies[]", "enabled") == "true");
  CHECK(s.policies[0].enabled);
  CHECK(documented_default("behaviour.logit", "recognition") == "0");
  CHECK(s.behaviour.recognition_coef == 0);
}

TEST_CASE("policy selectors read every key") {
  const auto r = test::load(test::toy_with(
      "    who: {profiles: [evader]}",
      "    who: {profiles: [evader], sex: male, age: {from: 18, to: 27}, documents: [international_passport],\n"
      "          lacking: [schengen_visa], ex_combatant: false, criminal_record: true}"));
  REQUIRE_MESSAGE(r.ok(), all(r));
  const SelectorSpec& who = r.spec.policies[0].who;
  CHECK(who.male == true);
  CHECK(who.age_from == 18);
  CHECK(who.age_to == 27);
  CHECK(who.documents == std::vector<std::string>{"international_passport"});
  CHECK(who.lacking == std::vector<std::string>{"schengen_visa"});
  CHECK(who.ex_combatant == false);
  CHECK(who.criminal_record == true);
}

TEST_CASE("where.modes reads into modes") {
  const auto r =
      test::load(test::toy_with("    where: {countries: [DE]}", "    where: {countries: [DE], modes: [air, sea]}"));
  REQUIRE_MESSAGE(r.ok(), all(r));
  CHECK(r.spec.policies[0].where.modes == std::vector<Mode>{Mode::air, Mode::sea});
}

TEST_CASE("name_of names modes and policy types as the file spells them") {
  CHECK(name_of(Mode::irregular) == "irregular");
  CHECK(name_of(Mode::land) == "land");
  CHECK(name_of(PolicyType::border_closure) == "border_closure");
}

TEST_CASE("load_scenario reports a missing file instead of throwing") {
  const auto r = io::load_scenario("/nonexistent/dir/x.yaml");
  REQUIRE(r.diagnostics.size() == 1);
  CHECK(io::format_diagnostic(r.diagnostics[0], r.spec.sources)
            .starts_with("/nonexistent/dir/x.yaml: error: cannot open"));
  const auto d = io::load_scenario(MIGSIM_SOURCE_DIR "/scenarios");
  REQUIRE(d.diagnostics.size() == 1);
  CHECK(test::has(d.diagnostics[0], "not a regular file"));
}

TEST_CASE("docs/scenario.md is the reference generated from the parameter table") {
  const std::string path = MIGSIM_SOURCE_DIR "/docs/scenario.md";
  const std::string generated = io::scenario_reference();
  if (std::getenv("MIGSIM_REGENERATE_DOCS")) {
    std::ofstream(path, std::ios::binary) << generated;
  }
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  CHECK_MESSAGE(buf.str() == generated,
                "docs/scenario.md is out of date; regenerate with MIGSIM_REGENERATE_DOCS=1 migsim_tests_io "
                "-tc='docs/scenario.md*'");
  std::ostringstream printed;
  io::print_scenario_reference(printed);
  CHECK(printed.str() == generated);
  // Every key of the toy file is documented.
  for (const char* key :
       {"`capacity_per_day`", "`both_ways`", "`travel_days`", "`lacking`", "`ex_combatant`", "`criminal_record`",
        "`schengen`", "`decisions_per_month`", "`appeal`", "`after_refusal`", "`settle_with`", "`deadline_days`",
        "### Policy types", "| `processing_capacity` | `per_month`* |",
        "| `exit_ban` | `share`* | optional (the origin) |", "| `moratorium` | none |",
        "| `pushback` | `probability`*, `days` |", "the one listed last wins"})
    CHECK_MESSAGE(generated.find(key) != std::string::npos, key);
}

TEST_CASE("the asylum toy loads with no diagnostics and its new keys land in the spec") {
  const auto r = io::load_scenario(test::asylum_path());
  REQUIRE_MESSAGE(r.ok(), all(r));
  const ScenarioSpec& s = r.spec;

  CHECK_FALSE(country(s, "TR").asylum.has_value());
  CHECK_FALSE(country(s, "GE").asylum.has_value());
  REQUIRE(country(s, "HR").asylum.has_value());
  const AsylumSpec& hr = *country(s, "HR").asylum;
  CHECK(hr.decisions_per_month == 150);
  CHECK(hr.background_pending == 500);
  CHECK(hr.background_per_month == 400);
  CHECK(hr.lodging_share == 0.1);
  CHECK(hr.days_to_lodge == 14);
  CHECK(hr.recognition == 0.01);
  CHECK(hr.detention == 0.2);
  CHECK(hr.appeal.share == 0);  // no appeal map: nobody appeals
  CHECK(hr.at("lodging_share").line == 31);
  CHECK(hr.at("lodging_share").col == 107);
  REQUIRE(country(s, "DE").asylum.has_value());
  const AsylumSpec& de = *country(s, "DE").asylum;
  CHECK(de.lodging_share == 1);  // default
  CHECK(de.days_to_lodge == 0);  // default
  CHECK(de.detention == 0);      // default
  CHECK(de.appeal.share == 0.6);
  CHECK(de.appeal.days == 365);
  CHECK(de.appeal.success == 0.25);
  CHECK(de.at("appeal.days").line == 41);
  CHECK(de.at("appeal.days").col == 41);

  REQUIRE(s.policies.size() == static_cast<std::size_t>(policy_type_count));
  for (std::size_t i = 0; i < s.policies.size(); ++i)  // one of each type, in enum order
    CHECK(s.policies[i].type() == static_cast<PolicyType>(i));
  auto as = [&](std::size_t i) -> const PolicyParams& { return s.policies[i].params; };
  const auto& pushback = std::get<Pushback>(as(2));
  CHECK(pushback.probability == 0.3);
  CHECK(pushback.days == 3);
  CHECK(s.policies[2].where.crossings == std::vector<std::string>{"tr_hr"});
  CHECK(std::get<Recognition>(as(3)).rate == 0.5);
  const auto& dublin = std::get<Dublin>(as(5));
  CHECK(dublin.probability == 0.2);
  CHECK(dublin.days == 90);
  CHECK(dublin.opt_out == 0.1);
  CHECK(dublin.deadline_days == 180);  // the regulation's six months, by default
  CHECK(std::get<Extradition>(as(6)).daily_hazard == 0.0005);
  CHECK(std::get<Deportation>(as(7)).daily_hazard == 0.002);
  CHECK(std::get<Deportation>(as(7)).to == "TR");
  CHECK(std::get<ExitBan>(as(8)).share == 0.2);
  CHECK(s.policies[8].where.countries.empty());
  CHECK(std::get<HumanitarianVisa>(as(9)).per_month == 50);
  CHECK(std::get<HumanitarianVisa>(as(9)).document == "humanitarian_visa");
  CHECK(std::get<StayLimit>(as(10)).days == 60);
  CHECK(std::get<StayLimit>(as(10)).window_days == 180);
  CHECK(std::get<StayLimit>(as(10)).then_apply == 0);  // optional, 0 by default
  CHECK(std::get<ProcessingCapacity>(as(11)).per_month == 30000);
  CHECK(s.policies[11].at("per_month").line == 103);
  const auto& permit = std::get<ResidencePermit>(as(12));
  CHECK(permit.grant == 0.8);
  CHECK(permit.days == 365);
  CHECK(permit.renew == 0.6);
  CHECK(permit.regularise == 0);  // default
  CHECK(permit.move_on == 0.3);
  CHECK(permit.non_eu == 0);  // default
  CHECK(permit.go_home == 0.2);
  CHECK(std::get<OnwardMovement>(as(13)).daily_hazard == 0.001);
  CHECK(std::get<OnwardMovement>(as(13)).after_days == 180);
  CHECK(std::get<OnwardMovement>(as(13)).until_days == 36525);  // default: no end
  CHECK(std::get<ReturnHome>(as(14)).daily_hazard == 0.0005);
  CHECK(std::get<ReturnHome>(as(14)).leave_again == 0.25);
  CHECK(std::get<Absconding>(as(15)).daily_hazard == 0.005);
  CHECK(s.policies[15].where.countries == std::vector<std::string>{"HR"});
  CHECK(std::get<TemporaryProtection>(as(16)).apply_share == 0.5);
  CHECK(s.policies[16].where.countries == std::vector<std::string>{"DE"});
  CHECK(std::get<VisitHome>(as(17)).daily_hazard == 0.001);
  CHECK(s.policies[17].where.countries == std::vector<std::string>{"GE"});
  CHECK(std::get<Attractiveness>(as(18)).change == 0.5);
  CHECK(s.policies[18].who.profiles == std::vector<std::string>{"evader"});
  CHECK(s.policies[16].who.male == false);

  CHECK(s.behaviour.recognition_coef == 2.0);
  CHECK(s.behaviour.settle_with == std::vector<std::string>{"humanitarian_visa"});
  CHECK(s.behaviour.after_refusal.move_on == 0.3);
  CHECK(s.behaviour.after_refusal.non_eu == 0.2);
  CHECK(s.behaviour.after_refusal.hide == 0.3);
  CHECK(s.behaviour.after_refusal.go_home == 0.2);
}

TEST_CASE("behaviour's new keys default to no recognition weight, no settling documents, and hiding") {
  const auto r = io::load_scenario(test::toy_path());
  REQUIRE(r.ok());
  CHECK(r.spec.behaviour.recognition_coef == 0);
  CHECK(r.spec.behaviour.settle_with.empty());
  CHECK(r.spec.behaviour.after_refusal.hide == 1);
  CHECK(r.spec.behaviour.after_refusal.move_on == 0);
  CHECK(r.spec.behaviour.after_refusal.non_eu == 0);
  CHECK(r.spec.behaviour.after_refusal.go_home == 0);
  // Given at all, after_refusal's missing shares are 0: these two sum to 1 on their own.
  const auto given = test::load(test::asylum_with("after_refusal: {move_on: 0.3, non_eu: 0.2, hide: 0.3, go_home: 0.2}",
                                                  "after_refusal: {move_on: 0.4, go_home: 0.6}"));
  REQUIRE_MESSAGE(given.ok(), all(given));
  CHECK(given.spec.behaviour.after_refusal.hide == 0);
  CHECK(given.spec.behaviour.after_refusal.move_on == 0.4);
  CHECK(given.spec.behaviour.after_refusal.go_home == 0.6);
  // A dublin policy's own deadline replaces the default.
  const auto deadline =
      test::load(test::asylum_with("days: 90, opt_out: 0.1,", "days: 90, opt_out: 0.1, deadline_days: 365,"));
  REQUIRE_MESSAGE(deadline.ok(), all(deadline));
  CHECK(std::get<Dublin>(deadline.spec.policies[5].params).deadline_days == 365);
}
