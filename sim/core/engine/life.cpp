// Life after settling (issue 9): what happens to someone living in a country, settled or
// irregular, beyond the asylum procedure. Part of Run, called from its decide phase.
//
// A stay limit is tested every day where one is in force (it is cheap). The scheduled policy
// types (residence_permit, onward_movement, return_home, visit_home) are not: each person carries the
// next day something is due for them — a permit's end, the day a hazard acts, a band of days
// since arrival starting or ending — drawn ahead, valid while the set of policies in force
// is unchanged. On that day, or on the first day after the policies changed, their permit is
// decided and the next such day drawn. A constant daily hazard h acts after a geometric
// number of days, P(k) = (1 - h)^k h; as the chance of acting on a day does not depend on the
// days before, drawing again whenever the hazard may have changed gives exactly the same law
// as a test every day, at the cost of one draw per change instead of one per day.
#include <algorithm>
#include <cmath>

#include "run.hpp"

namespace migsim::detail {

bool Run::permit_valid(std::uint32_t a, DayIndex day) const {
  const DayIndex until = pop_.permit_until(a);
  return until != no_day && day < until;
}

// The stay limit a settled person has used up where they are, or nullptr. None with a valid
// permit.
const CompiledPolicy* Run::stay_used_up(std::uint32_t a, Today today) const {
  const NodeId here = pop_.node[a];
  const int shortest = rules_.stay_limit_days(here);  // cheap tests before the selectors
  if (shortest == 0) return nullptr;
  const PriorStay prior = pop_.prior_stay(a);
  const int days_here = today.index - pop_.since[a];
  const int at_most = days_here + (prior.country == country(here) ? prior.used : 0);
  if (at_most < shortest || permit_valid(a, today.index)) return nullptr;
  return rules_.stay_exceeded(m_, rng_, a, here, traits(a), pop_.since[a], days_here, prior, today.index);
}

// Someone whose stay is used up under `limit`: its then_apply share apply for asylum where
// they are (if they may: a procedure here, no ground to stay), one draw keyed by the day;
// the others leave as behaviour.after_refusal says.
void Run::stay_ended(std::uint32_t a, Today today, const CompiledPolicy& limit, ThreadTally& tally) {
  const NodeId here = pop_.node[a];
  count(tally, here, Transition::stay_expired);
  const double then_apply = limit.as<StayLimit>().then_apply;
  if (then_apply > 0 && may_apply_at(a, here) && rng_.uniform(a, today.index, Purpose::then_apply) < then_apply) {
    pop_.next_change[a] = 0;  // what was drawn ahead for them as settled holds nothing for an applicant
    register_intention(a, today, tally);
    return;
  }
  leave_where_they_live(a, today, m_.after_refusal_cum, tally);
}

// Someone living here whose legal stay ended (a stay limit used up, a permit refused) does
// what `cum` says: moves on, goes home or stays irregularly.
void Run::leave_where_they_live(std::uint32_t a, Today today, const std::array<double, 4>& cum, ThreadTally& tally) {
  const NodeId here = pop_.node[a];
  pop_.status[a] = Status::in_transit;
  pop_.days_left[a] = 0;
  after_refusal(a, today, country(here), Refusal::at_border, cum, tally);
  if (pop_.status[a] != Status::in_transit) return;
  count(tally, here, Transition::moved_on);
  if (!(pop_.flags[a] & flag_hiding)) plan_move(a, today, tally);
}

// A settled person's permit where a residence_permit policy is in force: granted the first
// time with its `grant` chance, renewed at its end with its `renew` chance. Returns false if
// it was refused and they no longer live here as settled.
bool Run::decide_permit(std::uint32_t a, Today today, ThreadTally& tally) {
  const DayIndex t = today.index;
  if (permit_valid(a, t)) return true;
  const NodeId here = pop_.node[a];
  const CompiledPolicy* policy = rules_.permit_for(m_, here, traits(a));
  const bool renewal = pop_.permit_until(a) != no_day;
  pop_.end_permit(a);  // ran out; where no policy is in force, none is needed
  if (policy == nullptr) return true;
  const auto& terms = policy->as<ResidencePermit>();
  if (rng_.uniform(a, t, Purpose::permit) < (renewal ? terms.renew : terms.grant)) {
    pop_.set_permit(a, static_cast<DayIndex>(std::min(t + terms.days, no_day - 1)));
    count(tally, here, renewal ? Transition::permit_renewed : Transition::permit_granted);
    return true;
  }
  count(tally, here, Transition::permit_refused);
  const std::array<double, 4> cum = {terms.move_on, terms.move_on + terms.non_eu, 1.0 - terms.go_home, 1.0};
  leave_where_they_live(a, today, cum, tally);
  return false;
}

// For someone living where a scheduled policy is in force: nothing until the day in
// next_change (while the policies are unchanged); then their permit, and the next day drawn.
void Run::live(std::uint32_t a, Today today, ThreadTally& tally) {
  const DayIndex t = today.index;
  const bool current = pop_.days_left[a] == tables_version_;
  if (current && t < pop_.next_change[a]) return;
  const bool due = current && t == pop_.next_change[a] && (pop_.flags[a] & flag_life_due);
  pop_.flags[a] = static_cast<std::uint8_t>(pop_.flags[a] & ~flag_life_due);
  pop_.days_left[a] = 0;
  if (pop_.status[a] == Status::settled && !decide_permit(a, today, tally)) return;

  const NodeId here = pop_.node[a];
  const Traits who = traits(a);
  const int days_here = t - pop_.since[a];
  const bool irregular = pop_.status[a] == Status::irregular;
  const auto w = rng_.words(a, t, Purpose::life_event);
  if (!due) {
    const NextLife next = draw_next_life(a, t, t, who, irregular, Rng::to_unit(w[0], w[1]));
    if (!next.acts || next.day > t) return;  // nothing today: wait for that day
    // A cause acts today: nothing is drawn ahead.
    pop_.flags[a] = static_cast<std::uint8_t>(pop_.flags[a] & ~flag_life_due);
    pop_.days_left[a] = 0;
  }
  // A cause acts today; if it cannot (nowhere to move on to), the next day is drawn tomorrow
  // (days_left stays 0: nothing drawn ahead holds).
  const CompiledPolicy* acting = rules_.life_cause(m_, here, who, days_here, irregular, Rng::to_unit(w[2], w[3]));
  if (acting == nullptr) return;  // cannot happen while the draw holds; drawn again tomorrow
  const CompiledPolicy& cause = *acting;
  switch (cause.type) {
    case PolicyType::onward_movement:
      move_on_from(a, today, tally);
      return;
    case PolicyType::return_home:
      go_home(a, today, cause.as<ReturnHome>().leave_again, tally);
      return;
    case PolicyType::visit_home: {  // there and back: they stay where they live, as they are
      count(tally, here, Transition::visited_home);
      // The next day from tomorrow, drawn now: the same law as drawing it tomorrow (the
      // hazards' bands are looked up for tomorrow), without waking them for it.
      const auto after = rng_.words(a, t, Purpose::life_event_after);
      draw_next_life(a, t, t + 1, who, irregular, Rng::to_unit(after[0], after[1]));
      return;
    }
    case PolicyType::residence_permit:  // regularised
      pop_.status[a] = Status::settled;
      pop_.flags[a] = static_cast<std::uint8_t>(pop_.flags[a] & ~flag_removable);
      pop_.set_permit(a, static_cast<DayIndex>(std::min(t + cause.as<ResidencePermit>().days, no_day - 1)));
      count(tally, here, Transition::regularised);
      return;
    default:
      return;
  }
}

Run::NextLife Run::draw_next_life(std::uint32_t a, int today, int from, const Traits& who, bool irregular, double u) {
  const auto hazards = rules_.life_hazards(m_, pop_.node[a], who, from - pop_.since[a], irregular);
  int until = no_day;  // the day the hazards or the permit next change
  if (hazards.next_edge >= 0) until = std::min(until, pop_.since[a] + hazards.next_edge);
  if (permit_valid(a, static_cast<DayIndex>(today))) until = std::min<int>(until, pop_.permit_until(a));
  double k = no_day;  // days from `from` to the day a cause acts
  if (hazards.hazard >= 1)
    k = 0;
  else if (hazards.hazard > 0)
    k = std::floor(std::log1p(-u) / std::log1p(-hazards.hazard));
  const NextLife next = from + k < until ? NextLife{from + static_cast<int>(k), true} : NextLife{until, false};
  pop_.next_change[a] = static_cast<DayIndex>(next.day);
  if (next.acts) pop_.flags[a] = static_cast<std::uint8_t>(pop_.flags[a] | flag_life_due);
  pop_.days_left[a] = tables_version_;
  return next;
}

// Onward movement: another destination, by the destination logit from here, in another
// country. Whoever finds none open and affordable stays as they are.
void Run::move_on_from(std::uint32_t a, Today today, ThreadTally& tally) {
  const NodeId here = pop_.node[a], c = country(here);
  const RouteTable& table = tables_[pop_.mobility_class[a]];
  const DestIndex dest = table.choose_where(here, pop_.savings[a], draws(a, today.index, Purpose::onward),
                                            [&](DestIndex k) { return country(w_.destinations[k]) != c; });
  if (dest == no_dest) return;
  count(tally, here, Transition::moved_on);
  pop_.flags[a] = static_cast<std::uint8_t>(pop_.flags[a] & ~flag_removable);
  pop_.end_permit(a);
  pop_.dest[a] = dest;
  pop_.status[a] = Status::in_transit;
  plan_move(a, today, tally);
}

// Going home of their own accord. Of those who do, the share `leave_again` leave again on a
// day drawn from the rest of the departure schedule, in proportion to its weights after
// today; the others stay home for good (as do all when the schedule has no days left).
void Run::go_home(std::uint32_t a, Today today, double leave_again, ThreadTally& tally) {
  count(tally, pop_.node[a], Transition::returned_home);
  pop_.flags[a] = static_cast<std::uint8_t>(pop_.flags[a] & ~flag_removable);
  send_to(a, home_of(a), Status::home, today.index);
  pop_.days_left[a] = 0;
  const auto w = rng_.words(a, today.index, Purpose::leave_again);
  const auto& cum = m_.departure_share_by_day;
  const double done = cum[today.index], left = 1.0 - done;
  if (Rng::to_unit(w[0], w[1]) < leave_again && left > 1e-12) {
    const double target = done + Rng::to_unit(w[2], w[3]) * left;
    const auto day = std::upper_bound(cum.begin() + today.index + 1, cum.end(), target) - cum.begin();
    if (day < static_cast<std::ptrdiff_t>(cum.size())) {
      pop_.next_change[a] = static_cast<DayIndex>(day);
      return;
    }
  }
  pop_.flags[a] = static_cast<std::uint8_t>(pop_.flags[a] | flag_hiding);  // home, and staying
}

}  // namespace migsim::detail
