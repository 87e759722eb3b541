// Semantic checks (validate): each problem once, at the key that causes it, naming the bad
// value and what was expected. Inputs are the toy scenario with one thing broken.
#include <doctest/doctest.h>
#include <set>

#include "migsim/io/validate.hpp"
#include "scenario/schema.hpp"
#include "scenario_text.hpp"

using namespace migsim;
using migsim::io::Unread;
using migsim::io::validate;
using migsim::test::all;
using migsim::test::check_at;
using migsim::test::edit;
using migsim::test::has;
using migsim::test::load;
using migsim::test::only;
using migsim::test::toy_with;

TEST_CASE("validate accepts the toy spec and a spec built in code") {
  const auto r = io::load_scenario(test::toy_path());
  REQUIRE(r.ok());
  CHECK(validate(r.spec).empty());
  CHECK(validate(r.spec, Unread{}).empty());
}

TEST_CASE("duplicate ids: countries and places share one namespace") {
  const auto place = test::find(load(toy_with("{id: upper_lars, name:", "{id: GE, name:")), "already used");
  REQUIRE(place.size() == 1);
  check_at(place[0], 23, 10);
  CHECK(place[0].message == "place id 'GE' is already used at line 19; expected unique ids among countries and places");
  // Renaming DE to GE also leaves the references to DE dangling; those are reported too.
  const auto country = test::find(load(toy_with("{id: DE, name: Germany", "{id: GE, name: Germany")), "already used");
  REQUIRE(country.size() == 1);
  check_at(country[0], 20, 10);
  CHECK(has(country[0], "country id 'GE' is already used at line 19"));
}

TEST_CASE("duplicate crossing, profile and policy ids") {
  const auto crossing = test::find(load(toy_with("{id: lars_ge,", "{id: ru_lars,")), "already used");
  REQUIRE(crossing.size() == 1);
  CHECK(crossing[0].message == "crossing id 'ru_lars' is already used at line 26; expected unique ids among crossings");
  const auto profile = test::find(load(toy_with("  - id: evader", "  - id: antiwar")), "already used");
  REQUIRE(profile.size() == 1);
  check_at(profile[0], 41, 9);
  const auto policy = only(load(toy_with("  - name: lars_closed", "  - name: air_ban")));
  check_at(policy, 59, 11);
  CHECK(policy.message == "policy name 'air_ban' is already used at line 53; expected unique names among policies");
}

TEST_CASE("documents: duplicates and more than 8") {
  const auto dup = only(load(toy_with("schengen_visa]\n", "schengen_visa, internal_passport]\n")));
  check_at(dup, 10, 71);
  CHECK(has(dup, "document 'internal_passport' is listed twice"));
  const auto many = only(load(toy_with("schengen_visa]\n", "schengen_visa, a, b, c, d, e, f]\n")));
  CHECK(has(many, "documents has 9 items; expected a list of ids, 0 to 8 items"));
}

TEST_CASE("an unknown crossing endpoint lists the known countries and places") {
  const auto d = only(load(toy_with("to: upper_lars, mode: land", "to: XX, mode: land")));
  check_at(d, 26, 33);
  CHECK(d.message ==
        "crossing 'ru_lars': to 'XX' is not a known country or place; expected one of: RU, GE, DE, upper_lars");
  const auto self = only(load(toy_with("from: GE, to: DE", "from: DE, to: DE")));
  CHECK(has(self, "crossing 'ge_de_air' leads from 'DE' to itself"));
}

