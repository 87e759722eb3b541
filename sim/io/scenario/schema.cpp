#include "schema.hpp"

#include <array>
#include <cmath>
#include <cstdio>
#include <ostream>
#include <type_traits>
#include <utility>
#include <variant>

#include "migsim/core/date.hpp"
#include "migsim/core/policy_types.hpp"
#include "migsim/core/scenario.hpp"
#include "migsim/io/date_text.hpp"
#include "migsim/io/schema.hpp"

namespace migsim::io::detail {
namespace {

constexpr double kNone = 0;
constexpr double kMinDate = date_from_ymd(1900, 1, 1);
constexpr double kMaxDate = date_from_ymd(2199, 12, 31);
constexpr double kManyItems = 1e6;

// Policy types as the file spells them, '|'-joined from the registry in PolicyType order (the
// reader casts the choice's index to a PolicyType).
constexpr std::size_t policy_choices_size() {
  std::size_t n = 0;
  for (const PolicyTypeInfo& t : policy_type_table) n += t.name.size() + 1;
  return n - 1;
}
constexpr auto kPolicyTypeChoicesText = [] {
  std::array<char, policy_choices_size()> out{};
  std::size_t i = 0;
  for (const PolicyTypeInfo& t : policy_type_table) {
    if (i > 0) out[i++] = '|';
    for (char c : t.name) out[i++] = c;
  }
  return out;
}();
constexpr std::string_view kPolicyTypeChoices{kPolicyTypeChoicesText.data(), kPolicyTypeChoicesText.size()};

constexpr std::string_view kProb = "probability";
constexpr std::string_view kDef = "definition of a probability";

// One row per key. Order is the order of docs/scenario.md; a section's row comes before
// its keys.
constexpr std::array kParams = std::to_array<Param>({
    {"scenario", Kind::section, true, "", "", kNone, kNone, "", "Name, simulated period and default seed.", ""},
    {"scenario.name", Kind::text, true, "", "", kNone, kNone, "", "Name of the scenario, written into every result.",
     ""},
    {"scenario.start", Kind::date, true, "", "", kMinDate, kMaxDate, "", "First simulated day.",
     "calendar range the model supports"},
    {"scenario.end", Kind::date, true, "", "", kMinDate, kMaxDate, "",
     "Last simulated day, inclusive; not before start.", "calendar range the model supports"},
    {"scenario.seed", Kind::seed, false, "", "1", 0, 0, "", "Default run seed; the CLI's --seed overrides it.",
     "any 64-bit seed"},

    {"documents", Kind::id_list, false, "", "[] (none)", 0, 8, "",
     "Kinds of travel documents people may hold (internal passport, visas, ...). Crossings require them, profiles hand "
     "them out.",
     "at most 8: the engine keeps a person's documents as 8 bits"},

    {"people", Kind::section, true, "", "", kNone, kNone, "",
     "Who leaves, from where, and how many people one agent stands for.", ""},
    {"people.origin", Kind::id, true, "", "", kNone, kNone, "",
     "Id of the country people leave from; must be a country, not a place. Where in it they set off from: "
     "departures[].places.",
     ""},
    {"people.total", Kind::number, true, "people", "", 0, 1e9, "",
     "People who leave over the whole departure schedule.", "assumed ceiling, far above any emigration on record"},
    {"people.scale", Kind::number, false, "people per agent", "1", 1, 1e6, "",
     "How many real people one agent stands for.", "an agent is at least one person"},

    {"countries", Kind::entity_list, true, "", "", 1, kManyItems, "", "Countries: vertices of the world graph.", ""},
    {"countries[].id", Kind::id, true, "", "", kNone, kNone, "",
     "Short code other keys refer to, e.g. FI; unique among countries and places.", ""},
    {"countries[].name", Kind::text, false, "", "the id", kNone, kNone, "", "Human name, e.g. Finland.", ""},
    {"countries[].attractiveness", Kind::number, false, "utility", "0", -10, 10, "",
     "Pull of the country as a destination: diaspora, jobs, cost of living.", "logit utility scale, assumed bounds"},
    {"countries[].eu", Kind::date, false, "", "not a member", kMinDate, kMaxDate, "",
     "Member of the EU from this date.", ""},
    {"countries[].schengen", Kind::date, false, "", "not a member", kMinDate, kMaxDate, "",
     "In the Schengen area from this date (Croatia: 2023-01-01).", ""},
    {"countries[].dublin", Kind::date, false, "", "not bound", kMinDate, kMaxDate, "",
     "Bound by the Dublin regulation from this date.", ""},
    {"countries[].destination", Kind::boolean, false, "", "true", kNone, kNone, "",
     "Whether people may choose it as where they want to end up.", ""},
    {"countries[].asylum", Kind::section, false, "", "none: arriving means settling", kNone, kNone, "",
     "The country's asylum procedure, a queue: cases are decided first come, first served at a monthly capacity "
     "shared with applicants of other nationalities, so waiting times come out of the queue. A country without it "
     "grants these people no asylum.",
     ""},
    {"countries[].asylum.decisions_per_month", Kind::number, true, "people per month", "", 0, 1e7, "",
     "First-instance decisions per month, all nationalities together; processing_capacity policies replace it for "
     "their window.",
     "assumed ceiling, above the EU's total"},
    {"countries[].asylum.background_pending", Kind::number, false, "people", "0", 0, 1e8, "",
     "Other nationalities' cases pending on the start date, queued ahead of everyone modelled.", "assumed ceiling"},
    {"countries[].asylum.background_per_month", Kind::number, false, "people per month", "0", 0, 1e7, "",
     "Other nationalities' new applications per month, sharing the decision capacity; from the start date until "
     "the first of background_changes.",
     "assumed ceiling"},
    {"countries[].asylum.background_changes", Kind::entity_list, false, "", "[] (constant)", 0, 1200, "",
     "The background load as a series: each item sets background_per_month from its date on (until the next "
     "item's), in date order.",
     "a change a month for 100 years at most"},
    {"countries[].asylum.background_changes[].from", Kind::date, true, "", "", kMinDate, kMaxDate, "",
     "First day of the new monthly load; after the previous item's, within the scenario.", ""},
    {"countries[].asylum.background_changes[].per_month", Kind::number, true, "people per month", "", 0, 1e7, "",
     "Other nationalities' new applications per month from that day on.", "as background_per_month"},
    {"countries[].asylum.other_registrations", Kind::entity_list, false, "", "[] (none)", 0, 1200, "",
     "Intentions to apply that people of other nationalities register here (Eurodac), as a series: each item "
     "sets the monthly number from its date on (until the next item's), none before the first. The published "
     "Dublin figures count every nationality: the requests and transfers about these people are taken to "
     "follow those of the simulated people registered here, month of registration by month (dublin.csv, "
     "nationalities `other`).",
     "a change a month for 100 years at most"},
    {"countries[].asylum.other_registrations[].from", Kind::date, true, "", "", kMinDate, kMaxDate, "",
     "First day of the new monthly number; after the previous item's, within the scenario.", ""},
    {"countries[].asylum.other_registrations[].per_month", Kind::number, true, "people per month", "", 0, 1e7, "",
     "Other nationalities' intentions registered per month from that day on.", "as background_per_month"},
    {"countries[].asylum.lodging_share", Kind::number, false, "share", "1", 0, 1, "",
     "Of the intentions to apply registered here, the share ever lodged as an application (Croatia: low).",
     "definition of a share"},
    {"countries[].asylum.recorded_at_entry", Kind::number, false, "share", "0", 0, 1, "",
     "Of those who enter this Dublin state irregularly on their way to another country, the share recorded at "
     "entry only (fingerprinted when apprehended, Eurodac category 2) who express no intention to apply here: "
     "they are not counted as registrations, and applying in another Dublin state later makes a take-charge "
     "request to this one (Dublin III Art. 13(1)); the others express an intention (a take-back request). "
     "People who came to stay here always express one.",
     "definition of a share"},
    {"countries[].asylum.days_to_lodge", Kind::integer, false, "days", "0", 0, 3650, "",
     "Days from registering an intention to lodging the application.", "assumed ceiling of 10 years"},
    {"countries[].asylum.recognition", Kind::number, true, kProb, "", 0, 1, "",
     "First-instance recognition rate (refugee or subsidiary protection), unless a recognition policy says "
     "otherwise.",
     kDef},
    {"countries[].asylum.appeal", Kind::section, false, "", "no appeals", kNone, kNone, "",
     "Appeals against a negative first-instance decision.", ""},
    {"countries[].asylum.appeal.share", Kind::number, true, "share", "", 0, 1, "",
     "Of those rejected at first instance, the share who appeal.", "definition of a share"},
    {"countries[].asylum.appeal.days", Kind::integer, true, "days", "", 0, 3650, "",
     "Days from an appeal to its decision.", "assumed ceiling of 10 years"},
    {"countries[].asylum.appeal.success", Kind::number, true, kProb, "", 0, 1, "",
     "Probability that an appeal grants protection.", kDef},
    {"countries[].asylum.detention", Kind::number, false, "share", "0", 0, 1, "",
     "Share of applicants detained while they wait.", "definition of a share"},

    {"countries[].other_traffic", Kind::entity_list, false, "", "[] (none)", 0, 1200, "",
     "Crossings between the origin and this country by people the scenario does not simulate (workers, drivers, "
     "visitors who were never displaced), as a series: each item sets the monthly number in each direction from "
     "its date on (until the next item's), none before the first. Published border-crossing figures count every "
     "movement: flows.csv counts these crossings apart (column other_traffic), and the arrivals metric adds them "
     "to the simulated people's. They move no one and change nothing else. Not for the origin itself.",
     "a change a month for 100 years at most"},
    {"countries[].other_traffic[].from", Kind::date, true, "", "", kMinDate, kMaxDate, "",
     "First day of the new monthly number; after the previous item's, within the scenario.", ""},
    {"countries[].other_traffic[].per_month", Kind::number, true, "crossings per month in each direction", "", 0, 1e8,
     "", "Crossings from the origin into this country, and as many back, per month from that day on.",
     "assumed ceiling, a hundred times the Poland-Ukraine border's traffic in 2019 (21.74 million crossings both "
     "ways, Statistics Poland)"},

    {"places", Kind::entity_list, false, "", "[] (none)", 0, kManyItems, "",
     "Places that matter inside a country (a border town, a camp); vertices like countries.", ""},
    {"places[].id", Kind::id, true, "", "", kNone, kNone, "",
     "Id other keys refer to; unique among countries and places.", ""},
    {"places[].name", Kind::text, false, "", "the id", kNone, kNone, "", "Human name.", ""},
    {"places[].country", Kind::id, true, "", "", kNone, kNone, "", "Id of the country the place lies in.", ""},

    {"crossings", Kind::entity_list, true, "", "", 1, kManyItems, "", "Crossings: directed edges of the world graph.",
     ""},
    {"crossings[].id", Kind::id, true, "", "", kNone, kNone, "", "Id policies refer to; unique among crossings.", ""},
    {"crossings[].from", Kind::id, true, "", "", kNone, kNone, "", "Country or place the crossing leaves from.", ""},
    {"crossings[].to", Kind::id, true, "", "", kNone, kNone, "", "Country or place the crossing leads to.", ""},
    {"crossings[].mode", Kind::choice, true, "", "", kNone, kNone, "air|land|sea|irregular",
     "How people travel; policies can target a mode.", ""},
    {"crossings[].days", Kind::integer, true, "days", "", 1, 365, "", "Whole days of travel.",
     "a journey leg of at most a year (assumed)"},
    {"crossings[].cost", Kind::number, false, "USD per person", "0", 0, 1e6, "", "Money the crossing costs one person.",
     "assumed ceiling"},
    {"crossings[].requires", Kind::id_list, false, "", "[] (nothing)", 0, 8, "",
     "Documents a person needs, all of them, to use the crossing.", "at most the 8 document kinds"},
    {"crossings[].capacity_per_day", Kind::number, false, "people per day", "unlimited", 0, 1e9, "",
     "Most people who can cross per day.", "same ceiling as people.total"},
    {"crossings[].both_ways", Kind::boolean, false, "", "false", kNone, kNone, "",
     "Also create the reverse crossing, with the same id and attributes.", ""},

    {"profiles", Kind::entity_list, true, "", "", 1, kManyItems, "",
     "Kinds of emigrants (anti-war, mobilisation evader, ...) and how their attributes are drawn.", ""},
    {"profiles[].id", Kind::id, true, "", "", kNone, kNone, "",
     "Id departures and policies refer to; unique among profiles.", ""},
    {"profiles[].share", Kind::number, true, "share", "", 0, 1, "",
     "Share of all departures; the shares of all profiles sum to 1.", "definition of a share"},
    {"profiles[].male_share", Kind::number, false, "share", "0.5", 0, 1, "", "Share of men.", "definition of a share"},
    {"profiles[].age", Kind::entity_list, true, "", "", 1, 120, "",
     "Age distribution as bands, uniform within a band; band shares sum to 1.", ""},
    {"profiles[].age[].from", Kind::integer, true, "years", "", 0, 120, "", "Youngest age in the band, inclusive.",
     "human lifespan"},
    {"profiles[].age[].to", Kind::integer, true, "years", "", 0, 120, "",
     "Oldest age in the band, inclusive; not below from.", "human lifespan"},
    {"profiles[].age[].share", Kind::number, true, "share", "", 0, 1, "", "Share of the profile in this band.",
     "definition of a share"},
    {"profiles[].documents", Kind::share_map, false, kProb, "{} (none)", 0, 1, "",
     "Map document -> probability that a person of this profile holds it; unlisted documents: 0.", kDef},
    {"profiles[].criminal_record", Kind::number, false, kProb, "0", 0, 1, "",
     "Probability of having a criminal record.", kDef},
    {"profiles[].ex_combatant", Kind::number, false, kProb, "0", 0, 1, "", "Probability of being an ex-combatant.",
     kDef},
    {"profiles[].savings", Kind::section, true, "", "", kNone, kNone, "",
     "Savings are lognormal: median and sigma of log savings.", ""},
    {"profiles[].savings.median", Kind::number, true, "USD", "", 0, 1e7, "", "Median savings of one person.",
     "assumed ceiling"},
    {"profiles[].savings.sigma", Kind::number, true, "log USD", "", 0, 5, "", "Standard deviation of log savings.",
     "assumed ceiling"},

    {"departures", Kind::entity_list, true, "", "", 1, kManyItems, "",
     "Departure schedule: people leaving on a day = people.total x that day's weight / sum of weights of all days. "
     "Days no window covers have weight 0; windows may not overlap and lie within the scenario.",
     ""},
    {"departures[].from", Kind::date, true, "", "", kMinDate, kMaxDate, "", "First day of the window.", ""},
    {"departures[].until", Kind::date, true, "", "", kMinDate, kMaxDate, "",
     "Last day of the window, inclusive; not before from.", ""},
    {"departures[].weight", Kind::number, true, "relative daily intensity", "", 0, 1e9, "",
     "Weight of each day of the window.", "assumed ceiling"},
    {"departures[].shares", Kind::share_map, false, "share", "profiles' shares", 0, 1, "",
     "Map profile -> share of departures in this window; replaces the profiles' shares and sums to 1.",
     "definition of a share"},
    {"departures[].places", Kind::share_map, false, "share", "everyone sets off from the origin", 0, 1, "",
     "Map place -> share of this window's departures who set off from it: places of the origin country (places[] "
     "with country: the origin) or the origin itself; sums to 1. Whoever goes home goes back to the place they set "
     "off from; people removed to the origin (extradition, deportation) arrive at the origin itself.",
     "definition of a share"},

    {"policies", Kind::entity_list, false, "", "[] (none)", 0, kManyItems, "",
     "Time-windowed rules: who may cross where, how asylum claims are decided, who is returned. Each type takes its "
     "own parameters; see Policy types below.",
     ""},
    {"policies[].name", Kind::id, true, "", "", kNone, kNone, "", "Unique name; --set addresses policies.<name>.<key>.",
     ""},
    {"policies[].type", Kind::choice, true, "", "", kNone, kNone, kPolicyTypeChoices,
     "What the policy does and which parameters it takes; see Policy types below.", ""},
    {"policies[].from", Kind::date, true, "", "", kMinDate, kMaxDate, "", "First day the policy applies.", ""},
    {"policies[].until", Kind::date, false, "", "end of the scenario", kMinDate, kMaxDate, "",
     "Last day the policy applies, inclusive; not before from.", ""},
    {"policies[].enabled", Kind::boolean, false, "", "true", kNone, kNone, "",
     "false switches the policy off while keeping it in the file: the counterfactual \"what if it had not "
     "happened\" is --set policies.<name>.enabled=false. A disabled policy is still checked.",
     ""},
    {"policies[].who", Kind::section, false, "", "everyone", kNone, kNone, "",
     "Whom the policy applies to; every key given must match, absent keys match everyone.", ""},
    {"policies[].who.profiles", Kind::id_list, false, "", "any profile", 0, kManyItems, "",
     "People of any of these profiles.", ""},
    {"policies[].who.sex", Kind::choice, false, "", "either", kNone, kNone, "male|female", "People of this sex.", ""},
    {"policies[].who.age", Kind::section, false, "", "any age", kNone, kNone, "", "People aged from..to, inclusive.",
     ""},
    {"policies[].who.age.from", Kind::integer, true, "years", "", 0, 120, "", "Youngest age, inclusive.",
     "human lifespan"},
    {"policies[].who.age.to", Kind::integer, true, "years", "", 0, 120, "", "Oldest age, inclusive; not below from.",
     "human lifespan"},
    {"policies[].who.documents", Kind::id_list, false, "", "any", 0, 8, "", "People holding all of these documents.",
     ""},
    {"policies[].who.lacking", Kind::id_list, false, "", "any", 0, 8, "", "People holding none of these documents.",
     ""},
    {"policies[].who.ex_combatant", Kind::boolean, false, "", "either", kNone, kNone, "",
     "Ex-combatants (true) or others (false).", ""},
    {"policies[].who.criminal_record", Kind::boolean, false, "", "either", kNone, kNone, "",
     "People with (true) or without (false) a criminal record.", ""},
    {"policies[].where", Kind::section, false, "", "none; required by every type but exit_ban", kNone, kNone, "",
     "Where the policy applies; at least one country or crossing. exit_ban acts at the origin and needs none.", ""},
    {"policies[].where.countries", Kind::id_list, false, "", "[] (none)", 0, kManyItems, "", "Country ids.", ""},
    {"policies[].where.crossings", Kind::id_list, false, "", "[] (none)", 0, kManyItems, "",
     "Crossing ids; only for entry_ban, border_closure and pushback, the types that act on crossings.", ""},
    {"policies[].where.modes", Kind::choice_list, false, "", "every mode", 0, 4, "air|land|sea|irregular",
     "Narrows the policy to crossings of these modes; only for the types that act on crossings.", ""},
    // (The parameters of each policy type, policies[].probability and so on, follow here:
    // they are declared with the types, in migsim/core/policy_types.hpp, and inserted by params().)

    {"behaviour", Kind::section, false, "", "the defaults below", kNone, kNone, "", "How movers choose.", ""},
    {"behaviour.logit", Kind::section, false, "", "the defaults below", kNone, kNone, "",
     "Destination choice, a multinomial logit: V_j = attractiveness x attractiveness_j + cost_per_1000_usd x (path "
     "cost to j / 1000 USD) + travel_days x (path days to j) + recognition x (chance of recognition at j for the "
     "person's profile). The route to j is the path that maximises the same "
     "utility, so both path weights must be <= 0 (a route search needs non-negative crossing weights).",
     ""},
    {"behaviour.logit.attractiveness", Kind::number, false, "per utility unit", "1", -100, 100, "",
     "Weight of a destination's attractiveness.", "assumed bounds"},
    {"behaviour.logit.cost_per_1000_usd", Kind::number, false, "per 1000 USD", "0", -100, 0, "",
     "Weight of the path's cost; negative deters. Also weighs crossings in route search.", "assumed bounds"},
    {"behaviour.logit.travel_days", Kind::number, false, "per day", "0", -100, 0, "",
     "Weight of the path's days of travel; negative deters. Also weighs crossings in route search.", "assumed bounds"},
    {"behaviour.logit.recognition", Kind::number, false, "per unit of probability", "0", 0, 100, "",
     "Weight of the recognition chance (0 to 1) the destination offers the person's profile.",
     "assumed bounds; positive: a better chance attracts"},
    {"behaviour.lodging_recognition", Kind::number, false, "log-odds per unit of probability", "0", 0, 100, "",
     "How lodging responds to recognition: where someone has registered an intention, the odds that they lodge "
     "are the country's lodging_share odds times exp(lodging_recognition x (the recognition rate they would get "
     "there today - the country's own asylum.recognition)). So lodging_share holds at the country's own rate, and "
     "a recognition policy that raises the rate keeps more people (0: it keeps no one more).",
     "assumed bounds; positive: a better chance keeps people"},
    {"behaviour.sees_queues", Kind::boolean, false, "", "false", kNone, kNone, "",
     "Whether destination choice sees queues at crossings with a daily capacity: each such crossing on the path "
     "to a destination adds, to the path's days in the logit's travel_days term, the days the people queued there "
     "yesterday would wait (queued / capacity_per_day). Routes themselves are still chosen on the crossings' own "
     "days and cost. A queue's wait is passed on when it has moved by more than a day and by more than a quarter "
     "since it was last passed on (news of a queue is not daily; ASSUMED). false: a queue is invisible until one "
     "joins it.",
     ""},
    {"behaviour.settle_with", Kind::id_list, false, "", "[] (none)", 0, 8, "",
     "Documents that let people settle where they arrive without applying for asylum (a residence permit, a "
     "visa that allows work).",
     "at most the 8 document kinds"},
    {"behaviour.after_refusal", Kind::section, false, "", "hide 1, the others 0", kNone, kNone, "",
     "What people do after a final rejection, a pushback or the end of a stay limit, as shares that sum to 1 "
     "(within 1e-6). When the map is given, a share it leaves out is 0.",
     ""},
    {"behaviour.after_refusal.move_on", Kind::number, false, "share", "0", 0, 1, "",
     "Another destination, irregular crossings included; a later application in another Dublin state starts a "
     "take-back request.",
     "definition of a share"},
    {"behaviour.after_refusal.non_eu", Kind::number, false, "share", "0", 0, 1, "",
     "Another destination outside the EU.", "definition of a share"},
    {"behaviour.after_refusal.hide", Kind::number, false, "share", "0 (1 without the map)", 0, 1, "",
     "Stay where they are without status, making no more plans: abroad they are `irregular` (after a rejected "
     "case still removable: deportation policies apply to them); pushed back into the origin country, they stay "
     "there. Whoever finds no destination for move_on or non_eu does the same.",
     "definition of a share"},
    {"behaviour.after_refusal.go_home", Kind::number, false, "share", "0", 0, 1, "",
     "Return to the origin, for good (status home).", "definition of a share"},
});

Kind kind_of(ParamValue v) {
  switch (v) {
    case ParamValue::number:
      return Kind::number;
    case ParamValue::whole:
      return Kind::integer;
    case ParamValue::id:
      return Kind::id;
  }
  return Kind::id;
}

// The table as the reader and the docs see it: kParams, with a row for each policy parameter
// (from the registry) right after the policy's where. Built once; rows never move.
const std::vector<Param>& all_params() {
  static const std::vector<std::string> paths = [] {
    std::vector<std::string> out;
    for (const PolicyParameter& q : policy_parameter_table) out.push_back("policies[]." + std::string(q.key));
    return out;
  }();
  static const std::vector<Param> rows = [] {
    std::vector<Param> out;
    for (const Param& p : kParams) {
      out.push_back(p);
      if (p.path != "policies[].where.modes") continue;
      for (std::size_t i = 0; i < policy_parameter_table.size(); ++i) {
        const PolicyParameter& q = policy_parameter_table[i];
        // None is required by the table: the reader checks them per type.
        out.push_back({paths[i], kind_of(q.value), false, q.unit, q.def, q.min, q.max, "", q.meaning, q.source});
      }
    }
    return out;
  }();
  return rows;
}

std::string_view parent_of(std::string_view path) {
  const auto dot = path.rfind('.');
  return dot == std::string_view::npos ? std::string_view{} : path.substr(0, dot);
}

std::string date_text(double v) {
  return iso_date(static_cast<Date>(v));
}

std::string choices_text(std::string_view choices) {
  std::string out;
  for (char c : choices) out += c == '|' ? std::string(", ") : std::string(1, c);
  return out;
}

std::string md_cell(std::string_view s) {
  std::string out;
  for (char c : s) out += c == '|' ? std::string("\\|") : std::string(1, c);
  return out;
}

// The per-type table, right under the policies' keys it explains.
std::string policy_types_reference() {
  std::string exclusive;
  for (const PolicyTypeInfo& t : policy_type_table)
    if (t.exclusive) exclusive += (exclusive.empty() ? "" : ", ") + std::string(t.name);
  std::string out;
  out += "\n### Policy types\n\n";
  out += "A policy takes exactly the parameters its type lists; any other parameter is an error, and so\n";
  out += "is a required one (marked *) that is missing. Types whose where column says only countries\n";
  out += "act in where.countries and refuse where.crossings and where.modes. Two policies of one of the\n";
  out += "types that set one value per country (" + exclusive + ") may not be in force\n";
  out += "for the same country on the same day; recognition policies may overlap, and where several\n";
  out += "match a person the one listed last wins.\n\n";
  out += "| type | parameters | where | what it does |\n|---|---|---|---|\n";
  for (int i = 0; i < policy_type_count; ++i) {
    const auto type = static_cast<PolicyType>(i);
    const PolicyTypeInfo& row = info(type);
    std::string taken;
    for (const std::string& key : policy_parameters_of(type))
      taken += (taken.empty() ? "" : ", ") + ("`" + key + "`") + (policy_needs(type, key) ? "*" : "");
    const std::string where = !row.needs_where   ? "optional (the origin)"
                              : row.on_crossings ? "countries and/or crossings"
                                                 : "countries";
    out += "| `" + std::string(row.name) + "` | " + (taken.empty() ? std::string("none") : taken) + " | " + where +
           " | " + md_cell(row.does) + " |\n";
  }
  return out;
}

}  // namespace

std::span<const Param> params() {
  return all_params();
}

std::span<const std::string_view> policy_parameters() {
  static const std::vector<std::string_view> keys = [] {
    std::vector<std::string_view> out;
    for (const PolicyParameter& q : policy_parameter_table) out.push_back(q.key);
    return out;
  }();
  return keys;
}

namespace {
// The field of type t named key: whether t takes it, and whether it must be given.
struct FieldUse {
  bool takes = false, needs = false;
};
FieldUse field_use(PolicyType t, std::string_view key) {
  FieldUse use;
  std::visit(
      [&](const auto& params) {
        for_each_field<std::decay_t<decltype(params)>>([&](const auto& field) {
          if (field.key == key) use = {true, field.required};
        });
      },
      default_params(t));
  return use;
}
}  // namespace

bool policy_takes(PolicyType t, std::string_view key) {
  return field_use(t, key).takes;
}

bool policy_needs(PolicyType t, std::string_view key) {
  return field_use(t, key).needs;
}

std::vector<std::string> policy_parameters_of(PolicyType t) {
  std::vector<std::string> out;
  for (std::string_view key : policy_parameters())
    if (policy_takes(t, key)) out.emplace_back(key);
  return out;
}

const Param* find_param(std::string_view path) {
  for (const Param& p : params())
    if (p.path == path) return &p;
  return nullptr;
}

std::vector<const Param*> keys_of(std::string_view section) {
  std::vector<const Param*> out;
  for (const Param& p : params())
    if (parent_of(p.path) == section) out.push_back(&p);
  return out;
}

std::string join_path(std::string_view section, std::string_view key) {
  std::string out(section);
  if (!out.empty()) out += '.';
  out += key;
  return out;
}

std::string_view key_of(const Param& p) {
  const auto dot = p.path.rfind('.');
  return dot == std::string_view::npos ? p.path : p.path.substr(dot + 1);
}

std::string format_number(double v) {
  char buf[32];
  if (std::isfinite(v) && v == std::floor(v) && std::fabs(v) < 1e6) {
    std::snprintf(buf, sizeof buf, "%.0f", v);
    return buf;
  }
  std::snprintf(buf, sizeof buf, std::fabs(v) >= 1e6 ? "%.6g" : "%.10g", v);
  std::string s = buf;
  // 1e+09 -> 1e9, 2.5e-05 -> 2.5e-5: the form people write.
  if (auto e = s.find('e'); e != std::string::npos) {
    std::string mant = s.substr(0, e);
    std::string exp = s.substr(e + 1);
    const bool neg = !exp.empty() && exp[0] == '-';
    if (!exp.empty() && (exp[0] == '+' || exp[0] == '-')) exp.erase(0, 1);
    while (exp.size() > 1 && exp[0] == '0') exp.erase(0, 1);
    s = mant + "e" + (neg ? "-" : "") + exp;
  }
  return s;
}

std::string range_text(const Param& p) {
  switch (p.kind) {
    case Kind::number:
    case Kind::integer:
    case Kind::share_map:
      return format_number(p.min) + " to " + format_number(p.max);
    case Kind::seed:
      return "0 to 2^64-1";
    case Kind::date:
      return date_text(p.min) + " to " + date_text(p.max);
    case Kind::id_list:
    case Kind::choice_list:
    case Kind::entity_list:
      if (p.max >= kManyItems)
        return p.min > 0 ? "at least " + format_number(p.min) + (p.min == 1 ? " item" : " items") : "";
      return format_number(p.min) + " to " + format_number(p.max) + " items";
    default:
      return "";
  }
}

std::string kind_text(const Param& p) {
  switch (p.kind) {
    case Kind::section:
      return "map";
    case Kind::entity_list:
      return "list of maps";
    case Kind::text:
      return "text";
    case Kind::id:
      return "id";
    case Kind::id_list:
      return "list of ids";
    case Kind::choice:
      return "one of: " + choices_text(p.choices);
    case Kind::choice_list:
      return "list, each one of: " + choices_text(p.choices);
    case Kind::number:
      return "number";
    case Kind::integer:
      return "whole number";
    case Kind::seed:
      return "whole number";
    case Kind::date:
      return "date YYYY-MM-DD";
    case Kind::boolean:
      return "true or false";
    case Kind::share_map:
      return "map id -> number";
  }
  return "?";
}

}  // namespace migsim::io::detail

