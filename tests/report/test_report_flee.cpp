// migsim report of a Flee run's folder (`migsim run --flee`): the page's data checked against
// out.csv as the test reads it itself (each camp's sim and data series, the totals, Flee's
// Total error, FabFlee's validation error from its definition), the Flee targets measured on
// out.csv, a Flee sweep's kept runs with --sweep, and a damaged out.csv or manifest refused
// with file[:line]: error: and exit 2.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "cli/run_binary.hpp"
#include "fixture.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// out.csv as the test reads it (no quoted cells in it): the header, and each row's cells.
struct OutCsv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t column(const std::string& name) const {
    const auto it = std::find(header.begin(), header.end(), name);
    REQUIRE(it != header.end());
    return static_cast<std::size_t>(it - header.begin());
  }
  std::vector<double> values(const std::string& name) const {
    const std::size_t c = column(name);
    std::vector<double> v;
    for (const auto& row : rows) v.push_back(std::stod(row[c]));
    return v;
  }
  std::vector<std::string> camps() const {
    std::vector<std::string> out;
    for (const auto& h : header)
      if (h.size() > 4 && h.compare(h.size() - 4, 4, " sim") == 0) out.push_back(h.substr(0, h.size() - 4));
    return out;
  }
};

OutCsv read_out(const fs::path& file) {
  OutCsv t;
  std::istringstream in(cli::text_of(file));
  std::string line;
  std::getline(in, line);
  t.header = report_test::split(line);
  while (std::getline(in, line)) {
    t.rows.push_back(report_test::split(line));
    REQUIRE(t.rows.back().size() == t.header.size());
  }
  return t;
}

json page_data(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"migsim-data\">";
  const auto begin = html.find(open);
  REQUIRE(begin != std::string::npos);
  const auto end = html.find("</script>", begin);
  return json::parse(html.substr(begin + open.size(), end - begin - open.size()));
}

// FabFlee's validation error on day t, from its definition (extract-validation-results.py's
// "Error (rescaled)"): the simulated camps scaled to the data's total, then the sum over camps
// of |sim - data| over the data's total (at least 1).
double validation_error(const OutCsv& out, std::size_t t) {
  double sim = 0, data = 0;
  for (const auto& c : out.camps()) {
    sim += std::stod(out.rows[t][out.column(c + " sim")]);
    data += std::stod(out.rows[t][out.column(c + " data")]);
  }
  const double scale = sim > 0 ? data / sim : 0, den = std::max(data, 1.0);
  double diff = 0;
  for (const auto& c : out.camps())
    diff += std::abs(std::stod(out.rows[t][out.column(c + " sim")]) * scale -
                     std::stod(out.rows[t][out.column(c + " data")]));
  return diff / den;
}

// A copy of the Flee run's folder at `to` with out.csv's text changed by `edit`.
void damaged_copy(const fs::path& from, const fs::path& to, const std::function<std::string(std::string)>& edit) {
  fs::remove_all(to);
  fs::create_directories(to);
  fs::copy(from, to, fs::copy_options::recursive);
  cli::write(to / "out.csv", edit(cli::text_of(from / "out.csv")));
}

// The text with line `n` (1-based) given as `cells` (joined by commas).
std::string with_line(const std::string& text, int n, const std::function<void(std::vector<std::string>&)>& edit) {
  std::istringstream in(text);
  std::string line, out;
  for (int i = 1; std::getline(in, line); ++i) {
    if (i == n) {
      auto cells = report_test::split(line);
      edit(cells);
      line.clear();
      for (std::size_t k = 0; k < cells.size(); ++k) line += (k ? "," : "") + cells[k];
    }
    out += line + "\n";
  }
  return out;
}

}  // namespace

