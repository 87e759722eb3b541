// Common random numbers: what makes a counterfactual comparable with its base run. A change
// must move only the people it acts on; everyone else keeps their draws. And the behaviour
// counterfactuals rely on: lodging that responds to recognition.
#include <doctest/doctest.h>

#include <cmath>

#include "engine/routing.hpp"
#include "migsim/core/rng.hpp"
#include "toy.hpp"

using namespace toy;
using migsim::detail::DestIndex;
using migsim::detail::RouteTable;

namespace {

// One node choosing among three destinations with these logit weights and path costs.
RouteTable three_way(float w0, float w1, float w2, float cost2 = 0) {
  RouteTable t;
  t.choice_begin = {0, 3};
  t.choice_cost = {0, 0, cost2};  // sorted by cost, as build_route_table leaves them
  t.choice_weight = {w0, w1, w2};
  t.choice_dest = {0, 1, 2};
  return t;
}

// Destination k's uniform for agent a, as the engine keys it (Run::draws).
struct Draws {
  const migsim::Rng* rng;
  std::uint32_t agent;
  float operator()(DestIndex k) const {
    return migsim::Rng::to_open_unit(rng->words(agent, 0, migsim::Purpose::destination, 1u + k / 4u)[k % 4u]);
  }
};

}  // namespace

TEST_CASE("a destination choice is a logit, and raising one destination moves people only toward it") {
  const migsim::Rng rng(42);
  const auto even = three_way(1, 1, 1), first_doubled = three_way(2, 1, 1);
  constexpr int n = 20000;
  int first_even = 0, first_doubled_count = 0, moved_elsewhere = 0;
  for (std::uint32_t a = 0; a < n; ++a) {
    const DestIndex before = even.choose(0, 1e9f, Draws{&rng, a});
    const DestIndex after = first_doubled.choose(0, 1e9f, Draws{&rng, a});
    first_even += before == 0;
    first_doubled_count += after == 0;
    if (after != before && after != 0) ++moved_elsewhere;  // would be a change the counterfactual did not make
  }
  CHECK(moved_elsewhere == 0);
  // Logit shares 1/3 and 1/2. Tolerance 5 binomial standard deviations (0.0035 and 0.0033
  // at n = 20000): a wrong share, such as the race reading weights inverted, is off by far
  // more, and a right one fails 1 time in 1.7 million.
  const double sd_third = std::sqrt(1.0 / 3 * 2.0 / 3 / n), sd_half = std::sqrt(0.25 / n);
  CHECK(std::abs(first_even / double(n) - 1.0 / 3) < 5 * sd_third);
  CHECK(std::abs(first_doubled_count / double(n) - 0.5) < 5 * sd_half);
}

TEST_CASE("a destination choice keeps to what people can afford and what is allowed") {
  const migsim::Rng rng(7);
  const auto t = three_way(1, 1, 100, 500);  // destination 2 is the favourite but costs 500
  for (std::uint32_t a = 0; a < 1000; ++a) {
    CHECK(t.choose(0, 499, Draws{&rng, a}) != 2);
    CHECK(t.choose_where(0, 1e9f, Draws{&rng, a}, [](DestIndex k) { return k == 1; }) == 1);
  }
  CHECK(t.choose_where(0, 1e9f, Draws{&rng, 0}, [](DestIndex) { return false; }) == migsim::detail::no_dest);
}

namespace {

// 200 people who may each get a humanitarian visa from a quota of 40: those who get one go
// to DE, the rest have nowhere to go. Two profiles, so who won the lottery shows in the
// outcomes. An exit ban listed first that never catches anyone can be switched off.
ScenarioSpec visa_lottery() {
  auto s = base(10, 200);
  s.profiles[0].share = 0.5;
  auto second = s.profiles[0];
  second.id = "second";
  s.profiles.push_back(second);
  country(s, "DE", 5);
  crossing(s, "ODE", "O", "DE", 1, 0, {"pass", "visa"});
  departures(s, 0, 0);
  auto& ban = policy(s, "inert_exit_ban", PolicyType::exit_ban, 0, 9);
  params<ExitBan>(ban).share = 0;
  visas_per_day(s, "visas", "DE", 0, 0, 40);
  return s;
}

}  // namespace

TEST_CASE("switching one policy off leaves another policy's draws alone") {
  auto s = visa_lottery();
  const auto base_run = run(s);
  CHECK(base_run.rec.at(9, "DE", Status::settled) == 40);
  s.policies[0].enabled = false;
  const auto without_ban = run(s);
  CHECK(without_ban.rec.final_stats.outcomes == base_run.rec.final_stats.outcomes);
  // Control: the lottery's draws do show in the outcomes. Another name is another stream,
  // and so another mix of winners; one name could draw the same mix by chance (about 1 in
  // 10 for 40 winners of 200), all three about 1 in 1,000.
  int differ = 0;
  for (const char* name : {"visas_b", "visas_c", "visas_d"}) {
    s.policies[1].name = name;
    differ += run(s).rec.final_stats.outcomes != base_run.rec.final_stats.outcomes;
  }
  CHECK(differ > 0);
}

namespace {

// 10,000 people cross irregularly into HR (a Dublin state, not where they are heading),
// register an intention there, and lodge with lodging_share 0.2 at HR's own rate 0.1.
ScenarioSpec transit_through_croatia() {
  auto s = base(5, 10000);
  country(s, "HR", 0, false);
  country(s, "DE", 1);
  member(s, "HR");
  member(s, "DE");
  asylum(s, "HR", 100, 0.1).lodging_share = 0.2;
  asylum(s, "DE", 100, 0.1);
  crossing(s, "OHR", "O", "HR", 1).mode = Mode::irregular;
  crossing(s, "HRDE", "HR", "DE", 1);
  departures(s, 0, 0);
  return s;
}

std::uint64_t lodged_in_hr(const Outcome& o) {
  return o.rec.total("HR", [](const AsylumDay& d) { return d[AsylumEvent::applications]; });
}

}  // namespace

TEST_CASE("lodging responds to recognition through behaviour.lodging_recognition") {
  // Tolerance: 5 binomial standard deviations of a share over 10,000 people (0.004 to 0.005).
  auto within = [](std::uint64_t lodged, double p) {
    const double sd = std::sqrt(p * (1 - p) / 10000);
    return std::abs(static_cast<double>(lodged) / 10000 - p) < 5 * sd;
  };
  auto s = transit_through_croatia();
  s.behaviour.lodging_recognition_coef = 2;
  auto o = run(s);
  CHECK(o.rec.total("HR", [](const AsylumDay& d) { return d[AsylumEvent::registrations]; }) == 10000);
  CHECK(within(lodged_in_hr(o), 0.2));  // at the country's own rate, lodging_share holds
  auto& rec = policy(s, "hr_recognises_more", PolicyType::recognition, 0, 4);
  rec.where.countries = {"HR"};
  params<Recognition>(rec).rate = 0.6;
  o = run(s);
  // Odds 0.25 x exp(2 x (0.6 - 0.1)) = 0.68, a probability of 0.405.
  const double odds = 0.25 * std::exp(2 * 0.5);
  CHECK(within(lodged_in_hr(o), odds / (1 + odds)));
  s.behaviour.lodging_recognition_coef = 0;
  o = run(s);
  CHECK(within(lodged_in_hr(o), 0.2));  // no response: the policy changes who is recognised, not who lodges
}
