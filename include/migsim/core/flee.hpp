#pragma once
// Flee's movement rules as a migsim rule set (docs/flee-rules.md), run by a
// parallel, deterministic engine. A FleeScenario is plain data: the IO layer fills it from a
// Flee folder (migsim/io/flee_import.hpp); the core never reads files.
//
// Where this rule set differs from Flee's code on purpose (Flee's defects and Flee's
// serial count updates), see the comment at the top of sim/core/flee/run.cpp and README.md.
#include "migsim/core/layer.hpp"

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "migsim/core/date.hpp"

namespace migsim::flee {

// `camp` and `idpcamp` hold a capacity, the others a population (locations.csv column 7).
// A forwarding_hub (Flee's "forward" locations, e.g. a border crossing people are moved on
// from) is a town whose move chance is 1.
enum class LocationType : std::uint8_t { conflict_zone, town, camp, idpcamp, forwarding_hub };

struct Location {
  std::string name, region, country;
  double lat = 0, lon = 0;
  LocationType type = LocationType::town;
  int conflict_date = 0;  // day a conflict_zone not listed in conflicts.csv becomes one
  double population = 0;  // towns and conflict zones: people (weights where people spawn)
  double capacity = -1;   // camps: people; < 0 = none
};

// An undirected route: Flee makes two directed links of it (from->to, then to->from).
struct Route {
  std::uint16_t from = 0, to = 0;  // indices into FleeScenario::locations
  double distance_km = 0;          // > 0
};

enum class ClosureType : std::uint8_t { country, location, link, camp };

// Active on days [start_day, end_day): Flee closes on start and reopens on end.
struct Closure {
  ClosureType type = ClosureType::link;
  std::uint16_t a = 0, b = 0;  // country: indices into `countries`; location/camp: a location; link: both ends
  int start_day = 0, end_day = 0;
};

// A location's conflict intensity per day (conflicts.csv). Locations without a series are in
// conflict (intensity 1) from their conflict_date if they are of type conflict_zone.
struct ConflictSeries {
  std::uint16_t location = 0;
  std::vector<double> intensity;  // [day]; days past the end keep the last value
};

// The simsetting.yml values this rule set uses (names as in Flee's move_rules).
struct Settings {
  double max_move_speed = 360;  // km per day on a link
  // conflict_weight: Flee's default when the file leaves it out is 1 / sqrt(10), computed
  // from its constant 3.16227766017 (SimulationSettings.py); its shipped files say 0.25.
  double foreign_weight = 1, camp_weight = 1, conflict_weight = 1.0 / 3.16227766017;
  double conflict_movechance = 1, camp_movechance = 0.001, idpcamp_movechance = 0.1, default_movechance = 0.3;
  int awareness_level = 1;  // 1..3: routes of that many hops are scored
  double capacity_buffer = 0.9, capacity_scaling = 1;
  double softening = 10, weight_softening = 0, distance_power = 1, weight_power = 1;
  // spawn_rules (Flee's defaults): spawn the daily increase of the camps' summed data rather
  // than of refugees.csv's total; put each camp's day-0 data into it as people on day 0.
  bool sum_from_camps = true, insert_day0 = true;
  // take_from_population: each person spawned at a location in conflict leaves its population
  // (by one, while above 0), which is what spawn weights and population-scaled move chances
  // read from then on (Flee's Ecosystem.addAgent).
  bool take_from_population = false;
  // empty_camps_on_day0 (Flee's DataTable start_empty): applied by the reader, which takes
  // every data row's day-0 value off its series and the raw count; the run does not read it.
  bool empty_camps_on_day0 = false;
  // start_on_foot: a person's first link is travelled at max_walk_speed km a day (Flee's
  // places_travelled == 1), every later one at max_move_speed.
  bool start_on_foot = false;
  double max_walk_speed = 35;
  // avoid_short_stints (Flee's ForceTownMove): a person who arrives at a town with budget
  // left moves on for sure (move chance 1) when (recent_travel_distance + km moved today /
  // max_move_speed) / 2 < 0.5; recent_travel_distance is halved and topped up with the day's
  // km / max_move_speed at the end of every day.
  bool avoid_short_stints = false;
  // pruning_threshold (moving.pruneRoutes): at or above 1.001, a route choice drops the
  // options weighing less than the heaviest's weight / threshold; below, prunes nothing.
  double pruning_threshold = 1.0;
  // Every move chance x (max(population, capacity) / movechance_pop_base) ^
  // movechance_pop_scale_factor (moving.calculateMoveChance), used as 1 above 1.
  double movechance_pop_base = 10000, movechance_pop_scale_factor = 0;
  // use_pop_for_loc_weight (moving.getEndPointScore): a location that is no camp scores x
  // min(1, population) ^ pop_power_for_loc_weight, as Flee writes it (so only a population
  // below 1 changes anything: 0 scores 0 for a power above 0).
  bool use_pop_for_loc_weight = false;
  double pop_power_for_loc_weight = 0.1;
  // conflict_spawn_decay (SimulationSettings.get_location_conflict_decay): with a list, a
  // location in conflict for d days has its spawn weight (population x intensity) and the
  // exponent of its score's conflict_weight x intensity multiplied by the list's entry
  // min(d / conflict_spawn_decay_interval, last); empty: no decay.
  std::vector<double> conflict_spawn_decay;
  int conflict_spawn_decay_interval = 30;
  // optimisations.hasten (Flee's PopulationScaleDownFactor): applied by the reader, which
  // divides populations and capacities (whole) and the UNHCR data by it.
  int hasten = 1;
};

struct FleeScenario {
  std::string name;
  Date start = 0;  // sim_period.csv StartDate
  int days = 0;    // sim_period.csv Length
  std::vector<Location> locations;
  std::vector<std::string> countries;     // distinct, in order of first appearance
  std::vector<std::uint16_t> country_of;  // [location] -> index into countries
  std::vector<Route> routes;
  std::vector<Closure> closures;
  std::vector<ConflictSeries> conflicts;
  // [day]: Flee's raw UNHCR count, what spawning follows: refugees.csv interpolated and
  // int-truncated, or with sum_from_camps its day-0 value plus the camps' summed data.
  std::vector<std::int64_t> displaced;
  std::vector<std::int64_t> spawn;  // [day]: people spawned that day (see spawn_from_displaced; day 0 the reader's)
  // Observed camp populations for out.csv's "<camp> data" columns: [camp][day], camps in
  // location order; empty = none (written as 0).
  std::vector<std::vector<std::int64_t>> camp_data;
  // People put into each camp (camps in location order) on day 0, before anyone moves
  // (insert_day0); empty = none.
  std::vector<std::int64_t> day0_camp_people;
  Settings settings;
};

// Flee's spawn rule: day 0 spawns nothing here (the reader sets spawn[0]: nothing with
// insert_day0, else displaced[0]); day t spawns displaced[t] - displaced[t-1].
// A decrease is carried as a debt and paid from later increases (Flee's refugee_debt).
// Returns the spawn per day and writes the debt per day into `debt` if given.
std::vector<std::int64_t> spawn_from_displaced(const std::vector<std::int64_t>& displaced,
                                               std::vector<std::int64_t>* debt = nullptr);

// Every problem with a scenario that would stop run_flee, as plain messages ("" if none).
std::vector<std::string> check(const FleeScenario& scenario);

struct DayView {
  int day = 0;
  const std::int64_t* at_location = nullptr;  // [location]: people there at the end of the day (not on links)
  std::int64_t alive = 0;                     // spawned so far
  std::int64_t on_links = 0;
};

class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on_day(const FleeScenario&, const DayView&) {}
};