TEST_CASE("report flee: the page of a mali run holds each camp's sim and data series as out.csv has them") {
  const auto dir = report_test::flee_results("flee-data");
  const auto html = dir / "report.html";
  const auto r = cli::sh("report " + (dir / "out").string() + " -o " + html.string());
  INFO(r.out);
  REQUIRE(r.code == 0);
  const json d = page_data(cli::text_of(html));
  CHECK(d.at("kind") == "flee");
  CHECK(d.at("title") == report_test::flee_mali);
  CHECK(d.at("targets").is_null());

  const OutCsv out = read_out(dir / "out" / "out.csv");
  const json& f = d.at("flee");
  REQUIRE(out.rows.size() == 300);  // mali's sim_period.csv: 300 days
  REQUIRE(f.at("dates").size() == out.rows.size());
  for (std::size_t t = 0; t < out.rows.size(); ++t) CHECK(f.at("dates")[t] == out.rows[t][out.column("Date")]);
  const auto camps = out.camps();
  REQUIRE(camps.size() == 7);
  REQUIRE(f.at("camps").size() == camps.size());
  bool any_data = false, any_sim = false;
  for (std::size_t c = 0; c < camps.size(); ++c) {
    const json& camp = f.at("camps")[c];
    INFO(camps[c]);
    CHECK(camp.at("name") == camps[c]);
    CHECK(camp.at("sim").get<std::vector<double>>() == out.values(camps[c] + " sim"));
    CHECK(camp.at("data").get<std::vector<double>>() == out.values(camps[c] + " data"));
    for (double v : out.values(camps[c] + " sim")) any_sim = any_sim || v > 0;
    for (double v : out.values(camps[c] + " data")) any_data = any_data || v > 0;
  }
  // Not a vacuous comparison: people reach the camps, and the UNHCR data has them.
  CHECK(any_sim);
  CHECK(any_data);
  CHECK(f.at("has_data") == true);
  const json& totals = f.at("totals");
  CHECK(totals.at("sim_in_camps").get<std::vector<double>>() == out.values("refugees in camps (simulation)"));
  CHECK(totals.at("data_in_camps").get<std::vector<double>>() == out.values("refugees in camps (UNHCR)"));
  CHECK(totals.at("total_refugees").get<std::vector<double>>() == out.values("total refugees (simulation)"));
  CHECK(totals.at("raw_unhcr").get<std::vector<double>>() == out.values("raw UNHCR refugee count"));
  CHECK(f.at("total_error").get<std::vector<double>>() == out.values("Total error"));
  // FabFlee's validation error by day, and its mean over the run.
  double mean = 0;
  for (std::size_t t = 0; t < out.rows.size(); ++t) {
    CHECK(f.at("ard").at("rescaled")[t].get<double>() == doctest::Approx(validation_error(out, t)).epsilon(1e-12));
    mean += validation_error(out, t) / static_cast<double>(out.rows.size());
  }
  CHECK(f.at("ard_mean").at("rescaled").get<double>() == doctest::Approx(mean).epsilon(1e-12));
  CHECK(mean > 0);

  // The manifest as a table: the seed and the Flee folder, as manifest.json has them.
  const json manifest = json::parse(cli::text_of(dir / "out" / "manifest.json"));
  bool seed = false, folder = false;
  for (const auto& row : d.at("manifest")) {
    seed = seed || (row[0] == "seed" && row[1] == manifest.at("seed").dump());
    folder = folder || (row[0] == "Flee scenario folder" && row[1] == manifest.at("flee_folder"));
  }
  CHECK(seed);
  CHECK(folder);
}

TEST_CASE("report flee: the manifest table names the overrides, --set-file's path and entries included") {
  cli::TempDir dir;
  cli::write(dir.path / "set.yaml", "locations.Mentao.population: 3000\n");
  const std::string mali = std::string(MIGSIM_SOURCE_DIR) + "/tests/data/flee/mali";
  const auto run = cli::sh("flee " + mali + " --out " + (dir.path / "out").string() + " -q --set-file " +
                           (dir.path / "set.yaml").string() + " --set move_rules.camp_weight=2");
  REQUIRE_MESSAGE(run.code == 0, run.out);
  const auto html = dir.path / "report.html";
  REQUIRE(cli::sh("report " + (dir.path / "out").string() + " -o " + html.string()).code == 0);
  std::map<std::string, std::string> rows;
  const json data = page_data(cli::text_of(html));
  for (const auto& row : data.at("manifest")) rows[row.at(0).get<std::string>()] = row.at(1).get<std::string>();
  CHECK(rows["overrides (--set)"] == "move_rules.camp_weight=2");
  CHECK(rows["overrides file (--set-file)"] == (dir.path / "set.yaml").string());
  CHECK(rows["overrides file's entries"] == "locations.Mentao.population=3000");
  CHECK(rows["SHA-256 of the overrides file"].size() == 64);
}

