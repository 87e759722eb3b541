#include "engine/asylum.hpp"

#include <algorithm>

namespace migsim::detail {

void DayRules::compile(const Model& m, const std::vector<std::uint8_t>& policy_active) {
  for (auto& list : active_) list.clear();
  for (std::size_t p = 0; p < m.policies.size(); ++p)
    if (policy_active[p]) active_[static_cast<int>(m.policies[p].type)].push_back(static_cast<std::uint16_t>(p));
  capacity_.assign(m.world.nodes.size(), 0.0);
  for (NodeId n = 0; n < m.world.node_count(); ++n) {
    capacity_[n] = m.asylum_at(n).decisions_per_day;
    for (auto p : active(PolicyType::processing_capacity))
      if (m.policies[p].in_where[n]) capacity_[n] = m.policies[p].as<ProcessingCapacity>().per_month / (365.25 / 12);
  }
  stay_limit_.assign(m.world.nodes.size(), 0);
  for (auto p : active(PolicyType::stay_limit)) {
    const int days = m.policies[p].as<StayLimit>().days;
    for (NodeId n = 0; n < m.world.node_count(); ++n)
      if (m.policies[p].in_where[n]) stay_limit_[n] = stay_limit_[n] == 0 ? days : std::min(stay_limit_[n], days);
  }
  // The registry says which types may act on settled people; where none is in force, the
  // agent loop skips them.
  acts_on_settled_at_.assign(m.world.nodes.size(), 0);
  acts_on_the_settled_ = false;
  for (std::size_t p = 0; p < m.policies.size(); ++p) {
    if (!policy_active[p] || !info(m.policies[p].type).on_settled) continue;
    acts_on_the_settled_ = true;
    for (NodeId n = 0; n < m.world.node_count(); ++n) acts_on_settled_at_[n] |= m.policies[p].in_where[n];
  }
}

double DayRules::recognition(const Model& m, NodeId n, const Traits& t) const {
  double rate = m.asylum_at(n).recognition;
  for (auto p : active(PolicyType::recognition))
    if (m.policies[p].in_where[n] && m.policies[p].who.matches(t)) rate = m.policies[p].as<Recognition>().rate;
  return rate;
}

double DayRules::recognition_for_profile(const Model& m, NodeId n, std::uint8_t profile) const {
  if (!m.asylum_at(n).present) return 0.0;
  double rate = m.asylum_at(n).recognition;
  for (auto p : active(PolicyType::recognition)) {
    const auto& policy = m.policies[p];
    if (policy.in_where[n] && ((policy.who.profiles >> profile) & 1ULL)) rate = policy.as<Recognition>().rate;
  }
  return rate;
}

bool DayRules::decisions_frozen(const Model& m, NodeId n, const Traits& t) const {
  for (auto p : active(PolicyType::moratorium))
    if (m.policies[p].in_where[n] && m.policies[p].who.matches(t)) return true;
  return false;
}

double DayRules::pushback(const Model& m, EdgeId e, const Traits& t) const {
  double prob = 0;
  for (auto p : active(PolicyType::pushback)) {
    const auto& policy = m.policies[p];
    if (!policy.edge_hit[e] || !policy.who.matches(t)) continue;
    prob = std::max(prob, policy.as<Pushback>().probability);
  }
  return prob;
}

double DayRules::pushback_in_country(const Model& m, NodeId n, const Traits& t, int days_here) const {
  double prob = 0;
  for (auto p : active(PolicyType::pushback)) {
    const auto& policy = m.policies[p];
    const auto& pushback = policy.as<Pushback>();
    if (policy.in_where[n] && days_here <= pushback.days && policy.who.matches(t))
      prob = std::max(prob, pushback.probability);
  }
  return prob;
}

DublinTerms DayRules::dublin_to(const Model& m, NodeId responsible) const {
  DublinTerms terms;
  for (auto p : active(PolicyType::dublin)) {
    const auto& policy = m.policies[p];
    if (!policy.in_where[responsible]) continue;
    const auto& dublin = policy.as<Dublin>();
    terms = {true, dublin.probability, dublin.opt_out, dublin.days, dublin.deadline_days};
  }
  return terms;
}

namespace {

// Independent hazards combine as 1 - prod(1 - h).
double combine(double a, double b) {
  return 1.0 - (1.0 - a) * (1.0 - b);
}

}  // namespace

double DayRules::extradition_hazard(const Model& m, NodeId n, const Traits& t) const {
  double h = 0;
  for (auto p : active(PolicyType::extradition))
    if (m.policies[p].in_where[n] && m.policies[p].who.matches(t))
      h = combine(h, m.policies[p].as<Extradition>().daily_hazard);
  return h;
}

double DayRules::deportation_hazard(const Model& m, NodeId n, const Traits& t) const {
  if (decisions_frozen(m, n, t)) return 0.0;  // a moratorium freezes removals too
  double h = 0;
  for (auto p : active(PolicyType::deportation))
    if (m.policies[p].in_where[n] && m.policies[p].who.matches(t))
      h = combine(h, m.policies[p].as<Deportation>().daily_hazard);
  return h;
}

NodeId DayRules::deported_to(const Model& m, NodeId n, const Traits& t, double v) const {
  double sum = 0;
  for (auto p : active(PolicyType::deportation))
    if (m.policies[p].in_where[n] && m.policies[p].who.matches(t)) sum += m.policies[p].as<Deportation>().daily_hazard;
  double below = 0;
  NodeId to = no_node;
  for (auto p : active(PolicyType::deportation)) {
    const auto& policy = m.policies[p];
    if (!policy.in_where[n] || !policy.who.matches(t)) continue;
    to = policy.to;  // the last matching cause also takes v's rounding edge
    below += policy.as<Deportation>().daily_hazard;
    if (v * sum < below) break;
  }
  return to == no_node ? m.world.origin : to;
}

bool DayRules::exit_banned(const Model& m, const Rng& rng, std::uint32_t agent, const Traits& t) const {
  for (auto p : active(PolicyType::exit_ban)) {
    const auto& policy = m.policies[p];
    if (!policy.who.matches(t)) continue;
    // Day slot above any day index: this draw belongs to the (person, policy) pair.
    const auto w = rng.words(agent, 0x80000000u, Purpose::exit_ban, policy.stream);
    if (Rng::to_unit(w[0], w[1]) < policy.as<ExitBan>().share) return true;
  }
  return false;
}

bool DayRules::stay_exceeded(const Model& m, NodeId n, const Traits& t, int days_here, const PriorStay& prior,
                             int day) const {
  const NodeId c = m.world.nodes[n].country;
  for (auto p : active(PolicyType::stay_limit)) {
    const auto& policy = m.policies[p];
    if (!policy.in_where[n]) continue;
    const auto& limit = policy.as<StayLimit>();
    const int used = days_here + prior.days_within(c, day, limit.window_days);
    if (used >= limit.days && policy.who.matches(t)) return true;
  }
  return false;
}

}  // namespace migsim::detail