struct RunOptions {
  std::uint64_t seed = 1;
  int threads = 0;  // 0 = all cores; results do not depend on it
  // Also work out every answer the run looks up or keeps (move days and route choices from
  // its tables, the route weights it keeps from live counts) the plain way, and stop with
  // std::logic_error if the two differ. Slower; the tests turn it on.
  bool check_lookups = false;
};

// Named phases of a Flee day, each timed.
inline constexpr std::array phase_names = {"conflicts_spawn_closures", "tables", "move", "resolve", "observe"};
inline constexpr int phase_count = static_cast<int>(phase_names.size());

struct Result {
  std::vector<std::uint16_t> camps;        // locations that are camps in locations.csv, in file order
  std::vector<std::int64_t> camp_people;   // [day * camps.size() + c], end of day
  std::vector<std::int64_t> alive;         // [day]
  std::vector<std::int64_t> in_camps;      // [day]
  std::vector<std::int64_t> refugee_debt;  // [day]
  std::array<double, phase_count> phase_seconds{};
  double wall_seconds = 0;
  std::uint64_t agents = 0, agent_steps = 0;  // agent-steps: sum over days of agents spawned so far
  int threads = 0;
};

// Runs the scenario. Throws std::invalid_argument if check(scenario) is not empty,
// std::runtime_error if take_from_population has taken the whole population of every location
// in conflict while people remain to be spawned (Flee stops there too), and std::logic_error
// if people are not conserved.
Result run(const FleeScenario& scenario, const RunOptions& options, Observer* observer = nullptr);

}  // namespace migsim::flee
