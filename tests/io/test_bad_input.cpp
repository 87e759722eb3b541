// Form checks: each bad input gives a diagnostic at the offending line:col that names the
// bad value and what was expected, and load_scenario never throws, crashes or hangs.
#include <doctest/doctest.h>

#include <chrono>

#include "scenario_text.hpp"

using namespace migsim;
using migsim::test::all;
using migsim::test::check_at;
using migsim::test::has;
using migsim::test::load;
using migsim::test::only;
using migsim::test::toy_with;

namespace {

double seconds_since(std::chrono::steady_clock::time_point t0) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

}  // namespace

TEST_CASE("a YAML syntax error is reported at yaml-cpp's mark, made 1-based") {
  const auto d = only(load(toy_with("  name: two-routes\n", "  name: [two-routes\n")));
  CHECK(has(d, "YAML syntax error"));
  CHECK(d.loc.line >= 5);  // yaml-cpp notices the unclosed '[' where the flow list breaks
  CHECK(d.loc.col >= 1);
  const auto tab = only(load("scenario:\n\tname: x\n"));
  CHECK(has(tab, "YAML syntax error"));
  check_at(tab, 2, 6);
}

TEST_CASE("an empty file, or one with only comments, is an error at 1:1") {
  for (const char* text : {"", "   \n\n", "# nothing here\n", "---\n"}) {
    const auto d = only(load(text));
    check_at(d, 1, 1);
    CHECK(has(d, "file is empty"));
  }
}

TEST_CASE("a binary file is refused at 1:1 without reaching the YAML parser") {
  const std::string png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
  const auto nul = only(load(png));
  check_at(nul, 1, 1);
  CHECK(has(nul, "not valid UTF-8 (byte 0x89 at offset 0)"));
  const auto zero = only(load(std::string("scenario:\n  name: a\0b\n", 22)));
  check_at(zero, 1, 1);
  CHECK(has(zero, "NUL byte at offset 19"));
  const auto latin1 = only(load("scenario:\n  name: M\xfcnchen\n"));
  check_at(latin1, 1, 1);
  CHECK(has(latin1, "byte 0xFC at offset 19"));
  // Real UTF-8 is fine.
  CHECK(load(toy_with("name: Georgia", "name: \xe1\x83\xa1\xe1\x83\x90\xe1\x83\xa5")).ok());
}

TEST_CASE("the root must be a map") {
  const auto d = only(load("- scenario\n- people\n"));
  check_at(d, 1, 1);
  CHECK(has(d, "the file is a list; expected a map of sections"));
}

TEST_CASE("an unknown key is reported with the known keys and the closest one") {
  const auto r = load(toy_with("  total: 20000", "  totl: 20000"));
  const auto unknown = test::find(r, "unknown key");
  REQUIRE_MESSAGE(unknown.size() == 1, all(r));
  check_at(unknown[0], 14, 3);
  CHECK(unknown[0].message ==
        "unknown key 'totl' in people; expected one of: origin, total, scale (did you mean 'total'?)");
  // The now missing required key is a second, honest error; nothing else cascades.
  const auto missing = test::find(r, "has no key 'total'");
  REQUIRE(missing.size() == 1);
  check_at(missing[0], 13, 3);
  CHECK(r.diagnostics.size() == 2);
}

TEST_CASE("unknown keys are found at every level") {
  const auto top = only(load(toy_with("behaviour:\n", "behavior:\n")));
  check_at(top, 65, 1);
  CHECK(has(top, "unknown key 'behavior' in the file"));
  CHECK(has(top, "(did you mean 'behaviour'?)"));

  const auto crossing = only(load(toy_with("capacity_per_day: 1500", "capacity_per_dya: 1500")));
  check_at(crossing, 27, 6);
  CHECK(has(crossing, "unknown key 'capacity_per_dya' in crossing 'ru_lars'"));
  CHECK(has(crossing, "did you mean 'capacity_per_day'"));

  const auto band = load(toy_with("{from: 18, to: 35, share: 1.0}", "{from: 18, to: 35, shar: 1.0}"));
  REQUIRE_MESSAGE(band.diagnostics.size() == 2, all(band));
  CHECK(has(band.diagnostics[0], "profile 'evader' age band #1 has no key 'share'"));
  check_at(band.diagnostics[1], 44, 30);
  CHECK(has(band.diagnostics[1], "unknown key 'shar' in profile 'evader' age band #1"));

  const auto logit = only(load(toy_with("travel_days: -0.05", "travel_day: -0.05")));
  check_at(logit, 66, 57);
  CHECK(has(logit, "unknown key 'travel_day' in behaviour.logit"));

  const auto far = only(load(toy_with("  seed: 1", "  colour: blue")));
  CHECK(far.message == "unknown key 'colour' in scenario; expected one of: name, start, end, seed");
}

