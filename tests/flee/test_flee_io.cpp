// Reading Flee folders (errors with file:line:col, unknown and unsupported settings) and
// writing Flee's out.csv in the reference's exact layout.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <numeric>

#include "migsim/io/flee_import.hpp"
#include "migsim/io/flee_out.hpp"
#include "paths.hpp"
#include "toy.hpp"

namespace fs = std::filesystem;
using namespace flee_paths;

namespace {

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

// Writes `text` to `file` of the folder and reads it: true when the import fails and names
// `message` (with the file's path in front) among its diagnostics.
bool refused(const TempDir& d, const std::string& file, const std::string& text, const std::string& message) {
  d.write(file, text);
  const auto r = migsim::io::import_flee(d.path);
  return !r.ok() && all(r).find((d.path / file).string() + message) != std::string::npos;
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
  // Flee's default sum_from_camps: the raw count is refugees.csv's day 0 (0) plus the camps'
  // data (K: 0 to 100 over days 0-10), and spawning follows its increase.
  CHECK(s.displaced == std::vector<std::int64_t>{0, 10, 20, 30, 40, 50, 60, 70, 80, 90});
  CHECK(s.spawn == std::vector<std::int64_t>{0, 10, 10, 10, 10, 10, 10, 10, 10, 10});
  REQUIRE(s.camp_data.size() == 1);
  CHECK(s.camp_data[0][3] == 30);
  CHECK(s.day0_camp_people == std::vector<std::int64_t>{0});  // insert_day0: K's data on day 0
  CHECK(r.files.size() == 9);                                 // no registration_corrections.csv here

  // sum_from_camps: False spawns refugees.csv's increase (0 to 40 over days 0-4).
  d.write("simsetting.yml", "spawn_rules:\n  sum_from_camps: False\n");
  const auto total = migsim::io::import_flee(d.path);
  REQUIRE(total.ok());
  CHECK(total.scenario.displaced == std::vector<std::int64_t>{0, 10, 20, 30, 40, 40, 40, 40, 40, 40});
  CHECK(total.scenario.spawn == std::vector<std::int64_t>{0, 10, 10, 10, 10, 0, 0, 0, 0, 0});
}

TEST_CASE("flee import: Flee's dialect: quoted '#' headers, CRLF, empty cells, header rows, stripped names") {
  TempDir d;
  valid(d);
  // Quoted cells and a quoted '#' header (Flee tests row[0][0] == '#' after unquoting), CRLF
  // line ends, a town and a forwarding hub with empty conflict_date and population.
  d.write("input_csv/locations.csv",
          "\"#name\",\"region\",\"country\",\"lat\",\"lon\",\"location_type\",\"conflict_date\",\"pop\"\r\n"
          "\"Origin\",\"R\",\"A\",0,0,\"conflict_zone\",0,1000\r\n"
          "\"T\",\"R\",\"A\",0,1,\"town\",,\r\n"
          "\"H\",\"R\",\"A\",0,2,\"forwarding_hub\",,\r\n"
          "\"K\",\"R\",\"B\",1,1,\"camp\",,500\r\n");
  d.write(
      "input_csv/routes.csv",
      "#name1,name2,distance,forced_redirection\r\nOrigin,T,10,\r\n\"#a comment\",\"x\"\r\nT,H,10,\r\nH,K,10,2\r\n");
  // Names with blanks around them, a trailing comma, a name that is no location.
  d.write("input_csv/conflicts.csv", "\"#Day\",\" Origin\",\" Nowhere\",\n0, 0.5, 0,\n2, 1, 0,\n");
  d.write("source_data/refugees.csv", "\"Date\",\"Refugee_numbers\"\n\"2024-01-01\",0\n\"2024-01-05\",40\n");
  d.write("source_data/K.csv", ",\n2024-01-01,0\n2024-01-11,100\n");  // a first row of empty cells
  const auto r = migsim::io::import_flee(d.path);
  const std::string text = all(r);
  INFO(text);
  REQUIRE(r.ok());
  const auto& s = r.scenario;
  REQUIRE(s.locations.size() == 4);
  CHECK(s.locations[1].population == 0);
  CHECK(s.locations[1].conflict_date == 0);
  CHECK(s.locations[2].type == migsim::flee::LocationType::forwarding_hub);
  CHECK(s.locations[3].capacity == 500);
  CHECK(s.routes.size() == 3);
  REQUIRE(s.conflicts.size() == 1);
  CHECK(s.conflicts[0].location == 0);
  // Rows are days by position, as Flee reads them: the row marked 2 is day 1 (and named).
  CHECK(s.conflicts[0].intensity == std::vector<double>{0.5, 1});
  CHECK(s.camp_data[0][3] == 30);
  const std::string routes = (d.path / "input_csv/routes.csv").string();
  const std::string conflicts = (d.path / "input_csv/conflicts.csv").string();
  CHECK(text.find(routes + ":5:8: warning: forced_redirection '2': no effect, in Flee either") != std::string::npos);
  CHECK(text.find(conflicts + ":1:18: warning: conflict columns 'Nowhere' name no location") != std::string::npos);
  CHECK(text.find(conflicts + ":3:1: warning: Day 2 is not the row's position") != std::string::npos);
  // Only the three warnings.
  CHECK(r.diagnostics.size() == 3);
}

TEST_CASE("flee import: forced_redirection as Flee reads it: 1 links the route twice, 2 changes nothing") {
  // Origin and two camps at the same distance: with the route to K1 linked once, K1 and K2
  // draw alike; linked twice (Flee's reader for a 1), K1's two links draw 2/3 of everyone.
  TempDir d;
  valid(d);
  const std::string header = "#name,region,country,lat,lon,location_type,conflict_date,pop/cap\n";
  d.write("input_csv/locations.csv",
          header + "Origin,R,A,0,0,conflict_zone,0,100000\nK1,R,B,1,1,camp,,90000\nK2,R,B,1,2,camp,,90000\n");
  d.write("source_data/data_layout.csv", "total,refugees.csv\nK1,K.csv\nK2,K.csv\n");
  d.write("source_data/refugees.csv", "2024-01-01,0\n2024-01-02,3000\n");
  d.write("simsetting.yml", "spawn_rules:\n  sum_from_camps: False\n");
  const auto routes = [&](const std::string& k1_rows) {
    d.write("input_csv/routes.csv", "#name1,name2,distance,forced_redirection\n" + k1_rows + "Origin,K2,100,\n");
    const auto r = migsim::io::import_flee(d.path);
    INFO(all(r));
    REQUIRE(r.ok());
    migsim::flee::RunOptions o;
    o.seed = 11;
    return std::pair{r, migsim::flee::run(r.scenario, o)};
  };
  const auto [plain_import, plain] = routes("Origin,K1,100,0\n");
  const auto [two_import, two] = routes("Origin,K1,100,2\n");
  const auto [one_import, one] = routes("Origin,K1,100,1\n");
  const auto [twice_import, twice] = routes("Origin,K1,100,\nOrigin,K1,100,\n");
  CHECK(plain_import.diagnostics.empty());
  CHECK(plain_import.scenario.routes.size() == 2);
  CHECK(two_import.scenario.routes.size() == 2);
  CHECK(one_import.scenario.routes.size() == 3);
  CHECK(plain.camp_people == two.camp_people);  // 2: Flee's flag, which nothing reads
  CHECK(one.camp_people == twice.camp_people);  // 1: as the row written twice
  // K1's share of both camps on the last day (a camp's move chance sends a few back and forth).
  const int last = plain_import.scenario.days - 1;
  const auto k1_share = [last](const migsim::flee::Result& r) {
    const auto k1 = static_cast<double>(flee_toy::camp(r, 0, last));
    return k1 / (k1 + static_cast<double>(flee_toy::camp(r, 1, last)));
  };
  CHECK(k1_share(plain) == doctest::Approx(0.5).epsilon(0.05));
  CHECK(k1_share(one) == doctest::Approx(2.0 / 3.0).epsilon(0.05));
  const std::string file = (d.path / "input_csv/routes.csv").string();
  CHECK(all(two_import).find(file + ":2:15: warning: forced_redirection '2': no effect, in Flee either") !=
        std::string::npos);
  CHECK(all(one_import).find(file + ":2:15: warning: forced_redirection '1': as in Flee") != std::string::npos);

  // Flee's int() stops on anything else than a whole number.
  CHECK(refused(d, "input_csv/routes.csv",
                "#name1,name2,distance,forced_redirection\nOrigin,K1,100,yes\nOrigin,K2,100,\n",
                ":2:15: error: forced_redirection 'yes': expected a whole number"));
}

TEST_CASE("flee import: remove_forced_redirection closures have no effect, in Flee either") {
  TempDir d;
  valid(d);
  // burundi's row: closure_end 0 before closure_start 101 is read, as Flee reads it.
  d.write("input_csv/closures.csv",
          "#closure_type,name1,name2,closure_start,closure_end\nremove_forced_redirection,K,Origin,101,0\n");
  const auto r = migsim::io::import_flee(d.path);
  const std::string text = all(r);
  INFO(text);
  REQUIRE(r.ok());
  CHECK(r.scenario.closures.empty());
  const std::string file = (d.path / "input_csv/closures.csv").string();
  CHECK(text.find(file + ":2:1: warning: closure type 'remove_forced_redirection': no effect, in Flee either") !=
        std::string::npos);
  CHECK(r.diagnostics.size() == 1);
  CHECK(refused(d, "input_csv/closures.csv",
                "#closure_type,name1,name2,closure_start,closure_end\nremove_forced_redirection,K,Origin,101,never\n",
                ":2:40: error: closure_end 'never': expected a whole number"));
}

TEST_CASE("flee import: registration corrections scale a camp's rows before the registration date") {
  TempDir d;
  valid(d);
  // K: 40 by day 4, then 20 on day 6 at registration: rows before day 6 are scaled by 20/40.
  d.write("source_data/K.csv", "2024-01-01,10\n2024-01-05,40\n2024-01-07,20\n2024-01-10,50\n");
  d.write("input_csv/registration_corrections.csv", "#name,date\nK,2024-01-07\n");
  const auto r = migsim::io::import_flee(d.path);
  INFO(all(r));
  REQUIRE(r.ok());
  CHECK(r.diagnostics.empty());
  const auto& s = r.scenario;
  CHECK(s.camp_data[0] == std::vector<std::int64_t>{5, 8, 12, 16, 20, 20, 20, 30, 40, 50});
  CHECK(s.day0_camp_people == std::vector<std::int64_t>{5});
  CHECK(s.displaced == s.camp_data[0]);  // refugees.csv is 0 on day 0
  CHECK(r.files.size() == 10);

  // A date before StartDate is skipped, as Flee skips it; insert_day0: False inserts nobody.
  d.write("input_csv/registration_corrections.csv", "K,2023-12-06\n");
  d.write("simsetting.yml", "spawn_rules:\n  insert_day0: False\n");
  const auto off = migsim::io::import_flee(d.path);
  const std::string text = all(off);
  REQUIRE(off.ok());
  CHECK(off.scenario.camp_data[0][0] == 10);
  CHECK(off.scenario.day0_camp_people.empty());
  CHECK(text.find("registration_corrections.csv:1:3: warning: registration date 2023-12-06 is before StartDate: "
                  "not applied") != std::string::npos);

  // A first row with a value is data, not a header: its bad date is an error.
  d.write("source_data/K.csv", "2024-13-01,10\n2024-01-07,20\n");
  const auto bad = migsim::io::import_flee(d.path);
  CHECK_FALSE(bad.ok());
  CHECK(all(bad).find("K.csv:1:1: error: date '2024-13-01'") != std::string::npos);
}

TEST_CASE("flee run: insert_day0 puts the camps' day-0 data into them as people") {
  TempDir d;
  valid(d);
  d.write("source_data/K.csv", "2024-01-01,7\n2024-01-11,7\n");
  d.write("simsetting.yml", "move_rules:\n  camp_movechance: 0.0\n");
  const auto s = load_scenario(d.path);
  const auto r = migsim::flee::run(s, {});
  CHECK(r.alive[0] == 7);
  CHECK(r.camp_people[0] == 7);
  CHECK(r.alive.back() == 7);  // the camp's data never grows: nobody spawns
}

TEST_CASE("flee simsetting.yml: Flee's default file reads, only its log levels are named as not implemented") {
  TempDir d;
  valid(d);
  // Flee's flee/simsetting.yml, as its instances ship it.
  d.write("simsetting.yml",
          "log_levels:\n  agent: 0 \n  link: 0 \n  camp: 0\n  conflict: 0 \n  init: 0\n  granularity: location \n"
          "spawn_rules:\n  take_from_population: False\n  insert_day0: True\nmove_rules:\n  max_move_speed: 360.0\n"
          "  max_walk_speed: 35.0\n  foreign_weight: 1.0\n  camp_weight: 1.0\n  conflict_weight: 0.25\n"
          "  conflict_movechance: 1.0\n  camp_movechance: 0.001\n  default_movechance: 0.3\n  awareness_level: 1\n"
          "  capacity_scaling: 1.0\n  avoid_short_stints: False\n  start_on_foot: False\n  weight_power: 1.0\n"
          "optimisations:\n  hasten: 1\n");
  const auto r = migsim::io::import_flee(d.path);
  const std::string text = all(r);
  INFO(text);
  REQUIRE(r.ok());
  REQUIRE(r.diagnostics.size() == 1);
  const std::string yml = (d.path / "simsetting.yml").string();
  CHECK(text.find(yml + ":2:3: warning: keys migsim does not implement: ignored, as they change nothing in migsim: "
                        "log_levels.agent") != std::string::npos);
  for (const char* key :
       {"log_levels.link", "log_levels.camp", "log_levels.conflict", "log_levels.init", "log_levels.granularity"})
    CHECK(text.find(key) != std::string::npos);
  // Every other key of the file takes effect: none is named.
  for (const char* key : {"max_walk_speed", "hasten", "take_from_population", "avoid_short_stints", "start_on_foot"})
    CHECK(text.find(key) == std::string::npos);
  const auto& g = r.scenario.settings;
  CHECK(g.max_walk_speed == 35.0);
  CHECK(g.hasten == 1);
  CHECK_FALSE(g.take_from_population);
  CHECK_FALSE(g.start_on_foot);
  CHECK_FALSE(g.avoid_short_stints);
}

TEST_CASE("flee simsetting.yml: the settings beyond Flee's default file, with Flee's defaults where left out") {
  TempDir d;
  valid(d);
  d.write("simsetting.yml", "move_rules:\n  awareness_level: 1\n");
  auto r = migsim::io::import_flee(d.path);
  REQUIRE(r.ok());
  // SimulationSettings.py: conflict_weight defaults to 1 / sqrt(10) (its 3.16227766017), not
  // the 0.25 its shipped files write.
  CHECK(r.scenario.settings.conflict_weight == doctest::Approx(0.316227766).epsilon(1e-9));
  CHECK(r.scenario.settings.pruning_threshold == 1.0);
  CHECK(r.scenario.settings.movechance_pop_base == 10000.0);
  CHECK(r.scenario.settings.conflict_spawn_decay.empty());
  d.write("simsetting.yml",
          "spawn_rules:\n  take_from_population: True\n  empty_camps_on_day0: True\n  insert_day0: False\n"
          "  conflict_spawn_decay: [1.0, 0.5, 0.1]\n  conflict_spawn_decay_interval: 10\n"
          "move_rules:\n  start_on_foot: True\n  max_walk_speed: 42\n  avoid_short_stints: True\n"
          "  pruning_threshold: 2.5\n  movechance_pop_base: 500\n  movechance_pop_scale_factor: -0.5\n"
          "  use_pop_for_loc_weight: True\n  pop_power_for_loc_weight: 0.2\noptimisations:\n  hasten: 3\n");
  r = migsim::io::import_flee(d.path);
  INFO(all(r));
  REQUIRE(r.ok());
  CHECK(r.diagnostics.empty());
  const auto& g = r.scenario.settings;
  CHECK(g.take_from_population);
  CHECK(g.empty_camps_on_day0);
  CHECK_FALSE(g.insert_day0);
  CHECK(g.conflict_spawn_decay == std::vector<double>{1.0, 0.5, 0.1});
  CHECK(g.conflict_spawn_decay_interval == 10);
  CHECK(g.start_on_foot);
  CHECK(g.max_walk_speed == 42.0);
  CHECK(g.avoid_short_stints);
  CHECK(g.pruning_threshold == 2.5);
  CHECK(g.movechance_pop_base == 500.0);
  CHECK(g.movechance_pop_scale_factor == -0.5);
  CHECK(g.use_pop_for_loc_weight);
  CHECK(g.pop_power_for_loc_weight == 0.2);
  CHECK(g.hasten == 3);

  // Bad values, each named where it stands.
  const std::string yml = (d.path / "simsetting.yml").string();
  d.write("simsetting.yml",
          "optimisations:\n  hasten: 2.5\nmove_rules:\n  max_walk_speed: 0\nspawn_rules:\n"
          "  conflict_spawn_decay: [1.0, soon]\n  conflict_spawn_decay_interval: 0\n");
  r = migsim::io::import_flee(d.path);
  const std::string text = all(r);
  INFO(text);
  CHECK_FALSE(r.ok());
  CHECK(text.find(yml + ":2:11: error: optimisations.hasten '2.5': expected a whole number in [1, ") !=
        std::string::npos);
  CHECK(text.find(yml + ":4:19: error: move_rules.max_walk_speed '0': expected a number in [") != std::string::npos);
  CHECK(text.find(yml + ":6:31: error: spawn_rules.conflict_spawn_decay item 'soon': expected a number >= 0") !=
        std::string::npos);
  CHECK(text.find(yml + ":7:34: error: spawn_rules.conflict_spawn_decay_interval '0': expected a number in [1, ") !=
        std::string::npos);
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
          "move_rules:\n  awareness_level: 1\n  camp_movechanse: 0.01\n  stay_close_to_home: True\nspawn_rules:\n"
          "  camps_are_sinks: True\nlog_levels:\n  agent: 1\n");
  const auto r = migsim::io::import_flee(d.path);
  const std::string text = all(r);
  INFO(text);
  CHECK_FALSE(r.ok());
  const std::string loc = (d.path / "input_csv/locations.csv").string();
  const std::string routes = (d.path / "input_csv/routes.csv").string();
  const std::string closures = (d.path / "input_csv/closures.csv").string();
  const std::string yml = (d.path / "simsetting.yml").string();
  CHECK(text.find(loc + ":3:7: error: latitude 'north': expected a number") != std::string::npos);
  CHECK(text.find(loc + ":4:11: error: location_type 'marker': expected conflict_zone, town, camp, idpcamp or "
                        "forwarding_hub") != std::string::npos);
  CHECK(text.find(routes + ":2:8: error: name2 'Q': expected a location of locations.csv") != std::string::npos);
  CHECK(text.find(routes + ":3:10: error: distance '-3': expected a number of km > 0") != std::string::npos);
  CHECK(text.find(closures + ":2:1: error: closure type 'border'") != std::string::npos);
  CHECK(text.find(closures + ":3:20: error: closure_end '3': expected a day after closure_start (5)") !=
        std::string::npos);
  CHECK(text.find(yml + ":3:3: error: unknown key 'move_rules.camp_movechanse': expected one of") != std::string::npos);
  CHECK(text.find(yml + ":4:23: error: move_rules.stay_close_to_home 'True': not supported") != std::string::npos);
  CHECK(text.find(yml + ":6:20: error: spawn_rules.camps_are_sinks 'True': not supported") != std::string::npos);
  CHECK(text.find(yml + ":8:3: warning: keys migsim does not implement: ignored, as they change nothing in migsim: "
                        "log_levels.agent") != std::string::npos);
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

TEST_CASE("flee import: registration corrections Flee cannot apply (it stops) are errors") {
  TempDir d;
  valid(d);
  d.write("source_data/K.csv", "2024-01-01,10\n2024-01-05,0\n2024-01-07,20\n2024-01-10,50\n");
  // No row on the date, the first row's date, a row before it below 1, no data file.
  d.write("input_csv/registration_corrections.csv", "K,2024-01-06\nK,2024-01-01\nK,2024-01-07\nOrigin,2024-01-07\n");
  const auto r = migsim::io::import_flee(d.path);
  const std::string text = all(r);
  INFO(text);
  CHECK_FALSE(r.ok());
  const std::string rc = (d.path / "input_csv/registration_corrections.csv").string();
  CHECK(text.find(rc + ":1:3: error: registration date 2024-01-06: expected a date of a data row of 'K' after its "
                       "first") != std::string::npos);
  CHECK(text.find(rc + ":2:3: error: registration date 2024-01-01: expected a date of a data row") !=
        std::string::npos);
  CHECK(text.find(rc + ":3:3: error: registration date 2024-01-07: the row before it has 0; expected >= 1") !=
        std::string::npos);
  CHECK(text.find(rc + ":4:1: error: camp 'Origin': expected a row of data_layout.csv") != std::string::npos);
}

TEST_CASE("flee import: sim_period keys in any case, other rows warned, conflict_period.csv when no sim_period.csv") {
  TempDir d;
  valid(d);
  fs::remove(d.path / "input_csv/sim_period.csv");
  d.write("input_csv/conflict_period.csv", "startdate,2024-01-01\nLENGTH,10\nEndDate,2024-01-11\n");
  const auto r = migsim::io::import_flee(d.path);
  const std::string text = all(r);
  INFO(text);
  REQUIRE(r.ok());
  CHECK(r.scenario.days == 10);
  const std::string cp = (d.path / "input_csv/conflict_period.csv").string();
  CHECK(text.find(cp + ": warning: no sim_period.csv: read conflict_period.csv") != std::string::npos);
  CHECK(text.find(cp + ":3:1: warning: rows 'EndDate' are neither StartDate nor Length") != std::string::npos);
  CHECK(r.diagnostics.size() == 2);
}

TEST_CASE("flee import: dated tables as Flee's DataTable reads them") {
  TempDir d;
  valid(d);
  // Before its first row a table holds that row's value; rows without a value are skipped.
  d.write("source_data/K.csv", "2024-01-03,30\n2024-01-05,\n2024-01-11,110\n");
  auto r = migsim::io::import_flee(d.path);
  std::string text = all(r);
  INFO(text);
  REQUIRE(r.ok());
  CHECK(r.scenario.camp_data[0] == std::vector<std::int64_t>{30, 30, 30, 40, 50, 60, 70, 80, 90, 100});
  const std::string k = (d.path / "source_data/K.csv").string();
  CHECK(text.find(k + ":1:1: warning: first date 2024-01-03 is after StartDate: its value is used before it") !=
        std::string::npos);
  CHECK(text.find(k + ":2:1: warning: 1 row(s) without a value: skipped") != std::string::npos);

  // A camp's further files are summed into its first as Flee's AddCSVTables sums them: a row
  // of the second dated between two of the first adds the later one; past the first's end,
  // its last row repeats.
  d.write("source_data/data_layout.csv", "total,refugees.csv\nK,K.csv,K2.csv\n");
  d.write("source_data/K.csv", "2024-01-01,0\n2024-01-05,40\n2024-01-09,80\n");
  d.write("source_data/K2.csv", "2024-01-01,10\n2024-01-03,20\n2024-01-09,30\n2024-01-10,35\n");
  r = migsim::io::import_flee(d.path);
  text = all(r);
  REQUIRE(r.ok());
  CHECK(r.diagnostics.empty());
  CHECK(r.scenario.camp_data[0] == std::vector<std::int64_t>{10, 35, 60, 60, 60, 72, 85, 97, 110, 110});
}

TEST_CASE("flee import: closures Flee applies to nothing are warnings, a location closure's name2 is ignored") {
  TempDir d;
  valid(d);
  d.write("input_csv/locations.csv",
          "#name,region,country,lat,lon,location_type,conflict_date,pop/cap\n"
          "Origin,R,A,0,0,conflict_zone,0,1000\nK,R,B,1,1,camp,0,500\nT,R,C,2,2,town,0,10\n");
  d.write("input_csv/routes.csv", "#name1,name2,distance,forced_redirection\nOrigin,K,100,0\nK,T,50,0\n");
  d.write("input_csv/closures.csv",
          "#closure_type,name1,name2,closure_start,closure_end\ncountry,A,Z,1,2\ncountry,A,C,1,2\n"
          "location,Nowhere,,1,2\nlocation,Origin,K,1,2\n");
  const auto r = migsim::io::import_flee(d.path);
  const std::string text = all(r);
  INFO(text);
  REQUIRE(r.ok());
  const std::string cl = (d.path / "input_csv/closures.csv").string();
  CHECK(text.find(cl + ":2:11: warning: name2 'Z' is no country of locations.csv: the closure closes nothing") !=
        std::string::npos);
  CHECK(text.find(cl + ":3:9: warning: no route between countries 'A' and 'C': the closure closes nothing") !=
        std::string::npos);
  CHECK(text.find(cl + ":4:10: warning: name1 'Nowhere' is no location of locations.csv: the closure closes "
                       "nothing") != std::string::npos);
  CHECK(text.find(cl + ":5:17: warning: name2 'K' of a location closure: ignored, as Flee closes every link of "
                       "name1 ('Origin')") != std::string::npos);
  CHECK(r.diagnostics.size() == 4);
  REQUIRE(r.scenario.closures.size() == 2);  // country A-C (closes nothing) and location Origin
  CHECK(r.scenario.closures[1].type == migsim::flee::ClosureType::location);
  CHECK(r.scenario.closures[1].a == 0);
}

TEST_CASE("flee import: conflicts.csv's k-th row is day k, whatever its Day cell says, as in Flee") {
  TempDir d;
  valid(d);
  d.write("input_csv/conflicts.csv", "#Day,Origin\n0,1\n5,1\n7,0.5\n");
  const auto r = migsim::io::import_flee(d.path);
  const std::string text = all(r);
  INFO(text);
  REQUIRE(r.ok());
  REQUIRE(r.scenario.conflicts.size() == 1);
  CHECK(r.scenario.conflicts[0].intensity == std::vector<double>{1, 1, 0.5});
  const std::string c = (d.path / "input_csv/conflicts.csv").string();
  CHECK(text.find(c + ":3:1: warning: Day 5 is not the row's position") != std::string::npos);
  CHECK(r.diagnostics.size() == 1);
}

TEST_CASE("flee import: empty coordinates, region and country as Flee reads them, extra registration cells named") {
  TempDir d;
  valid(d);
  // mali's locations.csv leaves most coordinates and every region empty.
  d.write("input_csv/locations.csv",
          "#name,region,country,lat,lon,location_type,conflict_date,pop/cap\n"
          "Origin,,,,,conflict_zone,0,1000\nK,R,B,1,1,camp,,500\n");
  d.write("source_data/K.csv", "2024-01-01,10\n2024-01-05,40\n2024-01-07,20\n");
  d.write("input_csv/registration_corrections.csv", "\"K\",\"2024-01-07\",\"normalize\"\n");
  const auto r = migsim::io::import_flee(d.path);
  const std::string text = all(r);
  INFO(text);
  REQUIRE(r.ok());
  const auto& o = r.scenario.locations[0];
  CHECK(o.lat == 0);
  CHECK(o.lon == 0);
  CHECK(o.region == "unknown");
  CHECK(o.country == "unknown");
  CHECK(r.scenario.camp_data[0][0] == 5);  // 10 x 20/40: the correction still applies
  const std::string rc = (d.path / "input_csv/registration_corrections.csv").string();
  CHECK(text.find(rc + ":1:18: warning: cells after the date ('normalize', ...): ignored") != std::string::npos);
  CHECK(r.diagnostics.size() == 1);
}

TEST_CASE("flee import: a data_layout.csv row that names no camp counts in the totals, as Flee sums it") {
  // CAR's data_layout.csv names Bossobolo, no location of its locations.csv: Flee's DataTable
  // reads it, sum_from_camps sums every row after the first (header[1:]), and out.csv has
  // columns for the camps only.
  TempDir d;
  valid(d);
  d.write("source_data/data_layout.csv", "total,refugees.csv\nK,K.csv\nGhost,G.csv\n");
  d.write("source_data/G.csv", "2024-01-01,0\n2024-01-11,50\n");
  auto r = migsim::io::import_flee(d.path);
  std::string text = all(r);
  INFO(text);
  REQUIRE(r.ok());
  CHECK(text.find((d.path / "source_data/data_layout.csv").string() +
                  ":3:1: warning: 'Ghost' is no location of locations.csv: as in Flee, its data are read") !=
        std::string::npos);
  REQUIRE(r.scenario.camp_data.size() == 1);
  CHECK(r.scenario.camp_data[0][4] == 40);  // K alone
  // K (0 to 100) and Ghost (0 to 50) over days 0-10.
  CHECK(r.scenario.displaced == std::vector<std::int64_t>{0, 15, 30, 45, 60, 75, 90, 105, 120, 135});
  CHECK(r.scenario.spawn[1] == 15);
  // A registration correction finds it by its data_layout.csv name, as Flee's does.
  d.write("source_data/G.csv", "2024-01-01,10\n2024-01-06,20\n2024-01-11,30\n");
  d.write("input_csv/registration_corrections.csv", "Ghost,2024-01-11\n");
  r = migsim::io::import_flee(d.path);
  INFO(all(r));
  REQUIRE(r.ok());
  // Ghost's rows before 2024-01-11 x 30/20: 15, 30, then 30; with K: day 5 = 50 + 30.
  CHECK(r.scenario.displaced[5] == 80);
  // With sum_from_camps: False it is read (Flee reads every row's files) and used nowhere.
  d.write("simsetting.yml", "spawn_rules:\n  sum_from_camps: False\n");
  r = migsim::io::import_flee(d.path);
  REQUIRE(r.ok());
  CHECK(r.scenario.displaced == std::vector<std::int64_t>{0, 10, 20, 30, 40, 40, 40, 40, 40, 40});
}

TEST_CASE("flee simsetting.yml: hasten divides populations, capacities and the UNHCR data, as Flee reads them") {
  TempDir d;
  valid(d);
  d.write("simsetting.yml", "optimisations:\n  hasten: 3\n");
  const auto s = load_scenario(d.path);
  // StoreInputGeographyInEcosystem: int(pop/cap) // hasten.
  CHECK(s.locations[0].population == 333);
  CHECK(s.locations[1].capacity == 166);
  // _processEntry: value / hasten, unrounded; get_interpolated_data truncates: K's data are
  // 0 to 33.33... over days 0-10, so day 3 is int(0.3 x 33.33...) = 10 (30 without hasten)
  // and day 9 int(30.000000000000004) = 30 (90 without).
  REQUIRE(s.camp_data.size() == 1);
  CHECK(s.camp_data[0][3] == 10);
  CHECK(s.camp_data[0][9] == 30);
  const auto whole = load_scenario([&] {
    d.write("simsetting.yml", "optimisations:\n  hasten: 1\n");
    return d.path;
  }());
  // Fewer people spawned: about a third.
  const auto sum = [](const std::vector<std::int64_t>& v) { return std::accumulate(v.begin(), v.end(), 0LL); };
  CHECK(sum(whole.spawn) == 90);
  CHECK(sum(s.spawn) == 30);
  CHECK(whole.locations[0].population == 1000);
}

TEST_CASE("flee simsetting.yml: empty_camps_on_day0 takes each series' day-0 value off, as Flee's DataTable") {
  TempDir d;
  valid(d);
  d.write("source_data/K.csv", "2024-01-01,7\n2024-01-11,107\n");
  d.write("simsetting.yml", "move_rules:\n  camp_movechance: 0.0\n");
  const auto full = load_scenario(d.path);
  CHECK(full.camp_data[0][0] == 7);
  CHECK(full.displaced[0] == 7);
  CHECK(full.day0_camp_people == std::vector<std::int64_t>{7});
  d.write("simsetting.yml", "spawn_rules:\n  empty_camps_on_day0: True\nmove_rules:\n  camp_movechance: 0.0\n");
  auto r = migsim::io::import_flee(d.path);
  const std::string text = all(r);
  INFO(text);
  REQUIRE(r.ok());
  const auto& s = r.scenario;
  // The data columns and the raw count start at 0; who spawns from day 1 is unchanged.
  CHECK(s.camp_data[0][0] == 0);
  CHECK(s.camp_data[0][5] == full.camp_data[0][5] - 7);
  CHECK(s.displaced[0] == 0);
  CHECK(s.displaced[9] == full.displaced[9] - 7);
  CHECK(s.spawn == full.spawn);
  // Flee's run.py inserts the day-0 data before its DataTable takes them off: the camps are
  // not empty with insert_day0 True, as in Flee, and a warning says so.
  CHECK(s.day0_camp_people == std::vector<std::int64_t>{7});
  CHECK(text.find((d.path / "simsetting.yml").string() +
                  ":2:3: warning: spawn_rules.empty_camps_on_day0 with insert_day0 True: as in Flee") !=
        std::string::npos);
  // With insert_day0 False the camps start empty, and day 0 spawns nothing.
  d.write("simsetting.yml",
          "spawn_rules:\n  empty_camps_on_day0: True\n  insert_day0: False\nmove_rules:\n  camp_movechance: 0.0\n");
  const auto empty = load_scenario(d.path);
  CHECK(empty.day0_camp_people.empty());
  CHECK(empty.spawn[0] == 0);
  const auto run = migsim::flee::run(empty, {});
  CHECK(run.camp_people[0] == 0);
  CHECK(run.alive[0] == 0);
}

TEST_CASE("flee simsetting.yml: without insert_day0, day 0 spawns the raw count where conflict puts people") {
  TempDir d;
  valid(d);
  d.write("source_data/refugees.csv", "2024-01-01,5\n2024-01-05,45\n");
  d.write("source_data/K.csv", "2024-01-01,7\n2024-01-11,7\n");
  d.write("simsetting.yml", "spawn_rules:\n  insert_day0: False\nmove_rules:\n  camp_movechance: 0.0\n");
  const auto s = load_scenario(d.path);
  // Flee's get_daily_difference(0) with sum_from_camps: refugees.csv's day 0 and every row's.
  CHECK(s.displaced[0] == 12);
  CHECK(s.spawn[0] == 12);
  CHECK(s.day0_camp_people.empty());
  const auto r = migsim::flee::run(s, {});
  CHECK(r.alive[0] == 12);
  CHECK(r.alive.back() == 12);
  // With insert_day0 (Flee's default) the camp gets its 7 and day 0 spawns nothing.
  d.write("simsetting.yml", "move_rules:\n  camp_movechance: 0.0\n");
  const auto inserted = load_scenario(d.path);
  CHECK(inserted.spawn[0] == 0);
  CHECK(migsim::flee::run(inserted, {}).alive[0] == 7);
}

TEST_CASE("flee import: overrides apply after simsetting.yml as if it ended with them, each checked as its entries") {
  TempDir d;
  valid(d);
  d.write("simsetting.yml", "move_rules:\n  camp_weight: 2\noptimisations:\n  hasten: 1\n");
  // A reader's key (hasten scales what the files hold) and a run's, the file's value overridden.
  const auto r = migsim::io::import_flee(d.path, {"optimisations.hasten=3", "move_rules.camp_weight=5"});
  INFO(all(r));
  REQUIRE(r.ok());
  CHECK(r.scenario.settings.hasten == 3);
  CHECK(r.scenario.locations[0].population == 333);
  CHECK(r.scenario.settings.camp_weight == 5);
  // Bad ones: each under its own text, all at once, the file's value kept.
  const std::vector<std::string> bad = {"move_rules.camp_weight=-1", "move_rules.max_speed=3", "hasten",
                                        "move_rules.stay_close_to_home=True"};
  const auto b = migsim::io::import_flee(d.path, bad);
  CHECK_FALSE(b.ok());
  const std::string text = all(b);
  CHECK(text.find("move_rules.camp_weight=-1: error: move_rules.camp_weight '-1': expected a number in [0, ") !=
        std::string::npos);
  CHECK(text.find("move_rules.max_speed=3: error: unknown key 'move_rules.max_speed': expected one of ") !=
        std::string::npos);
  CHECK(text.find("hasten: error: 'hasten' is not section.key=value") != std::string::npos);
  CHECK(text.find("move_rules.stay_close_to_home=True: error: move_rules.stay_close_to_home 'True': not supported") !=
        std::string::npos);
  for (const auto& diagnostic : b.diagnostics)
    if (diagnostic.severity == migsim::Severity::error) CHECK(diagnostic.loc.source < bad.size());
  CHECK(b.scenario.settings.camp_weight == 2);
  // What a sweep may vary: the keys a run acts on.
  CHECK(migsim::io::flee_setting_problem("move_rules.max_move_speed").empty());
  CHECK(migsim::io::flee_setting_problem("spawn_rules.take_from_population").empty());
  CHECK(migsim::io::flee_setting_problem("log_levels.agent").find("changes nothing") != std::string::npos);
  CHECK(migsim::io::flee_setting_problem("moves.camp_weight").find("unknown section 'moves'") != std::string::npos);
}
