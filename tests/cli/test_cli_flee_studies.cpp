// Flee scenario folders in the study commands beyond sweep (issue 23): `migsim flee --set` and
// `--set-file` with simsetting.yml keys and location or route attributes, and `migsim calibrate`
// recovering a camp's capacity from a figure the model made at a known value, its
// calibrated.yaml then applied with `migsim run --flee --set-file`. On mali (300 days, a tenth
// of a second a run).
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <vector>

#include "run_binary.hpp"

namespace fs = std::filesystem;
using cli::TempDir;
using cli::text_of;
using cli::write;

namespace {

const std::string mali = std::string(MIGSIM_SOURCE_DIR) + "/tests/data/flee/mali";

// A camp's column on out.csv's last row ("<camp> sim").
double last_sim(const fs::path& out_csv, const std::string& camp) {
  std::istringstream in(text_of(out_csv));
  std::string header, line, last;
  std::getline(in, header);
  while (std::getline(in, line)) last = line;
  std::vector<std::string> names, cells;
  for (std::istringstream h(header); std::getline(h, line, ',');) names.push_back(line);
  for (std::istringstream c(last); std::getline(c, line, ',');) cells.push_back(line);
  for (std::size_t i = 0; i < names.size() && i < cells.size(); ++i)
    if (names[i] == camp + " sim") return std::stod(cells[i]);
  FAIL("no column '" << camp << " sim' in " << out_csv);
  return 0;
}

}  // namespace

TEST_CASE("flee --set: a camp's capacity and a route's length change the run as Flee's rules say") {
  TempDir dir;
  const auto base = cli::sh("flee " + mali + " --out " + (dir.path / "base").string() + " -q --threads 2");
  REQUIRE_MESSAGE(base.code == 0, base.out);
  // Mentao's capacity well below the 6,577 people it holds at the end of the shipped run: Flee's
  // capacity multiplier scores a camp at 0 once full (docs/flee-rules.md section 3), so it ends
  // near its capacity (people already on the way still arrive).
  const auto small = cli::sh("flee " + mali + " --out " + (dir.path / "small").string() +
                             " -q --set locations.Mentao.population=1000");
  REQUIRE_MESSAGE(small.code == 0, small.out);
  const double shipped = last_sim(dir.path / "base" / "out.csv", "Mentao");
  const double capped = last_sim(dir.path / "small" / "out.csv", "Mentao");
  CHECK(shipped > 3000);
  CHECK(capped < 1500);
  // The same through run --flee and an overrides file, with a route's length: the file's
  // path, SHA-256 and entries in the manifest, the --set apart.
  write(dir.path / "set.yaml", "locations.Mentao.population: 1000\nroutes.Douentza.Mentao.distance: 480\n");
  const auto filed = cli::sh("run --flee " + mali + " --out " + (dir.path / "filed").string() + " -q --set-file " +
                             (dir.path / "set.yaml").string() + " --set move_rules.camp_weight=2");
  REQUIRE_MESSAGE(filed.code == 0, filed.out);
  const auto manifest = nlohmann::json::parse(text_of(dir.path / "filed" / "manifest.json"));
  CHECK(manifest["overrides"] == nlohmann::json::array({"move_rules.camp_weight=2"}));
  CHECK(manifest["overrides_file"]["path"] == (dir.path / "set.yaml").string());
  CHECK(manifest["overrides_file"]["sha256"].get<std::string>().size() == 64);
  CHECK(manifest["overrides_file"]["entries"] ==
        nlohmann::json::array({"locations.Mentao.population=1000", "routes.Douentza.Mentao.distance=480"}));
  CHECK(last_sim(dir.path / "filed" / "out.csv", "Mentao") < 1500);
  CHECK(manifest.contains("overrides_file"));
  CHECK(nlohmann::json::parse(text_of(dir.path / "base" / "manifest.json"))["overrides_file"].is_null());
}

