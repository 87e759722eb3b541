// migsim compare on a hand-written results folder: every metric against numbers worked out
// by hand, the report's exact text, and bad targets files reported at line:col.
#include <doctest/doctest.h>

#include <sstream>
#include <string>
#include <vector>

#include "migsim/io/targets.hpp"
#include "results_fixture.hpp"

using namespace migsim;
using migsim::test::TempDir;
using migsim::test::write_text;
namespace fs = std::filesystem;

namespace {

// Run 2022-03-01..2023-12-31; EU members DE and HR; lars is a place in Georgia.
void write_results(const fs::path& dir) {
  write_text(dir / "manifest.json", R"({
  "start": "2022-03-01",
  "end": "2023-12-31",
  "countries": [
    {"id": "RU", "name": "Russia", "eu": null, "schengen": null, "dublin": null},
    {"id": "GE", "name": "Georgia", "eu": null, "schengen": null, "dublin": null},
    {"id": "DE", "name": "Germany", "eu": "1958-01-01", "schengen": "1995-03-26", "dublin": "2003-09-01"},
    {"id": "HR", "name": "Croatia", "eu": "2013-07-01", "schengen": "2023-01-01", "dublin": "2013-07-01"}
  ],
  "places": [{"id": "lars", "name": "Upper Lars", "country": "GE"}]
}
)");
  write_text(dir / "asylum.csv",
             "month,country,registrations,applications,decisions_positive,decisions_negative,dublin_requests,"
             "dublin_transfers,pushbacks,deportations,extraditions,people_pushed_back,temporary_protection_granted,"
             "backlog\n"
             "2022-03,DE,0,100,0,0,0,0,0,0,0,0,0,100\n"
             "2022-10,DE,0,50,10,30,5,0,0,0,0,0,0,110\n"
             "2022-10,HR,400,20,0,0,0,2,0,0,0,0,0,20\n"
             "2022-11,DE,0,1000,0,0,0,0,0,0,0,0,0,1110\n"
             "2023-01,HR,300,5,1,19,0,0,0,0,0,0,0,5\n"
             "2023-02,DE,0,40,20,20,0,0,0,0,0,0,0,60\n");
  // The simulated rows agree with asylum.csv's Dublin columns, as a run writes them; the other
  // nationalities' row is in 2023, so that only the targets of that month see it.
  write_text(dir / "dublin.csv",
             "month,from,to,nationalities,basis,requests,transfers\n"
             "2022-10,DE,HR,simulated,take_back,0,2\n"
             "2022-10,HR,DE,simulated,take_back,5,0\n"
             "2023-01,DE,HR,other,take_back,30,4\n");
  write_text(dir / "waits.csv",
             "country,measure,year,n,mean,p10,p50,p90\n"
             "DE,application_to_first_decision,2022,30,200.0,100,200,300\n"
             "DE,application_to_first_decision,2023,5,10.0,10,10,10\n"
             "DE,application_to_first_decision,all,35,172.9,10,200,300\n"
             "HR,application_to_first_decision,2022,10,100.0,100,100,100\n"
             "HR,application_to_first_decision,all,10,100.0,100,100,100\n");
  write_text(dir / "flows.csv",
             "month,from,to,people,other_traffic\n"
             "2022-03,GE,DE,100,0\n"
             "2022-03,RU,GE,1000,0\n"
             "2022-04,DE,HR,7,0\n"
             "2022-04,RU,DE,0,40\n"
             "2022-05,GE,DE,50,0\n");
  write_text(dir / "daily.csv",
             "date,node,status,people\n"
             "2022-12-30,GE,settled,499\n"
             "2022-12-31,GE,travelling,9999\n"
             "2022-12-31,GE,settled,500\n"
             "2022-12-31,DE,applicant,50\n"
             "2022-12-31,lars,in_transit,20\n"
             "2023-01-01,GE,settled,501\n");
}

struct Outcome {
  int code = -1;
  std::string out, err;
};

