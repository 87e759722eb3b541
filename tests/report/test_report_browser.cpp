// migsim report in a real browser: headless Chromium (Debian's `chromium`, which
// scripts/setup installs) opens the reports of a toy run and of the reference run from
// file:// URLs, with no network to fetch anything from; our script records on <body> how
// many charts it drew and every error it saw (window.onerror, rejected promises,
// console.error). Without chromium this test fails: a report never opened in a browser is
// not tested.
#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <regex>
#include <string>

#include "cli/run_binary.hpp"
#include "fixture.hpp"

namespace fs = std::filesystem;

namespace {

// stdout of a shell command (stderr dropped: Chromium chats there).
std::string output_of(const std::string& cmd) {
  std::string out;
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

std::string chromium() {
  return output_of("command -v chromium || command -v chromium-browser");
}

// The value of `name` on the dumped page's <body>, or "(none)".
std::string body_attribute(const std::string& dom, const std::string& name) {
  std::smatch body;
  if (!std::regex_search(dom, body, std::regex("<body[^>]*>"))) return "(no body)";
  const std::string tag = body.str();
  std::smatch m;
  if (!std::regex_search(tag, m, std::regex(name + "=\"([^\"]*)\""))) return "(none)";
  return m[1].str();
}

// The page after its scripts ran: --virtual-time-budget lets timers run out before the dump.
std::string rendered_dom(const fs::path& html, const fs::path& profile) {
  std::string browser = chromium();
  while (!browser.empty() && (browser.back() == '\n' || browser.back() == '\r')) browser.pop_back();
  return output_of("timeout 120 " + browser +
                   " --headless --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run"
                   " --user-data-dir=" +
                   profile.string() + " --virtual-time-budget=5000 --dump-dom file://" + fs::absolute(html).string() +
                   " 2>/dev/null");
}

// What every rendered report must show: no error recorded, `charts` charts drawn, and nothing
// placed at a coordinate that is not a number (a log axis given a 0, say).
void check_drawn(const std::string& dom, const std::string& charts) {
  REQUIRE(dom.find("<body") != std::string::npos);
  CHECK(body_attribute(dom, "data-errors") == "[]");
  CHECK(body_attribute(dom, "data-charts") == charts);
  CHECK(body_attribute(dom, "data-rendered") == charts);
  const auto main_begin = dom.find("<main id=\"report\">"), main_end = dom.find("</main>");
  REQUIRE(main_begin != std::string::npos);
  REQUIRE(main_end != std::string::npos);
  const std::string drawn = dom.substr(main_begin, main_end - main_begin);
  CHECK(drawn.find("NaN") == std::string::npos);
  CHECK(drawn.find("Infinity") == std::string::npos);
}

// A copy of the page that, once loaded, makes every choice of every <select> in turn (each
// redraws its chart), records how many on <body> as data-changes, and records again.
void driven_copy(const fs::path& html, const fs::path& copy) {
  cli::write(copy, cli::text_of(html) + R"(<script>
window.addEventListener('load', function () {
  setTimeout(function () {
    var selects = document.querySelectorAll('select'), changes = 0;
    selects.forEach(function (s) {
      for (var i = 0; i < s.options.length; ++i) {
        s.selectedIndex = i;
        s.dispatchEvent(new Event('change'));
        ++changes;
      }
    });
    document.body.setAttribute('data-changes', String(changes));
    migsimReport.record();
  }, 10);
});
</script>
)");
}

int changes_made(const std::string& dom) {
  return std::stoi("0" + body_attribute(dom, "data-changes"));
}

}  // namespace

TEST_CASE("report in chromium: every chart draws, with no error") {
  if (chromium().empty())
    FAIL(
        "chromium is not installed: scripts/setup installs it (apt-get install chromium); the report's browser "
        "test cannot run without it");
  const auto dir = report_test::toy_results("browser");
  const auto html = dir / "report.html";
  const auto r = cli::sh("report " + (dir / "out").string() + " --targets " + (dir / "targets.yaml").string() + " -o " +
                         html.string());
  INFO(r.out);
  REQUIRE(r.code == 0);

  const std::string dom = rendered_dom(html, dir / "profile");
  INFO("first 2000 characters of the DOM: " << dom.substr(0, 2000));
  // where people are, where they ended up, flows, asylum, waits, targets, policies
  check_drawn(dom, "7");
  CHECK(dom.find("<svg") != std::string::npos);
  CHECK(dom.find("<table class=\"manifest\">") != std::string::npos);
  CHECK(dom.find("window.injected = 1") != std::string::npos);  // in the data, as text
  CHECK(dom.find("data-injected") == std::string::npos);
}

TEST_CASE("report in chromium: without targets, six charts") {
  if (chromium().empty()) FAIL("chromium is not installed: scripts/setup installs it (apt-get install chromium)");
  const auto dir = report_test::toy_results("browser-plain");
  const auto html = dir / "report.html";
  REQUIRE(cli::sh("report " + (dir / "out").string() + " -o " + html.string()).code == 0);
  check_drawn(rendered_dom(html, dir / "profile"), "6");
}

// With --sweep: a sweep's folder (kept runs) adds two charts, a target across the points and
// the ensemble of people who have left; a calibration's adds four, the posterior, epsilon by
// generation, the fit and the kept-aside targets beside their published figures. Each page
// also has the run's six.
TEST_CASE("report in chromium: with --sweep, a sweep's and a calibration's charts draw, with no error") {
  if (chromium().empty()) FAIL("chromium is not installed: scripts/setup installs it (apt-get install chromium)");
  const auto dir = report_test::toy_results("browser-sweep");
  const auto sweep = report_test::toy_sweep(dir);
  const auto calibration = report_test::toy_calibration(dir);
  // The run's six charts, and the sweep's two or the calibration's four.
  for (const auto& [folder, charts] : {std::pair{sweep, "8"}, std::pair{calibration, "10"}}) {
    const auto html = dir / (folder.filename().string() + ".html");
    const auto r = cli::sh("report " + (dir / "out").string() + " --sweep " + folder.string() + " -o " + html.string());
    INFO(r.out);
    REQUIRE(r.code == 0);
    const std::string dom = rendered_dom(html, dir / "profile");
    INFO(folder.filename().string() << ": first 2000 characters of the DOM: " << dom.substr(0, 2000));
    check_drawn(dom, charts);
    // Every target, point and parameter chosen in turn draws too.
    driven_copy(html, dir / ("driven-" + html.filename().string()));
    const std::string driven = rendered_dom(dir / ("driven-" + html.filename().string()), dir / "profile");
    check_drawn(driven, charts);
    CHECK(changes_made(driven) > 10);
  }
}

// A Flee run's folder (migsim run --flee, Flee's mali: 7 camps): a chart per camp, the camps'
// totals and the error by day, and, with --targets, the Flee targets; with --sweep of a sweep
// over the same Flee folder that kept its runs, a target across the points and each point's
// camps over its replicates, every choice of them drawn too.
TEST_CASE("report in chromium: a Flee run's page draws a chart per camp and the totals, with no error") {
  if (chromium().empty()) FAIL("chromium is not installed: scripts/setup installs it (apt-get install chromium)");
  const auto dir = report_test::flee_results("browser-flee");
  const auto sweep = report_test::flee_sweep(dir);
  const auto html = dir / "report.html";
  const auto r = cli::sh("report " + (dir / "out").string() + " --targets " + (dir / "flee-targets.yaml").string() +
                         " -o " + html.string());
  INFO(r.out);
  REQUIRE(r.code == 0);
  const std::string dom = rendered_dom(html, dir / "profile");
  INFO("first 2000 characters of the DOM: " << dom.substr(0, 2000));
  // 7 camps, the totals, the error by day, the targets.
  check_drawn(dom, "10");
  for (const char* camp : {"Fassala-Mbera", "Mentao", "Bobo-Dioulasso", "Abala", "Mangaize", "Niamey", "Tabareybarey"})
    CHECK(dom.find(std::string("<h3>") + camp + "</h3>") != std::string::npos);
  CHECK(dom.find("<table class=\"manifest\">") != std::string::npos);

  const auto with_sweep = dir / "sweep.html";
  const auto s =
      cli::sh("report " + (dir / "out").string() + " --sweep " + sweep.string() + " -o " + with_sweep.string());
  INFO(s.out);
  REQUIRE(s.code == 0);
  // 7 camps, the totals, the error; the sweep's target across its points and its camps over
  // the replicates.
  check_drawn(rendered_dom(with_sweep, dir / "profile"), "11");
  driven_copy(with_sweep, dir / "driven.html");
  const std::string driven = rendered_dom(dir / "driven.html", dir / "profile");
  check_drawn(driven, "11");
  CHECK(changes_made(driven) >= 4);  // two targets, two points
}

// The check above would pass vacuously if errors went unseen: a script that fails after ours
// must show up in data-errors.
TEST_CASE("report in chromium: an error on the page is recorded") {
  if (chromium().empty()) FAIL("chromium is not installed: scripts/setup installs it (apt-get install chromium)");
  const auto dir = report_test::toy_results("browser-error");
  const auto html = dir / "report.html";
  REQUIRE(cli::sh("report " + (dir / "out").string() + " -o " + html.string()).code == 0);
  cli::write(dir / "broken.html", cli::text_of(html) +
                                      "<script>console.error('boom'); null.x;</script>\n"
                                      "<img src=\"http://example.invalid/a.png\">\n");
  const std::string errors = body_attribute(rendered_dom(dir / "broken.html", dir / "profile"), "data-errors");
  CHECK(errors.find("boom") != std::string::npos);
  CHECK(errors.find("TypeError") != std::string::npos);
  // A request is refused by the page's Content-Security-Policy, and the refusal recorded.
  CHECK(errors.find("request refused (the report must fetch nothing): http://example.invalid/a.png") !=
        std::string::npos);
}

// The reference run's report, as scripts/run writes it (the reference scenario at its own
// scale, every published target): the same checks on the largest data the report draws.
TEST_CASE("report in chromium: the reference run's report draws every chart, with no error, under 5 MB") {
  if (chromium().empty()) FAIL("chromium is not installed: scripts/setup installs it (apt-get install chromium)");
  const auto dir = fs::path(MIGSIM_BINARY_DIR) / "test-report" / "browser-reference";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string source = MIGSIM_SOURCE_DIR;
  const auto run = cli::sh("run " + source + "/scenarios/russia-2022.yaml --out " + (dir / "out").string() + " -q");
  INFO(run.out);
  REQUIRE(run.code == 0);
  const auto html = dir / "report.html";
  const auto r = cli::sh("report " + (dir / "out").string() + " --targets " + source +
                         "/scenarios/targets/published.yaml -o " + html.string());
  INFO(r.out);
  REQUIRE(r.code == 0);
  CHECK(fs::file_size(html) < 5u * 1024 * 1024);
  const std::string dom = rendered_dom(html, dir / "profile");
  check_drawn(dom, "7");

  // Every choice of every selector (stacked by, country, months, measure, year), one after
  // another: each redraw must raise no error and leave every chart drawn.
  driven_copy(html, dir / "driven.html");
  const std::string driven = rendered_dom(dir / "driven.html", dir / "profile");
  check_drawn(driven, "7");
  // Two "stacked by", two month selectors over 53 months, every asylum country, 4 measures
  // and the years: far more than the seven selectors' first choices.
  CHECK(changes_made(driven) > 100);
}

TEST_CASE("report in chromium: the Ukraine case's report draws every chart, with no error") {
  // The second case (issue 24: "the report draws the case"): no asylum queues, temporary
  // protection, visits home; at 500 people per agent (17,500 agents), its targets file beside it.
  if (chromium().empty()) FAIL("chromium is not installed: scripts/setup installs it (apt-get install chromium)");
  const auto dir = fs::path(MIGSIM_BINARY_DIR) / "test-report" / "browser-ukraine";
  fs::remove_all(dir);
  fs::create_directories(dir);
  const std::string source = MIGSIM_SOURCE_DIR;
  const auto run = cli::sh("run " + source + "/scenarios/ukraine-2022.yaml --set people.scale=500 --out " +
                           (dir / "out").string() + " -q");
  INFO(run.out);
  REQUIRE(run.code == 0);
  const auto html = dir / "report.html";
  const auto r = cli::sh("report " + (dir / "out").string() + " --targets " + source +
                         "/scenarios/targets/ukraine-published.yaml -o " + html.string());
  INFO(r.out);
  REQUIRE(r.code == 0);
  check_drawn(rendered_dom(html, dir / "profile"), "7");
  driven_copy(html, dir / "driven.html");
  const std::string driven = rendered_dom(dir / "driven.html", dir / "profile");
  check_drawn(driven, "7");
  CHECK(changes_made(driven) > 40);  // two month selectors over 47 months at least
}
