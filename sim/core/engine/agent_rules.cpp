// What happens to one person on one day, by status. Called from the parallel decide phase:
// it reads the frozen tables of the day (routes, rules, queue counters) and changes only
// this person's own fields and this thread's tally.
//
//   at_origin   -> (exit ban?) choose a destination and set off
//   home        -> on the day they leave again (if they do), as at_origin
//   travelling  -> arrive: pushed back? register (destination, or an irregular entry into a
//                  Dublin state)? settle? or carry on the same day
//   registered  -> lodge after days_to_lodge (a share never lodges and moves on); a case
//                  another Dublin state is responsible for goes to dublin_pending
//   applicant / detained -> an applicant may abscond (leave for another country; the case is
//                  discontinued); first decision when the queue reaches their ticket, unless a
//                  moratorium freezes it: protected, appealing, or rejected
//   appealing   -> appeal decision after its days: protected or rejected
//   rejected    -> deportation hazard; they have already chosen what to do next
//   in_transit  -> extradition hazard; carry on toward their destination
//   temporary   -> while temporary protection covers them where they are, life after settling
//                  (moving on, going home); when none does any more, settled
//   settled     -> extradition hazard; life after settling (life.cpp: a residence permit,
//                  moving on, going home); stay limits for those without a permit
//   irregular   -> extradition hazard; deportation too if their last case was rejected;
//                  life after settling (moving on, going home, being regularised)
#include <algorithm>
#include <cmath>

#include "run.hpp"