TEST_CASE("a value of the wrong type names what it got and what was expected") {
  const auto map_for_list = load(toy_with("places:\n  - {id: upper_lars,", "places:\n  {id: upper_lars,"));
  const auto d = only(map_for_list);  // with no places read, crossings that name one are not also reported
  check_at(d, 23, 3);
  CHECK(d.message == "places is a map; expected a list of maps");

  const auto list_for_number = only(load(toy_with("  total: 20000", "  total: [20000]")));
  check_at(list_for_number, 14, 10);
  CHECK(has(list_for_number, "people.total is a list; expected a number from 0 to 1e9 (people)"));

  const auto scalar_for_list = only(load(toy_with("requires: [internal_passport]", "requires: internal_passport")));
  check_at(scalar_for_list, 26, 86);
  CHECK(has(scalar_for_list, "crossing 'ru_lars' requires is a single value; expected a list of ids"));

  const auto scalar_for_map = only(load(toy_with("savings: {median: 1500, sigma: 1.0}", "savings: 1500")));
  check_at(scalar_for_map, 46, 14);
  CHECK(has(scalar_for_map, "profile 'evader' savings is a single value; expected a map with keys: median, sigma"));

  const auto item =
      only(load(toy_with("  - {id: upper_lars, name: Upper Lars checkpoint, country: GE}", "  - upper_lars")));
  check_at(item, 23, 5);
  // Its id is unknown, so the crossings naming 'upper_lars' may mean it: not reported.
  CHECK(item.message == "place #1 is a single value; expected a map with keys: id, name, country");
}

TEST_CASE("a missing required key is reported at its map") {
  const auto r = load(toy_with("  origin: RU\n", ""));
  const auto d = only(r);
  check_at(d, 13, 3);
  CHECK(d.message == "people has no key 'origin'; expected an id (letters, digits, '_' or '-')");
  const auto days = only(load(toy_with("mode: air, days: 1, cost: 600,", "mode: air, cost: 600,")));
  check_at(days, 29, 5);
  CHECK(has(days, "crossing 'ru_de_air' has no key 'days'; expected a whole number from 1 to 365 (days)"));
  const auto section =
      only(load(toy_with("people:\n  origin: RU\n  total: 20000          # people, over the whole schedule\n  scale: "
                         "10             # people per agent\n",
                         "")));
  CHECK(has(section, "the file has no key 'people'"));
}

TEST_CASE("impossible and malformed dates") {
  const auto feb = only(load(toy_with("  end: 2022-06-30", "  end: 2023-02-30")));
  check_at(feb, 7, 8);
  CHECK(feb.message ==
        "scenario.end '2023-02-30' is not a calendar day (2023-02 has 28 days); expected a date "
        "YYYY-MM-DD from 1900-01-01 to 2199-12-31");
  const auto leap = only(load(toy_with("eu: 1958-01-01", "eu: 2100-02-29")));
  CHECK(has(leap, "'2100-02-29' is not a calendar day (2100-02 has 28 days)"));
  CHECK(load(toy_with("eu: 1958-01-01", "eu: 2000-02-29")).ok());
  const auto month = only(load(toy_with("eu: 1958-01-01", "eu: 1958-13-01")));
  CHECK(has(month, "'1958-13-01' is not a calendar day (months are 01 to 12)"));
  const auto slash = only(load(toy_with("  start: 2022-03-01", "  start: 2022/03/01")));
  check_at(slash, 6, 10);
  CHECK(has(slash, "scenario.start '2022/03/01' is not a date in the form YYYY-MM-DD"));
  const auto shorty = only(load(toy_with("until: 2022-05-10", "until: 2022-5-10")));
  CHECK(has(shorty, "policy 'lars_closed' until '2022-5-10' is not a date in the form YYYY-MM-DD"));
  const auto early = only(load(toy_with("eu: 1958-01-01", "eu: 1800-01-01")));
  CHECK(has(early, "'1800-01-01' is out of range"));
}

