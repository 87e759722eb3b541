// migsim report reads our own tables as damaged ones can come: cut inside their last number,
// short of rows, holding cells no migsim writes; and it replaces only a regular file with -o
// --force. Then every table of a results, a sweep and a calibration folder cut at each of its
// last 64 bytes: the report refuses it (the folders' json count every table's rows, so a table
// cut even at a line end has too few), or reads exactly its whole rows.
#include <doctest/doctest.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "cli/run_binary.hpp"
#include "data.hpp"
#include "fixture.hpp"
#include "migsim/io/table_reader.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const std::string two_routes = std::string(MIGSIM_SOURCE_DIR) + "/scenarios/toy/two-routes.yaml";

// The error the folder's data gives (run_report_data for a results folder, sweep_report_data
// for a sweep's or a calibration's), or "" with its JSON in `data`.
std::string refusal(const fs::path& dir, bool study, json& data) {
  try {
    std::vector<std::string> errors;
    data = study ? migsim::report::detail::sweep_report_data(dir)
                 : migsim::report::detail::run_report_data(dir, nullptr, errors);
    return errors.empty() ? "" : errors.front();
  } catch (const migsim::io::detail::BadResults& e) {
    return e.what();
  }
}

// Cuts `table` at each of its last 64 bytes and checks what the folder's data makes of it:
// refused, naming the table, or the same data as the table cut back to its last whole row
// (`whole`: the data of the folder with the table holding only those rows; none where that
// folder is itself refused). The table is whole again afterwards.
void cut_everywhere(const fs::path& dir, const fs::path& table, bool study) {
  const std::string text = cli::text_of(table);
  REQUIRE(text.size() > 1);
  const std::size_t first = text.size() > 64 ? text.size() - 64 : 0;
  for (std::size_t cut = first; cut < text.size(); ++cut) {
    CAPTURE(table.string());
    CAPTURE(cut);
    cli::write(table, text.substr(0, cut));
    json data;
    const std::string error = refusal(dir, study, data);
    if (!error.empty()) {
      CHECK(error.find(table.filename().string()) != std::string::npos);
      continue;
    }
    // Read: then it must be exactly the table's whole rows.
    const std::size_t whole = text.rfind('\n', cut - 1);
    REQUIRE(whole != std::string::npos);
    cli::write(table, text.substr(0, whole + 1));
    json of_whole;
    CHECK(refusal(dir, study, of_whole).empty());
    CHECK(data == of_whole);
  }
  cli::write(table, text);
  json data;
  REQUIRE(refusal(dir, study, data).empty());
}

// The tables (CSV files) directly in `dir`.
std::vector<fs::path> tables_in(const fs::path& dir) {
  std::vector<fs::path> out;
  for (const auto& e : fs::directory_iterator(dir))
    if (e.path().extension() == ".csv" && e.path().filename() != "journal.csv") out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

// A sweep of the asylum toy in `dir`: two points, two replicates, point 1's runs kept.
fs::path tiny_sweep(const fs::path& dir) {
  std::ofstream(dir / "sweep.yaml") << "scenario: " << report_test::toy_asylum << R"(
parameters:
  - {path: countries.DE.attractiveness, values: [1.5, 3]}
design: grid
replicates: 2
seed: 4
targets: targets.yaml
keep: [1]
)";
  const auto r =
      cli::sh("sweep " + (dir / "sweep.yaml").string() + " --out " + (dir / "sweep").string() + " -q --threads 1");
  INFO(r.out);
  REQUIRE(r.code == 0);
  return dir / "sweep";
}

// A calibration of the asylum toy in `dir`: 4 particles, 2 generations, 2 predictive runs.
fs::path tiny_calibration(const fs::path& dir) {
  std::ofstream(dir / "calibration.yaml") << "scenario: " << report_test::toy_asylum << R"(
targets: targets.yaml
parameters:
  - {path: countries.DE.attractiveness, prior: uniform, min: 1, max: 4}
particles: 4
max_generations: 2
replicates: 1
seed: 5
predictive: 2
)";
  const auto r = cli::sh("calibrate " + (dir / "calibration.yaml").string() + " --out " +
                         (dir / "calibration").string() + " -q --threads 1");
  INFO(r.out);
  REQUIRE(r.code == 0);
  return dir / "calibration";
}

}  // namespace

