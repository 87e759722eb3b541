#pragma once
// The law of the day: what each country's asylum procedure and the active non-crossing
// policies say today, compiled when the set of active policies changes. The agent loop asks
// these tables questions (recognition rate, frozen or not, hazards); it never reads specs.
#include <array>
#include <cstdint>
#include <vector>

#include "engine/model.hpp"
#include "engine/policy.hpp"
#include "engine/population.hpp"
#include "migsim/rng.hpp"

namespace migsim::detail {

struct DublinTerms {
  bool any = false;        // is there an active dublin policy toward this state at all
  double probability = 0;  // a take-back request ends in a transfer
  double opt_out = 0;      // the requesting state keeps the case on humanitarian grounds
  int delay_days = 0;
  int deadline_days = 0;
};

class DayRules {
 public:
  void compile(const Model& model, const std::vector<std::uint8_t>& policy_active);

  // First-instance decisions per day in the country of node n (all nationalities).
  double capacity_per_day(NodeId n) const { return capacity_[n]; }

  // Recognition rate at first instance in n for someone with these traits: the country's
  // own rate unless active recognition policies match (the last listed that matches wins).
  double recognition(const Model& m, NodeId n, const Traits& t) const;
  // The same for a whole profile, for the destination logit: a policy counts if its `who`
  // names the profile or names no profile at all (its other selector fields are ignored).
  double recognition_for_profile(const Model& m, NodeId n, std::uint8_t profile) const;

  bool decisions_frozen(const Model& m, NodeId n, const Traits& t) const;  // moratorium
  // Probability of being pushed back on arriving over crossing e; 0 if no policy.
  double pushback(const Model& m, EdgeId e, const Traits& t) const;
  // Pushback risk after arrival for someone in n who arrived `days_here` days ago.
  double pushback_in_country(const Model& m, NodeId n, const Traits& t, int days_here) const;
  DublinTerms dublin_to(const Model& m, NodeId responsible) const;
  double extradition_hazard(const Model& m, NodeId n, const Traits& t) const;
  // Deportation: each matching policy is a cause of removal with its own daily hazard. They
  // combine as independent chances, 1 - prod(1 - h); the cause that removes someone is drawn
  // in proportion to the hazards, and its `to` is where they go. `v` in [0, 1) picks the cause.
  // So neither the chance nor the destinations depend on the order policies are listed in.
  double deportation_hazard(const Model& m, NodeId n, const Traits& t) const;
  NodeId deported_to(const Model& m, NodeId n, const Traits& t, double v) const;
  // Is this person stopped at the origin by an active exit ban? Whether a ban catches a
  // person is one draw per (person, policy), so retrying every day does not wear it down.
  bool exit_banned(const Model& m, const Rng& rng, std::uint32_t agent, const Traits& t) const;
  // The shortest stay limit in n today (0 = none), whoever it applies to.
  int stay_limit_days(NodeId n) const { return stay_limit_[n]; }
  // Has someone with these traits, here for `days_here` days today (`day`), used up a stay
  // limit in n that applies to them, counting the days of an earlier stay in the country
  // that fall within the limit's window?
  bool stay_exceeded(const Model& m, NodeId n, const Traits& t, int days_here, const PriorStay& prior, int day) const;
  // Could anything happen today to someone settled (extradition, a stay limit), anywhere /
  // in the country of node n? Most people are settled most days, mostly where no such
  // policy acts; these keep them to a load and a branch.
  bool acts_on_the_settled() const { return acts_on_the_settled_; }
  bool acts_on_settled_at(NodeId n) const { return acts_on_settled_at_[n] != 0; }
  const std::vector<std::uint16_t>& active(PolicyType type) const { return active_[static_cast<int>(type)]; }

 private:
  std::vector<double> capacity_;
  std::vector<int> stay_limit_;
  std::vector<std::uint8_t> acts_on_settled_at_;
  bool acts_on_the_settled_ = false;
  std::array<std::vector<std::uint16_t>, policy_type_count> active_;
};

}  // namespace migsim::detail