Outcome run_compare(const fs::path& results, const std::string& targets_yaml, const fs::path& targets_path) {
  write_text(targets_path, targets_yaml);
  std::ostringstream out, err;
  Outcome o;
  o.code = io::compare(results.string(), targets_path.string(), out, err);
  o.out = out.str();
  o.err = err.str();
  return o;
}

const char* const good_targets = R"(# one of each metric
- id: apps_eu
  metric: applications
  period: {from: 2022-03-01, until: 2022-10-31}
  geography: EU
  value: 200
  source: hand
  confidence: H
- id: apps_de_oct
  metric: applications
  period: {from: 2022-10-01, until: 2022-10-31}
  geography: DE
  value: 10
  source: hand
  confidence: M
- id: rate_eu
  metric: protection_rate
  period: {from: 2023-01-01, until: 2023-12-31}
  geography: EU
  value: 0.163
  source: hand
  confidence: H
  tolerance_factor: 2.5
- id: days_de
  metric: mean_days_to_first_decision
  period: {from: 2022-01-01, until: 2022-12-31}
  geography: DE
  value: 231
  source: hand
  confidence: H
- id: days_both
  metric: mean_days_to_first_decision
  period: {from: 2022-01-01, until: 2022-12-31}
  geography: [DE, HR]
  value: 159
  source: hand
  confidence: H
- id: regs_hr
  metric: registrations
  period: {from: 2023-01-01, until: 2023-12-31}
  geography: HR
  value: 8507
  source: hand
  confidence: H
- id: arrivals_eu
  metric: arrivals
  period: {from: 2022-03-01, until: 2022-04-30}
  geography: EU
  value: 100
  source: hand
  confidence: L
- id: stock_ge
  metric: stock
  period: {from: 2022-12-31, until: 2022-12-31}
  geography: GE
  value: 1000
  source: hand
  confidence: M
  kept_aside: true
- id: final_hr
  metric: mean_days_to_final_decision
  period: {from: 2023-01-01, until: 2023-12-31}
  geography: HR
  value: 300
  source: hand
  confidence: H
- id: transfers_hr
  metric: dublin_transfers
  period: {from: 2022-01-01, until: 2022-12-31}
  geography: HR
  value: 167
  source: hand
  confidence: H
  kept_aside: true
- id: requests_de
  metric: dublin_requests
  period: {from: 2022-10-01, until: 2022-10-31}
  geography: DE
  value: 5
  source: hand
  confidence: H
- id: sent_de
  metric: dublin_requests_sent
  period: {from: 2023-01-01, until: 2023-01-31}
  geography: DE
  value: 30
  source: hand
  confidence: H
- id: out_de
  metric: dublin_transfers_out
  period: {from: 2022-01-01, until: 2023-12-31}
  geography: DE
  value: 3
  source: hand
  confidence: H
- id: positive_eu
  metric: decisions_positive
  period: {from: 2022-03-01, until: 2023-12-31}
  geography: EU
  value: 31
  source: hand
  confidence: H
- id: stock_all
  metric: stock
  period: {from: 2022-01-01, until: 2022-12-31}
  geography: [RU, GE, DE, HR]
  value: 570
  source: hand
  confidence: L
)";

}  // namespace