TEST_CASE("report flee: Flee targets are measured on out.csv, and a migsim metric is refused") {
  const auto dir = report_test::flee_results("flee-targets");
  cli::write(dir / "targets.yaml",
             R"(- {id: mentao, metric: camp_population, period: {from: 2012-06-01, until: 2012-06-01},
   geography: Mentao, value: 10000, source: made up for the test, confidence: L}
- {id: ard, metric: averaged_relative_difference, period: {from: 2012-03-01, until: 2012-05-31}, geography: all,
   value: 0.5, source: made up for the test, confidence: L}
)");
  const auto html = dir / "report.html";
  const auto r = cli::sh("report " + (dir / "out").string() + " --targets " + (dir / "targets.yaml").string() + " -o " +
                         html.string());
  INFO(r.out);
  REQUIRE(r.code == 0);
  const json rows = page_data(cli::text_of(html)).at("targets").at("rows");
  REQUIRE(rows.size() == 2);
  const OutCsv out = read_out(dir / "out" / "out.csv");
  // Mentao on 2012-06-01: out.csv's row of that Date.
  double mentao = -1;
  for (const auto& row : out.rows)
    if (row[out.column("Date")] == "2012-06-01") mentao = std::stod(row[out.column("Mentao sim")]);
  REQUIRE(mentao >= 0);
  CHECK(rows[0].at("id") == "mentao");
  CHECK(rows[0].at("model").get<double>() == mentao);
  CHECK(rows[0].at("ratio").get<double>() == doctest::Approx(mentao / 10000));
  // The error over 2012-03-01..2012-05-31: rows 0..91 (Day t is dated StartDate + t + 1).
  REQUIRE(out.rows[0][out.column("Date")] == "2012-03-01");
  REQUIRE(out.rows[91][out.column("Date")] == "2012-05-31");
  double ard = 0;
  for (std::size_t t = 0; t <= 91; ++t) ard += validation_error(out, t) / 92;
  CHECK(rows[1].at("id") == "ard");
  CHECK(rows[1].at("model").get<double>() == doctest::Approx(ard).epsilon(1e-12));

  // A migsim metric, a camp mali does not have, a date outside the run: refused, each at its line.
  cli::write(dir / "bad.yaml", R"(- {id: apps, metric: applications, period: {from: 2012-03-01, until: 2012-03-31},
   geography: [DE], value: 10, source: s, confidence: L}
- {id: nowhere, metric: camp_population, period: {from: 2012-06-01, until: 2012-06-01},
   geography: Nowhere, value: 10, source: s, confidence: L}
- {id: late, metric: camp_population, period: {from: 2013-06-01, until: 2013-06-01},
   geography: Mentao, value: 10, source: s, confidence: L}
)");
  const auto bad = cli::sh("report " + (dir / "out").string() + " --targets " + (dir / "bad.yaml").string() + " -o " +
                           (dir / "bad.html").string());
  INFO(bad.out);
  CHECK(bad.code == 2);
  CHECK(bad.out.find("bad.yaml:1:") != std::string::npos);
  CHECK(bad.out.find("error: metric applications measures a migsim scenario's run, not a Flee run") !=
        std::string::npos);
  CHECK(bad.out.find("bad.yaml:4:") != std::string::npos);
  CHECK(bad.out.find("is not a camp of the Flee run") != std::string::npos);
  CHECK(bad.out.find("bad.yaml:5:") != std::string::npos);
  CHECK(bad.out.find("is outside the Flee run") != std::string::npos);
  CHECK(!fs::exists(dir / "bad.html"));
}