TEST_CASE("unknown references: place country, origin, documents, profiles, where") {
  const auto place = only(load(toy_with("country: GE}", "country: upper_lars}")));
  CHECK(place.message ==
        "place 'upper_lars': country 'upper_lars' is not a known country; expected one of: RU, GE, DE");

  const auto origin = only(load(toy_with("  origin: RU", "  origin: SU")));
  check_at(origin, 13, 11);
  CHECK(origin.message == "origin 'SU' is not a known country; expected one of: RU, GE, DE");

  const auto req = only(load(toy_with("requires: [internal_passport],", "requires: [internal_pasport],")));
  check_at(req, 26, 87);
  CHECK(has(req,
            "crossing 'ru_lars': requires 'internal_pasport', which is not a known document; expected one "
            "of: internal_passport, international_passport, schengen_visa"));

  const auto doc = only(load(toy_with("schengen_visa: 0.1}", "schengen: 0.1}")));
  check_at(doc, 45, 70);
  CHECK(has(doc, "profile 'evader': document 'schengen' is not a known document"));
}

TEST_CASE("unknown references in selectors and where, each reported") {
  const auto r = load(toy_with("who: {profiles: [evader]}", "who: {profiles: [evaders], lacking: [visa]}"));
  REQUIRE_MESSAGE(r.diagnostics.size() == 2, all(r));
  check_at(r.diagnostics[0], 57, 22);
  CHECK(r.diagnostics[0].message ==
        "policy 'air_ban': profiles 'evaders' is not a known profile; expected one of: antiwar, evader");
  check_at(r.diagnostics[1], 57, 42);
  CHECK(has(r.diagnostics[1], "policy 'air_ban': lacking 'visa' is not a known document"));

  const auto where = load(toy_with("where: {countries: [DE]}", "where: {countries: [DE, upper_lars], crossings: [x]}"));
  REQUIRE_MESSAGE(where.diagnostics.size() == 2, all(where));
  CHECK(has(where.diagnostics[0], "policy 'air_ban': countries 'upper_lars' is not a known country"));
  CHECK(has(where.diagnostics[1],
            "policy 'air_ban': crossings 'x' is not a known crossing; expected one of: ru_lars, "
            "lars_ge, ru_de_air, ge_de_air"));
}

TEST_CASE("origin must be a country, not a place") {
  const auto d = only(load(toy_with("  origin: RU", "  origin: upper_lars")));
  CHECK(d.message == "origin 'upper_lars' is a place; expected a country, one of: RU, GE, DE");
}

TEST_CASE("profile shares sum to 1") {
  const auto d = only(load(toy_with("share: 0.7", "share: 0.6")));
  check_at(d, 34, 12);
  CHECK(d.message == "profile shares sum to 0.9 (0.6 + 0.3); expected 1");
  CHECK(load(toy_with("share: 0.7", "share: 0.7000000001")).ok());  // within 1e-6
}

TEST_CASE("departure shares sum to 1 and name known profiles") {
  const auto sum = only(load(toy_with("shares: {antiwar: 0.5, evader: 0.5}", "shares: {antiwar: 0.5, evader: 0.4}")));
  check_at(sum, 50, 62);
  CHECK(sum.message == "departure window from 2022-04-01: shares sum to 0.9; expected 1");
  const auto unknown =
      only(load(toy_with("shares: {antiwar: 0.5, evader: 0.5}", "shares: {antiwar: 0.5, evaders: 0.5}")));
  CHECK(has(unknown, "profile 'evaders' is not a known profile"));
}

TEST_CASE("departure places: the origin or places in it, shares summing to 1, each reaching a destination") {
  const std::string window = "weight: 1, shares: {antiwar: 0.5, evader: 0.5}";
  CHECK(load(toy_with(window, window + ", places: {RU: 1}")).ok());
  const auto bad = load(toy_with(window, window + ", places: {RU: 0.5, upper_lars: 0.2, GE: 0.2, nowhere: 0.2}"));
  const auto messages = all(bad);
  INFO(messages);
  REQUIRE(bad.diagnostics.size() == 4);  // every problem at once
  const auto only_of = [&](const std::string& needle) {
    const auto found = test::find(bad, needle);
    REQUIRE(found.size() == 1);
    return found.front();
  };
  const auto place = only_of("upper_lars");
  check_at(place, 50, 109);
  CHECK(place.message ==
        "departure window from 2022-04-01: place 'upper_lars' lies in 'GE'; expected the origin 'RU' "
        "or a place in it");
  CHECK(has(only_of("'GE' is another"),
            "departure window from 2022-04-01: 'GE' is another country; expected the origin 'RU' "
            "or a place in it"));
  CHECK(has(only_of("nowhere"), "'nowhere' is not a known place"));
  CHECK(has(only_of("sum to"), "departure window from 2022-04-01: places' shares sum to 1.1; expected 1"));
  // A place of the origin with no crossing out of it strands everyone set off from there.
  const auto stranded = only(load(edit(toy_with(window, window + ", places: {RU: 0.5, moscow: 0.5}"), "places:\n",
                                       "places:\n  - {id: moscow, name: Moscow, country: RU}\n")));
  CHECK(stranded.message ==
        "place 'moscow' of the origin reaches no destination country through the crossings; "
        "expected a chain of crossings to a country with destination: true");
}