TEST_CASE("a non-numeric quantity") {
  const auto d = only(load(toy_with("  total: 20000", "  total: abc")));
  check_at(d, 14, 10);
  CHECK(d.message == "people.total 'abc' is not a number; expected a number from 0 to 1e9 (people)");
  for (const char* bad : {"0x10", "1_000", ".inf", "nan", "12abc", "''"}) {
    const auto r = load(toy_with("  total: 20000", std::string("  total: ") + bad));
    REQUIRE_MESSAGE(r.diagnostics.size() == 1, bad << "\n" << all(r));
    CHECK_MESSAGE((has(r.diagnostics[0], "is not a number") || has(r.diagnostics[0], "is not a finite number")), bad);
  }
}

TEST_CASE("a negative quantity") {
  const auto d = only(load(toy_with("cost: 600", "cost: -600")));
  check_at(d, 29, 65);
  CHECK(d.message == "crossing 'ru_de_air' cost '-600' is negative; expected a number from 0 to 1e6 (USD per person)");
}

TEST_CASE("numbers out of their table range") {
  const auto huge = only(load(toy_with("  total: 20000", "  total: 1e400")));
  check_at(huge, 14, 10);
  CHECK(has(huge, "people.total '1e400' is not a finite number"));
  const auto days = only(load(toy_with("days: 2, cost: 50", "days: 400, cost: 50")));
  check_at(days, 26, 63);
  CHECK(has(days, "crossing 'ru_lars' days '400' is out of range; expected a whole number from 1 to 365 (days)"));
  const auto scale = only(load(toy_with("  scale: 10", "  scale: 0.5")));
  CHECK(has(scale, "people.scale '0.5' is out of range; expected a number from 1 to 1e6 (people per agent)"));
  const auto prob = only(load(toy_with("schengen_visa: 0.3}", "schengen_visa: 1.3}")));
  check_at(prob, 37, 85);
  CHECK(has(prob, "profile 'antiwar' documents.schengen_visa '1.3' is out of range; expected a number from 0 to 1"));
  const auto seed = only(load(toy_with("  seed: 1", "  seed: 18446744073709551616")));
  CHECK(has(seed, "scenario.seed '18446744073709551616' is out of range"));
  CHECK(load(toy_with("  seed: 1", "  seed: 18446744073709551615")).spec.seed == 18446744073709551615ull);
}

TEST_CASE("a non-integer where a whole number is needed") {
  const auto d = only(load(toy_with("days: 2, cost: 50", "days: 2.5, cost: 50")));
  check_at(d, 26, 63);
  CHECK(d.message ==
        "crossing 'ru_lars' days '2.5' is not a whole number; expected a whole number from 1 to 365 (days)");
  const auto age = only(load(toy_with("{from: 18, to: 35, share: 1.0}", "{from: 18.5, to: 35, share: 1.0}")));
  CHECK(has(age, "profile 'evader' age band #1 from '18.5' is not a whole number"));
  const auto seed = only(load(toy_with("  seed: 1", "  seed: 1.5")));
  CHECK(has(seed, "scenario.seed '1.5' is not a whole number"));
}

TEST_CASE("booleans, choices and ids are checked against their allowed forms") {
  const auto b = only(load(toy_with("both_ways: true", "both_ways: yes")));
  CHECK(has(b, "crossing 'ge_de_air' both_ways 'yes' is not true or false; expected true or false"));
  const auto mode = only(load(toy_with("mode: air, days: 1, cost: 600", "mode: aer, days: 1, cost: 600")));
  check_at(mode, 29, 45);
  CHECK(mode.message ==
        "crossing 'ru_de_air' mode 'aer' is not allowed; expected one of: air, land, sea, irregular "
        "(did you mean 'air'?)");
  const auto type = only(load(toy_with("type: entry_ban", "type: ban")));
  CHECK(has(type, "policy 'air_ban' type 'ban' is not allowed; expected one of: entry_ban, border_closure"));
  const auto id = test::find(load(toy_with("{id: GE, name: Georgia,", "{id: G.E, name: Georgia,")), "not a valid id");
  REQUIRE(id.size() == 1);
  check_at(id[0], 19, 10);
  CHECK(id[0].message ==
        "country 'G.E' id 'G.E' is not a valid id; expected letters, digits, '_' or '-' (no spaces or dots)");
}

