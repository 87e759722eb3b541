#pragma once
// The policy-type registry: every policy type, once. For each type, in this file:
//   - its value in PolicyType,
//   - its parameter struct: its fields (key, required or not, what an id refers to) and their
//     defaults, and a problem() where its parameters must hold together beyond their ranges,
//   - its row in policy_type_table: the name the file spells, what it acts on (crossings,
//     asylum procedures, settled people), whether it is exclusive or needs a where, and what
//     it does, for docs/scenario.md,
//   - a row in policy_parameter_table for a parameter key no type had before.
// The reader, the schema, the docs, validation and the engine's classifications all derive
// from these. A type's rule lives with the rules (DayRules in sim/core/engine/asylum.*, called
// from a phase or a person's rule). README.md, "Architecture", lists the steps.
#include "migsim/core/layer.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <variant>

namespace migsim {

enum class PolicyType : std::uint8_t {
  entry_ban,
  border_closure,
  pushback,
  recognition,
  moratorium,
  dublin,
  extradition,
  deportation,
  exit_ban,
  humanitarian_visa,
  stay_limit,
  processing_capacity,
  residence_permit,
  onward_movement,
  return_home,
  absconding,
  temporary_protection,
  visit_home,
  attractiveness,
};

// What an id parameter names, so that validation checks it and the model resolves it
// without knowing the type.
enum class Refers : std::uint8_t { nothing, country, document };

// One parameter of a type: its key in the file, the member it fills, whether the file must
// give it, and what an id refers to. The member's C++ type says how it is read: double as a
// number, int as a whole number, std::string as an id.
template <class Params, class T>
struct Field {
  std::string_view key;
  T Params::*member;
  bool required;
  Refers refers = Refers::nothing;
};
template <class Params, class T>
constexpr Field<Params, T> required_field(std::string_view key, T Params::*member, Refers refers = Refers::nothing) {
  return {key, member, true, refers};
}
template <class Params, class T>
constexpr Field<Params, T> optional_field(std::string_view key, T Params::*member, Refers refers = Refers::nothing) {
  return {key, member, false, refers};
}

// A relation among a type's parameters that their ranges cannot state, as a parameter struct's
// `ParamProblem problem() const` reports it: the key to point at and what is wrong ("<what>
// <value>; expected <what>"), or an empty key when the parameters hold together.
struct ParamProblem {
  std::string_view key;
  std::string message;
};

// The parameter structs, one per type, in PolicyType order. Units: probabilities, shares and
// daily hazards in [0, 1]; days are whole days; per_month in people (or decisions) a month.
// Their ranges are in policy_parameter_table below, one row per key.
struct EntryBan {
  static constexpr PolicyType type = PolicyType::entry_ban;
  static constexpr auto fields() { return std::tuple{}; }
};
struct BorderClosure {
  static constexpr PolicyType type = PolicyType::border_closure;
  static constexpr auto fields() { return std::tuple{}; }
};
struct Pushback {
  static constexpr PolicyType type = PolicyType::pushback;
  double probability = 0;  // of being returned across the crossing
  int days = 0;            // after arrival during which people are still returned; 0 = only on arrival
  static constexpr auto fields() {
    return std::tuple{required_field("probability", &Pushback::probability), optional_field("days", &Pushback::days)};
  }
};
struct Recognition {
  static constexpr PolicyType type = PolicyType::recognition;
  double rate = 0;  // first-instance recognition rate
  static constexpr auto fields() { return std::tuple{required_field("rate", &Recognition::rate)}; }
};
struct Moratorium {
  static constexpr PolicyType type = PolicyType::moratorium;
  static constexpr auto fields() { return std::tuple{}; }
};
struct Dublin {
  static constexpr PolicyType type = PolicyType::dublin;
  double probability = 0;   // a take-back request ends in a transfer
  int days = 0;             // from request to transfer
  double opt_out = 0;       // share the requesting state keeps on humanitarian grounds
  int deadline_days = 180;  // six months: Dublin III Regulation (EU) 604/2013, Art. 29(2)
  static constexpr auto fields() {
    return std::tuple{required_field("probability", &Dublin::probability), required_field("days", &Dublin::days),
                      optional_field("opt_out", &Dublin::opt_out),
                      optional_field("deadline_days", &Dublin::deadline_days)};
  }
};
struct Extradition {
  static constexpr PolicyType type = PolicyType::extradition;
  double daily_hazard = 0;
  static constexpr auto fields() { return std::tuple{required_field("daily_hazard", &Extradition::daily_hazard)}; }
};
struct Deportation {
  static constexpr PolicyType type = PolicyType::deportation;
  double daily_hazard = 0;
  std::string to;  // country id; empty = the origin
  static constexpr auto fields() {
    return std::tuple{required_field("daily_hazard", &Deportation::daily_hazard),
                      optional_field("to", &Deportation::to, Refers::country)};
  }
};
struct ExitBan {
  static constexpr PolicyType type = PolicyType::exit_ban;
  double share = 0;  // of the selected people at the origin, stopped from leaving
  static constexpr auto fields() { return std::tuple{required_field("share", &ExitBan::share)}; }
};
struct HumanitarianVisa {
  static constexpr PolicyType type = PolicyType::humanitarian_visa;
  double per_month = 0;  // visas issued
  std::string document;  // the document the visa is
  static constexpr auto fields() {
    return std::tuple{required_field("per_month", &HumanitarianVisa::per_month),
                      required_field("document", &HumanitarianVisa::document, Refers::document)};
  }
};
struct StayLimit {
  static constexpr PolicyType type = PolicyType::stay_limit;
  int days = 0;         // most days of stay ...
  int window_days = 0;  // ... within any window of this many days
  // Share of those it covers who, their stay used up, apply for asylum where they are. With
  // it above 0, people it covers who would apply on arrival stay on it first (a visa's days).
  double then_apply = 0;
  // People it covers arrive with some of its days already used (earlier trips on the same
  // visa, days spent before deciding to stay): each person's number is drawn once per stay,
  // uniformly from 0 to this.
  int days_used_before = 0;
  static constexpr auto fields() {
    return std::tuple{required_field("days", &StayLimit::days), required_field("window_days", &StayLimit::window_days),
                      optional_field("then_apply", &StayLimit::then_apply),
                      optional_field("days_used_before", &StayLimit::days_used_before)};
  }
  ParamProblem problem() const {
    if (days > window_days)
      return {"days", "stay_limit of " + std::to_string(days) + " days within any " + std::to_string(window_days) +
                          " is longer than its window; expected days <= window_days"};
    if (days_used_before >= days)
      return {"days_used_before", "days_used_before " + std::to_string(days_used_before) +
                                      " is not below the stay limit's " + std::to_string(days) +
                                      " days; expected days_used_before < days"};
    return {};
  }
};
struct ProcessingCapacity {
  static constexpr PolicyType type = PolicyType::processing_capacity;
  double per_month = 0;  // first-instance decisions
  static constexpr auto fields() { return std::tuple{required_field("per_month", &ProcessingCapacity::per_month)}; }
};

// Life after settling (issue 9). Each acts on people living in a country, settled or irregular,
// through the day their situation next changes: a permit's end, or a day drawn for a hazard.
struct ResidencePermit {
  static constexpr PolicyType type = PolicyType::residence_permit;
  double grant = 0;       // chance a first permit is granted
  int days = 365;         // a permit's length
  double renew = 0;       // chance it is renewed when it runs out
  double regularise = 0;  // daily chance an irregular person is granted one
  // What people do when they are refused (the rest stay on irregularly).
  double move_on = 0, non_eu = 0, go_home = 0;
  static constexpr auto fields() {
    return std::tuple{required_field("grant", &ResidencePermit::grant),
                      optional_field("days", &ResidencePermit::days),
                      required_field("renew", &ResidencePermit::renew),
                      optional_field("regularise", &ResidencePermit::regularise),
                      optional_field("move_on", &ResidencePermit::move_on),
                      optional_field("non_eu", &ResidencePermit::non_eu),
                      optional_field("go_home", &ResidencePermit::go_home)};
  }
  ParamProblem problem() const {
    if (days < 1) return {"days", "a residence permit of " + std::to_string(days) + " days; expected at least 1"};
    const double shares = move_on + non_eu + go_home;
    if (shares > 1 + 1e-9) {
      std::ostringstream text;
      text << "move_on + non_eu + go_home sum to " << shares << "; expected at most 1 (the rest stay irregularly)";
      return {"move_on", text.str()};
    }
    return {};
  }
};
struct OnwardMovement {
  static constexpr PolicyType type = PolicyType::onward_movement;
  double daily_hazard = 0;
  int after_days = 0;      // days since arrival from which the hazard applies ...
  int until_days = 36525;  // ... and up to which (exclusive); 36525 = no end
  static constexpr auto fields() {
    return std::tuple{required_field("daily_hazard", &OnwardMovement::daily_hazard),
                      optional_field("after_days", &OnwardMovement::after_days),
                      optional_field("until_days", &OnwardMovement::until_days)};
  }
  ParamProblem problem() const {
    if (after_days < until_days) return {};
    return {"until_days", "until_days " + std::to_string(until_days) + " is not after after_days " +
                              std::to_string(after_days) + "; expected after_days < until_days"};
  }
};
struct ReturnHome {
  static constexpr PolicyType type = PolicyType::return_home;
  double daily_hazard = 0;
  double leave_again = 0;  // share of those who go home who will leave again
  static constexpr auto fields() {
    return std::tuple{required_field("daily_hazard", &ReturnHome::daily_hazard),
                      optional_field("leave_again", &ReturnHome::leave_again)};
  }
};

// Applicants who leave the country of their application before its first decision (Dublin III
// Art. 29(2): "absconds"); the case there is discontinued.
struct Absconding {
  static constexpr PolicyType type = PolicyType::absconding;
  double daily_hazard = 0;
  static constexpr auto fields() { return std::tuple{required_field("daily_hazard", &Absconding::daily_hazard)}; }
};

// Temporary protection (Council Directive 2001/55/EC, activated for people displaced from
// Ukraine by Council Implementing Decision (EU) 2022/382): granted on arrival, outside the
// asylum procedure.
struct TemporaryProtection {
  static constexpr PolicyType type = PolicyType::temporary_protection;
  double apply_share = 0;  // of those covered, who ask for asylum instead; 0 where applications are suspended
  static constexpr auto fields() {
    return std::tuple{optional_field("apply_share", &TemporaryProtection::apply_share)};
  }
};

// Short visits home (issue 24, item 3: going back and forth). A round trip to the origin by
// someone living abroad, who stays counted where they live: the published stocks (UNHCR's
// refugees recorded, Eurostat's temporary-protection beneficiaries) keep people on a short
// visit home on their books, and the border figures count both crossings.
struct VisitHome {
  static constexpr PolicyType type = PolicyType::visit_home;
  double daily_hazard = 0;
  static constexpr auto fields() { return std::tuple{required_field("daily_hazard", &VisitHome::daily_hazard)}; }
};

// A change in what a country offers the people it selects (issue 24: national acts with
// benefits, such as Poland's special act of 2022-03-12, or a cut in support), as a change of
// its attractiveness in the destination logit while in force.
struct Attractiveness {
  static constexpr PolicyType type = PolicyType::attractiveness;
  double change = 0;  // logit utility units, added to the country's attractiveness
  static constexpr auto fields() { return std::tuple{required_field("change", &Attractiveness::change)}; }
};

// A policy's parameters: the alternative is its type (index == PolicyType).
using PolicyParams =
    std::variant<EntryBan, BorderClosure, Pushback, Recognition, Moratorium, Dublin, Extradition, Deportation, ExitBan,
                 HumanitarianVisa, StayLimit, ProcessingCapacity, ResidencePermit, OnwardMovement, ReturnHome,
                 Absconding, TemporaryProtection, VisitHome, Attractiveness>;
inline constexpr int policy_type_count = static_cast<int>(std::variant_size_v<PolicyParams>);

// The registry row of a type.
struct PolicyTypeInfo {
  std::string_view name;  // as the file spells it
  bool needs_where;       // false only where the type implies its place (exit_ban: the origin)
  bool on_crossings;      // where.crossings and where.modes mean something (it acts on crossings)
  bool closes_crossings;  // shuts crossings for the people it selects, so it shapes routes
  bool on_asylum;         // acts on an asylum procedure: where.countries must have one
  bool on_settled;        // may act on people who have settled (the engine skips them otherwise)
  bool exclusive;         // sets one value per country: two may not be in force there on one day
  std::string_view does;  // what it does, for docs/scenario.md
  // Acts on people living in a country (settled or irregular) on the day their situation next
  // changes, drawn ahead, rather than by a test every day (on_settled then holds too).
  bool scheduled = false;
  // Acts on destination choice, which is made per mobility class: its who may name profiles only.
  bool who_profiles_only = false;
};

inline constexpr std::array<PolicyTypeInfo, policy_type_count> policy_type_table = {{
    {"entry_ban", true, true, true, false, false, false,
     "Crossings into where.countries (and where.crossings) refuse the selected people."},
    {"border_closure", true, true, true, false, false, false,
     "Crossings into or out of where.countries, or where.crossings, are shut."},
    {"pushback", true, true, false, false, false, false,
     "People arriving over a crossing into where.countries (or over where.crossings) are returned across it with "
     "this probability, and so are people registered or applying there up to `days` after arrival (0 = only on "
     "arrival): \"even after applying\"."},
    {"recognition", true, false, false, true, false, false,
     "First-instance recognition rate in where.countries for the selected people. Several may overlap: where more "
     "than one matches a person, the one listed last wins."},
    {"moratorium", true, false, false, true, false, false,
     "Decisions and removals are frozen in where.countries for the selected people; their cases wait."},
    {"dublin", true, false, false, false, false, true,
     "Take-back to the responsible states in where.countries: `probability` that a request ends in a transfer, "
     "`days` from request to transfer, `opt_out` share the requesting state keeps on humanitarian grounds, "
     "`deadline_days` after which responsibility moves to the requesting state (default 180: six months, Dublin "
     "III Regulation (EU) 604/2013, Art. 29(2))."},
    {"extradition", true, false, false, false, true, false,
     "People matching who in where.countries are handed to the origin with this chance per day."},
    {"deportation", true, false, false, true, false, false,
     "Rejected applicants in where.countries are removed with this chance per day, to the country `to` (default: "
     "the origin). Where several match a person, each is a cause of removal: their chances combine as "
     "independent ones, and the one that removes the person, drawn in proportion to the daily hazards, sets "
     "where they go, whatever the order they are listed in."},
    {"exit_ban", false, false, false, false, false, false,
     "Of the people matching who at the origin, this share is stopped from leaving while it is in force. Needs no "
     "where: the origin is implied."},
    {"humanitarian_visa", true, false, false, false, false, false,
     "where.countries issue `per_month` visas of document `document` to the selected people while they are where "
     "it opens a door: outside the EU for a visa of an EU state, outside the issuing countries for any other (a "
     "visa to Israel is issued in Germany too)."},
    {"stay_limit", true, false, false, false, true, true,
     "People in where.countries without protection or a pending case must leave after `days` days within any "
     "`window_days` (90 in any 180: days 90, window_days 180). The days of an earlier stay count while they fall "
     "in the window; each person keeps one such stay, the last in a country a stay limit covers, as one block "
     "of days ending when they left. With `then_apply` above 0, the people it covers who would apply for asylum "
     "on reaching their destination there (no settle_with document) first stay on it, as on a visa, and when "
     "their days are used up the share `then_apply` apply there; the rest, and everyone when it is 0, do as "
     "behaviour.after_refusal says. With `days_used_before` above 0, each person it covers arrives with a whole "
     "number of its days already used, drawn once per stay uniformly from 0 to days_used_before, so that "
     "people who arrived together do not all reach the limit on the same day."},
    {"processing_capacity", true, false, false, true, false, true,
     "First-instance decisions per month in where.countries, replacing asylum.decisions_per_month for the window."},
    {"residence_permit", true, false, false, false, true, false,
     "Settled people in where.countries need a residence permit: each is granted a first one with chance `grant`, "
     "valid `days` days, and renewed at its end with chance `renew` (the policy in force then decides). Someone "
     "refused moves on (`move_on`, or `non_eu` for a country outside the EU), goes home (`go_home`) or stays "
     "irregularly (the rest). Irregular people there are granted one with daily chance `regularise`. A permit "
     "holder is exempt from stay limits; a permit ends on leaving the country. Where several match a person, "
     "the one listed last decides grants and renewals; each one's `regularise` is a cause as in onward_movement. "
     "Where none is in force, settled people need no permit.",
     true},
    {"onward_movement", true, false, false, false, true, false,
     "People living in where.countries (settled or irregular) set out for another destination with this chance "
     "per day while they have been there at least `after_days` and less than `until_days` days, choosing it by "
     "the destination logit from where they are (any country but this one). Later applications count when they "
     "are lodged, and a Dublin state found responsible before stays so. Where several onward_movement, "
     "return_home and regularising residence_permit policies match a person, each is a cause: their chances "
     "combine as independent ones, and the one that acts is drawn in proportion to the daily hazards.",
     true},
    {"return_home", true, false, false, false, true, false,
     "People living in where.countries (settled or irregular) go back to the origin with this chance per day. Of "
     "those who do, the share `leave_again` leave again on a day drawn from what is left of the departure "
     "schedule (in proportion to its weights after the day they came home); the rest stay home. Several "
     "combine as in onward_movement.",
     true},
    {"absconding", true, false, false, true, false, false,
     "Applicants in where.countries waiting for a first decision (not detained) leave with this chance per day "
     "for another destination, chosen by the destination logit from where they are (any country but this one); "
     "with none open and affordable they stay in the procedure. Their case there is discontinued (it keeps its "
     "place in the queue, as a discontinuation uses a decision), and that state stays responsible: an application "
     "in another Dublin state starts a take-back request to it. Several that match a person combine as "
     "independent chances."},
    {"temporary_protection", true, false, false, false, false, false,
     "where.countries grant temporary protection to the people `who` selects while it is in force (from/until; an "
     "extension is a later `until`, or another policy). Someone covered arriving at their destination in such a "
     "country registers for it instead of entering the asylum procedure (no intention, application or queue): "
     "status `temporary`, counted as temporary_protection_granted there that day; the share `apply_share` "
     "(default 0: applications suspended for beneficiaries) ask for asylum instead, as anyone else would. One "
     "state at a time: beneficiaries live where they are as settled people do (onward_movement and return_home "
     "act on them; stay limits, residence permits and extradition do not, as they hold protection); leaving the "
     "country ends their protection there, and arriving in another state where it is in force for them they "
     "register again (a new grant counted there). People already living in a country (settled) when a "
     "policy there comes into force for them register for it that day, as arrivals do. When no "
     "temporary_protection covers them where they are any more, they become settled on that day (ASSUMED: "
     "national statuses take over), counted as temporary_protection_ended in transitions.csv. Passing through a "
     "country on "
     "the way elsewhere, nothing changes. Where several match a person, the one listed last decides "
     "apply_share."},
    {"visit_home", true, false, false, false, true, false,
     "People living in where.countries (settled, irregular or under temporary protection) make a short visit to "
     "the origin and come back, with this chance per day: two border crossings, to the origin and back into the "
     "country, both counted in flows.csv in the month the visit begins, and a visited_home event in "
     "transitions.csv. They stay counted where they live, status and permit unchanged, as the published stocks "
     "keep people away on a short visit on their books. Several combine with onward_movement and return_home as "
     "there.",
     true},
    {"attractiveness", true, false, false, false, false, false,
     "Adds `change` to where.countries' attractiveness in the destination logit, for the profiles `who` selects, "
     "while it is in force: a national act with benefits (or a cut in them) that makes a country more (or less) "
     "attractive from a date. Destination choice is made per profile, so `who` may name profiles only. Changes "
     "of several that match add up. It changes where people choose to go from the day it starts, and so also "
     "onward movement and moves after a refusal; nobody already there is moved by it.",
     false, true},
}};

constexpr const PolicyTypeInfo& info(PolicyType t) {
  return policy_type_table[static_cast<std::size_t>(t)];
}
constexpr std::string_view name_of(PolicyType t) {
  return info(t).name;
}
constexpr PolicyType type_of(const PolicyParams& params) {
  return static_cast<PolicyType>(params.index());
}

// Every parameter key any type takes, once: how its value is read, its unit, range, default
// (as docs/scenario.md shows it), meaning and source. Types that share a key share its row.
enum class ParamValue : std::uint8_t { number, whole, id };
struct PolicyParameter {
  std::string_view key;
  ParamValue value;
  std::string_view unit;
  std::string_view def;
  double min, max;  // numbers: the range; ids: unused
  std::string_view meaning;
  std::string_view source;
};

inline constexpr std::array policy_parameter_table = std::to_array<PolicyParameter>({
    {"probability", ParamValue::number, "probability", "see Policy types", 0, 1,
     "pushback: chance of being returned across the crossing; dublin: chance a take-back request ends in a "
     "transfer.",
     "definition of a probability"},
    {"rate", ParamValue::number, "probability", "see Policy types", 0, 1,
     "recognition: first-instance recognition rate.", "definition of a probability"},
    {"daily_hazard", ParamValue::number, "per day", "see Policy types", 0, 1,
     "extradition, deportation: chance per day of being removed; onward_movement: of setting out for another "
     "destination; return_home: of going home; absconding: of an applicant leaving before a first decision; "
     "visit_home: of making a short visit home.",
     "definition of a probability"},
    {"share", ParamValue::number, "share", "see Policy types", 0, 1,
     "exit_ban: share of the selected people stopped from leaving.", "definition of a share"},
    {"grant", ParamValue::number, "probability", "see Policy types", 0, 1,
     "residence_permit: chance a first permit is granted.", "definition of a probability"},
    {"renew", ParamValue::number, "probability", "see Policy types", 0, 1,
     "residence_permit: chance a permit is renewed when it runs out.", "definition of a probability"},
    {"regularise", ParamValue::number, "per day", "0", 0, 1,
     "residence_permit: chance per day that an irregular person there is granted a permit.",
     "definition of a probability"},
    {"move_on", ParamValue::number, "share", "0", 0, 1,
     "residence_permit: share of those refused who move on to another destination.", "definition of a share"},
    {"non_eu", ParamValue::number, "share", "0", 0, 1,
     "residence_permit: share of those refused who move on to a destination outside the EU.", "definition of a share"},
    {"go_home", ParamValue::number, "share", "0", 0, 1, "residence_permit: share of those refused who go home.",
     "definition of a share"},
    {"leave_again", ParamValue::number, "share", "0", 0, 1,
     "return_home: share of those who go home who later leave again.", "definition of a share"},
    {"per_month", ParamValue::number, "people per month", "see Policy types", 0, 1e7,
     "humanitarian_visa: visas issued per month; processing_capacity: first-instance decisions per month.",
     "same ceiling as asylum.decisions_per_month"},
    {"opt_out", ParamValue::number, "share", "0", 0, 1,
     "dublin: share of take-back cases the requesting state keeps on humanitarian grounds.", "definition of a share"},
    {"days", ParamValue::whole, "days", "see Policy types", 0, 3650,
     "pushback: days after arrival during which people are still returned (0 = only on arrival); dublin: delay from "
     "request to transfer; stay_limit: most days of stay within window_days; residence_permit: a permit's length "
     "(default 365, at least 1).",
     "assumed ceiling of 10 years"},
    {"after_days", ParamValue::whole, "days", "0", 0, 36525,
     "onward_movement: days since arrival in the country from which the hazard applies.",
     "the longest scenario (100 years)"},
    {"until_days", ParamValue::whole, "days", "36525 (no end)", 1, 36525,
     "onward_movement: days since arrival up to which the hazard applies (exclusive).",
     "the longest scenario (100 years)"},
    {"window_days", ParamValue::whole, "days", "see Policy types", 1, 3650,
     "stay_limit: the rolling window the days are counted in (90 days in any 180: days 90, window_days 180).",
     "assumed ceiling of 10 years"},
    {"deadline_days", ParamValue::whole, "days", "180 (dublin)", 0, 3650,
     "dublin: days after which an unexecuted transfer lapses and responsibility moves to the requesting state.",
     "Dublin III Regulation (EU) 604/2013, Art. 29(2): six months to transfer"},
    {"to", ParamValue::id, "", "the origin", 0, 0, "deportation: id of the country rejected applicants are removed to.",
     ""},
    {"document", ParamValue::id, "", "see Policy types", 0, 0,
     "humanitarian_visa: the document the visa is (one of documents).", ""},
    {"then_apply", ParamValue::number, "share", "0", 0, 1,
     "stay_limit: share of those whose days are used up who then apply for asylum where they are; above 0, those "
     "it covers who would apply on arrival stay on it first.",
     "definition of a share"},
    {"days_used_before", ParamValue::whole, "days", "0", 0, 3650,
     "stay_limit: the most days of it someone it covers has already used on arrival; each person's number is "
     "drawn uniformly from 0 to this, once per stay (below days).",
     "assumed: the days a visa holder used before are not published; days - 1 spreads them evenly over the stay"},
    {"apply_share", ParamValue::number, "share", "0", 0, 1,
     "temporary_protection: share of those covered who ask for asylum instead of registering for it.",
     "definition of a share"},
    {"change", ParamValue::number, "utility", "see Policy types", -20, 20,
     "attractiveness: added to the attractiveness of where.countries (the same units as countries[].attractiveness).",
     "assumed bounds: twice those of countries[].attractiveness"},
});

// The default parameters of a type (its struct, default-initialised).
PolicyParams default_params(PolicyType t);

// Calls f(field) for each parameter field of the struct Params.
template <class Params, class F>
constexpr void for_each_field(F&& f) {
  std::apply([&](const auto&... field) { (f(field), ...); }, Params::fields());
}

namespace detail {
// Each alternative of PolicyParams declares the PolicyType it is: the enum and the variant
// cannot drift apart, and no field is declared without a key.
template <std::size_t... I>
constexpr bool params_match_types(std::index_sequence<I...>) {
  return ((static_cast<std::size_t>(std::variant_alternative_t<I, PolicyParams>::type) == I) && ...);
}
static_assert(params_match_types(std::make_index_sequence<policy_type_count>{}),
              "PolicyParams alternatives must be in PolicyType order");
static_assert(static_cast<int>(PolicyType::attractiveness) + 1 == policy_type_count,
              "a PolicyType without a parameter struct");

// Every field of every type has its row in policy_parameter_table, of the kind its member is
// read as (double: number, int: whole, std::string: id), and every row there is some type's
// field: a key in one table but not the other would be read unchecked, or refused for every type.
template <class T>
constexpr ParamValue value_of_member() {
  if constexpr (std::is_same_v<T, double>) return ParamValue::number;
  if constexpr (std::is_same_v<T, int>) return ParamValue::whole;
  static_assert(std::is_same_v<T, double> || std::is_same_v<T, int> || std::is_same_v<T, std::string>,
                "a policy parameter is a double, an int or a std::string");
  return ParamValue::id;
}
// The row of `key` in policy_parameter_table, or the table's size when it has none. (An index,
// not a pointer: GCC's UBSan instrumentation makes a pointer test against null non-constant.)
constexpr std::size_t parameter_index(std::string_view key) {
  std::size_t i = 0;
  while (i < policy_parameter_table.size() && policy_parameter_table[i].key != key) ++i;
  return i;
}
template <class Params>
constexpr bool fields_have_rows() {
  bool ok = true;
  for_each_field<Params>([&](const auto& field) {
    using T = std::decay_t<decltype(std::declval<Params>().*field.member)>;
    const std::size_t row = parameter_index(field.key);
    ok = ok && row < policy_parameter_table.size() && policy_parameter_table[row].value == value_of_member<T>();
  });
  return ok;
}
template <class Params>
constexpr bool has_field(std::string_view key) {
  bool found = false;
  for_each_field<Params>([&](const auto& field) { found = found || field.key == key; });
  return found;
}
template <std::size_t... I>
constexpr bool every_field_has_a_row(std::index_sequence<I...>) {
  return (fields_have_rows<std::variant_alternative_t<I, PolicyParams>>() && ...);
}
template <std::size_t... I>
constexpr bool some_type_has(std::string_view key, std::index_sequence<I...>) {
  return (has_field<std::variant_alternative_t<I, PolicyParams>>(key) || ...);
}
constexpr bool every_row_is_a_field() {
  for (const PolicyParameter& q : policy_parameter_table)
    if (!some_type_has(q.key, std::make_index_sequence<policy_type_count>{})) return false;
  return true;
}
static_assert(every_field_has_a_row(std::make_index_sequence<policy_type_count>{}),
              "a policy field without its row in policy_parameter_table");
static_assert(every_row_is_a_field(), "a row of policy_parameter_table that no policy type takes");
}  // namespace detail

}  // namespace migsim
