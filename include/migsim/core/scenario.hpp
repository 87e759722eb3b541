#pragma once
// The scenario as plain data: what a scenario file says, before any model is built.
//
// Flow: a reader (sim/io, YAML) fills a ScenarioSpec and records where every value came
// from; io::validate(spec) returns every semantic problem at once, as the file names them;
// build_model(spec) turns a valid spec into the engine's tables. The core never reads files: Loc is just numbers,
// and `sources` names what they refer to (the scenario file, or a --set argument).
//
// Units: days are whole days, money is US dollars, rates are people per day,
// probabilities and shares are in [0, 1]. Dates are inclusive at both ends.
#include "migsim/core/layer.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "migsim/core/date.hpp"
#include "migsim/core/diagnostic.hpp"
#include "migsim/core/policy_types.hpp"

namespace migsim {

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

// Appeals against a negative first-instance decision.
struct AppealSpec {
  double share = 0;    // of those rejected who appeal, [0, 1]
  int days = 0;        // days from appeal to appeal decision, [0, 3650]
  double success = 0;  // probability the appeal grants protection, [0, 1]
};

// From `from` on, people not simulated one by one do something `per_month` times a month:
// other nationalities lodge applications (background_changes) or register intentions
// (other_registrations); ordinary travellers cross between the origin and a country
// (other_traffic).
struct BackgroundChange {
  Date from = 0;
  double per_month = 0;  // people/month, [0, 1e7]
  Loc loc;               // the item in the file
};

// A country's asylum procedure. Cases are decided first come, first served, shared with
// applicants of other nationalities (the background), at a monthly capacity; so waiting
// times come out of the queue, not out of a fixed number.
struct AsylumSpec : Located {
  double decisions_per_month = 0;   // first-instance decisions, all nationalities, people/month, [0, 1e7]
  double background_pending = 0;    // other nationalities' pending cases on the start date, people, [0, 1e8]
  double background_per_month = 0;  // other nationalities' new applications, people/month, [0, 1e7]
  std::vector<BackgroundChange> background_changes;  // later values of background_per_month, by date
  // Other nationalities' intentions registered here (Eurodac), people/month from each date on,
  // none before the first: the Dublin requests and transfers about them follow the simulated
  // people's (RunFigures' dublin rows, "other" nationalities).
  std::vector<BackgroundChange> other_registrations;
  double lodging_share = 1;  // of registered intentions, the share ever lodged, [0, 1] (Croatia: low)
  // Of those who enter this Dublin state irregularly on their way elsewhere, the share recorded
  // at entry only (fingerprinted when apprehended, Eurodac category 2) who express no intention
  // here: applying in another state later, they are a take-charge request (Dublin III Art. 13(1)),
  // not a take-back one. [0, 1]
  double recorded_at_entry = 0;
  int days_to_lodge = 0;   // days from registering an intention to lodging, [0, 3650]
  double recognition = 0;  // first-instance recognition rate unless a policy says otherwise, [0, 1]
  AppealSpec appeal;
  double detention = 0;  // share of applicants detained while they wait, [0, 1]
};

struct CountrySpec : Located {
  std::string id;                      // short code used in the file, e.g. "FI"
  std::string name;                    // human name, e.g. "Finland"
  double attractiveness = 0;           // utility units, [-10, 10]; diaspora, jobs, cost of living
  std::optional<Date> eu_since;        // member of the EU from this date
  std::optional<Date> schengen_since;  // in the Schengen area from this date (Croatia: 2023-01-01)
  std::optional<Date> dublin_since;    // bound by the Dublin regulation from this date
  bool destination = true;             // may people choose it as where they want to end up
  std::optional<AsylumSpec> asylum;    // none = no asylum for these people: arriving means settling
  // Crossings between the origin and this country by people the scenario does not simulate
  // (workers, drivers, visitors who were never displaced), people/month in each direction
  // from each date on, none before the first: counted in flows.csv apart from the simulated
  // people, and in the `arrivals` metric with them, as border-crossing figures count every
  // movement. They change nothing else.
  std::vector<BackgroundChange> other_traffic;
};

// A place that matters inside a country (a border town, a camp). Vertices like countries.
struct PlaceSpec : Located {
  std::string id;
  std::string name;
  std::string country;  // id of the country it lies in
};

struct CrossingSpec : Located {
  std::string id;
  std::string from;  // country or place id
  std::string to;    // country or place id
  Mode mode = Mode::land;
  int days = 1;                                 // whole days of travel, [1, 365]
  double cost = 0;                              // USD per person, [0, 1e6]
  std::vector<std::string> requires_documents;  // all of these are needed
  std::optional<double> capacity_per_day;       // people per day, [0, 1e9]; none = unlimited
  bool both_ways = false;                       // also create the reverse crossing (same id, reversed)
};

struct AgeBand {
  int from = 0;      // years, inclusive, [0, 120]
  int to = 0;        // years, inclusive, [from, 120]
  double share = 0;  // [0, 1]; a profile's bands sum to 1
  Loc loc;
};

struct ProfileSpec : Located {
  std::string id;
  double share = 0;                         // of all departures, [0, 1]; profiles sum to 1
  double male_share = 0.5;                  // [0, 1]
  std::vector<AgeBand> age;                 // age distribution, uniform within a band
  std::map<std::string, double> documents;  // document -> probability of holding it; unlisted = 0
  double criminal_record = 0;               // probability, [0, 1]
  double ex_combatant = 0;                  // probability, [0, 1]
  double savings_median = 0;                // USD, lognormal median, [0, 1e7]
  double savings_sigma = 0;                 // lognormal sigma of log savings, [0, 5]
};

// Departures: the number of people leaving on a day is people.total times that day's
// weight over the sum of weights of all days of the scenario. Days no window covers have
// weight 0. Windows of the departure schedule may not overlap.
struct DepartureSpec : Located {
  Date from = 0;
  Date until = 0;
  double weight = 0;                             // relative daily intensity, [0, 1e9]
  std::map<std::string, double> profile_shares;  // optional; replaces profiles' shares in the window
  std::map<std::string, double> place_shares;    // optional; where in the origin country they set off from
};

// Who a policy applies to. Empty / unset fields match everyone.
struct SelectorSpec : Located {
  std::vector<std::string> profiles;    // any of these profiles
  std::optional<bool> male;             // sex
  std::optional<int> age_from, age_to;  // years, inclusive
  std::vector<std::string> documents;   // holds all of these
  std::vector<std::string> lacking;     // holds none of these
  std::optional<bool> ex_combatant;
  std::optional<bool> criminal_record;
};

// Where a policy applies. What it means depends on the type: for entry_ban, crossings into
// the listed countries (and the listed crossings); for border_closure, crossings into or out
// of the listed countries (and the listed crossings). `modes` narrows either to those modes.
struct WhereSpec : Located {
  std::vector<std::string> countries;
  std::vector<std::string> crossings;
  std::vector<Mode> modes;  // empty = every mode
};

// Policy types and their parameters: migsim/core/policy_types.hpp, the registry.

struct PolicySpec : Located {
  std::string name;  // unique; --set addresses policies.<name>.<key>
  Date from = 0;
  std::optional<Date> until;  // none = until the end of the scenario
  bool enabled = true;        // false: checked, but never in force (counterfactuals)
  SelectorSpec who;
  WhereSpec where;
  PolicyParams params;  // the type and its parameters (migsim/core/policy_types.hpp)