TEST_CASE("compare computes every metric from the results folder and prints one row each") {
  TempDir dir;
  write_results(dir.path());
  const auto targets = dir.path() / "targets.yaml";
  const auto o = run_compare(dir.path(), good_targets, targets);
  INFO(o.err);
  REQUIRE(o.code == 0);
  // By hand: apps_eu = DE 100 + 50, HR 20 (November is outside) = 170. apps_de_oct 50 / 10 = 5.
  // rate_eu = (1 + 20) / (1 + 19 + 20 + 20) = 0.35, ratio 2.15, ok within x2.5. days_both =
  // (30 x 200 + 10 x 100) / 40 = 175.0. arrivals_eu: GE->DE 100 in March, and the 40 crossings of
  // other traffic RU->DE in April, people and traffic alike; DE->HR stays inside the EU. stock_ge on 2022-12-31: 500
  // settled + 20 at lars, not the 9,999 travelling. final_hr has no waits: n/a, off. Dublin (dublin.csv, all
  // nationalities): transfers_hr 2 (the other nationalities' 4 are in 2023); requests_de 5, received; sent_de 30, the
  // other nationalities' requests DE made in January 2023; out_de 2 + 4 = 6 from DE, x2 exactly: ok. positive_eu = 10 +
  // 1 + 20. Within x2: 11, of which 1 of the 2 kept aside.
  CHECK(o.out == "Model (" + dir.path().string() + ") against published figures (" + targets.string() +
                     ")\n"
                     "  id            metric                       geography        period          "
                     "  model  published  ratio  tolerance  result  conf    use\n"
                     "  apps_eu       applications                 EU               2022-03..2022-10"
                     "    170        200   0.85         x2      ok     H   tune\n"
                     "  apps_de_oct   applications                 DE               2022-10         "
                     "     50         10   5.00         x2     off     M   tune\n"
                     "  rate_eu       protection_rate              EU               2023            "
                     "  0.350      0.163   2.15       x2.5      ok     H   tune\n"
                     "  days_de       mean_days_to_first_decision  DE               2022            "
                     "  200.0      231.0   0.87         x2      ok     H   tune\n"
                     "  days_both     mean_days_to_first_decision  DE+HR            2022            "
                     "  175.0      159.0   1.10         x2      ok     H   tune\n"
                     "  regs_hr       registrations                HR               2023            "
                     "    300      8,507   0.04         x2     off     H   tune\n"
                     "  arrivals_eu   arrivals                     EU               2022-03..2022-04"
                     "    140        100   1.40         x2      ok     L   tune\n"
                     "  stock_ge      stock                        GE               2022-12-31      "
                     "    520      1,000   0.52         x2      ok     M  aside\n"
                     "  final_hr      mean_days_to_final_decision  HR               2023            "
                     "    n/a      300.0    n/a         x2     off     H   tune\n"
                     "  transfers_hr  dublin_transfers             HR               2022            "
                     "      2        167   0.01         x2     off     H  aside\n"
                     "  requests_de   dublin_requests              DE               2022-10         "
                     "      5          5   1.00         x2      ok     H   tune\n"
                     "  sent_de       dublin_requests_sent         DE               2023-01         "
                     "     30         30   1.00         x2      ok     H   tune\n"
                     "  out_de        dublin_transfers_out         DE               2022-01..2023-12"
                     "      6          3   2.00         x2      ok     H   tune\n"
                     "  positive_eu   decisions_positive           EU               2022-03..2023-12"
                     "     31         31   1.00         x2      ok     H   tune\n"
                     "  stock_all     stock                        RU+GE+DE+1 more  2022-12-31      "
                     "    570        570   1.00         x2      ok     L   tune\n"
                     "11 of 15 within tolerance (tuned on: 10 of 13; kept aside: 1 of 2)\n");
  CHECK(o.err.empty());
}