TEST_CASE("age bands: from <= to and shares sum to 1") {
  const auto backwards = only(load(toy_with("{from: 35, to: 64, share: 0.4}", "{from: 64, to: 35, share: 0.4}")));
  check_at(backwards, 36, 43);
  CHECK(backwards.message == "profile 'antiwar': age band from 64 to 35 runs backwards; expected from <= to");
  const auto sum = only(load(toy_with("{from: 18, to: 35, share: 1.0}", "{from: 18, to: 35, share: 0.9}")));
  check_at(sum, 44, 10);
  CHECK(sum.message == "profile 'evader': age band shares sum to 0.9; expected 1");
}

TEST_CASE("a backwards scenario is not also used to judge the departure windows") {
  // With the scenario backwards, windows are not also checked against it.
  const auto scenario = only(load(toy_with("  end: 2022-06-30", "  end: 2022-02-28")));
  check_at(scenario, 7, 8);
  CHECK(scenario.message == "scenario end 2022-02-28 is before start 2022-03-01; expected end on or after start");
}

TEST_CASE("from after until") {
  const auto sc = load(toy_with("  start: 2022-03-01\n  end: 2022-06-30", "  start: 2022-07-01\n  end: 2022-06-30"));
  const auto end = test::find(sc, "scenario end");
  REQUIRE(end.size() == 1);
  check_at(end[0], 7, 8);
  CHECK(end[0].message == "scenario end 2022-06-30 is before start 2022-07-01; expected end on or after start");

  const auto dep = only(load(toy_with("{from: 2022-03-01, until: 2022-03-31", "{from: 2022-03-31, until: 2022-03-01")));
  check_at(dep, 49, 31);
  CHECK(dep.message ==
        "departure window until 2022-03-01 is before its from 2022-03-31; expected until on or after from");

  const auto pol = only(load(toy_with("    until: 2022-05-10", "    until: 2022-04-10")));
  check_at(pol, 62, 12);
  CHECK(pol.message ==
        "policy 'lars_closed': until 2022-04-10 is before from 2022-05-01; expected until on or after from");
}

TEST_CASE("overlapping departure windows") {
  const auto d = only(load(toy_with("{from: 2022-04-01, until: 2022-05-31", "{from: 2022-03-15, until: 2022-05-31")));
  check_at(d, 50, 12);
  CHECK(d.message ==
        "departure window 2022-03-15 to 2022-05-31 overlaps the window 2022-03-01 to 2022-03-31 (line "
        "49); expected windows that do not overlap");
}

TEST_CASE("departure windows outside the scenario") {
  const auto d = only(load(toy_with("until: 2022-05-31", "until: 2022-07-31")));
  check_at(d, 50, 31);
  CHECK(d.message ==
        "departure window until 2022-07-31 lies outside the scenario 2022-03-01 to 2022-06-30; expected "
        "a day within it");
}