TEST_CASE("anchors and aliases are refused before anything expands") {
  const auto anchor = only(load(toy_with("people:\n", "people: &p\n")));
  check_at(anchor, 12, 9);
  CHECK(has(anchor, "aliases and anchors are not supported"));

  // The classic "billion laughs": ten levels of ten aliases each.
  std::string bomb = "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
  for (char c = 'b'; c <= 'j'; ++c) {
    const char p = static_cast<char>(c - 1);
    bomb += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) bomb += std::string(i ? "," : "") + "*" + p;
    bomb += "]\n";
  }
  const auto t0 = std::chrono::steady_clock::now();
  const auto r = load(bomb);
  CHECK(seconds_since(t0) < 1.0);
  const auto d = only(r);
  check_at(d, 1, 4);
  CHECK(has(d, "aliases and anchors are not supported"));
}

TEST_CASE("nesting deeper than 32 levels is refused quickly") {
  const auto t0 = std::chrono::steady_clock::now();
  const auto flow = only(load("a: " + std::string(100000, '[') + std::string(100000, ']') + "\n"));
  CHECK(has(flow, "nesting is deeper than 32 levels"));
  check_at(flow, 1, 35);  // the 32nd '[' is the 33rd container, after the root map
  std::string block;
  for (int i = 0; i < 40; ++i) block += std::string(static_cast<std::size_t>(2 * i), ' ') + "k:\n";
  const auto b = only(load(block));
  CHECK(has(b, "nesting is deeper than 32 levels"));
  std::string deep_maps;
  for (int i = 0; i < 5000; ++i) deep_maps += "{a: ";
  const auto maps = only(load(deep_maps + "1" + std::string(5000, '}')));
  CHECK(has(maps, "nesting is deeper than 32 levels"));
  CHECK(seconds_since(t0) < 1.0);
}

TEST_CASE("a duplicate key is reported at its second occurrence") {
  const auto d = only(load(toy_with("  scale: 10", "  scale: 10\n  total: 30000")));
  check_at(d, 16, 3);
  CHECK(d.message == "duplicate key 'total'; it was already given at line 14, expected each key once per map");
}

TEST_CASE("a second YAML document is refused") {
  const auto d = only(load(test::toy_text() + "---\nscenario: {}\n"));
  CHECK(has(d, "a second YAML document"));
}

TEST_CASE("three independent errors are all reported, in file order") {
  std::string text = toy_with("  start: 2022-03-01", "  start: 2022-03-32");
  text = test::edit(text, "  total: 20000", "  total: many");
  text = test::edit(text, "days: 1, cost: 20", "days: 0, cost: 20");
  const auto r = load(text);
  REQUIRE_MESSAGE(r.diagnostics.size() == 3, all(r));
  check_at(r.diagnostics[0], 6, 10);
  CHECK(has(r.diagnostics[0], "'2022-03-32'"));
  check_at(r.diagnostics[1], 14, 10);
  CHECK(has(r.diagnostics[1], "'many'"));
  check_at(r.diagnostics[2], 28, 63);
  CHECK(has(r.diagnostics[2], "days '0' is out of range"));
}

TEST_CASE("form errors do not cascade into semantic ones") {
  // A profile share that could not be read is not also summed.
  const auto share = load(toy_with("share: 0.7", "share: lots"));
  CHECK_MESSAGE(share.diagnostics.size() == 1, all(share));
  // A departure with an impossible date is not also "outside the scenario" or overlapping.
  const auto window = load(toy_with("until: 2022-03-31", "until: 2022-02-31"));
  CHECK_MESSAGE(window.diagnostics.size() == 1, all(window));
  // A scenario with no readable start does not put every window outside it.
  const auto start = load(toy_with("  start: 2022-03-01", "  start: soon"));
  CHECK_MESSAGE(start.diagnostics.size() == 1, all(start));
  // A country with a bad value still exists for the crossings and policies that name it.
  const auto country = load(toy_with("attractiveness: 2.5", "attractiveness: high"));
  CHECK_MESSAGE(country.diagnostics.size() == 1, all(country));
  // An id with a bad character still resolves the references to it.
  const auto id = load(toy_with("{id: upper_lars, name:", "{id: upper lars, name:"));
  CHECK_MESSAGE(id.diagnostics.size() == 3, all(id));  // the id, and the two crossings that spell it differently
}