TEST_CASE("report: a table cut inside its last number is refused, not read as a smaller number") {
  const auto dir = report_test::toy_results("cut-number");
  const fs::path outcomes = dir / "out" / "outcomes.csv";
  std::string text = cli::text_of(outcomes);
  REQUIRE(text.size() > 4);
  // The last row's people, 2820 say, cut to 28.
  cli::write(outcomes, text.substr(0, text.size() - 3));
  const auto r = cli::sh("report " + (dir / "out").string() + " -o " + (dir / "r.html").string());
  INFO(r.out);
  CHECK(r.code == 2);
  CHECK(r.out.find(outcomes.string() + ": error: does not end with a line end") != std::string::npos);
  CHECK_FALSE(fs::exists(dir / "r.html"));
}

TEST_CASE("report: rows missing from a sweep's points.csv, as sweep.json counts them, are refused") {
  const auto dir = report_test::toy_results("missing-rows");
  const auto sweep = tiny_sweep(dir);
  const fs::path points = sweep / "points.csv";
  std::string text = cli::text_of(points);
  // The header and 2 of the 4 runs sweep.json lists: cut at a line end, so whole rows.
  std::size_t end = 0;
  for (int line = 0; line < 3; ++line) end = text.find('\n', end) + 1;
  cli::write(points, text.substr(0, end));
  const auto r =
      cli::sh("report " + (dir / "out").string() + " --sweep " + sweep.string() + " -o " + (dir / "r.html").string());
  INFO(r.out);
  CHECK(r.code == 2);
  CHECK(r.out.find(points.string() + ": error: has 2 rows; expected 4, as " + (sweep / "sweep.json").string()) !=
        std::string::npos);
}

TEST_CASE("report: a bad value in an at_origin row, and a status migsim has not, are refused") {
  const auto dir = report_test::toy_results("cells");
  const fs::path daily = dir / "out" / "daily.csv";
  const std::string text = cli::text_of(daily);
  const std::size_t at = text.find(",at_origin,");
  REQUIRE(at != std::string::npos);
  const std::size_t end = text.find('\n', at);
  const std::string html = (dir / "r.html").string(), out = (dir / "out").string();

  cli::write(daily, text.substr(0, at) + ",at_origin,lots" + text.substr(end));
  auto r = cli::sh("report " + out + " -o " + html);
  INFO(r.out);
  CHECK(r.code == 2);
  CHECK(r.out.find("'lots' is not a whole number; expected a count of people") != std::string::npos);

  cli::write(daily, text.substr(0, at) + ",on_the_moon,10" + text.substr(end));
  r = cli::sh("report " + out + " -o " + html);
  INFO(r.out);
  CHECK(r.code == 2);
  CHECK(r.out.find("error: status 'on_the_moon' is not a status migsim writes") != std::string::npos);
  CHECK_FALSE(fs::exists(html));
}

TEST_CASE("report: -o with --force replaces a regular file, and refuses a FIFO, a symbolic link or a device") {
  const auto dir = report_test::toy_results("force");
  const std::string out = (dir / "out").string();
  REQUIRE(::mkfifo((dir / "fifo").c_str(), 0644) == 0);
  cli::write(dir / "target.html", "not a report\n");
  fs::create_symlink(dir / "target.html", dir / "link.html");
  const bool device = ::mknod((dir / "device").c_str(), S_IFCHR | 0644, makedev(1, 3)) == 0;  // as /dev/null
  for (const char* name : {"fifo", "link.html", "device"}) {
    if (std::string(name) == "device" && !device) continue;  // mknod needs root
    CAPTURE(name);
    const auto r = cli::sh("report " + out + " --force -o " + (dir / name).string());
    INFO(r.out);
    CHECK(r.code == 2);
    CHECK(r.out.find((dir / name).string() + ": error: is a ") != std::string::npos);
    CHECK(r.out.find("not a regular file") != std::string::npos);
  }
  CHECK(fs::is_fifo(fs::symlink_status(dir / "fifo")));
  CHECK(fs::is_symlink(fs::symlink_status(dir / "link.html")));
  if (device) CHECK(fs::is_character_file(fs::symlink_status(dir / "device")));
  CHECK(cli::text_of(dir / "target.html") == "not a report\n");
  const auto r = cli::sh("report " + out + " --force -o " + (dir / "target.html").string());
  CHECK(r.code == 0);
  CHECK(fs::file_size(dir / "target.html") > 1000000);
}