TEST_CASE("report flee: a damaged out.csv or manifest is refused with file:line: error: and exit 2") {
  const auto dir = report_test::flee_results("flee-bad");
  const fs::path good = dir / "out";
  const fs::path bad = dir / "bad";
  const std::string out_csv = (bad / "out.csv").string();
  auto refused = [&](const std::string& expected) {
    const auto r = cli::sh("report " + bad.string() + " -o " + (dir / "bad.html").string());
    INFO(r.out);
    CHECK(r.code == 2);
    CHECK(r.out.find(expected) != std::string::npos);
    CHECK(!fs::exists(dir / "bad.html"));
  };
  // A camp's count that is not a number, on the file's 5th line.
  damaged_copy(good, bad, [](std::string text) {
    return with_line(text, 5, [](std::vector<std::string>& cells) { cells[2] = "many"; });  // the first camp's sim
  });
  refused(out_csv + ":5: error: column '");
  refused("'many' is not a whole number >= 0");
  // A column missing from the header.
  damaged_copy(good, bad, [](std::string text) {
    const auto at = text.find(",Total error");
    return text.replace(at, std::string(",Total error").size(), ",Totl error");
  });
  refused(out_csv + ":1: error: header '");
  refused("has no column 'Total error'");
  // A camp's data column missing.
  damaged_copy(good, bad, [](std::string text) {
    const auto at = text.find(" data,");
    return text.replace(at, 5, " dat");
  });
  refused(out_csv + ":1: error: camp '");
  // A row whose Date is not the next day.
  damaged_copy(good, bad, [](std::string text) {
    return with_line(text, 3, [](std::vector<std::string>& cells) { cells[1] = "2012-01-01"; });
  });
  refused(out_csv + ":3: error: Date '2012-01-01'; expected 2012-03-02");
  // Cut short: a row fewer than manifest.json's days, and cut inside its last number.
  damaged_copy(good, bad, [](std::string text) {
    text.pop_back();
    return text.substr(0, text.rfind('\n') + 1);
  });
  refused(out_csv + ": error: has 299 rows; expected 300");
  damaged_copy(good, bad, [](std::string text) { return text.substr(0, text.size() - 2); });
  refused(out_csv + ": error: does not end with a line end");
  // A row with a cell too few.
  damaged_copy(good, bad, [](std::string text) {
    return with_line(text, 7, [](std::vector<std::string>& cells) { cells.pop_back(); });
  });
  refused(out_csv + ":7: error: ");
  // No out.csv at all, and a manifest without its days.
  damaged_copy(good, bad, [](std::string text) { return text; });
  fs::remove(bad / "out.csv");
  refused(out_csv + ": error: cannot read");
  damaged_copy(good, bad, [](std::string text) { return text; });
  json manifest = json::parse(cli::text_of(good / "manifest.json"));
  manifest.erase("days");
  cli::write(bad / "manifest.json", manifest.dump(2));
  refused((bad / "manifest.json").string() + ": error: no \"days\"; expected a manifest written by migsim run --flee");
}

TEST_CASE("report flee: with --sweep of a Flee sweep, each kept point's camps, and folders of another kind refused") {
  const auto dir = report_test::flee_results("flee-sweep");
  const auto sweep = report_test::flee_sweep(dir);
  const auto html = dir / "report.html";
  const auto r = cli::sh("report " + (dir / "out").string() + " --sweep " + sweep.string() + " -o " + html.string());
  INFO(r.out);
  REQUIRE(r.code == 0);
  const json sw = page_data(cli::text_of(html)).at("sweep");
  CHECK(sw.at("kind") == "sweep");
  REQUIRE(sw.at("targets").size() == 2);
  CHECK(sw.at("targets")[1].at("unit") == "relative difference");
  REQUIRE(sw.at("ensemble").size() == 2);
  for (int p = 0; p < 2; ++p) {
    const json& e = sw.at("ensemble")[p];
    INFO("point " << p);
    CHECK(e.at("of") == "camp");
    CHECK(e.at("replicates") == 2);
    CHECK(e.at("countries") == 7);  // the camps
    CHECK(e.at("dates").front() == "2012-03-01");
    CHECK(e.at("dates").back() == "2012-12-25");
    // On the last day, each shown camp's median over the two replicates is their mean.
    for (const json& camp : e.at("series")) {
      double sum = 0;
      for (int k = 0; k < 2; ++k) {
        const OutCsv out = read_out(sweep / "runs" / std::to_string(p * 2 + k) / "out.csv");
        sum += std::stod(out.rows.back()[out.column(camp.at("name").get<std::string>() + " sim")]);
      }
      CHECK(camp.at("median").back().get<double>() == doctest::Approx(sum / 2));
    }
  }

  // A migsim scenario's run beside this Flee sweep: two unrelated things, refused.
  const auto toy = report_test::toy_results("flee-sweep-toy");
  const auto mixed = cli::sh("report " + (toy / "out").string() + " --sweep " + sweep.string() + " -o " +
                             (dir / "mixed.html").string());
  INFO(mixed.out);
  CHECK(mixed.code == 2);
  CHECK(mixed.out.find(sweep.string() + ": error: kept Flee runs, and " + (toy / "out").string() +
                       " is a migsim scenario's run; expected a sweep of the run's kind") != std::string::npos);
  CHECK(!fs::exists(dir / "mixed.html"));
  // And a calibration (always of a migsim scenario) beside the Flee run.
  const auto calibration = report_test::toy_calibration(toy);
  const auto calibrated = cli::sh("report " + (dir / "out").string() + " --sweep " + calibration.string() + " -o " +
                                  (dir / "mixed.html").string());
  INFO(calibrated.out);
  CHECK(calibrated.code == 2);
  CHECK(calibrated.out.find(calibration.string() + ": error: is a calibration of a migsim scenario, and " +
                            (dir / "out").string() + " is a Flee run's folder") != std::string::npos);
  CHECK(!fs::exists(dir / "mixed.html"));
}
