#pragma once
// Policies compiled into plain tables: a selector as bit masks, a window as two dates, and
// the crossings a policy touches as a per-edge flag. Nothing here is interpreted per agent
// from strings; the agent loop only tests bits.
#include <cstdint>
#include <variant>
#include <vector>

#include "migsim/core/scenario.hpp"
#include "migsim/core/world.hpp"

namespace migsim::detail {

// The attributes a `who` selector can test, as stored for each agent.
struct Traits {
  std::uint8_t profile = 0;
  std::uint8_t age = 0;  // years
  DocMask documents = 0;
  bool male = false;
  bool ex_combatant = false;
  bool criminal_record = false;
};

struct Selector {
  std::uint64_t profiles = ~0ULL;  // bit p = profile p matches
  std::int8_t male = -1;           // -1 any, 0 female, 1 male
  std::uint8_t age_from = 0, age_to = 255;
  DocMask documents_all = 0;   // must hold all of these
  DocMask documents_none = 0;  // must hold none of these
  std::int8_t ex_combatant = -1, criminal_record = -1;
  bool everyone = true;  // no field set: matches every agent

  bool matches(const Traits& t) const {
    if (everyone) return true;
    if (!((profiles >> t.profile) & 1ULL)) return false;
    if (male >= 0 && (male == 1) != t.male) return false;
    if (t.age < age_from || t.age > age_to) return false;
    if ((t.documents & documents_all) != documents_all) return false;
    if (t.documents & documents_none) return false;
    if (ex_combatant >= 0 && (ex_combatant == 1) != t.ex_combatant) return false;
    if (criminal_record >= 0 && (criminal_record == 1) != t.criminal_record) return false;
    return true;
  }
};

struct CompiledPolicy {
  PolicyType type = PolicyType::entry_ban;
  Date from = 0, until = 0;  // inclusive
  Selector who;
  // [edge]: 1 if the policy acts on this crossing: shuts it (entry_ban, border_closure) or
  // pushes people back across it (pushback).
  std::vector<std::uint8_t> edge_hit;
  std::vector<std::uint8_t> in_where;  // [node]: 1 if the node lies in one of where.countries
  PolicyParams params;                 // the type's parameters (migsim/core/policy_types.hpp)
  // Id parameters resolved against the world (Refers::country, Refers::document): a type
  // has at most one of each.
  NodeId to = no_node;   // a country; no_node = none given (deportation: the origin)
  DocMask document = 0;  // a document
  // The policy's own random stream (a hash of its name), for draws that belong to the
  // policy (exit-ban catches, visa lotteries). Not its position in the list: disabling or
  // adding another policy in a counterfactual must not reshuffle this one's draws.
  std::uint32_t stream = 0;

  bool active_on(Date d) const { return from <= d && d <= until; }
  bool closes_crossings() const { return info(type).closes_crossings; }
  // The parameters of a policy known to be of type P::type (rules look them up that way).
  template <class P>
  const P& as() const {
    return std::get<P>(params);
  }
};

// Selector and crossings of a policy spec, resolved against the built world.
CompiledPolicy compile_policy(const PolicySpec& spec, const World& world, const ScenarioSpec& scenario);

// Dates on which the set of active policies can change (a window opening, or the day after
// one closes), sorted and unique.
std::vector<Date> policy_change_dates(const std::vector<CompiledPolicy>& policies);

}  // namespace migsim::detail
