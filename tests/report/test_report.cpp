// migsim report, in process and through the binary: the page holds the data and everything
// it needs inline, nothing it would fetch, and bad input is refused with file: error: lines.
#include <doctest/doctest.h>

#include <filesystem>
#include <functional>
#include <map>
#include <nlohmann/json.hpp>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

#include "cli/run_binary.hpp"
#include "fixture.hpp"
#include "migsim/io/targets.hpp"
#include "migsim/report/page.hpp"

namespace fs = std::filesystem;

namespace {

// The page without the text of its <script> elements: what the browser parses as HTML.
std::string outside_scripts(const std::string& html) {
  std::string out;
  std::size_t at = 0;
  while (true) {
    const std::size_t open = html.find("<script", at);
    out += html.substr(at, open == std::string::npos ? std::string::npos : open - at);
    if (open == std::string::npos) return out;
    const std::size_t close = html.find("</script>", open);
    REQUIRE(close != std::string::npos);
    out += html.substr(open, html.find('>', open) + 1 - open);  // the tag itself, with any src=
    at = close;
  }
}

// Every src= or href= attribute of the page's HTML.
std::vector<std::string> references(const std::string& html) {
  std::vector<std::string> out;
  static const std::regex attr(R"re(\b(?:src|href)\s*=\s*["']?([^"'\s>]*))re", std::regex::icase);
  const std::string tags = outside_scripts(html);
  for (auto it = std::sregex_iterator(tags.begin(), tags.end(), attr); it != std::sregex_iterator(); ++it)
    out.push_back((*it)[1].str());
  return out;
}

}  // namespace

TEST_CASE("report: the page holds the data, the chart library and our script, and loads nothing") {
  const auto dir = report_test::toy_results("inline");
  const auto targets = migsim::io::read_targets((dir / "targets.yaml").string());
  REQUIRE(targets.ok());
  std::vector<std::string> errors;
  const std::string html = migsim::report::report_html((dir / "out").string(), &targets, "", errors);
  INFO(errors.size());
  REQUIRE(errors.empty());
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<script type=\"application/json\" id=\"migsim-data\">") != std::string::npos);
  CHECK(html.find("\"de_applications_2023\"") != std::string::npos);  // the targets
  CHECK(html.find("\"Germany\"") != std::string::npos);               // country names from the manifest
  CHECK(html.find("\"decisions_positive\"") != std::string::npos);    // asylum.csv's columns
  CHECK(html.find("echarts") != std::string::npos);
  CHECK(html.find(std::string(migsim::report::echarts_version())) != std::string::npos);
  // The target's source held "</script>" and "<!--": escaped in the JSON, so the data block
  // ends where it should (six scripts: data, ECharts, our four).
  CHECK(html.find("window.injected") != std::string::npos);
  std::size_t scripts = 0;
  for (std::size_t at = 0; (at = html.find("</script>", at)) != std::string::npos; ++at) ++scripts;
  CHECK(scripts == 6);
  CHECK(html.find("<!-- for the test") == std::string::npos);
  // Nothing to fetch: no src= or href= to anywhere but this page.
  for (const auto& ref : references(html)) {
    INFO(ref);
    CHECK((ref.empty() || ref[0] == '#' || ref.rfind("javascript:", 0) == 0));
  }
  CHECK(outside_scripts(html).find("<link") == std::string::npos);
  // Nor anywhere a script could make one of: a remote src=, href=, url() or @import. (The
  // bundle holds URLs, in its licence and as XML namespaces, that are never fetched.)
  static const std::regex remote(R"re((?:src|href)\s*=\s*["']?https?:|url\(\s*["']?https?:|@import)re",
                                 std::regex::icase);
  CHECK_FALSE(std::regex_search(html, remote));
  CHECK(html.size() < 5u * 1024 * 1024);
}

