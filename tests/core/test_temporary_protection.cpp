// Temporary protection (Council Directive 2001/55/EC as activated by Council Implementing
// Decision (EU) 2022/382): granted on arrival outside the asylum procedure, one state at a
// time, ending where no policy covers a beneficiary any more. Toy graphs with probabilities 0
// or 1 make the counts exact; apply_share is checked against its binomial law. Unless said
// otherwise: 100 people leave O on day 0 and reach A, their destination, on day 1.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>

#include "toy.hpp"

using namespace toy;
using migsim::Status;
using migsim::Transition;

namespace {

// O -> A (1 day) -> B (1 day); A and B are EU states with an asylum procedure deciding 1000
// cases a day, recognising everyone. Everyone wants to be in A (B's attractiveness is
// e^-20 of A's): B is only where people move on to from A.
ScenarioSpec to_a(int days, double people = 100) {
  auto s = base(days, people);
  country(s, "A", 10);
  country(s, "B", -10);
  for (const char* id : {"A", "B"}) {
    member(s, id);
    asylum(s, id, 1000, 1.0);
  }
  crossing(s, "OA", "O", "A", 1);
  crossing(s, "AB", "A", "B", 1);
  departures(s, 0, 0);
  return s;
}

PolicySpec& temporary_protection(ScenarioSpec& s, const std::string& name, const std::string& where, int from,
                                 int until) {
  auto& p = policy(s, name, PolicyType::temporary_protection, from, until);
  p.where.countries = {where};
  return p;
}

std::uint64_t granted(const AsylumDay& d) {
  return d[AsylumEvent::temporary_protection_granted];
}
std::uint64_t registrations(const AsylumDay& d) {
  return d[AsylumEvent::registrations];
}
std::uint64_t applications(const AsylumDay& d) {
  return d[AsylumEvent::applications];
}

}  // namespace

TEST_CASE("temporary protection: those it covers register for it on arrival, outside the asylum procedure") {
  auto s = to_a(5);
  auto& tp = temporary_protection(s, "tp_a", "A", 0, 4);
  const auto o = run(s);
  CHECK(o.rec.at(0, "A", Status::temporary) == 0);
  CHECK(o.rec.at(1, "A", Status::temporary) == 100);  // arrived on day 1
  CHECK(o.rec.asylum(1, "A")[AsylumEvent::temporary_protection_granted] == 100);
  CHECK(o.rec.total("A", granted) == 100);  // once each: nothing counts them again while they stay
  CHECK(o.rec.at(4, "A", Status::temporary) == 100);
  CHECK(o.rec.total("A", registrations) == 0);  // no intention, no application, no queue
  CHECK(o.rec.total("A", applications) == 0);
  CHECK(o.rec.at(4, "A", Status::protected_) == 0);

  // People its `who` does not select (a trait nobody has) go through asylum as before.
  tp.who.ex_combatant = true;
  const auto others = run(s);
  CHECK(others.rec.total("A", granted) == 0);
  CHECK(others.rec.total("A", registrations) == 100);
  CHECK(others.rec.total("A", applications) == 100);
  CHECK(others.rec.at(4, "A", Status::protected_) == 100);
  CHECK(others.rec.at(4, "A", Status::temporary) == 0);

  // Of two profiles, only the one it names is covered; the other applies.
  s.profiles[0].share = 0.5;
  s.profiles.push_back(s.profiles[0]);
  s.profiles[1].id = "other";
  s.total_people = 1000;
  tp.who = {};
  tp.who.profiles = {"all"};
  const auto mixed = run(s);
  const std::size_t nodes = mixed.rec.world->node_count();
  const auto ended = [&](std::size_t profile, Status st) {
    return mixed.rec.final_stats
        .outcomes[(profile * nodes + mixed.rec.node("A")) * status_count + static_cast<std::size_t>(st)];
  };
  CHECK(ended(0, Status::temporary) > 0);
  CHECK(ended(0, Status::protected_) == 0);
  CHECK(ended(1, Status::temporary) == 0);
  CHECK(ended(1, Status::protected_) > 0);
  CHECK(ended(0, Status::temporary) + ended(1, Status::protected_) == 1000);
  CHECK(mixed.rec.total("A", granted) == ended(0, Status::temporary));
  CHECK(mixed.rec.total("A", applications) == ended(1, Status::protected_));
}