TEST_CASE("compare: temporary protection's beneficiaries on a day and its grants over a period") {
  TempDir dir;
  write_results(dir.path());
  // Beneficiaries on 2022-12-31: 30 in DE and 5 at lars, a place in GE; they count in the
  // stock too, beside the others there (GE 500 settled + 20 at lars, DE 50 applicants).
  write_text(dir.path() / "daily.csv", test::read_text(dir.path() / "daily.csv") +
                                           "2022-12-31,DE,temporary,30\n"
                                           "2022-12-31,lars,temporary,5\n"
                                           "2023-01-01,DE,temporary,31\n");
  // Grants: DE 7 in March and 60 in November, HR 40 in October, GE (not in the EU) 9.
  write_text(dir.path() / "asylum.csv",
             "month,country,registrations,applications,decisions_positive,decisions_negative,dublin_requests,"
             "dublin_transfers,pushbacks,deportations,extraditions,people_pushed_back,temporary_protection_granted,"
             "backlog\n"
             "2022-03,DE,0,100,0,0,0,0,0,0,0,0,7,100\n"
             "2022-03,GE,0,0,0,0,0,0,0,0,0,0,9,0\n"
             "2022-10,HR,400,20,0,0,0,2,0,0,0,0,40,20\n"
             "2022-11,DE,0,1000,0,0,0,0,0,0,0,0,60,1110\n");
  const std::string t =
      "- {id: tp_de_ge, metric: temporary_protection_beneficiaries, period: {from: 2022-12-31, until: 2022-12-31}, "
      "geography: [DE, GE], value: 35, source: s, confidence: H}\n"
      "- {id: tp_de, metric: temporary_protection_beneficiaries, period: {from: 2022-12-31, until: 2022-12-31}, "
      "geography: DE, value: 30, source: s, confidence: H}\n"
      "- {id: stock, metric: stock, period: {from: 2022-12-31, until: 2022-12-31}, "
      "geography: [DE, GE], value: 605, source: s, confidence: H}\n"
      "- {id: granted_eu, metric: temporary_protection_granted, period: {from: 2022-03-01, until: 2022-10-31}, "
      "geography: EU, value: 47, source: s, confidence: H}\n"
      "- {id: granted_all, metric: temporary_protection_granted, period: {from: 2022-01-01, until: 2022-12-31}, "
      "geography: [DE, GE, HR], value: 116, source: s, confidence: H}\n";
  const io::TargetsFile file = io::read_targets_text(t, "t.yaml");
  REQUIRE_MESSAGE(file.ok(), (file.errors.empty() ? std::string() : file.errors.front()));
  std::vector<std::string> errors;
  const auto got = io::evaluate_targets(dir.path().string(), file, errors);
  CHECK(errors.empty());
  REQUIRE(got.size() == 5);
  // Each worked out by hand, in the comments above: the model equals the published value.
  for (const auto& c : got) {
    INFO(c.target->id);
    REQUIRE(c.model.has_value());
    CHECK(*c.model == c.target->value);
  }
}

TEST_CASE("the ok band is closed at both ends: model/published in [1/f, f]") {
  TempDir dir;
  write_results(dir.path());
  // DE registrations are 0; applications DE 2022-10 are 50: 25 (x2 exactly) and 100 (1/2) are ok.
  const std::string t =
      "- {id: a, metric: applications, period: {from: 2022-10-01, until: 2022-10-31}, "
      "geography: DE, value: 25, source: s, confidence: H}\n"
      "- {id: b, metric: applications, period: {from: 2022-10-01, until: 2022-10-31}, "
      "geography: DE, value: 100, source: s, confidence: H}\n"
      "- {id: c, metric: applications, period: {from: 2022-10-01, until: 2022-10-31}, "
      "geography: DE, value: 101, source: s, confidence: H}\n";
  io::TargetsFile file = io::read_targets_text(t, "t.yaml");
  REQUIRE(file.ok());
  std::vector<std::string> errors;
  const auto rows = io::evaluate_targets(dir.path().string(), file, errors);
  REQUIRE(errors.empty());
  REQUIRE(rows.size() == 3);
  CHECK(*rows[0].ratio == 2.0);
  CHECK(rows[0].ok);
  CHECK(*rows[1].ratio == 0.5);
  CHECK(rows[1].ok);
  CHECK_FALSE(rows[2].ok);
  CHECK(*rows[0].model == 50.0);
}