TEST_CASE("report: the command writes RESULTS/report.html, refuses to replace it without --force") {
  const auto dir = report_test::toy_results("command");
  const std::string out = (dir / "out").string();
  auto r = cli::sh("report " + out);
  INFO(r.out);
  CHECK(r.code == 0);
  CHECK(r.out.find(out + "/report.html") != std::string::npos);
  REQUIRE(fs::exists(dir / "out" / "report.html"));
  const auto size = fs::file_size(dir / "out" / "report.html");
  CHECK(size > 1000000);  // ECharts alone is about 1 MB
  CHECK(size < 5u * 1024 * 1024);

  r = cli::sh("report " + out);
  CHECK(r.code == 2);
  CHECK(r.out.find(out + "/report.html: error: already exists; pass --force") != std::string::npos);
  r = cli::sh("report " + out + " --force --targets " + (dir / "targets.yaml").string() + " -o " +
              (dir / "with-targets.html").string());
  CHECK(r.code == 0);
  CHECK(cli::text_of(dir / "with-targets.html").find("\"eu_arrivals\"") != std::string::npos);
  CHECK(cli::sh("report " + out + " --force").code == 0);
  // No temporary file left behind.
  for (const auto& e : fs::directory_iterator(dir)) CHECK(e.path().filename().string()[0] != '.');
}

TEST_CASE("report: bad input exits 2 with file: error: and writes nothing") {
  const auto dir = report_test::toy_results("bad");
  const std::string out = (dir / "out").string(), html = (dir / "r.html").string();

  auto r = cli::sh("report " + (dir / "nowhere").string() + " -o " + html);
  CHECK(r.code == 2);
  CHECK(r.out.find((dir / "nowhere").string() + ": error: is not a folder") != std::string::npos);

  r = cli::sh("report " + dir.string() + " -o " + html);  // a folder, but not a results folder
  CHECK(r.code == 2);
  CHECK(r.out.find((dir / "manifest.json").string() + ": error: does not exist; expected a results folder") !=
        std::string::npos);

  cli::write(dir / "bad.yaml", "- id: x\n  metric: nonsense\n");
  r = cli::sh("report " + out + " --targets " + (dir / "bad.yaml").string() + " -o " + html);
  CHECK(r.code == 2);
  CHECK(r.out.find((dir / "bad.yaml").string() + ":2:11: error: metric 'nonsense' is unknown") != std::string::npos);

  cli::write(dir / "out" / "waits.csv", "country,measure,year,n,mean,p10,p50,p90\nDE,forever,all,1,2,1,2,3\n");
  r = cli::sh("report " + out + " -o " + html);
  CHECK(r.code == 2);
  CHECK(r.out.find((dir / "out" / "waits.csv").string() + ":2: error: measure 'forever' is not one migsim writes") !=
        std::string::npos);

  cli::write(dir / "out" / "asylum.csv", "month,country\n2022-09,DE\n");
  r = cli::sh("report " + out + " -o " + html);
  CHECK(r.code == 2);
  CHECK(r.out.find((dir / "out" / "asylum.csv").string() +
                   ":1: error: header 'month,country' has no column 'registrations'") != std::string::npos);
  CHECK_FALSE(fs::exists(html));
}

namespace {

// The JSON the page's charts are drawn from.
nlohmann::json page_data(const std::string& html) {
  const std::string open = "<script type=\"application/json\" id=\"migsim-data\">";
  const auto begin = html.find(open);
  REQUIRE(begin != std::string::npos);
  const auto end = html.find("</script>", begin);
  return nlohmann::json::parse(html.substr(begin + open.size(), end - begin - open.size()));
}

// The sum of column `column` of a results CSV, over the rows `keep` accepts (given the row's
// cells by column name).
double csv_sum(const fs::path& file, const std::string& column,
               const std::function<bool(const std::map<std::string, std::string>&)>& keep) {
  std::vector<std::string> rows;
  std::stringstream text(cli::text_of(file));
  for (std::string line; std::getline(text, line);) rows.push_back(line);
  REQUIRE_FALSE(rows.empty());
  std::vector<std::string> header;
  std::stringstream h(rows[0]);
  for (std::string cell; std::getline(h, cell, ',');) header.push_back(cell);
  double sum = 0;
  for (std::size_t i = 1; i < rows.size(); ++i) {
    std::map<std::string, std::string> row;
    std::stringstream r(rows[i]);
    std::size_t k = 0;
    for (std::string cell; std::getline(r, cell, ',') && k < header.size(); ++k) row[header[k]] = cell;
    if (keep(row)) sum += std::stod(row.at(column));
  }
  return sum;
}

double series_sum(const nlohmann::json& series, std::size_t at) {
  double sum = 0;
  for (const auto& s : series) sum += s.at("people").at(at).get<double>();
  return sum;
}

}  // namespace