TEST_CASE("temporary protection: apply_share of those covered ask for asylum instead") {
  constexpr double people = 4000, share = 0.3;
  auto s = to_a(3, people);
  auto& tp = temporary_protection(s, "tp_a", "A", 0, 2);
  params<TemporaryProtection>(tp).apply_share = share;
  const auto o = run(s);
  const auto asked = static_cast<double>(o.rec.total("A", registrations));
  // Each covered arrival asks with chance 0.3, independently (one draw keyed by person and
  // day): the number asking is Binomial(4000, 0.3), mean 1200, sd sqrt(4000 * 0.3 * 0.7) = 29.
  // Within 5 sd (145), a correct rule fails for fewer than 1 seed in a million; a share read
  // the other way round (2800), or ignored (0 or 4000), is at least 48 sd away.
  const double sd = std::sqrt(people * share * (1 - share));
  CHECK(std::abs(asked - people * share) <= 5 * sd);
  CHECK(o.rec.total("A", applications) == o.rec.total("A", registrations));  // they apply as anyone would
  CHECK(static_cast<double>(o.rec.total("A", granted)) == people - asked);   // the rest are granted it
  CHECK(static_cast<double>(o.rec.at(2, "A", Status::temporary)) == people - asked);
}

TEST_CASE("temporary protection: one state at a time, moving on ends it and the next state grants it again") {
  auto s = to_a(30);
  temporary_protection(s, "tp_a", "A", 0, 29);
  temporary_protection(s, "tp_b", "B", 0, 29);
  auto& onward = policy(s, "onward", PolicyType::onward_movement, 0, 29);
  onward.where.countries = {"A"};
  params<OnwardMovement>(onward).daily_hazard = 0.1;
  const auto o = run(s);
  const auto& r = o.rec;
  CHECK(r.at(1, "A", Status::temporary) == 100);
  for (int d = 2; d < 30; ++d) {
    CAPTURE(d);
    // Never more beneficiaries than people covered; those on the crossing A -> B (counted at
    // A, travelling) hold it nowhere.
    CHECK(r.at(d, "A", Status::temporary) + r.at(d, "B", Status::temporary) <= 100);
    CHECK(r.at(d, "A", Status::temporary) + r.at(d, "B", Status::temporary) + r.at(d, "A", Status::travelling) == 100);
    CHECK(r.at(d, "A", Status::temporary) <= r.at(d - 1, "A", Status::temporary));  // A's falls ...
    CHECK(r.at(d, "B", Status::temporary) >= r.at(d - 1, "B", Status::temporary));  // ... as B's rises
    // Each arrival in B is a grant there, on the day they arrive.
    CHECK(r.asylum(d, "B")[AsylumEvent::temporary_protection_granted] ==
          r.at(d, "B", Status::temporary) - r.at(d - 1, "B", Status::temporary));
  }
  const std::uint64_t moved = r.total("A", Transition::moved_on);
  CHECK(moved > 0);
  CHECK(moved < 100);
  CHECK(r.total("A", granted) == 100);
  CHECK(r.total("B", granted) == r.at(29, "B", Status::temporary));
  CHECK(r.at(29, "A", Status::temporary) + r.at(29, "A", Status::travelling) + r.at(29, "B", Status::temporary) == 100);
  CHECK(r.total("B", registrations) == 0);
  CHECK(r.total("A", registrations) == 0);
}

TEST_CASE("temporary protection: when no policy covers them any more, beneficiaries are settled that day") {
  auto s = to_a(20);
  temporary_protection(s, "tp_a", "A", 0, 9);  // in force on days 0-9
  SUBCASE("it ends") {
    const auto o = run(s);
    CHECK(o.rec.at(9, "A", Status::temporary) == 100);
    CHECK(o.rec.at(10, "A", Status::temporary) == 0);
    CHECK(o.rec.at(10, "A", Status::settled) == 100);
    CHECK(o.rec.at(19, "A", Status::settled) == 100);
    CHECK(o.rec.total("A", registrations) == 0);
    CHECK(o.rec.transition(10, "A", Transition::temporary_protection_ended) == 100);
    CHECK(o.rec.total("A", Transition::temporary_protection_ended) == 100);
  }
  SUBCASE("another policy extends it: nothing changes, no new grants") {
    temporary_protection(s, "tp_a_extended", "A", 10, 19);
    const auto o = run(s);
    CHECK(o.rec.at(10, "A", Status::temporary) == 100);
    CHECK(o.rec.at(19, "A", Status::temporary) == 100);
    CHECK(o.rec.at(19, "A", Status::settled) == 0);
    CHECK(o.rec.total("A", granted) == 100);
    CHECK(o.rec.total("A", Transition::temporary_protection_ended) == 0);
  }
  SUBCASE("a policy for someone else does not cover them") {
    temporary_protection(s, "tp_a_others", "A", 10, 19).who.ex_combatant = true;
    const auto o = run(s);
    CHECK(o.rec.at(10, "A", Status::temporary) == 0);
    CHECK(o.rec.at(10, "A", Status::settled) == 100);
  }
}