TEST_CASE("report: every table of a results, a sweep and a calibration folder cut at each of its last 64 bytes") {
  const auto dir = report_test::toy_results("cut-everywhere");
  const auto sweep = tiny_sweep(dir);
  const auto calibration = tiny_calibration(dir);
  // The study files away: the data then reads the folders alone, not the scenario again per cut.
  fs::rename(dir / "sweep.yaml", dir / "sweep.yaml.away");
  fs::rename(dir / "calibration.yaml", dir / "calibration.yaml.away");

  const auto results = tables_in(dir / "out");
  CHECK(results.size() == 7);
  for (const fs::path& t : results) cut_everywhere(dir / "out", t, false);
  const auto sweep_tables = tables_in(sweep);
  CHECK(sweep_tables.size() == 2);  // points.csv, timings.csv
  for (const fs::path& t : sweep_tables) cut_everywhere(sweep, t, true);
  cut_everywhere(sweep, sweep / "runs" / "2" / "daily.csv", true);  // a kept run the report draws
  const auto calibration_tables = tables_in(calibration);
  CHECK(calibration_tables.size() == 6);  // fit, generations, intervals, posterior, posterior_gen0, _gen1
  for (const fs::path& t : calibration_tables) cut_everywhere(calibration, t, true);
}

TEST_CASE(
    "report: a cross-validated calibration reads, and calibration.json counts crossval.csv and each fold's rows") {
  const auto dir = report_test::toy_results("cross-validated");
  std::ofstream(dir / "calibration.yaml") << "scenario: " << report_test::toy_asylum << R"(
targets: targets.yaml
parameters:
  - {path: countries.DE.attractiveness, prior: uniform, min: 1, max: 4}
particles: 4
max_generations: 2
replicates: 1
seed: 5
predictive: 2
cross_validate: {folds: 2, by: target}
)";
  const fs::path cal = dir / "calibration";
  const auto r =
      cli::sh("calibrate " + (dir / "calibration.yaml").string() + " --out " + cal.string() + " -q --threads 1");
  INFO(r.out);
  REQUIRE(r.code == 0);
  json data;
  CHECK(refusal(cal, true, data).empty());
  const json about = json::parse(cli::text_of(cal / "calibration.json"));
  CHECK(about.at("rows").at("crossval.csv") == 2);  // the two fitted targets; hr_applications is kept aside
  CHECK(about.at("cross_validation").at("complete") == true);
  // Each fold's folder counts its own tables' rows (no lock or study.json of its own: DIR's cover it).
  for (const char* k : {"0", "1"}) {
    CAPTURE(k);
    const fs::path fold = cal / "folds" / k;
    const json f = json::parse(cli::text_of(fold / "calibration.json"));
    CHECK(f.at("fold") == std::stoi(k));
    CHECK(f.at("complete") == true);
    CHECK(f.at("held_out").size() == 1);
    for (const fs::path& t : tables_in(fold)) {
      CAPTURE(t.string());
      CHECK(f.at("rows").at(t.filename().string()) == cli::lines(cli::text_of(t)) - 1);
    }
    CHECK(f.at("rows").at("fit.csv") == 3);
    CHECK_FALSE(fs::exists(fold / "study.json"));
  }
  // crossval.csv cut anywhere, or a row short, is refused: calibration.json counts its rows.
  cut_everywhere(cal, cal / "crossval.csv", true);
}