  PolicyType type() const { return type_of(params); }
};

// Coefficients of the destination logit: V_j = attractiveness_coef * attractiveness_j
//   + cost_coef * (path cost to j in USD / 1000) + days_coef * (path days to j)
//   + recognition_coef * (today's first-instance recognition rate at j for the person's profile).
//
// After a final rejection, after being pushed back, or at the end of a stay limit, people
// choose what to do next by these shares (they sum to 1):
//   move_on   another destination, irregular crossings included (a later application in
//             another Dublin state starts a take-back request)
//   non_eu    another destination outside the EU
//   hide      stay where they are without status: irregular abroad (a rejected applicant
//             stays deportable), in_transit in the origin country
//   go_home   return to the origin, for good (status home)
struct AfterRefusalSpec : Located {
  double move_on = 0, non_eu = 0, hide = 1, go_home = 0;  // shares, [0, 1], sum 1
};

struct BehaviourSpec : Located {
  double attractiveness_coef = 1.0;  // per utility unit, [-100, 100]
  double cost_coef = 0.0;            // per 1000 USD, [-100, 0]
  double days_coef = 0.0;            // per day of travel, [-100, 0]
  double recognition_coef = 0.0;     // per unit of recognition probability for the person's profile, [0, 100]
  // Odds of lodging where one registered an intention: lodging_share's odds times
  // exp(lodging_recognition_coef * (recognition rate there today for the person - the
  // country's own rate)). Log-odds per unit of probability, [0, 100]; 0 = no response.
  double lodging_recognition_coef = 0.0;
  // Whether destination choice counts the days people queued at a crossing with a daily
  // capacity would wait there (queued / capacity) as days of travel (Run::see_queues).
  bool sees_queues = false;
  std::vector<std::string> settle_with;  // documents that let people settle without applying for asylum
  AfterRefusalSpec after_refusal;
};

inline constexpr int max_scenario_days = 36525;  // 100 years; the engine's day counters are 16-bit

struct ScenarioSpec {
  std::vector<std::string> sources;  // what Loc::source indexes: [0] is the scenario file
  std::string name;
  Date start = 0;          // first simulated day
  Date end = 0;            // last simulated day, inclusive
  std::uint64_t seed = 1;  // default run seed; the CLI's --seed overrides it
  Located scenario_locs, people_locs;

  std::string origin;       // country id people leave from
  double total_people = 0;  // people who leave over the whole schedule, [0, 1e9]
  double scale = 1;         // people per agent, [1, 1e6]

  std::vector<std::string> documents;  // document kinds, at most 8
  std::vector<Loc> document_locs;
  std::vector<CountrySpec> countries;
  std::vector<PlaceSpec> places;
  std::vector<CrossingSpec> crossings;
  std::vector<ProfileSpec> profiles;
  std::vector<DepartureSpec> departures;
  std::vector<PolicySpec> policies;
  BehaviourSpec behaviour;
};

inline constexpr std::array<std::string_view, 4> mode_names = {"air", "land", "sea", "irregular"};
constexpr std::string_view name_of(Mode m) {
  return mode_names[static_cast<std::size_t>(m)];
}

}  // namespace migsim