TEST_CASE("diagnostics stop at 200") {
  std::string text = test::toy_text() + "extra:\n";
  const auto r0 = load(text);
  REQUIRE(r0.diagnostics.size() == 1);
  std::string many = test::toy_text();
  many = test::edit(
      many, "  scale: 10", "  scale: 10\n" + [] {
        std::string s;
        for (int i = 0; i < 300; ++i) s += "  junk" + std::to_string(i) + ": 1\n";
        return s;
      }());
  const auto r = load(many);
  REQUIRE(r.diagnostics.size() == 201);
  CHECK(has(r.diagnostics.back(), "too many errors; stopped after the first 200"));
}

TEST_CASE("garbage never throws") {
  for (const char* text : {"{", "[", "}", "]]", ":", "- - - -", "? [a]\n: b\n", "a: b: c", "\"unterminated",
                           "scenario: !!binary aGVsbG8=", "%YAML 1.2\n---\nfoo", "a:\n- b\n c: d", "'''",
                           "people: {origin: RU, total: }", "? a\n? a\n"}) {
    io::LoadResult r;
    CHECK_NOTHROW(r = load(text));
    CHECK_MESSAGE(!r.ok(), text);
  }
}

TEST_CASE("every truncation of the toy file loads without throwing, each with a located error") {
  const std::string text = test::toy_text();
  for (std::size_t n = 0; n < text.size(); n += 5) {
    io::LoadResult r;
    REQUIRE_NOTHROW(r = load(text.substr(0, n)));
    for (const auto& d : r.diagnostics) CHECK_MESSAGE(d.loc.line >= 1, n << ": " << d.message);
  }
}

TEST_CASE("every truncation of the asylum toy loads without throwing, each with a located error") {
  const std::string text = test::file_text(test::asylum_path());
  for (std::size_t n = 0; n < text.size(); n += 7) {
    io::LoadResult r;
    REQUIRE_NOTHROW(r = load(text.substr(0, n)));
    for (const auto& d : r.diagnostics) CHECK_MESSAGE(d.loc.line >= 1, n << ": " << d.message);
  }
}

TEST_CASE("a byte-order mark and CRLF line ends are fine") {
  std::string crlf;
  for (char c : test::toy_text()) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  const auto r = load("\xEF\xBB\xBF" + crlf);
  CHECK_MESSAGE(r.ok(), all(r));
  const auto d = only(load("\xEF\xBB\xBF" + test::edit(crlf, "  total: 20000", "  total: -1")));
  check_at(d, 14, 10);
}

// --- The asylum keys: asylum procedures, the policy catalogue's parameters, behaviour after
// refusal. Inputs are the asylum toy with one thing broken.

TEST_CASE("a policy rate outside [0, 1] names the value and the range") {
  const auto high = only(load(test::asylum_with("rate: 0.5,", "rate: 1.5,")));
  check_at(high, 80, 67);
  CHECK(high.message == "policy 'de_evaders' rate '1.5' is out of range; expected a number from 0 to 1 (probability)");
  const auto low = only(load(test::asylum_with("rate: 0.5,", "rate: -0.1,")));
  check_at(low, 80, 67);
  CHECK(low.message == "policy 'de_evaders' rate '-0.1' is negative; expected a number from 0 to 1 (probability)");
  const auto hazard = only(load(test::asylum_with("daily_hazard: 0.002,", "daily_hazard: 2,")));
  CHECK(has(hazard, "policy 'hr_removals' daily_hazard '2' is out of range; expected a number from 0 to 1 (per day)"));
}

TEST_CASE("temporary_protection: apply_share outside [0, 1], a key it does not take, a misspelt key, each located") {
  const int line = test::asylum_line_of("type: temporary_protection");
  const auto high = load(test::asylum_with("apply_share: 0.5,", "apply_share: 2,"));
  check_at(only(high), line, 85);
  CHECK(all(high) == "t.yaml:" + std::to_string(line) +
                         ":85: error: policy 'de_temporary' apply_share '2' is out of range; expected a number from 0 "
                         "to 1 (share)\n");
  const auto unknown = load(test::asylum_with("apply_share: 0.5,", "apply_share: 0.5, days: 30,"));
  check_at(only(unknown), line, 90);
  CHECK(all(unknown) == "t.yaml:" + std::to_string(line) +
                            ":90: error: policy 'de_temporary' (temporary_protection) does not take 'days'; expected "
                            "only: apply_share\n");
  const auto misspelt = load(test::asylum_with("apply_share: 0.5,", "apply_shar: 0.5,"));
  check_at(only(misspelt), line, 72);
  CHECK(has(only(misspelt), "unknown key 'apply_shar' in policy 'de_temporary'"));
  CHECK(has(only(misspelt), "(did you mean 'apply_share'?)"));
}