TEST_CASE("total departure weight 0 while people leave") {
  const auto r = load(edit(toy_with("weight: 3}", "weight: 0}"), "weight: 1,", "weight: 0,"));
  const auto d = only(r);
  check_at(d, 14, 10);
  CHECK(has(d, "people.total is 20000 but the departure schedule has no weight inside the scenario"));
  CHECK(
      load(edit(edit(toy_with("weight: 3}", "weight: 0}"), "weight: 1,", "weight: 0,"), "  total: 20000", "  total: 0"))
          .ok());
}

TEST_CASE("an origin that can reach no destination") {
  std::string text = toy_with("from: RU, to: upper_lars", "from: upper_lars, to: RU");
  text = edit(text, "from: RU, to: DE", "from: DE, to: RU");
  const auto d = only(load(text));
  check_at(d, 13, 11);
  CHECK(d.message ==
        "origin 'RU' reaches no destination country through the crossings; expected a chain of crossings "
        "to a country with destination: true");
  // both_ways makes the reverse of ge_de_air usable, but RU still has no way out.
  CHECK(load(edit(text, "from: DE, to: RU", "from: RU, to: GE")).ok());
}

TEST_CASE("no destination country at all") {
  const auto d = only(load(edit(toy_with("attractiveness: 1.0}", "attractiveness: 1.0, destination: false}"),
                                "dublin: 2003-09-01}", "dublin: 2003-09-01, destination: false}")));
  check_at(d, 18, 61);
  CHECK(has(d, "no country other than the origin is a destination"));
}

TEST_CASE("a policy whose where names nothing") {
  const auto d = only(load(toy_with("where: {crossings: [ru_lars]}", "where: {modes: [land]}")));
  check_at(d, 63, 12);
  CHECK(d.message ==
        "policy 'lars_closed': border_closure has a where with no countries and no crossings; expected at "
        "least one of them");
}

TEST_CASE("Unread makes validate skip what a reader could not read") {
  auto r = io::load_scenario(test::toy_path());
  REQUIRE(r.ok());
  ScenarioSpec s = r.spec;
  s.profiles[0].share = 0;  // as if "abc" had left it unread
  CHECK(validate(s).size() == 1);
  Unread u;
  u.profiles.insert(0);
  CHECK(validate(s, u).empty());
  s = r.spec;
  s.start = date_from_ymd(2022, 4, 1);  // the first departure window now starts too early
  u = Unread{};
  u.keys.insert("scenario.start");
  CHECK(validate(s, u).empty());
  CHECK_FALSE(validate(s).empty());
}

// --- The asylum keys. Inputs are the asylum toy with one thing broken.

TEST_CASE("validate accepts the asylum toy") {
  const auto r = io::load_scenario(test::asylum_path());
  REQUIRE_MESSAGE(r.ok(), all(r));
  CHECK(validate(r.spec).empty());
}

TEST_CASE("a policy of a new type naming an unknown country or profile") {
  const auto country = only(load(
      test::asylum_with("per_month: 30000, where: {countries: [DE]}", "per_month: 30000, where: {countries: [XX]}")));
  check_at(country, 103, 108);
  // Unknown, so not also "has no asylum procedure".
  CHECK(country.message ==
        "policy 'de_capacity': countries 'XX' is not a known country; expected one of: RU, TR, GE, HR, DE");
  const auto profile = only(load(test::asylum_with("who: {profiles: [antiwar]}", "who: {profiles: [antiwr]}")));
  check_at(profile, 99, 23);
  CHECK(profile.message ==
        "policy 'de_humanitarian': profiles 'antiwr' is not a known profile; expected one of: antiwar, evader");
}

TEST_CASE("deportation to an unknown country, a visa of an unknown document") {
  const auto to = only(load(test::asylum_with("to: TR, where", "to: TX, where")));
  check_at(to, 94, 87);
  CHECK(to.message == "policy 'hr_removals': to 'TX' is not a known country; expected one of: RU, TR, GE, HR, DE");
  const auto doc = only(load(test::asylum_with("document: humanitarian_visa,", "document: humanitarian,")));
  check_at(doc, 98, 97);
  CHECK(doc.message ==
        "policy 'de_humanitarian': document 'humanitarian' is not a known document; expected one of: "
        "internal_passport, international_passport, schengen_visa, humanitarian_visa");
}

