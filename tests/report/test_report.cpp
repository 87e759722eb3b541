// migsim report, in process and through the binary: the page holds the data and everything
// it needs inline, nothing it would fetch, and bad input is refused with file: error: lines.
#include <doctest/doctest.h>

#include <filesystem>
#include <regex>
#include <string>
#include <vector>

#include "cli/run_binary.hpp"
#include "migsim/io/compare.hpp"
#include "migsim/io/report.hpp"
#include "report/report_fixture.hpp"

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
  const std::string html = migsim::io::report_html((dir / "out").string(), &targets, "", errors);
  INFO(errors.size());
  REQUIRE(errors.empty());
  CHECK(html.rfind("<!DOCTYPE html>", 0) == 0);
  CHECK(html.find("<script type=\"application/json\" id=\"migsim-data\">") != std::string::npos);
  CHECK(html.find("\"de_applications_2023\"") != std::string::npos);  // the targets
  CHECK(html.find("\"Germany\"") != std::string::npos);               // country names from the manifest
  CHECK(html.find("\"decisions_positive\"") != std::string::npos);    // asylum.csv's columns
  CHECK(html.find("echarts") != std::string::npos);
  CHECK(html.find(std::string(migsim::io::echarts_version())) != std::string::npos);
  // The target's source held "</script>" and "<!--": escaped in the JSON, so the data block
  // ends where it should (five scripts: data, ECharts, our three).
  CHECK(html.find("window.injected") != std::string::npos);
  std::size_t scripts = 0;
  for (std::size_t at = 0; (at = html.find("</script>", at)) != std::string::npos; ++at) ++scripts;
  CHECK(scripts == 5);
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
  CHECK(r.out.find((dir / "manifest.json").string() + ": error: cannot read; expected a results folder") !=
        std::string::npos);

  cli::write(dir / "bad.yaml", "- id: x\n  metric: nonsense\n");
  r = cli::sh("report " + out + " --targets " + (dir / "bad.yaml").string() + " -o " + html);
  CHECK(r.code == 2);
  CHECK(r.out.find((dir / "bad.yaml").string() + ":2:11: error: metric 'nonsense' is unknown") != std::string::npos);

  cli::write(dir / "out" / "asylum.csv", "month,country\n2022-09,DE\n");
  r = cli::sh("report " + out + " -o " + html);
  CHECK(r.code == 2);
  CHECK(r.out.find((dir / "out" / "asylum.csv").string() +
                   ":1: error: header 'month,country' has no column 'registrations'") != std::string::npos);
  CHECK_FALSE(fs::exists(html));
}