TEST_CASE("a quota below 0") {
  const auto d = only(load(test::asylum_with("per_month: 50,", "per_month: -50,")));
  check_at(d, 98, 83);
  CHECK(d.message ==
        "policy 'de_humanitarian' per_month '-50' is negative; expected a number from 0 to 1e7 (people per month)");
  const auto capacity = only(load(test::asylum_with("decisions_per_month: 150,", "decisions_per_month: -1,")));
  check_at(capacity, 31, 35);
  CHECK(has(capacity, "country 'HR' asylum decisions_per_month '-1' is negative; expected a number from 0 to 1e7"));
}

TEST_CASE("a parameter the policy's type does not take is refused at the key") {
  const auto d = only(load(test::asylum_with("rate: 0.5,", "rate: 0.5, days: 31,")));
  check_at(d, 80, 72);
  CHECK(d.message == "policy 'de_evaders' (recognition) does not take 'days'; expected only: rate");
  const auto none = only(load(test::asylum_with("until: 2023-03-31,\n", "until: 2023-03-31, rate: 0.1,\n")));
  check_at(none, 83, 82);
  CHECK(none.message == "policy 'de_moratorium' (moratorium) does not take 'rate'; expected no parameters");
  const auto dublin = only(load(test::asylum_with("opt_out: 0.1,", "opt_out: 0.1, to: DE,")));
  CHECK(dublin.message ==
        "policy 'dublin_hr' (dublin) does not take 'to'; expected only: probability, opt_out, days, deadline_days");
  // Its value is not also judged: the key is what is wrong.
  const auto bad_value = only(load(test::asylum_with("rate: 0.5,", "rate: 0.5, share: lots,")));
  CHECK(has(bad_value, "(recognition) does not take 'share'"));
}

TEST_CASE("a parameter the policy's type needs is required") {
  const auto d = only(load(test::asylum_with("probability: 0.2, days: 90,", "days: 90,")));
  check_at(d, 88, 5);
  CHECK(d.message ==
        "policy 'dublin_hr' (dublin) has no key 'probability'; expected a number from 0 to 1 (probability)");
  const auto window = only(load(test::asylum_with("days: 60, window_days: 180,", "days: 60,")));
  check_at(window, 101, 5);
  CHECK(window.message ==
        "policy 'tr_stay' (stay_limit) has no key 'window_days'; expected a whole number from 1 to 3650 (days)");
  const auto both = load(test::asylum_with("per_month: 50, document: humanitarian_visa,", ""));
  REQUIRE_MESSAGE(both.diagnostics.size() == 2, all(both));
  CHECK(has(both.diagnostics[0], "(humanitarian_visa) has no key 'per_month'"));
  CHECK(has(both.diagnostics[1], "(humanitarian_visa) has no key 'document'"));
}

TEST_CASE("where is required for every type but exit_ban, and crossings only where they mean something") {
  const auto d = only(load(
      test::asylum_with("who: {profiles: [evader]},\n     where: {countries: [DE]}}", "who: {profiles: [evader]}}")));
  check_at(d, 80, 5);
  CHECK(d.message ==
        "policy 'de_evaders' (recognition) has no key 'where'; expected a map with keys: countries, crossings, modes");
  // exit_ban's where may be absent (the toy's summons_register has none) or given.
  CHECK(load(test::asylum_with("share: 0.2, who: {profiles: [evader]}}",
                               "share: 0.2, who: {profiles: [evader]}, where: {countries: [RU]}}"))
            .ok());
  const auto crossings = only(load(test::asylum_with(
      "per_month: 30000, where: {countries: [DE]}", "per_month: 30000, where: {countries: [DE], crossings: [hr_de]}")));
  check_at(crossings, 103, 113);
  CHECK(crossings.message ==
        "policy 'de_capacity' (processing_capacity) acts in countries, so its where does not take 'crossings'; "
        "expected only: countries");
}