TEST_CASE("a bad targets file: every problem at its line:col, exit 2, nothing compared") {
  TempDir dir;
  write_results(dir.path());
  const auto targets = dir.path() / "bad.yaml";
  const std::string p = targets.string();
  const auto o = run_compare(dir.path(),
                             "- id: a\n"                                          // 1
                             "  metric: applicatons\n"                            // 2
                             "  period: {from: 2022-03-02, until: 2022-10-31}\n"  // 3
                             "  geography: EU\n"                                  // 4
                             "  value: 8,820\n"                                   // 5
                             "  source: s\n"                                      // 6
                             "  confidence: X\n"                                  // 7
                             "  colour: red\n"                                    // 8
                             "- id: b\n"                                          // 9
                             "  metric: applications\n"                           // 10
                             "  period: {from: 2022-03-02, until: 2022-10-30}\n"  // 11
                             "  geography: [DE, DE]\n"                            // 12
                             "  value: 1\n"                                       // 13
                             "  source: s\n"                                      // 14
                             "  confidence: H\n"                                  // 15
                             "- id: c\n"                                          // 16
                             "  metric: mean_days_to_first_decision\n"            // 17
                             "  period: {from: 2022-01-01, until: 2023-12-31}\n"  // 18
                             "  geography: DE\n"                                  // 19
                             "  value: 231\n"                                     // 20
                             "  confidence: H\n"                                  // 21
                             "  tolerance_factor: 1\n"                            // 22
                             "  kept_aside: yes\n"                                // 23
                             "- id: a\n"                                          // 24
                             "  metric: protection_rate\n"                        // 25
                             "  period: {from: 2023-01-01, until: 2022-12-31}\n"  // 26
                             "  geography: HR\n"                                  // 27
                             "  value: 16.3\n"                                    // 28
                             "  source: s\n"                                      // 29
                             "  confidence: H\n",                                 // 30
                             targets);
  CHECK(o.code == 2);
  CHECK(o.out.empty());
  CHECK(
      o.err ==
      p +
          ":8:3: error: unknown key 'colour' in target 1; expected one of: id, metric, period, geography, value, "
          "source, confidence, tolerance_factor, kept_aside\n" +
          p +
          ":2:11: error: metric 'applicatons' is unknown; expected one of: applications, registrations, "
          "decisions_positive, protection_rate, dublin_requests, dublin_transfers, mean_days_to_first_decision, "
          "mean_days_to_final_decision, arrivals, stock, dublin_requests_sent, dublin_transfers_out, camp_population, "
          "averaged_relative_difference, temporary_protection_beneficiaries, temporary_protection_granted\n" +
          p +
          ":5:10: error: value '8,820' is not a number > 0; expected the published figure, > 0 (write 8820, not "
          "8,820)\n" +
          p + ":7:15: error: confidence 'X' is unknown; expected H, M or L\n" + p +
          ":11:18: error: period.from 2022-03-02 is not the first day of a month; expected whole months for "
          "applications (asylum.csv and flows.csv are monthly)\n" +
          p +
          ":11:37: error: period.until 2022-10-30 is not the last day of a month; expected whole months for "
          "applications (asylum.csv and flows.csv are monthly)\n" +
          p + ":12:19: error: geography item 'DE' is listed twice; expected each country once\n" + p +
          ":16:3: error: target 3 has no key 'source'\n" + p +
          ":18:11: error: period 2022-01-01..2023-12-31 is not one calendar year; expected YYYY-01-01..YYYY-12-31 "
          "for mean_days_to_first_decision (waits.csv is by year)\n" +
          p + ":22:21: error: tolerance_factor '1' is not a number > 1; expected a factor such as 2\n" + p +
          ":23:15: error: kept_aside 'yes' is not true or false; expected true or false\n" + p +
          ":26:37: error: period.until 2022-12-31 is before period.from 2023-01-01; expected until >= from\n" + p +
          ":28:10: error: value '16.3' is above 1; expected protection_rate as a share in (0, 1]\n" + p +
          ": 13 problem(s); nothing was compared\n");
}