namespace migsim::io {

std::string scenario_reference() {
  using namespace detail;
  std::string out;
  out += "# Scenario file reference\n\n";
  out += "<!-- Generated from the parameter table in sim/io/scenario/schema.cpp by `migsim docs`\n";
  out += "     (or MIGSIM_REGENERATE_DOCS=1 migsim_tests_io). Do not edit by hand. -->\n\n";
  out += "A scenario is one YAML file (UTF-8, one document, no anchors or aliases, at most 32\n";
  out += "levels deep). Every key below is checked: unknown keys, wrong types, values out of\n";
  out += "range and impossible dates are errors reported as `file:line:col: error: ...`, all at\n";
  out += "once. Keys marked *required* must be present; the others take the default shown.\n";
  out += "`scenarios/toy/two-routes.yaml` is a complete small example; `scenarios/toy/asylum.yaml`\n";
  out += "adds asylum procedures and shows one policy of each type.\n\n";
  out += "Units: days are whole days, money is US dollars, rates are people per day,\n";
  out += "probabilities and shares are in [0, 1]. Dates are `YYYY-MM-DD` and inclusive at both\n";
  out += "ends. Ids contain only letters, digits, `_` and `-`.\n\n";
  out += "`--set path=value` replaces or adds one value after the file is read, checked like the\n";
  out += "file's. Items of `countries`, `places`, `crossings` and `profiles` are addressed by id,\n";
  out += "`policies` by name, `departures` and age bands by position from 0:\n";
  out += "`--set crossings.ru_lars.capacity_per_day=100`, `--set policies.air_ban.from=2022-04-20`,\n";
  out += "`--set departures.0.weight=2`, `--set profiles.evader.documents.schengen_visa=0.2`,\n";
  out += "`--set countries.DE.asylum.appeal.share=0.5`, `--set behaviour.after_refusal.hide=0.5`.\n\n";
  out += "`--set-file FILE` applies many at once: a YAML file that is a flat map of `path: value`,\n";
  out += "one per line (`policies.air_ban.from: 2022-04-20`), each checked as its `--set` would be and\n";
  out += "reported at its line in that file. The file's entries apply first, then every `--set`, so a\n";
  out += "`--set` wins over the file's entry for the same path.\n";

  // One table per section, sections in order of first appearance, so a nested section's
  // keys never split its parent's table.
  std::vector<std::string_view> sections;
  for (const Param& p : params()) {
    const std::string_view parent = parent_of(p.path);
    bool seen = false;
    for (auto s : sections) seen = seen || s == parent;
    if (!seen) sections.push_back(parent);
  }
  for (const std::string_view section : sections) {
    out += "\n## ";
    out += section.empty() ? std::string("Top level") : "`" + std::string(section) + "`";
    if (section.size() > 2 && section.substr(section.size() - 2) == "[]")
      out += " (each item of `" + std::string(section.substr(0, section.size() - 2)) + "`)";
    out += "\n\n| key | type | unit | default | range | meaning | source |\n";
    out += "|---|---|---|---|---|---|---|\n";
    for (const Param& p : params()) {
      if (parent_of(p.path) != section) continue;
      out += "| `" + std::string(key_of(p)) + "` | " + md_cell(kind_text(p)) + " | " + md_cell(p.unit) + " | " +
             (p.required ? std::string("*required*") : md_cell(p.def)) + " | " + md_cell(range_text(p)) + " | " +
             md_cell(p.meaning) + " | " + md_cell(p.source) + " |\n";
    }
    if (section == "policies[]") out += policy_types_reference();
  }
  return out;
}

void print_scenario_reference(std::ostream& out) {
  out << scenario_reference();
}

}  // namespace migsim::io
