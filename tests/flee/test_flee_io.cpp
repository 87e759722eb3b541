// Reading Flee folders (errors with file:line:col, unknown and unsupported settings) and
// writing Flee's out.csv in the reference's exact layout.
#include <doctest/doctest.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "flee/flee_paths.hpp"
#include "migsim/io/flee_import.hpp"
#include "migsim/io/flee_out.hpp"

namespace fs = std::filesystem;
using namespace flee_paths;

namespace {

struct TempDir {
  fs::path path;
  TempDir() {
    path =
        fs::temp_directory_path() / ("migsim-flee-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    fs::remove_all(path);
    fs::create_directories(path / "input_csv");
    fs::create_directories(path / "source_data");
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  static int& counter() {
    static int c = 0;
    return c;
  }
  void write(const std::string& rel, const std::string& text) const { std::ofstream(path / rel) << text; }
};

// A valid two-location folder; tests overwrite single files with broken ones. `origin` is
// the conflict zone's name as the CSV cells spell it (quoted, if it holds a comma).
void valid(const TempDir& d, const std::string& origin = "Origin") {
  const std::string header = "#name,region,country,lat,lon,location_type,conflict_date,pop/cap\n";
  d.write("input_csv/locations.csv", header + origin + ",R,A,0,0,conflict_zone,0,1000\nK,R,B,1,1,camp,0,500\n");
  d.write("input_csv/routes.csv", "#name1,name2,distance,forced_redirection\n" + origin + ",K,100,0\n");
  d.write("input_csv/closures.csv", "#closure_type,name1,name2,closure_start,closure_end\n");
  d.write("input_csv/conflicts.csv", "#Day," + origin + "\n0,1\n");
  d.write("input_csv/sim_period.csv", "StartDate,2024-01-01\nLength,10\n");
  d.write("source_data/data_layout.csv", "total,refugees.csv\nK,K.csv\n");
  d.write("source_data/refugees.csv", "2024-01-01,0\n2024-01-05,40\n");
  d.write("source_data/K.csv", "2024-01-01,0\n2024-01-11,100\n");
  d.write("simsetting.yml", "move_rules:\n  awareness_level: 1\n");
}

std::string all(const migsim::io::FleeImport& r) {
  std::string s;
  for (const auto& d : r.diagnostics) s += migsim::io::format_diagnostic(d, r.sources) + "\n";
  return s;
}

}  // namespace

TEST_CASE("flee import: a valid folder, interpolated totals and camp data") {
  TempDir d;
  valid(d);
  const auto r = migsim::io::import_flee(d.path);
  INFO(all(r));
  REQUIRE(r.ok());
  CHECK(r.diagnostics.empty());
  const auto& s = r.scenario;
  CHECK(s.days == 10);
  CHECK(s.locations.size() == 2);
  CHECK(s.displaced == std::vector<std::int64_t>{0, 10, 20, 30, 40, 40, 40, 40, 40, 40});
  CHECK(s.spawn == std::vector<std::int64_t>{0, 10, 10, 10, 10, 0, 0, 0, 0, 0});
  REQUIRE(s.camp_data.size() == 1);
  CHECK(s.camp_data[0][3] == 30);
  CHECK(r.files.size() == 9);  // no registration_corrections.csv here
}

TEST_CASE("flee import: every error at once, as file:line:col with the value and the expectation") {
  TempDir d;
  valid(d);
  d.write("input_csv/locations.csv",
          "#name,region,country,lat,lon,location_type,conflict_date,pop/cap\n"
          "Origin,R,A,0,0,conflict_zone,0,1000\n"
          "K,R,B,north,1,camp,0,500\n"
          "M,R,B,1,1,marker,0,0\n");
  d.write("input_csv/routes.csv", "#name1,name2,distance,forced_redirection\nOrigin,Q,100,0\nOrigin,K,-3,0\n");
  d.write("input_csv/closures.csv", "#h\nborder,A,B,1,2\nlocation,Origin,,5,3\n");
  d.write("simsetting.yml",
          "move_rules:\n  awareness_level: 1\n  camp_movechanse: 0.01\n  start_on_foot: True\nspawn_rules:\n"
          "  take_from_population: True\nlog_levels:\n  agent: 1\n");
  const auto r = migsim::io::import_flee(d.path);
  const std::string text = all(r);
  INFO(text);
  CHECK_FALSE(r.ok());
  const std::string loc = (d.path / "input_csv/locations.csv").string();
  const std::string routes = (d.path / "input_csv/routes.csv").string();
  const std::string closures = (d.path / "input_csv/closures.csv").string();
  const std::string yml = (d.path / "simsetting.yml").string();
  CHECK(text.find(loc + ":3:7: error: latitude 'north': expected a number") != std::string::npos);
  CHECK(text.find(loc + ":4:11: error: location_type 'marker': expected conflict_zone, town, camp or idpcamp") !=
        std::string::npos);
  CHECK(text.find(routes + ":2:8: error: name2 'Q': expected a location of locations.csv") != std::string::npos);
  CHECK(text.find(routes + ":3:10: error: distance '-3': expected a number of km > 0") != std::string::npos);
  CHECK(text.find(closures + ":2:1: error: closure type 'border'") != std::string::npos);
  CHECK(text.find(closures + ":3:20: error: closure_end '3': expected a day after closure_start (5)") !=
        std::string::npos);
  CHECK(text.find(yml + ":3:3: error: unknown key 'move_rules.camp_movechanse': expected one of") != std::string::npos);
  CHECK(text.find(yml + ":4:18: error: move_rules.start_on_foot 'True': not supported") != std::string::npos);
  CHECK(text.find(yml + ":6:25: error: spawn_rules.take_from_population 'True': not supported") != std::string::npos);
  CHECK(text.find(yml + ":8:10: warning: log_levels.agent '1': migsim writes no Flee logs; ignored") !=
        std::string::npos);
}

TEST_CASE("flee import: a quoted location name may hold a comma, as Flee's Python csv reads it") {
  TempDir d;
  valid(d, "\"Kyiv, Ukraine\"");
  const auto r = migsim::io::import_flee(d.path);
  INFO(all(r));
  REQUIRE(r.ok());
  REQUIRE(r.scenario.locations.size() == 2);
  CHECK(r.scenario.locations[0].name == "Kyiv, Ukraine");

  // A cell after the quoted one is still reported at its own column.
  d.write("input_csv/routes.csv", "#name1,name2,distance,forced_redirection\n\"Kyiv, Ukraine\",K,-3,0\n");
  const auto bad = migsim::io::import_flee(d.path);
  const std::string routes = (d.path / "input_csv/routes.csv").string();
  CHECK(all(bad).find(routes + ":2:19: error: distance '-3': expected a number of km > 0") != std::string::npos);
}

TEST_CASE("flee import: missing files are named") {
  TempDir d;
  const auto r = migsim::io::import_flee(d.path);
  const std::string text = all(r);
  CHECK_FALSE(r.ok());
  CHECK(text.find("locations.csv: error: cannot open the file") != std::string::npos);
  CHECK(text.find("simsetting.yml: error: cannot open the file") != std::string::npos);
  CHECK(text.find("data_layout.csv: error: cannot open the file") != std::string::npos);
}

TEST_CASE("flee out.csv: floats as Python prints them") {
  using migsim::io::python_float;
  CHECK(python_float(0.0) == "0.0");
  CHECK(python_float(292.0 / 10000.0) == "0.0292");
  CHECK(python_float(78846.0 / 100000.0) == "0.78846");
  CHECK(python_float(0.1 + 0.2) == "0.30000000000000004");
  CHECK(python_float(1e-5) == "1e-05");
  CHECK(python_float(0.00012) == "0.00012");
  CHECK(python_float(123.0) == "123.0");
  CHECK(python_float(1e16) == "1e+16");
  CHECK(python_float(2.5e-7) == "2.5e-07");
  CHECK(python_float(-1.5) == "-1.5");
}

TEST_CASE("flee out.csv: the reference's columns, and a row Flee would write") {
  const auto imported = migsim::io::import_flee(synth31_folder());
  REQUIRE(imported.ok());
  migsim::flee::RunOptions o;
  o.seed = 3;
  const auto result = migsim::flee::run(imported.scenario, o);
  TempDir d;
  migsim::io::write_flee_out_csv(d.path / "out.csv", imported.scenario, result);
  const auto mine = read_out_csv(d.path / "out.csv");
  const auto ref = read_out_csv(flee_run(1));
  CHECK(mine.header == ref.header);
  CHECK(mine.sim.size() == ref.sim.size());
  // Day 0 is all zeros in both: the whole row, byte for byte.
  auto row = [](const fs::path& f, int n) {
    std::ifstream in(f);
    std::string line;
    for (int i = 0; i <= n; ++i) std::getline(in, line);
    return line;
  };
  CHECK(row(d.path / "out.csv", 1) == row(flee_run(1), 1));
}
