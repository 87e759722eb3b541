#pragma once
// The scenario as plain data: what a scenario file says, before any model is built.
//
// Flow: a reader (sim/io, YAML) fills a ScenarioSpec and records where every value came
// from; validate(spec) returns every semantic problem at once; build_model(spec) turns a
// valid spec into the engine's tables. The core never reads files: Loc is just numbers,
// and `sources` names what they refer to (the scenario file, or a --set argument).
//
// Units: days are whole days, money is US dollars, rates are people per day,
// probabilities and shares are in [0, 1]. Dates are inclusive at both ends.
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "migsim/date.hpp"

namespace migsim {

// Where a value came from: sources[source] at 1-based line and column (0 = unknown).
struct Loc {
  std::uint16_t source = 0;
  std::int32_t line = 0;
  std::int32_t col = 0;
};

struct Diagnostic {
  Loc loc;
  std::string message;  // "<what> <bad value>: expected <what was expected>"
};

// Locations of an entity and of each key it had in the file.
struct Located {
  Loc loc;                              // the entity itself (its map in the file)
  std::map<std::string, Loc> key_locs;  // key -> location of its value
  Loc at(const std::string& key) const {
    auto it = key_locs.find(key);
    return it == key_locs.end() ? loc : it->second;
  }
};

enum class Mode : std::uint8_t { air, land, sea, irregular };

struct CountrySpec : Located {
  std::string id;                       // short code used in the file, e.g. "FI"
  std::string name;                     // human name, e.g. "Finland"
  double attractiveness = 0;            // utility units, [-10, 10]; diaspora, jobs, cost of living
  std::optional<Date> eu_since;         // member of the EU from this date
  std::optional<Date> schengen_since;   // in the Schengen area from this date (Croatia: 2023-01-01)
  std::optional<Date> dublin_since;     // bound by the Dublin regulation from this date
  bool destination = true;              // may people choose it as where they want to end up
};

// A place that matters inside a country (a border town, a camp). Vertices like countries.
struct PlaceSpec : Located {
  std::string id;
  std::string name;
  std::string country;                  // id of the country it lies in
};

struct CrossingSpec : Located {
  std::string id;
  std::string from;                     // country or place id
  std::string to;                       // country or place id
  Mode mode = Mode::land;
  int days = 1;                         // whole days of travel, [1, 365]
  double cost = 0;                      // USD per person, [0, 1e6]
  std::vector<std::string> requires_documents;  // all of these are needed
  std::optional<double> capacity_per_day;       // people per day, [0, 1e9]; none = unlimited
  bool both_ways = false;               // also create the reverse crossing (same id, reversed)
};

struct AgeBand {
  int from = 0;       // years, inclusive, [0, 120]
  int to = 0;         // years, inclusive, [from, 120]
  double share = 0;   // [0, 1]; a profile's bands sum to 1
  Loc loc;
};

struct ProfileSpec : Located {
  std::string id;
  double share = 0;                     // of all departures, [0, 1]; profiles sum to 1
  double male_share = 0.5;              // [0, 1]
  std::vector<AgeBand> age;             // age distribution, uniform within a band
  std::map<std::string, double> documents;  // document -> probability of holding it; unlisted = 0
  double criminal_record = 0;           // probability, [0, 1]
  double ex_combatant = 0;              // probability, [0, 1]
  double savings_median = 0;            // USD, lognormal median, [0, 1e7]
  double savings_sigma = 0;             // lognormal sigma of log savings, [0, 5]
};

// Departures: the number of people leaving on a day is people.total times that day's
// weight over the sum of weights of all days of the scenario. Days no window covers have
// weight 0. Windows of the departure schedule may not overlap.
struct DepartureSpec : Located {
  Date from = 0;
  Date until = 0;
  double weight = 0;                            // relative daily intensity, [0, 1e9]
  std::map<std::string, double> profile_shares; // optional; replaces profiles' shares in the window
};

// Who a policy applies to. Empty / unset fields match everyone.
struct SelectorSpec : Located {
  std::vector<std::string> profiles;            // any of these profiles
  std::optional<bool> male;                     // sex
  std::optional<int> age_from, age_to;          // years, inclusive
  std::vector<std::string> documents;           // holds all of these
  std::vector<std::string> lacking;             // holds none of these
  std::optional<bool> ex_combatant;
  std::optional<bool> criminal_record;
};

// Where a policy applies. What it means depends on the type: for entry_ban, crossings into
// the listed countries (and the listed crossings); for border_closure, crossings into or out
// of the listed countries (and the listed crossings). `modes` narrows either to those modes.
struct WhereSpec : Located {
  std::vector<std::string> countries;
  std::vector<std::string> crossings;
  std::vector<Mode> modes;                      // empty = every mode
};

enum class PolicyType : std::uint8_t { entry_ban, border_closure };

struct PolicySpec : Located {
  std::string name;                     // unique; --set addresses policies.<name>.<key>
  PolicyType type = PolicyType::entry_ban;
  Date from = 0;
  std::optional<Date> until;            // none = until the end of the scenario
  SelectorSpec who;
  WhereSpec where;
};

// Coefficients of the destination logit: V_j = attractiveness_coef * attractiveness_j
//   + cost_coef * (path cost to j in USD / 1000) + days_coef * (path days to j).
struct BehaviourSpec : Located {
  double attractiveness_coef = 1.0;     // per utility unit, [-100, 100]
  double cost_coef = 0.0;               // per 1000 USD, [-100, 100]
  double days_coef = 0.0;               // per day of travel, [-100, 100]
};

inline constexpr int max_scenario_days = 36525;  // 100 years; the engine's day counters are 16-bit

struct ScenarioSpec {
  std::vector<std::string> sources;     // what Loc::source indexes: [0] is the scenario file
  std::string name;
  Date start = 0;                       // first simulated day
  Date end = 0;                         // last simulated day, inclusive
  std::uint64_t seed = 1;               // default run seed; the CLI's --seed overrides it
  Located scenario_locs, people_locs;

  std::string origin;                   // country id people leave from
  double total_people = 0;              // people who leave over the whole schedule, [0, 1e9]
  double scale = 1;                     // people per agent, [1, 1e6]

  std::vector<std::string> documents;   // document kinds, at most 8
  std::vector<Loc> document_locs;
  std::vector<CountrySpec> countries;
  std::vector<PlaceSpec> places;
  std::vector<CrossingSpec> crossings;
  std::vector<ProfileSpec> profiles;
  std::vector<DepartureSpec> departures;
  std::vector<PolicySpec> policies;
  BehaviourSpec behaviour;
};

// Every semantic problem of a spec at once: unknown references, duplicate ids, shares that
// do not sum to 1, windows the wrong way round, an origin that can reach nothing, ... .
// Checks of form (types, ranges, unknown keys, syntax) belong to the reader, which knows
// the text. An empty result means build_model(spec) will succeed.
std::vector<Diagnostic> validate(const ScenarioSpec& spec);

std::string_view name_of(Mode m);
std::string_view name_of(PolicyType t);

}  // namespace migsim
