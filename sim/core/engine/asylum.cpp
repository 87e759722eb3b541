#include "asylum.hpp"

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
    const auto& limit = m.policies[p].as<StayLimit>();
    const int days = limit.days - limit.days_used_before;  // at least 1 (validated)
    for (NodeId n = 0; n < m.world.node_count(); ++n)
      if (m.policies[p].in_where[n]) stay_limit_[n] = stay_limit_[n] == 0 ? days : std::min(stay_limit_[n], days);
  }
  // The registry says which types may act on settled people; where none is in force, the
  // agent loop skips them.
  acts_on_settled_at_.assign(m.world.nodes.size(), 0);
  acts_on_the_settled_ = false;
  for (std::size_t p = 0; p < m.policies.size(); ++p) {
    const PolicyTypeInfo& type = info(m.policies[p].type);
    if (!policy_active[p] || !type.on_settled) continue;
    acts_on_the_settled_ = true;
    const std::uint8_t bit = type.scheduled ? scheduled_bit : daily_bit;
    for (NodeId n = 0; n < m.world.node_count(); ++n)
      if (m.policies[p].in_where[n]) acts_on_settled_at_[n] |= bit;
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

double DayRules::attractiveness_change(const Model& m, NodeId n, std::uint8_t profile) const {
  double change = 0;
  for (auto p : active(PolicyType::attractiveness)) {
    const auto& policy = m.policies[p];
    if (policy.in_where[n] && ((policy.who.profiles >> profile) & 1ULL)) change += policy.as<Attractiveness>().change;
  }
  return change;
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

// The daily hazard of policy type P (a type with daily_hazard) at n for t: every active
// policy of that type that selects them is an independent cause.
template <class P>
double combined_hazard(const DayRules& rules, const Model& m, NodeId n, const Traits& t) {
  double h = 0;
  for (auto p : rules.active(P::type))
    if (m.policies[p].in_where[n] && m.policies[p].who.matches(t))
      h = combine(h, m.policies[p].template as<P>().daily_hazard);
  return h;
}

}  // namespace

double DayRules::extradition_hazard(const Model& m, NodeId n, const Traits& t) const {
  return combined_hazard<Extradition>(*this, m, n, t);
}

double DayRules::absconding_hazard(const Model& m, NodeId n, const Traits& t) const {
  return combined_hazard<Absconding>(*this, m, n, t);
}

double DayRules::deportation_hazard(const Model& m, NodeId n, const Traits& t) const {
  if (decisions_frozen(m, n, t)) return 0.0;  // a moratorium freezes removals too
  return combined_hazard<Deportation>(*this, m, n, t);
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

const CompiledPolicy* DayRules::permit_for(const Model& m, NodeId n, const Traits& t) const {
  const CompiledPolicy* found = nullptr;
  for (auto p : active(PolicyType::residence_permit))
    if (m.policies[p].in_where[n] && m.policies[p].who.matches(t)) found = &m.policies[p];
  return found;
}

const CompiledPolicy* DayRules::temporary_protection_for(const Model& m, NodeId n, const Traits& t) const {
  const CompiledPolicy* found = nullptr;
  for (auto p : active(PolicyType::temporary_protection))
    if (m.policies[p].in_where[n] && m.policies[p].who.matches(t)) found = &m.policies[p];
  return found;
}

// Calls f(policy, today's daily hazard) for each policy of the life types (onward_movement, return_home, visit_home, a
// regularising residence_permit) that matches this person in n, in list order (an onward_movement outside its band of
// days with 0).
template <class F>
void DayRules::for_each_life_cause(const Model& m, NodeId n, const Traits& t, int days_here, bool irregular,
                                   F&& f) const {
  for (auto p : active(PolicyType::onward_movement)) {
    const auto& policy = m.policies[p];
    if (!policy.in_where[n] || !policy.who.matches(t)) continue;
    const auto& onward = policy.as<OnwardMovement>();
    f(policy, days_here >= onward.after_days && days_here < onward.until_days ? onward.daily_hazard : 0.0);
  }
  for (auto p : active(PolicyType::return_home))
    if (m.policies[p].in_where[n] && m.policies[p].who.matches(t))
      f(m.policies[p], m.policies[p].as<ReturnHome>().daily_hazard);
  for (auto p : active(PolicyType::visit_home))
    if (m.policies[p].in_where[n] && m.policies[p].who.matches(t))
      f(m.policies[p], m.policies[p].as<VisitHome>().daily_hazard);
  if (!irregular) return;
  for (auto p : active(PolicyType::residence_permit))
    if (m.policies[p].in_where[n] && m.policies[p].who.matches(t))
      f(m.policies[p], m.policies[p].as<ResidencePermit>().regularise);
}

DayRules::LifeHazards DayRules::life_hazards(const Model& m, NodeId n, const Traits& t, int days_here,
                                             bool irregular) const {
  LifeHazards out;
  for_each_life_cause(m, n, t, days_here, irregular, [&](const CompiledPolicy& policy, double h) {
    out.hazard = combine(out.hazard, h);
    if (policy.type != PolicyType::onward_movement) return;
    const auto& onward = policy.as<OnwardMovement>();
    for (const int edge : {onward.after_days, onward.until_days})
      if (edge > days_here && (out.next_edge < 0 || edge < out.next_edge)) out.next_edge = edge;
  });
  return out;
}

const CompiledPolicy* DayRules::life_cause(const Model& m, NodeId n, const Traits& t, int days_here, bool irregular,
                                           double v) const {
  double sum = 0;
  for_each_life_cause(m, n, t, days_here, irregular, [&](const CompiledPolicy&, double h) { sum += h; });
  const CompiledPolicy* cause = nullptr;
  double below = 0;
  bool found = false;
  for_each_life_cause(m, n, t, days_here, irregular, [&](const CompiledPolicy& policy, double h) {
    if (found || h <= 0) return;
    cause = &policy;  // the last cause with a hazard also takes v's rounding edge
    below += h;
    found = v * sum < below;
  });
  return cause;
}

const CompiledPolicy* DayRules::stay_exceeded(const Model& m, const Rng& rng, std::uint32_t agent, NodeId n,
                                              const Traits& t, int since, int days_here, const PriorStay& prior,
                                              int day) const {
  const NodeId c = m.world.nodes[n].country;
  for (auto p : active(PolicyType::stay_limit)) {
    const auto& policy = m.policies[p];
    if (!policy.in_where[n]) continue;
    const auto& limit = policy.as<StayLimit>();
    int used = days_here + prior.days_within(c, day, limit.window_days);
    if (used + limit.days_used_before < limit.days || !policy.who.matches(t)) continue;
    if (limit.days_used_before > 0) {
      const double u = rng.uniform(agent, static_cast<std::uint32_t>(since), Purpose::days_used_before);
      used += static_cast<int>(u * (limit.days_used_before + 1));
    }
    if (used >= limit.days) return &policy;
  }
  return nullptr;
}

namespace {
// Is one of the stay limits in `active` in force in n, selecting someone with these traits,
// and such that `also` holds of its parameters?
template <class F>
bool any_stay_limit(const Model& m, const std::vector<std::uint16_t>& active, NodeId n, const Traits& t, F&& also) {
  for (auto p : active) {
    const auto& policy = m.policies[p];
    if (policy.in_where[n] && also(policy.as<StayLimit>()) && policy.who.matches(t)) return true;
  }
  return false;
}
}  // namespace

bool DayRules::stay_limit_covers(const Model& m, NodeId n, const Traits& t) const {
  return any_stay_limit(m, active(PolicyType::stay_limit), n, t, [](const StayLimit&) { return true; });
}

bool DayRules::stays_before_applying(const Model& m, NodeId n, const Traits& t) const {
  return any_stay_limit(m, active(PolicyType::stay_limit), n, t,
                        [](const StayLimit& limit) { return limit.then_apply > 0; });
}

}  // namespace migsim::detail