TEST_CASE("flee --set-file: every bad entry at its line and column, nothing run") {
  TempDir dir;
  write(dir.path / "set.yaml",
        "locations.Nowhere.population: 10\n"
        "routes.Douentza.Bamako.distance: 5\n"
        "locations.Mentao.population: -3\n"
        "move_rules.camp_weight: -1\n");
  const std::string f = (dir.path / "set.yaml").string();
  const auto r = cli::sh("flee " + mali + " --out " + (dir.path / "out").string() + " --set-file " + f +
                         " --set routes.X.Y.distance=1");
  CHECK(r.code == 2);
  CHECK_FALSE(fs::exists(dir.path / "out"));
  INFO(r.out);
  CHECK(r.out.find(f + ":1:1: error: locations.Nowhere.population: no location 'Nowhere' in locations.csv") !=
        std::string::npos);
  CHECK(r.out.find(f + ":2:1: error: routes.Douentza.Bamako.distance: no route between 'Douentza' and 'Bamako'") !=
        std::string::npos);
  CHECK(r.out.find(f + ":3:1: error: locations.Mentao.population: locations.Mentao.population '-3': expected a "
                       "number >= 0") != std::string::npos);
  CHECK(r.out.find(f + ":4:1: error: move_rules.camp_weight: move_rules.camp_weight '-1': expected a number in [0, ") !=
        std::string::npos);
  CHECK(r.out.find("routes.X.Y.distance=1: error: 'X.Y' is not two locations of locations.csv") != std::string::npos);
}

TEST_CASE("calibrate over a Flee folder recovers a camp's capacity, and run --flee applies its calibrated.yaml") {
  TempDir dir;
  // The truth: Mentao's capacity 2,000 (the shipped file says 1,000,000). The target is what one
  // run at the truth gives (seed 99, not one the calibration uses), measured by a one-point sweep.
  write(dir.path / "targets.yaml", R"(
- {id: mentao, metric: camp_population, period: {from: 2012-12-25, until: 2012-12-25}, geography: Mentao, value: 1, source: model, confidence: H}
)");
  write(dir.path / "truth.yaml", "scenario: " + mali +
                                     "\nparameters:\n  - {path: locations.Mentao.population, values: [2000]}\n"
                                     "design: grid\nreplicates: 1\nseed: 99\ntargets: targets.yaml\n");
  const auto truth = cli::sh("sweep " + (dir.path / "truth.yaml").string() + " --out " + (dir.path / "truth").string() +
                             " -q --threads 1");
  REQUIRE_MESSAGE(truth.code == 0, truth.out);
  std::istringstream rows(text_of(dir.path / "truth" / "points.csv"));
  std::string row;
  std::getline(rows, row);
  std::getline(rows, row);
  const std::string value = row.substr(row.rfind(',') + 1);
  REQUIRE(std::stod(value) > 1000);
  write(dir.path / "targets.yaml",
        "- {id: mentao, metric: camp_population, period: {from: 2012-12-25, until: "
        "2012-12-25}, geography: Mentao, value: " +
            value + ", source: model, confidence: H}\n");
  write(dir.path / "cal.yaml", "scenario: " + mali +
                                   "\ntargets: targets.yaml\nparameters:\n"
                                   "  - {path: locations.Mentao.population, prior: uniform, min: 500, max: 20000}\n"
                                   "particles: 30\nmax_generations: 3\nreplicates: 1\nseed: 5\npredictive: 5\n");
  const auto r = cli::sh("calibrate " + (dir.path / "cal.yaml").string() + " --out " + (dir.path / "cal").string() +
                         " -q --threads 2");
  REQUIRE_MESSAGE(r.code == 0, r.out);
  // intervals.csv: parameter,mean,median,q05,q95. The prior's 90 % interval is 1,475..19,025;
  // the posterior's holds the truth and is far narrower.
  const std::string intervals = text_of(dir.path / "cal" / "intervals.csv");
  INFO(intervals);
  const auto at = intervals.find("\nlocations.Mentao.population,");
  REQUIRE(at != std::string::npos);
  std::vector<double> v;
  std::istringstream cells(intervals.substr(at + 29));
  for (std::string c; v.size() < 4 && std::getline(cells, c, ',');) v.push_back(std::stod(c));
  REQUIRE(v.size() == 4);
  CHECK(v[2] < 2000);
  CHECK(v[3] > 2000);
  CHECK(v[3] - v[2] < 0.5 * (19025 - 1475));
  const std::string calibrated = text_of(dir.path / "cal" / "calibrated.yaml");
  CHECK(calibrated.find("migsim run --flee " + mali + " --set-file calibrated.yaml") != std::string::npos);
  const auto run = cli::sh("run --flee " + mali + " --out " + (dir.path / "run").string() + " -q --set-file " +
                           (dir.path / "cal" / "calibrated.yaml").string());
  REQUIRE_MESSAGE(run.code == 0, run.out);
  CHECK(last_sim(dir.path / "run" / "out.csv", "Mentao") < 6000);  // the shipped capacity gives 6,577
}