TEST_CASE("an asylum policy on a country without an asylum procedure") {
  const auto d = only(load(
      test::asylum_with("per_month: 30000, where: {countries: [DE]}", "per_month: 30000, where: {countries: [GE]}")));
  check_at(d, 103, 108);
  CHECK(d.message ==
        "policy 'de_capacity': country 'GE' has no asylum procedure for processing_capacity to act on; expected one "
        "of: HR, DE (countries with an asylum section)");
  const auto rec = only(load(test::asylum_with("who: {profiles: [evader]},\n     where: {countries: [DE]}}",
                                               "who: {profiles: [evader]},\n     where: {countries: [DE, TR]}}")));
  check_at(rec, 81, 30);
  CHECK(has(rec, "policy 'de_evaders': country 'TR' has no asylum procedure for recognition"));
  // Types that do not use the queue may name any country (extradition in GE, stay_limit in TR).
  CHECK(io::load_scenario(test::asylum_path()).ok());
  // A country whose asylum section has a form error is not also judged.
  const auto cascade = load(test::asylum_with("recognition: 0.01,", "recognition: high,"));
  CHECK_MESSAGE(cascade.diagnostics.size() == 1, all(cascade));
}

TEST_CASE("overlapping processing_capacity windows for one country") {
  const std::string second =
      "\n  - {name: de_slowdown, type: processing_capacity, from: 2023-03-01, until: 2023-03-31, per_month: 5000,\n"
      "     where: {countries: [HR, DE]}}\n";
  const std::string capacity = "per_month: 30000, where: {countries: [DE]}}";
  const auto d = only(load(test::asylum_with(capacity, capacity + second)));
  check_at(d, test::asylum_line_of(capacity) + 1, 58);  // the inserted policy
  CHECK(d.message ==
        "policies 'de_capacity' and 'de_slowdown' both set processing_capacity for DE on 2023-03-01..2023-03-31; "
        "expected windows that do not overlap");
  // Back to back is fine: until is inclusive, so the next may start the day after.
  std::string text = test::asylum_with(capacity, capacity + second);
  CHECK(load(edit(text, "from: 2023-01-01, per_month: 30000,", "from: 2023-04-01, per_month: 30000,")).ok());
  // Open-ended windows run to the end of the scenario.
  const auto open = only(load(edit(text, "until: 2023-03-31, per_month: 5000", "per_month: 5000")));
  CHECK(has(open, "for DE on 2023-03-01..2023-12-31"));
}

TEST_CASE("overlapping stay_limit and dublin windows are errors, recognition may overlap") {
  const auto stay = only(load(test::asylum_with("window_days: 180, where: {countries: [TR]}}",
                                                "window_days: 180, where: {countries: [TR]}}\n"
                                                "  - {name: tr_stay2, type: stay_limit, from: 2023-06-01, days: 30, "
                                                "window_days: 180, where: {countries: [TR]}}")));
  CHECK(stay.message ==
        "policies 'tr_stay' and 'tr_stay2' both set stay_limit for TR on 2023-06-01..2023-12-31; expected windows "
        "that do not overlap");
  const auto dublin = only(load(test::asylum_with(
      "opt_out: 0.1,\n     where: {countries: [HR]}}",
      "opt_out: 0.1,\n     where: {countries: [HR]}}\n"
      "  - {name: dublin_hr2, type: dublin, from: 2023-01-01, probability: 0.5, days: 30, where: {countries: [HR]}}")));
  check_at(dublin, 90, 44);
  CHECK(has(dublin, "policies 'dublin_hr' and 'dublin_hr2' both set dublin for HR on 2023-01-01..2023-12-31"));
  // Recognition policies for the same people and country may overlap: the last listed wins.
  CHECK(load(test::asylum_with("who: {profiles: [evader]},\n     where: {countries: [DE]}}",
                               "who: {profiles: [evader]},\n     where: {countries: [DE]}}\n"
                               "  - {name: de_evaders2, type: recognition, from: 2023-01-01, rate: 0.7, "
                               "where: {countries: [DE]}}"))
            .ok());
}