TEST_CASE("targets file shapes: empty, not a list, a YAML syntax error, a duplicate id") {
  auto errors_of = [](const std::string& text) { return io::read_targets_text(text, "t.yaml").errors; };
  CHECK(errors_of("") == std::vector<std::string>{"t.yaml:1:1: error: file is empty; expected a list of targets"});
  CHECK(errors_of("id: a\n") ==
        std::vector<std::string>{"t.yaml:1:1: error: the file is a map; expected a list of targets (each a map with "
                                 "keys: id, metric, period, geography, value, source, confidence, tolerance_factor, "
                                 "kept_aside)"});
  const auto syntax = errors_of("- {id: a\n");
  REQUIRE(syntax.size() == 1);
  CHECK(syntax[0].rfind("t.yaml:", 0) == 0);
  CHECK(syntax[0].find("YAML syntax error") != std::string::npos);
  const std::string one =
      "{metric: stock, period: {from: 2022-12-31, until: 2022-12-31}, geography: GE, "
      "value: 1, source: s, confidence: L}";
  CHECK(errors_of("- {id: a, " + one.substr(1) + "\n- {id: a, " + one.substr(1) + "\n") ==
        std::vector<std::string>{
            "t.yaml:2:8: error: id 'a' is given twice (first at line 1); expected each target id once"});
  CHECK(errors_of("- 3\n") == std::vector<std::string>{"t.yaml:1:3: error: target 1 is a single value; expected a map "
                                                       "with keys: id, metric, period, geography, value, source, "
                                                       "confidence, tolerance_factor, kept_aside"});
}

TEST_CASE("targets the results cannot answer are errors at the target's geography or period") {
  TempDir dir;
  write_results(dir.path());
  const auto targets = dir.path() / "t.yaml";
  const std::string p = targets.string();
  const auto o = run_compare(dir.path(),
                             "- {id: a, metric: applications, period: {from: 2022-03-01, until: 2022-03-31}, "
                             "geography: XX, value: 1, source: s, confidence: H}\n"
                             "- {id: b, metric: applications, period: {from: 2022-03-01, until: 2022-03-31}, "
                             "geography: [lars], value: 1, source: s, confidence: H}\n"
                             "- {id: c, metric: applications, period: {from: 2021-01-01, until: 2021-12-31}, "
                             "geography: DE, value: 1, source: s, confidence: H}\n"
                             "- {id: d, metric: stock, period: {from: 2024-01-01, until: 2024-01-01}, "
                             "geography: DE, value: 1, source: s, confidence: H}\n"
                             "- {id: e, metric: applications, period: {from: 1950-01-01, until: 1950-12-31}, "
                             "geography: EU, value: 1, source: s, confidence: H}\n",
                             targets);
  CHECK(o.code == 2);
  CHECK(
      o.err ==
      p + ":1:91: error: geography 'XX' is not in these results; expected a country id of the scenario\n" + p +
          ":2:91: error: geography 'lars' is a place in GE; expected a country id\n" + p +
          ":3:41: error: period 2021-01-01..2021-12-31 lies outside the run 2022-03-01..2023-12-31; expected a period "
          "that overlaps it\n" +
          p +
          ":4:34: error: period.until 2024-01-01 is outside the run 2022-03-01..2023-12-31; expected a date the "
          "results cover (stock is counted on that day)\n" +
          p +
          ":5:91: error: geography EU has no members on 1950-01-01 in these results; expected countries with an "
          "eu date in the scenario\n" +
          "5 problem(s); nothing was compared\n");
}

namespace {

// The same table with its columns in reverse order, on every line.
std::string reversed_columns(const std::string& csv) {
  std::string out, line;
  std::istringstream in(csv);
  while (std::getline(in, line)) {
    std::vector<std::string> cells(1);
    for (const char c : line) {
      if (c == ',')
        cells.emplace_back();
      else
        cells.back().push_back(c);
    }
    for (auto it = cells.rbegin(); it != cells.rend(); ++it) out += (it == cells.rbegin() ? "" : ",") + *it;
    out += '\n';
  }
  return out;
}

}  // namespace

TEST_CASE("compare finds columns by their names: tables with reversed columns give the same report") {
  TempDir dir;
  write_results(dir.path());
  const auto targets = dir.path() / "targets.yaml";
  const auto as_written = run_compare(dir.path(), good_targets, targets);
  REQUIRE(as_written.code == 0);
  for (const char* name : {"asylum.csv", "waits.csv", "flows.csv", "daily.csv", "dublin.csv"}) {
    const auto file = dir.path() / name;
    write_text(file, reversed_columns(test::read_text(file)));
  }
  REQUIRE(test::read_text(dir.path() / "asylum.csv").substr(0, 36) == "backlog,temporary_protection_granted");
  const auto reversed = run_compare(dir.path(), good_targets, targets);
  INFO(reversed.err);
  CHECK(reversed.code == 0);
  CHECK(reversed.out == as_written.out);
}

