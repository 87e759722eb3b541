#pragma once
// The law of the day: what each country's asylum procedure and the active non-crossing
// policies say today, compiled when the set of active policies changes. The agent loop asks
// these tables questions (recognition rate, frozen or not, hazards); it never reads specs.
#include <array>
#include <cstdint>
#include <vector>

#include "migsim/core/rng.hpp"
#include "model.hpp"
#include "policy.hpp"
#include "population.hpp"

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
  // The sum of the attractiveness policies in force in n for this profile (0 if none).
  double attractiveness_change(const Model& m, NodeId n, std::uint8_t profile) const;

  bool decisions_frozen(const Model& m, NodeId n, const Traits& t) const;  // moratorium
  // Probability of being pushed back on arriving over crossing e; 0 if no policy.
  double pushback(const Model& m, EdgeId e, const Traits& t) const;
  // Pushback risk after arrival for someone in n who arrived `days_here` days ago.
  double pushback_in_country(const Model& m, NodeId n, const Traits& t, int days_here) const;
  DublinTerms dublin_to(const Model& m, NodeId responsible) const;
  double extradition_hazard(const Model& m, NodeId n, const Traits& t) const;
  // Absconding: the chance today that an applicant waiting in n leaves the procedure; matching
  // policies combine as independent chances, 1 - prod(1 - h).
  double absconding_hazard(const Model& m, NodeId n, const Traits& t) const;
  // Deportation: each matching policy is a cause of removal with its own daily hazard. They
  // combine as independent chances, 1 - prod(1 - h); the cause that removes someone is drawn
  // in proportion to the hazards, and its `to` is where they go. `v` in [0, 1) picks the cause.
  // So neither the chance nor the destinations depend on the order policies are listed in.
  double deportation_hazard(const Model& m, NodeId n, const Traits& t) const;
  NodeId deported_to(const Model& m, NodeId n, const Traits& t, double v) const;
  // Is this person stopped at the origin by an active exit ban? Whether a ban catches a
  // person is one draw per (person, policy), so retrying every day does not wear it down.
  bool exit_banned(const Model& m, const Rng& rng, std::uint32_t agent, const Traits& t) const;
  // The shortest stay limit in n today less the days it lets people have used on arrival
  // (0 = none), whoever it applies to: nobody here fewer days uses one up.
  int stay_limit_days(NodeId n) const { return stay_limit_[n]; }
  // Has `agent`, with these traits, here since day `since` and so for `days_here` days today
  // (`day`), used up a stay limit in n that applies to them, counting the days of an earlier
  // stay in the country that fall within the limit's window and the days a limit with
  // days_used_before says they had used on arrival (one draw keyed by agent and `since`)?
  // The first such limit (in the order policies are listed), or nullptr.
  const CompiledPolicy* stay_exceeded(const Model& m, const Rng& rng, std::uint32_t agent, NodeId n, const Traits& t,
                                      int since, int days_here, const PriorStay& prior, int day) const;
  // Does a stay limit in force in n select someone with these traits? Those it does not are
  // never tested for one (Run::stay_limit_due).
  bool stay_limit_covers(const Model& m, NodeId n, const Traits& t) const;
  // Does a stay limit in n with then_apply > 0 cover someone with these traits: do they stay
  // on it before applying?
  bool stays_before_applying(const Model& m, NodeId n, const Traits& t) const;
  // Could anything happen today to someone settled, anywhere? And in the country of node n,
  // by a policy tested every day (extradition, stay limits), or one that acts on the day a
  // person's situation next changes (the registry's `scheduled` types: Run::live)?
  bool acts_on_the_settled() const { return acts_on_the_settled_; }
  bool daily_at(NodeId n) const { return (acts_on_settled_at_[n] & daily_bit) != 0; }
  bool scheduled_at(NodeId n) const { return (acts_on_settled_at_[n] & scheduled_bit) != 0; }

  // Life after settling. The residence_permit policy that decides permits in n for this person
  // (the last listed that matches), or nullptr when none is in force.
  const CompiledPolicy* permit_for(const Model& m, NodeId n, const Traits& t) const;
  // The temporary_protection policy covering this person in n today (the last listed that
  // matches), or nullptr when none does.
  const CompiledPolicy* temporary_protection_for(const Model& m, NodeId n, const Traits& t) const;
  // The causes that may act on someone living in n, here `days_here` days: every matching
  // onward_movement and return_home policy whose band of days covers them, and, for irregular
  // people, every matching residence_permit with a `regularise` hazard. Like deportation's:
  // independent causes, 1 - prod(1 - h) together; the one that acts is drawn in proportion to
  // the hazards. `next_edge` is the first number of days since arrival, above days_here, at
  // which a band of a matching policy starts or ends (-1: none), when the causes can change.
  struct LifeHazards {
    double hazard = 0;  // together, per day
    int next_edge = -1;
  };
  LifeHazards life_hazards(const Model& m, NodeId n, const Traits& t, int days_here, bool irregular) const;
  // The cause that acts, for `v` in [0, 1): a policy of one of those three types; nullptr if
  // none has a hazard today.
  const CompiledPolicy* life_cause(const Model& m, NodeId n, const Traits& t, int days_here, bool irregular,
                                   double v) const;
  const std::vector<std::uint16_t>& active(PolicyType type) const { return active_[static_cast<int>(type)]; }

 private:
  std::vector<double> capacity_;
  std::vector<int> stay_limit_;
  template <class F>
  void for_each_life_cause(const Model& m, NodeId n, const Traits& t, int days_here, bool irregular, F&& f) const;

  static constexpr std::uint8_t daily_bit = 1, scheduled_bit = 2;
  std::vector<std::uint8_t> acts_on_settled_at_;  // [node]: daily_bit | scheduled_bit
  bool acts_on_the_settled_ = false;
  std::array<std::vector<std::uint16_t>, policy_type_count> active_;
};

}  // namespace migsim::detail