TEST_CASE("a stay limit longer than its window") {
  const auto d = only(load(test::asylum_with("days: 60, window_days: 180,", "days: 200, window_days: 180,")));
  check_at(d, 101, 63);
  CHECK(d.message ==
        "policy 'tr_stay': stay_limit of 200 days within any 180 is longer than its window; expected days <= "
        "window_days");
  const auto used =
      only(load(test::asylum_with("days: 60, window_days: 180,", "days: 60, window_days: 180, days_used_before: 60,")));
  CHECK(used.message ==
        "policy 'tr_stay': days_used_before 60 is not below the stay limit's 60 days; expected days_used_before < "
        "days");
}

TEST_CASE("a residence permit's shares for those refused, and an onward band of days, must hold together") {
  const auto shares = only(load(test::asylum_with("move_on: 0.3, go_home: 0.2,", "move_on: 0.9, go_home: 0.2,")));
  check_at(shares, test::asylum_line_of("move_on: 0.3, go_home: 0.2,"), 15);  // at move_on
  CHECK(shares.message ==
        "policy 'ge_permits': move_on + non_eu + go_home sum to 1.1; expected at most 1 (the rest stay irregularly)");
  const auto band = only(load(test::asylum_with("after_days: 180,", "after_days: 180, until_days: 90,")));
  CHECK(band.message ==
        "policy 'ge_onward': until_days 90 is not after after_days 180; expected after_days < until_days");
  const auto days = only(load(test::asylum_with("grant: 0.8, days: 365,", "grant: 0.8, days: 0,")));
  CHECK(days.message == "policy 'ge_permits': a residence permit of 0 days; expected at least 1");
}

TEST_CASE("after_refusal shares must sum to 1") {
  const auto d = only(load(test::asylum_with("hide: 0.3,", "hide: 0.2,")));
  check_at(d, test::asylum_line_of("after_refusal:"), 18);
  CHECK(d.message ==
        "behaviour.after_refusal shares sum to 0.9 (move_on 0.3 + non_eu 0.2 + hide 0.2 + go_home 0.2); expected 1");
  CHECK(load(test::asylum_with("hide: 0.3,", "hide: 0.3000000001,")).ok());  // within 1e-6
}

TEST_CASE("settle_with names known documents") {
  const auto d = only(load(test::asylum_with("settle_with: [humanitarian_visa]", "settle_with: [residence]")));
  check_at(d, test::asylum_line_of("settle_with:"), 17);
  CHECK(d.message ==
        "behaviour: settle_with 'residence' is not a known document; expected one of: internal_passport, "
        "international_passport, schengen_visa, humanitarian_visa");
}

TEST_CASE("the file's policy types are the registry's, in PolicyType order, each once") {
  // The reader turns the index of the chosen name into a PolicyType: the schema's choices
  // must be the registry's names in enum order.
  const auto* row = io::detail::find_param("policies[].type");
  REQUIRE(row != nullptr);
  std::string expected;
  std::set<std::string_view> seen;
  for (int i = 0; i < policy_type_count; ++i) {
    const auto name = name_of(static_cast<PolicyType>(i));
    CHECK_MESSAGE(seen.insert(name).second, "type name used twice: ", name);
    CHECK(name.find_first_not_of("abcdefghijklmnopqrstuvwxyz_") == std::string_view::npos);
    expected += (i ? "|" : "") + std::string(name);
  }
  CHECK(row->choices == expected);
}