TEST_CASE("compare names the row whose cell count differs from the header's") {
  TempDir dir;
  write_results(dir.path());
  write_text(dir.path() / "flows.csv", "month,from,to,people,other_traffic\n2022-03,GE,DE,1\n");
  const std::string one =
      "- {id: a, metric: arrivals, period: {from: 2022-03-01, until: 2022-03-31}, "
      "geography: DE, value: 1, source: s, confidence: H}\n";
  const auto o = run_compare(dir.path(), one, dir.path() / "t.yaml");
  CHECK(o.code == 2);
  CHECK(o.err.find((dir.path() / "flows.csv").string() + ":2: error: 4 cells; expected 5") != std::string::npos);
}

TEST_CASE("a results folder that is missing or from another version is bad input") {
  TempDir dir;
  const auto targets = dir.path() / "t.yaml";
  const std::string one =
      "- {id: a, metric: applications, period: {from: 2022-03-01, until: 2022-03-31}, "
      "geography: DE, value: 1, source: s, confidence: H}\n";
  const auto missing = run_compare(dir.path() / "nope", one, targets);
  CHECK(missing.code == 2);
  CHECK(missing.err == (dir.path() / "nope").string() +
                           ": error: not a folder; expected a results folder written by migsim run\n"
                           "1 problem(s); nothing was compared\n");

  write_results(dir.path());
  write_text(dir.path() / "manifest.json", R"({"start": "2022-03-01", "end": "2023-12-31"})");
  const auto old = run_compare(dir.path(), one, targets);
  CHECK(old.code == 2);
  CHECK(old.err.find("manifest.json: error: no \"countries\"; expected a manifest written by this migsim") !=
        std::string::npos);

  write_results(dir.path());
  write_text(dir.path() / "asylum.csv", "month,country,applications\n2022-03,DE,5\n");
  const auto header = run_compare(dir.path(), one, targets);
  CHECK(header.code == 2);
  CHECK(header.err.find((dir.path() / "asylum.csv").string() +
                        ":1: error: header 'month,country,applications' has no column 'registrations', "
                        "'decisions_positive', ") != std::string::npos);
  CHECK(header.err.find("'backlog'; expected the columns 'month,country,registrations,") != std::string::npos);

  write_results(dir.path());
  write_text(dir.path() / "asylum.csv",
             "month,country,registrations,applications,decisions_positive,decisions_negative,dublin_requests,"
             "dublin_transfers,pushbacks,deportations,extraditions,people_pushed_back,temporary_protection_granted,"
             "backlog\n"
             "2022-03,DE,0,x,0,0,0,0,0,0,0,0,0,0\n");
  const auto cell = run_compare(dir.path(), one, targets);
  CHECK(cell.code == 2);
  CHECK(cell.err == (dir.path() / "asylum.csv").string() +
                        ":2: error: 'x' is not a whole number; expected a count of people\n"
                        "1 problem(s); nothing was compared\n");
}

TEST_CASE("the published targets file reads without problems and keeps some targets aside") {
  const auto file = io::read_targets(std::string(MIGSIM_SOURCE_DIR) + "/scenarios/targets/published.yaml");
  for (const auto& e : file.errors) INFO(e);
  REQUIRE(file.ok());
  std::size_t aside = 0;
  for (const auto& t : file.targets) aside += t.kept_aside ? 1 : 0;
  CHECK(file.targets.size() >= 10);
  CHECK(aside > 0);
  CHECK(aside < file.targets.size());
  CHECK(file.targets.front().id == "eu_ru_applications_2022_mar_oct");
  CHECK(file.targets.front().value == 8820);
}