namespace migsim::detail {

void Run::decide_agent(std::uint32_t a, Today today, ThreadTally& tally) {
  const Status s = pop_.status[a];
  switch (s) {
    case Status::travelling:
      if (--pop_.days_left[a] > 0) return;
      arrive(a, today, tally);
      if (pop_.status[a] == Status::in_transit && !(pop_.flags[a] & flag_hiding)) plan_move(a, today, tally);
      return;
    case Status::home:  // home for good, or until the day they leave again
      if ((pop_.flags[a] & flag_hiding) || today.index < pop_.next_change[a]) return;
      pop_.next_change[a] = 0;
      pop_.status[a] = Status::at_origin;
      count(tally, pop_.node[a], Transition::left_again);
      [[fallthrough]];
    case Status::at_origin:
      if ((pop_.flags[a] & flag_hiding) || pop_.days_left[a] == tables_version_) return;
      if (!rules_.active(PolicyType::exit_ban).empty() && rules_.exit_banned(m_, rng_, a, traits(a))) {
        pop_.days_left[a] = tables_version_;  // held until the policies change
        return;
      }
      plan_move(a, today, tally);
      return;
    case Status::in_transit:
      if ((rules_.acts_on_the_settled() && removals(a, today.index, tally)) || (pop_.flags[a] & flag_hiding)) return;
      if (pop_.days_left[a] == tables_version_) return;
      plan_move(a, today, tally);
      return;
    case Status::temporary:
      // Protection holds while a temporary_protection policy covers them here; the policy set
      // changes only on a day everyone is looked at (Run::decide), so that day they are. Then
      // national statuses take over (ASSUMED): settled from today, as settled people are.
      if (rules_.temporary_protection_for(m_, pop_.node[a], traits(a)) != nullptr) {
        if (rules_.scheduled_at(pop_.node[a])) live(a, today, tally);
        return;
      }
      pop_.status[a] = Status::settled;
      pop_.days_left[a] = 0;  // what was drawn ahead for a beneficiary holds nothing for a settled person
      count(tally, pop_.node[a], Transition::temporary_protection_ended);
      [[fallthrough]];
    case Status::settled: {
      // Temporary protection come into force where they live covers them: they register for
      // it that day, as people arriving do. A policy starts on a day everyone is looked at
      // (Run::decide). On later days a settled person it covers is one who chose asylum
      // instead (apply_share) or lost it: they are not offered it again each day.
      if (take_temporary_protection(a, today, tally, Offer::on_its_first_day)) return;
      // Removal first; then a permit ending today is renewed or not before a stay limit,
      // which binds only those without one, is tested.
      const NodeId here = pop_.node[a];
      if (rules_.daily_at(here) && removals(a, today.index, tally)) return;
      if (rules_.scheduled_at(here)) live(a, today, tally);
      if (pop_.status[a] == Status::settled && rules_.daily_at(here))
        if (const CompiledPolicy* limit = stay_used_up(a, today)) stay_ended(a, today, *limit, tally);
      return;
    }
    case Status::registered:
    case Status::applicant:
    case Status::detained: {
      // Pushbacks "even after applying": a daily risk for a while after arrival.
      if (!rules_.active(PolicyType::pushback).empty()) {
        const double p = rules_.pushback_in_country(m_, pop_.node[a], traits(a), today.index - pop_.since[a]);
        if (p > 0 && Rng::to_unit(rng_.words(a, today.index, Purpose::pushback)[2]) < p) {
          const NodeId from_country = country(pop_.node[a]);
          count_pushback(a, pop_.node[a], tally);
          const EdgeId came_by = pop_.edge[a];
          send_to(a, came_by == no_edge ? m_.world.origin : w_.edges[came_by].from, Status::in_transit, today.index);
          after_refusal(a, today, from_country, Refusal::at_border, m_.after_refusal_cum, tally);
          return;
        }
      }
      if (s == Status::registered) {
        if (pop_.days_left[a] > 0 && --pop_.days_left[a] > 0) return;
        lodge(a, today, tally);
        return;
      }
      if (s == Status::applicant && !rules_.active(PolicyType::absconding).empty() && abscond(a, today, tally)) return;
      const Dossier& d = pop_.dossier_of(a);
      if (d.ticket == 0 || decided_whole_[country(d.asylum_node)] < d.ticket) return;  // not yet their turn
      if (!rules_.active(PolicyType::moratorium).empty() && rules_.decisions_frozen(m_, pop_.node[a], traits(a)))
        return;
      first_decision(a, today, tally);
      return;
    }
    case Status::appealing: {
      if (pop_.days_left[a] > 0 && --pop_.days_left[a] > 0) return;
      Dossier& d = pop_.open_dossier(a);
      d.final_decision_day = today.index;
      if (rng_.uniform(a, d.applied_day, Purpose::appeal) < m_.asylum_at(pop_.node[a]).appeal_success) {
        pop_.status[a] = Status::protected_;
        return;
      }
      pop_.status[a] = Status::rejected;
      after_refusal(a, today, country(pop_.node[a]), Refusal::of_case, m_.after_refusal_cum, tally);
      return;
    }
    case Status::dublin_pending: {
      if (pop_.days_left[a] > 0 && --pop_.days_left[a] > 0) return;
      Dossier& d = pop_.open_dossier(a);
      if (pop_.flags[a] & flag_dublin_transfer) {
        pop_.flags[a] = static_cast<std::uint8_t>(pop_.flags[a] & ~flag_dublin_transfer);
        count(tally, d.responsible, AsylumEvent::dublin_transfers);
        tally.dublin.push_back({today.index, d.responsible_since, country(pop_.node[a]), d.responsible,
                                DublinEvent::transfer, d.responsible_basis, a});
        send_to(a, d.responsible, Status::dublin_pending, today.index);
        d.asylum_node = d.responsible;
      } else {
        d.responsible = country(pop_.node[a]);  // the deadline passed: this state is now responsible
        d.responsible_since = today.index;
        d.responsible_basis = DublinBasis::take_back;
      }
      apply_in_place(a, today.index, tally);
      return;
    }
    case Status::rejected:
      removals(a, today.index, tally);
      return;
    case Status::irregular:
      if (removals(a, today.index, tally)) return;
      if (rules_.scheduled_at(pop_.node[a])) live(a, today, tally);
      return;
    case Status::protected_:
    case Status::returned:
      return;
  }
}

void Run::arrive(std::uint32_t a, Today today, ThreadTally& tally) {
  const EdgeId e = pop_.edge[a];
  const Edge& x = w_.edges[e];
  pop_.node[a] = x.to;  // pop_.edge keeps e: the crossing that brought them here
  pop_.since[a] = today.index;
  pop_.status[a] = Status::in_transit;

  if (!rules_.active(PolicyType::pushback).empty()) {
    const double p = rules_.pushback(m_, e, traits(a));
    if (p > 0 && rng_.uniform(a, today.index, Purpose::pushback) < p) {
      count_pushback(a, x.to, tally);
      send_to(a, x.from, Status::in_transit, today.index);
      after_refusal(a, today, country(x.to), Refusal::at_border, m_.after_refusal_cum, tally);
      return;
    }
  }
  const bool at_destination = pop_.dest[a] != no_dest && w_.destinations[pop_.dest[a]] == x.to;
  if (at_destination && take_temporary_protection(a, today, tally)) return;
  // At their destination, people a stay limit lets stay before applying (then_apply) settle
  // on it first.
  const bool may_apply = may_apply_at(a, x.to) && !(at_destination && stays_before_applying(a, x.to));
  // Entering a Dublin state irregularly, someone who may seek protection expresses an
  // intention there, wherever they are heading (Croatia records far more intentions than
  // it lodges). People with another ground to stay (settle_with) express none: Croatia's
  // figures count intentions, not fingerprints, and counting them overshot its published
  // intentions eightfold in 2022.
  if (may_apply && (at_destination || (x.mode == Mode::irregular && m_.in_dublin(x.to, today.date)))) {
    // Some passing through are only fingerprinted when apprehended (Eurodac category 2) and
    // express no intention: they carry on, and the state is responsible as the country of
    // irregular entry (a take-charge request if they apply elsewhere).
    const double entry_only = at_destination ? 0.0 : m_.asylum_at(x.to).recorded_at_entry;
    if (entry_only > 0 && rng_.uniform(a, today.index, Purpose::entry_record) < entry_only) {
      record_entry(a, today, tally);
      return;
    }
    register_intention(a, today, tally);
    return;
  }
  if (at_destination) pop_.status[a] = Status::settled;
}

// At their destination, someone a temporary_protection policy covers there registers for it
// instead of entering the asylum procedure, unless they are of its share that asks for asylum
// (apply_share, drawn once per arrival). Returns whether they registered.
bool Run::take_temporary_protection(std::uint32_t a, Today today, ThreadTally& tally, Offer offer) {
  if (rules_.active(PolicyType::temporary_protection).empty()) return false;
  const NodeId here = pop_.node[a];
  const CompiledPolicy* policy = rules_.temporary_protection_for(m_, here, traits(a));
  if (policy == nullptr) return false;
  if (offer == Offer::on_its_first_day && std::max(policy->from, m_.start) != today.date) return false;
  const auto w = rng_.words(a, today.index, Purpose::temporary_protection, policy->stream);
  if (Rng::to_unit(w[0], w[1]) < policy->as<TemporaryProtection>().apply_share) return false;
  pop_.status[a] = Status::temporary;
  pop_.days_left[a] = 0;  // nothing drawn ahead for them here yet (Run::live)
  count(tally, here, AsylumEvent::temporary_protection_granted);
  return true;
}

// Irregular entry recorded without an intention: the state becomes responsible, unless one
// already is, as the first state entered (Dublin III Art. 13(1)); nothing else changes.
void Run::record_entry(std::uint32_t a, Today today, ThreadTally& tally) {
  Dossier& d = pop_.open_dossier(a);
  if (d.responsible != no_node) return;
  d.responsible = country(pop_.node[a]);
  d.responsible_since = today.index;
  d.responsible_basis = DublinBasis::take_charge;
  tally.dublin.push_back(
      {today.index, today.index, no_node, d.responsible, DublinEvent::responsible, d.responsible_basis, a});
}

void Run::plan_move(std::uint32_t a, Today today, ThreadTally& tally) {
  const NodeId node = pop_.node[a];
  const NodeId n = w_.node_count();
  const RouteTable& table = tables_[pop_.mobility_class[a]];
  DestIndex dest = pop_.dest[a];
  const bool route_ok = dest != no_dest && table.next(dest, node, n) != no_edge &&
                        table.cost[static_cast<std::size_t>(dest) * n + node] <= pop_.savings[a];
  if (!route_ok) {
    // A route closed under them (or none chosen yet): choose again from here.
    if (dest != no_dest) ++tally.replanned;
    dest = table.choose(node, pop_.savings[a], draws(a, today.index, Purpose::destination));
    pop_.dest[a] = dest;
    if (dest == no_dest) {
      // Nowhere open and affordable: stay. Whether anywhere is does not depend on the draw,
      // so the answer holds until the policies (and so the tables) change.
      pop_.days_left[a] = tables_version_;
      return;
    }
    if (w_.destinations[dest] == node) {
      // Staying is the choice: temporary protection where it covers them, or settle, or apply
      // where that is possible.
      if (take_temporary_protection(a, today, tally)) return;
      if (may_apply_at(a, node) && !stays_before_applying(a, node))
        register_intention(a, today, tally);
      else
        pop_.status[a] = Status::settled;
      return;
    }
  }
  const EdgeId e = table.next(dest, node, n);
  // A crossing with a daily capacity is contended: the request waits for resolve. Any other
  // is theirs at once: setting off changes only their own state and this thread's tally.
  if (capped_[e])
    tally.requests.push_back({e, rng_.words(a, today.index, Purpose::capacity_priority)[0], a});
  else
    set_off(a, e, today.index, tally);
}

void Run::register_intention(std::uint32_t a, Today today, ThreadTally& tally) {
  const NodeId here = pop_.node[a];
  Dossier& d = pop_.open_dossier(a);
  d.asylum_node = here;
  d.registered_day = today.index;
  d.applied_day = d.first_decision_day = d.final_decision_day = no_day;
  d.ticket = 0;
  count(tally, here, AsylumEvent::registrations);
  if (d.responsible == no_node && m_.in_dublin(here, today.date)) {
    d.responsible = country(here);
    d.responsible_since = today.index;
    d.responsible_basis = DublinBasis::take_back;
    tally.dublin.push_back(
        {today.index, today.index, no_node, d.responsible, DublinEvent::responsible, d.responsible_basis, a});
  }
  const AsylumModel& procedure = m_.asylum_at(here);
  if (rng_.uniform(a, today.index, Purpose::lodging) >= lodging_probability(a, here)) {
    // Never lodges here. Passing through, they carry on; if this was the destination,
    // they move on elsewhere.
    pop_.status[a] = Status::in_transit;
    if (pop_.dest[a] != no_dest && w_.destinations[pop_.dest[a]] == here) {
      const RouteTable& table = tables_[pop_.mobility_class[a]];
      const NodeId c = country(here);
      pop_.dest[a] = table.choose_where(here, pop_.savings[a], draws(a, today.index, Purpose::lodging),
                                        [&](DestIndex k) { return country(w_.destinations[k]) != c; });
      if (pop_.dest[a] == no_dest) hide(a, tally);
    }
    return;
  }
  pop_.status[a] = Status::registered;
  pop_.days_left[a] = static_cast<std::uint16_t>(procedure.days_to_lodge);
  if (procedure.days_to_lodge == 0) lodge(a, today, tally);
}

// An applicant leaves the procedure today (absconding), if a policy says so and somewhere else
// is open and affordable: they set out tomorrow like anyone in transit. The dossier keeps the
// state responsible, so lodging in another Dublin state starts a take-back request to it.
bool Run::abscond(std::uint32_t a, Today today, ThreadTally& tally) {
  const NodeId here = pop_.node[a];
  // Asked of every applicant every day: most wait where no absconding policy acts, known
  // without building their traits.
  bool acts_here = false;
  for (const auto p : rules_.active(PolicyType::absconding)) acts_here |= m_.policies[p].in_where[here] != 0;
  if (!acts_here) return false;
  const double h = rules_.absconding_hazard(m_, here, traits(a));
  if (h <= 0) return false;
  const auto w = rng_.words(a, today.index, Purpose::absconding);
  if (Rng::to_unit(w[0], w[1]) >= h) return false;
  const RouteTable& table = tables_[pop_.mobility_class[a]];
  const NodeId c = country(here);
  const DestIndex dest = table.choose_where(here, pop_.savings[a], draws(a, today.index, Purpose::absconding),
                                            [&](DestIndex k) { return country(w_.destinations[k]) != c; });
  if (dest == no_dest) return false;  // nowhere to go: the case goes on here
  pop_.dest[a] = dest;
  pop_.status[a] = Status::in_transit;
  pop_.days_left[a] = 0;
  count(tally, here, Transition::absconded);
  return true;
}

// lodging_share at the country's own recognition rate; a recognition policy that changes
// the rate this person would get moves the odds by behaviour.lodging_recognition.
double Run::lodging_probability(std::uint32_t a, NodeId here) const {
  const AsylumModel& procedure = m_.asylum_at(here);
  const double share = procedure.lodging_share, coef = m_.behaviour.lodging_recognition_coef;
  if (coef == 0 || share <= 0 || share >= 1) return share;
  const double shift = coef * (rules_.recognition(m_, here, traits(a)) - procedure.recognition);
  const double odds = share / (1 - share) * std::exp(shift);
  return odds / (1 + odds);
}

// A case another Dublin state is responsible for starts a take-back request; the requesting
// state may keep it (opt-out), transfer the person after a delay, or let the deadline pass
// and become responsible. With no dublin policy toward that state, nobody is transferred.
void Run::lodge(std::uint32_t a, Today today, ThreadTally& tally) {
  const NodeId here = pop_.node[a];
  Dossier& d = pop_.open_dossier(a);  // opened when they registered
  const NodeId responsible = d.responsible;
  // The application is lodged here and now, as Eurostat counts first-time applicants, even
  // if a take-back request then sends the case to another state.
  count(tally, here, AsylumEvent::applications);
  d.applied_day = today.index;
  if (responsible != no_node && responsible != country(here) && m_.in_dublin(here, today.date) &&
      m_.in_dublin(responsible, today.date)) {
    count(tally, responsible, AsylumEvent::dublin_requests);  // received by the responsible state
    tally.dublin.push_back(
        {today.index, d.responsible_since, country(here), responsible, DublinEvent::request, d.responsible_basis, a});
    const DublinTerms terms = rules_.dublin_to(m_, responsible);
    const auto w = rng_.words(a, today.index, Purpose::dublin);
    if (terms.any && Rng::to_unit(w[0], w[1]) >= terms.opt_out) {
      const bool transfer = Rng::to_unit(w[2], w[3]) < terms.probability;
      pop_.flags[a] = static_cast<std::uint8_t>(transfer ? pop_.flags[a] | flag_dublin_transfer
                                                         : pop_.flags[a] & ~flag_dublin_transfer);
      pop_.status[a] = Status::dublin_pending;
      pop_.days_left[a] = static_cast<std::uint16_t>(std::max(1, transfer ? terms.delay_days : terms.deadline_days));
      return;
    }
    d.responsible = country(here);
    d.responsible_since = today.index;
    d.responsible_basis = DublinBasis::take_back;
  }
  apply_in_place(a, today.index, tally);
}

// The case joins this state's first-instance queue (after lodging, or after a Dublin
// transfer or deadline).
void Run::apply_in_place(std::uint32_t a, DayIndex day, ThreadTally& tally) {
  const NodeId here = pop_.node[a];
  Dossier& d = pop_.open_dossier(a);
  d.asylum_node = here;
  d.ticket = 0;  // given in the queue phase, in agent-id order
  const bool detained = rng_.uniform(a, day, Purpose::detention) < m_.asylum_at(here).detention;
  pop_.status[a] = detained ? Status::detained : Status::applicant;
  tally.lodgers.push_back(a);
}

void Run::first_decision(std::uint32_t a, Today today, ThreadTally& tally) {
  const NodeId here = pop_.node[a];
  Dossier& d = pop_.open_dossier(a);
  d.first_decision_day = today.index;
  // Drawn per case (keyed by the day it was lodged), not per decision day: a queue that
  // moves a day faster or slower in a counterfactual then changes when, not what, is decided.
  const auto w = rng_.words(a, d.applied_day, Purpose::asylum_decision);
  if (Rng::to_unit(w[0], w[1]) < rules_.recognition(m_, here, traits(a))) {
    count(tally, here, AsylumEvent::decisions_positive);
    pop_.status[a] = Status::protected_;
    d.final_decision_day = today.index;
    return;
  }
  count(tally, here, AsylumEvent::decisions_negative);
  const AsylumModel& procedure = m_.asylum_at(here);
  if (Rng::to_unit(w[2], w[3]) < procedure.appeal_share) {
    pop_.status[a] = Status::appealing;
    pop_.days_left[a] = static_cast<std::uint16_t>(std::max(1, procedure.appeal_days));
    return;
  }
  pop_.status[a] = Status::rejected;
  d.final_decision_day = today.index;
  after_refusal(a, today, country(here), Refusal::of_case, m_.after_refusal_cum, tally);
}

// After a final rejection, a pushback or the end of a permitted stay: move on (anywhere but
// the country that refused them), leave for a country outside the EU, hide (irregular), or go
// home, by the cumulative shares `cum` (behaviour.after_refusal, or a residence_permit's).
// Whoever finds no open and affordable destination hides. After a rejected case the draws
// are keyed by the case (the day it was lodged), like its decision.
void Run::after_refusal(std::uint32_t a, Today today, NodeId leave_country, Refusal refusal,
                        const std::array<double, 4>& cum, ThreadTally& tally) {
  const DayIndex key = refusal == Refusal::of_case ? pop_.dossier_of(a).applied_day : today.index;
  const Purpose purpose = refusal == Refusal::of_case ? Purpose::case_refusal : Purpose::after_refusal;
  const auto w = rng_.words(a, key, purpose);
  const double u = Rng::to_unit(w[0], w[1]);
  const int choice = static_cast<int>(std::upper_bound(cum.begin(), cum.end(), u) - cum.begin());
  if (choice == 3) {
    if (country(pop_.node[a]) != country(m_.world.origin)) count(tally, pop_.node[a], Transition::returned_home);
    send_to(a, home_of(a), Status::home, today.index);
    pop_.flags[a] = static_cast<std::uint8_t>(pop_.flags[a] | flag_hiding);  // home, and staying
    return;
  }
  if (choice <= 1) {
    const bool outside_eu_only = choice == 1;
    const RouteTable& table = tables_[pop_.mobility_class[a]];
    const DestIndex dest = table.choose_where(pop_.node[a], pop_.savings[a], draws(a, key, purpose), [&](DestIndex k) {
      const NodeId d = w_.destinations[k];
      return country(d) != leave_country && !(outside_eu_only && m_.in_eu(d, today.date));
    });
    if (dest != no_dest) {
      pop_.dest[a] = dest;
      pop_.status[a] = Status::in_transit;
      return;
    }
  }
  hide(a, tally);
}

// Staying where they are without a status, for good. Abroad that is the status irregular,
// and a rejected applicant stays removable; pushed back into their own country they are not
// irregular there, so they keep their status and make no more plans (flag_hiding).
void Run::hide(std::uint32_t a, ThreadTally& tally) {
  if (country(pop_.node[a]) == country(m_.world.origin)) {
    pop_.flags[a] = static_cast<std::uint8_t>(pop_.flags[a] | flag_hiding);
    return;
  }
  if (pop_.status[a] == Status::rejected) pop_.flags[a] = static_cast<std::uint8_t>(pop_.flags[a] | flag_removable);
  pop_.status[a] = Status::irregular;
  pop_.days_left[a] = 0;  // nothing drawn ahead for them yet (Run::live)
  count(tally, pop_.node[a], Transition::became_irregular);
}

// Every pushback is counted; a person's first one, anywhere, is also counted as a person.
void Run::count_pushback(std::uint32_t a, NodeId at, ThreadTally& tally) {
  count(tally, at, AsylumEvent::pushbacks);
  if (pop_.flags[a] & flag_pushed_back) return;
  pop_.flags[a] = static_cast<std::uint8_t>(pop_.flags[a] | flag_pushed_back);
  count(tally, at, AsylumEvent::people_pushed_back);
}

void Run::send_to(std::uint32_t a, NodeId node, Status status, DayIndex day) {
  pop_.end_permit(a);       // a permit is for the country they lived in
  pop_.next_change[a] = 0;  // nothing drawn ahead holds there
  pop_.node[a] = node;      // pop_.edge keeps the last crossing they took
  pop_.status[a] = status;
  pop_.since[a] = day;
  pop_.dest[a] = no_dest;
}

// Extradition (anyone matching, not protected) and deportation (rejected applicants, also
// those who went irregular after the rejection).
bool Run::removals(std::uint32_t a, DayIndex day, ThreadTally& tally) {
  const NodeId here = pop_.node[a];
  if (!rules_.active(PolicyType::extradition).empty() && rules_.daily_at(here)) {
    const double h = rules_.extradition_hazard(m_, here, traits(a));
    if (h > 0 && rng_.uniform(a, day, Purpose::extradition) < h) {
      count(tally, here, AsylumEvent::extraditions);
      send_to(a, m_.world.origin, Status::returned, day);
      return true;
    }
  }
  if (removable(a) && !rules_.active(PolicyType::deportation).empty()) {
    const double h = rules_.deportation_hazard(m_, here, traits(a));
    const double u = h > 0 ? rng_.uniform(a, day, Purpose::deportation) : 1.0;
    if (u < h) {
      count(tally, here, AsylumEvent::deportations);
      send_to(a, rules_.deported_to(m_, here, traits(a), u / h), Status::returned, day);  // u / h: uniform again
      return true;
    }
  }
  return false;
}

}  // namespace migsim::detail