TEST_CASE("a country's background changes are read in date order, within the scenario") {
  const std::string from = "background_per_month: 18000, recognition";
  const auto good = load(test::asylum_with(
      from, "background_per_month: 18000, background_changes: [{from: 2023-01-01, per_month: 12000}], recognition"));
  REQUIRE_MESSAGE(good.ok(), all(good));
  const auto& changes = good.spec.countries.back().asylum->background_changes;
  REQUIRE(changes.size() == 1);
  CHECK(changes[0].from == date_from_ymd(2023, 1, 1));
  CHECK(changes[0].per_month == 12000);

  const auto backwards = only(load(
      test::asylum_with(from,
                        "background_per_month: 18000, background_changes: [{from: 2023-03-01, per_month: 9000}, {from: "
                        "2023-01-01, per_month: 12000}], recognition")));
  CHECK(backwards.loc.line == 40);
  CHECK(backwards.message ==
        "country 'DE' asylum background change #2 from 2023-01-01 is not after the one before (2023-03-01); "
        "expected changes in date order, one per day at most");

  const auto outside = only(load(test::asylum_with(
      from, "background_per_month: 18000, background_changes: [{from: 2024-03-01, per_month: 9000}], recognition")));
  CHECK(outside.message ==
        "country 'DE' asylum background change #1 from 2024-03-01 lies outside the scenario 2022-09-01 to "
        "2023-12-31; expected a day within it");

  const auto missing = only(load(
      test::asylum_with(from, "background_per_month: 18000, background_changes: [{from: 2023-03-01}], recognition")));
  CHECK(missing.message.find("has no key 'per_month'") != std::string::npos);
}

TEST_CASE("a country's other traffic is a dated series, and the origin has none") {
  const std::string from = "{id: GE, name: Georgia, attractiveness: 1.0}";
  const auto good = load(test::asylum_with(
      from,
      "{id: GE, name: Georgia, attractiveness: 1.0, other_traffic: [{from: 2022-09-01, per_month: 30000}, "
      "{from: 2023-01-01, per_month: 20000}]}"));
  REQUIRE_MESSAGE(good.ok(), all(good));
  const auto& traffic = good.spec.countries[2].other_traffic;
  REQUIRE(traffic.size() == 2);
  CHECK(traffic[1].from == date_from_ymd(2023, 1, 1));
  CHECK(traffic[1].per_month == 20000);

  // Every problem at once: out of order and outside the run; then a negative number and an
  // unknown key (form errors: the country is then not checked further, as any entity).
  const auto messages = [&](const std::string& items) {
    const auto r =
        load(test::asylum_with(from, "{id: GE, name: Georgia, attractiveness: 1.0, other_traffic: [" + items + "]}"));
    std::vector<std::string> out;
    for (const auto& d : r.diagnostics) out.push_back(d.message);
    return out;
  };
  CHECK(messages("{from: 2023-03-01, per_month: 1}, {from: 2023-01-01, per_month: 2}, "
                 "{from: 2025-01-01, per_month: 3}") ==
        std::vector<std::string>{
            "country 'GE' other traffic #2 from 2023-01-01 is not after the one before (2023-03-01); expected "
            "changes in date order, one per day at most",
            "country 'GE' other traffic #3 from 2025-01-01 lies outside the scenario 2022-09-01 to 2023-12-31; "
            "expected a day within it"});
  CHECK(messages("{from: 2023-01-01, per_month: -4}, {from: 2023-03-01, per_month: 5, each_way: true}") ==
        std::vector<std::string>{
            "country 'GE' other traffic #1 per_month '-4' is negative; expected a number from 0 to 1e8 (crossings "
            "per month in each direction)",
            "unknown key 'each_way' in country 'GE' other traffic #2; expected one of: from, per_month"});

  const auto origin = only(load(test::asylum_with(
      "{id: RU, name: Russia, destination: false}",
      "{id: RU, name: Russia, destination: false, other_traffic: [{from: 2022-09-01, per_month: 1}]}")));
  CHECK(origin.loc.line == 20);
  CHECK(origin.message ==
        "country 'RU' is the origin, and other_traffic counts crossings between the origin and another country; "
        "expected it on the countries the origin's travellers cross into");
}