TEST_CASE("an attractiveness policy's who names profiles only: destination choice is made per profile") {
  const auto d = load(test::asylum_with("change: 0.5, who: {profiles: [evader]},",
                                        "change: 0.5, who: {profiles: [evader], sex: male, age: {from: 18}},"));
  REQUIRE_MESSAGE(d.diagnostics.size() == 2, all(d));
  CHECK(d.diagnostics[0].message ==
        "policy 'ge_benefits' (attractiveness) acts on destination choice, which is made per profile, so its who "
        "does not take 'sex'; expected only: profiles");
  CHECK(has(d.diagnostics[1], "so its who does not take 'age'"));
  const auto range = only(load(test::asylum_with("change: 0.5,", "change: 25,")));
  CHECK(has(range, "change"));
  CHECK(has(range, "25"));
}

TEST_CASE("a misspelt policy type is refused with every type named, and the closest suggested") {
  const auto d = only(load(test::asylum_with("type: recognition", "type: recogniton")));
  std::string types;
  for (int i = 0; i < policy_type_count; ++i)
    types += (i ? ", " : "") + std::string(name_of(static_cast<PolicyType>(i)));
  CHECK(d.message == "policy 'de_evaders' type 'recogniton' is not allowed; expected one of: " + types +
                         " (did you mean 'recognition'?)");
  CHECK(types.find("processing_capacity") != std::string::npos);  // the list is the registry's, not empty
}

TEST_CASE("an asylum section is checked like any map: required keys, ranges, unknown keys") {
  const auto missing = only(load(test::asylum_with("recognition: 0.01, ", "")));
  check_at(missing, 31, 13);
  CHECK(missing.message == "country 'HR' asylum has no key 'recognition'; expected a number from 0 to 1 (probability)");
  const auto rate = only(load(test::asylum_with("recognition: 0.3,", "recognition: 1.3,")));
  check_at(rate, 40, 112);
  CHECK(rate.message ==
        "country 'DE' asylum recognition '1.3' is out of range; expected a number from 0 to 1 (probability)");
  const auto appeal = only(load(test::asylum_with("days: 365, success: 0.25}", "days: 365}")));
  check_at(appeal, 41, 22);
  CHECK(appeal.message ==
        "country 'DE' asylum.appeal has no key 'success'; expected a number from 0 to 1 (probability)");
  const auto typo = only(load(test::asylum_with("detention: 0.2}", "detension: 0.2}")));
  check_at(typo, 32, 52);
  CHECK(has(typo,
            "unknown key 'detension' in country 'HR' asylum; expected one of: decisions_per_month, "
            "background_pending, background_per_month, background_changes, other_registrations, lodging_share, "
            "recorded_at_entry, days_to_lodge, recognition, appeal, "
            "detention (did you mean 'detention'?)"));
  const auto lodge = only(load(test::asylum_with("days_to_lodge: 14,", "days_to_lodge: 1.5,")));
  CHECK(has(lodge, "country 'HR' asylum days_to_lodge '1.5' is not a whole number"));
}

TEST_CASE("behaviour's new keys are range-checked") {
  const auto share = only(load(test::asylum_with("hide: 0.3,", "hide: 1.3,")));
  check_at(share, test::asylum_line_of("after_refusal:"), 52);
  // The share is unread, so the shares are not also summed.
  CHECK(share.message == "behaviour.after_refusal.hide '1.3' is out of range; expected a number from 0 to 1 (share)");
  const auto coef = only(load(test::asylum_with("recognition: 2.0}", "recognition: -2.0}")));
  check_at(coef, test::asylum_line_of("logit:"), 90);
  CHECK(has(coef, "behaviour.logit.recognition '-2.0' is negative; expected a number from 0 to 100"));
  const auto settle =
      only(load(test::asylum_with("settle_with: [humanitarian_visa]", "settle_with: humanitarian_visa")));
  CHECK(has(settle, "behaviour.settle_with is a single value; expected a list of ids"));
  const auto lodging = only(load(test::file_text(test::asylum_path()), {"behaviour.lodging_recognition=-1"}));
  CHECK(has(lodging, "behaviour.lodging_recognition '-1' is negative; expected a number from 0 to 100"));
  const auto high = only(load(test::file_text(test::asylum_path()), {"behaviour.lodging_recognition=101"}));
  CHECK(has(high, "behaviour.lodging_recognition '101' is out of range; expected a number from 0 to 100"));
  const auto queues = only(load(test::file_text(test::asylum_path()), {"behaviour.sees_queues=often"}));
  CHECK(has(queues, "behaviour.sees_queues 'often' is not true or false; expected true or false"));
}