TEST_CASE("temporary protection: people already living where it comes into force register for it that day") {
  // A has no asylum procedure: arriving on day 1, people settle. Protection comes into force
  // in A on day 5 for profile `all` only; the other profile, half of 200 people, stays settled.
  auto s = base(12, 200);
  country(s, "A", 1);
  member(s, "A");
  crossing(s, "OA", "O", "A", 1);
  departures(s, 0, 0);
  s.profiles[0].share = 0.5;
  s.profiles.push_back(s.profiles[0]);
  s.profiles[1].id = "other";
  temporary_protection(s, "tp_a", "A", 5, 9).who.profiles = {"all"};
  const auto o = run(s, 2, 2);
  const auto settled = o.rec.at(4, "A", Status::settled);
  CHECK(settled == 200);
  CHECK(o.rec.asylum(4, "A")[AsylumEvent::temporary_protection_granted] == 0);
  const auto covered = o.rec.at(5, "A", Status::temporary);
  CHECK(o.rec.asylum(5, "A")[AsylumEvent::temporary_protection_granted] == covered);
  CHECK(covered + o.rec.at(5, "A", Status::settled) == 200);
  CHECK(covered > 60);  // about 100: each person's profile is a 0.5 draw, sd 7
  CHECK(covered < 140);
  CHECK(o.rec.at(9, "A", Status::temporary) == covered);
  CHECK(o.rec.total("A", granted) == covered);  // once each
  CHECK(o.rec.transition(10, "A", Transition::temporary_protection_ended) == covered);
  CHECK(o.rec.at(10, "A", Status::settled) == 200);
}

TEST_CASE("temporary protection: someone who chose asylum instead is not offered it again on later days") {
  // A has no asylum procedure, so the apply_share who ask for asylum on arrival (day 1) settle
  // there. Policies starting on days 4, 6 and 8 make days on which everyone is looked at. Only
  // a protection policy's first day offers it to people already settled.
  constexpr std::uint64_t people = 1000;
  constexpr double n = people, share = 0.5;
  auto s = base(12, n);
  country(s, "A", 1);
  member(s, "A");
  crossing(s, "OA", "O", "A", 1);
  departures(s, 0, 0);
  params<TemporaryProtection>(temporary_protection(s, "tp_a", "A", 0, 11)).apply_share = share;
  for (const int day : {4, 6, 8})
    policy(s, "frozen_from_" + std::to_string(day), PolicyType::moratorium, day, 11).where.countries = {"A"};
  const auto o = run(s);
  const auto covered = o.rec.at(1, "A", Status::temporary);
  // Binomial(1000, 0.5): mean 500, sd 15.8; 5 sd either side.
  CHECK(std::abs(static_cast<double>(covered) - n * (1 - share)) <= 5 * std::sqrt(n * share * (1 - share)));
  CHECK(o.rec.at(1, "A", Status::settled) == people - covered);
  // Offered again on each of the three days, half of the rest would register each time
  // (about 250, 125, 62 more): the count stays where day 1 left it.
  CHECK(o.rec.total("A", granted) == covered);
  CHECK(o.rec.at(11, "A", Status::temporary) == covered);
  CHECK(o.rec.at(11, "A", Status::settled) == people - covered);
}

TEST_CASE("temporary protection: results do not depend on the number of threads") {
  auto s = to_a(40, 6000);
  s.scale = 2;
  s.profiles[0].share = 0.7;
  s.profiles.push_back(s.profiles[0]);
  s.profiles[1].id = "other";
  s.profiles[1].share = 0.3;
  s.departures.clear();
  departures(s, 0, 10);
  temporary_protection(s, "tp_a", "A", 0, 25).who.profiles = {"all"};
  params<TemporaryProtection>(temporary_protection(s, "tp_b", "B", 0, 39)).apply_share = 0.3;
  auto& onward = policy(s, "onward", PolicyType::onward_movement, 5, 39);
  onward.where.countries = {"A"};
  params<OnwardMovement>(onward).daily_hazard = 0.05;
  auto& home = policy(s, "home", PolicyType::return_home, 5, 39);
  home.where.countries = {"A", "B"};
  params<ReturnHome>(home).daily_hazard = 0.01;
  const auto one = run(s, 3, 1);
  CHECK(one.rec.total("A", granted) > 0);
  CHECK(one.rec.total("B", granted) > 0);
  CHECK(one.rec.at(30, "A", Status::settled) > 0);  // tp_a ended on day 25
  for (const int threads : {2, 4}) {
    CAPTURE(threads);
    const auto other = run(s, 3, threads);
    REQUIRE(other.rec.days.size() == one.rec.days.size());
    for (std::size_t d = 0; d < one.rec.days.size(); ++d) {
      const auto& a = one.rec.days[d];
      const auto& b = other.rec.days[d];
      CHECK(a.stock == b.stock);
      CHECK(a.transitions == b.transitions);
      CHECK(a.edge_entries == b.edge_entries);
      for (std::size_t n = 0; n < a.asylum.size(); ++n) CHECK(a.asylum[n].events == b.asylum[n].events);
    }
    CHECK(one.rec.final_stats.outcomes == other.rec.final_stats.outcomes);
  }
}