// Each chart's data, checked against the tables it comes from: a chart that drew the wrong
// numbers would still draw.
TEST_CASE("report: each chart's data adds up to the results folder's tables") {
  const auto dir = report_test::toy_results("data");
  const auto targets = migsim::io::read_targets((dir / "targets.yaml").string());
  REQUIRE(targets.ok());
  std::vector<std::string> errors;
  const auto data = page_data(migsim::report::report_html((dir / "out").string(), &targets, "", errors));
  REQUIRE(errors.empty());
  const auto out = dir / "out";
  const auto any = [](const auto&) { return true; };

  SUBCASE("where people are: by country and by status, the same people who have left") {
    const auto& st = data.at("stock");
    const std::size_t last = st.at("dates").size() - 1;
    const std::string last_day = st.at("dates").at(last);
    const double left = csv_sum(out / "daily.csv", "people", [&](const auto& row) {
      const auto& s = row.at("status");
      return row.at("date") == last_day && s != "at_origin" && s != "home" && s != "returned";
    });
    CHECK(left > 0);
    CHECK(series_sum(st.at("by_country"), last) == doctest::Approx(left));
    CHECK(series_sum(st.at("by_status"), last) == doctest::Approx(left));
    for (const auto& s : st.at("by_status")) CHECK(s.at("id") != "home");
  }
  SUBCASE("where they ended up: everyone in outcomes.csv, per profile") {
    const auto& oc = data.at("outcomes");
    const double everyone = csv_sum(out / "outcomes.csv", "people", any);
    double by_country = 0, by_status = 0;
    for (std::size_t p = 0; p < oc.at("profiles").size(); ++p) {
      by_country += series_sum(oc.at("by_country"), p);
      by_status += series_sum(oc.at("by_status"), p);
    }
    CHECK(everyone > 0);
    CHECK(by_country == doctest::Approx(everyone));
    CHECK(by_status == doctest::Approx(everyone));
  }
  SUBCASE("flows: every crossing of flows.csv, the origin named") {
    const auto& f = data.at("flows");
    CHECK(f.at("origin") == "RU");
    double sum = 0;
    for (const auto& r : f.at("rows")) sum += r.at(3).get<double>();
    CHECK(sum == doctest::Approx(csv_sum(out / "flows.csv", "people", any)));
    CHECK(f.at("months").front() == "2022-09");
    CHECK(f.at("months").back() == "2023-12");
  }
  SUBCASE("asylum: Dublin requests and transfers per country, summed for all") {
    const auto& all = data.at("asylum").at("countries").at(0);
    REQUIRE(all.at("id") == "all");
    for (const char* measure : {"dublin_requests", "dublin_transfers", "applications"}) {
      double sum = 0;
      for (const auto& v : all.at(measure)) sum += v.get<double>();
      CHECK(sum == doctest::Approx(csv_sum(out / "asylum.csv", measure, any)));
    }
  }
  SUBCASE("asylum: the published figures of one country, per month over their period") {
    const auto& published = data.at("asylum").at("published");
    REQUIRE(published.size() == 2);  // de_applications_2023 and hr_applications; eu_arrivals is neither
    const auto& de = published.at(0);
    CHECK(de.at("id") == "de_applications_2023");
    CHECK(de.at("country") == "DE");
    CHECK(de.at("measure") == "applications");
    CHECK(de.at("first") == 4);  // 2023-01, the run's fifth month
    CHECK(de.at("last") == 15);  // 2023-12
    CHECK(de.at("per_month").get<double>() == doctest::Approx(400.0 / (365.0 / (365.25 / 12))));
    CHECK(published.at(1).at("id") == "hr_applications");
  }
  SUBCASE("waits: every row of waits.csv") {
    CHECK(data.at("waits").at("rows").size() + 1 == cli::lines(cli::text_of(out / "waits.csv")));
    CHECK(data.at("waits").at("measures").size() == 4);
  }
  SUBCASE("policies: the manifest's, with every type in the registry's order") {
    const auto manifest = nlohmann::json::parse(cli::text_of(out / "manifest.json"));
    CHECK(data.at("policies").at("policies") == manifest.at("policies"));
    CHECK(data.at("policies").at("policies").size() >= 12);  // the toy shows one policy of each type
    CHECK(data.at("policies").at("types").at(0) == "entry_ban");
  }
}
