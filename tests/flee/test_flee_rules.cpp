// Flee's rules on tiny graphs where every probability is 0 or 1 (RULES.md sections 3-7).
#include <doctest/doctest.h>

#include <stdexcept>

#include "flee/net.hpp"
#include "toy.hpp"

using namespace flee_toy;
using LT = LocationType;

namespace {

std::vector<Place> origin_camp(double cap = 1000) {
  return {{"Origin", LT::conflict_zone, "A", 1000}, {"K", LT::camp, "B", cap}};
}

Result run1(const FleeScenario& s, int threads = 1) {
  RunOptions o;
  o.seed = 7;
  o.threads = threads;
  o.check_lookups = true;
  return run(s, o);
}

}  // namespace

TEST_CASE("flee spawn: day 0 nothing, then the daily increase of the interpolated total, debts repaid") {
  std::vector<std::int64_t> debt;
  const auto spawn = spawn_from_displaced({5, 33, 66, 100, 90, 95, 120}, &debt);
  CHECK(spawn == std::vector<std::int64_t>{0, 28, 33, 34, 0, 0, 20});
  CHECK(debt == std::vector<std::int64_t>{0, 0, 0, 0, 10, 5, 0});
}

TEST_CASE("flee travel: 360 km a day, arrival only once the distance is strictly exceeded") {
  for (const auto& [km, day] : std::vector<std::pair<double, int>>{{359, 1}, {360, 2}, {400, 2}, {719, 2}, {720, 3}}) {
    CAPTURE(km);
    const auto r = run1(make(origin_camp(), {{0, 1, km}}, once(10, 5)));
    CHECK(camp(r, 0, day - 1) == 0);
    CHECK(camp(r, 0, day) == 10);
  }
}

TEST_CASE("flee chained hops: keep hopping while the day's completed links are under 360 km") {
  // Origin -100- T -200- K: 300 km < 360, so everyone reaches K on their spawn day.
  std::vector<Place> p = {
      {"Origin", LT::conflict_zone, "A", 1000}, {"T", LT::town, "A", 1000}, {"K", LT::camp, "B", 1000}};
  auto r = run1(make(p, {{0, 1, 100}, {1, 2, 200}}, once(10, 3)));
  CHECK(camp(r, 0, 1) == 10);
  // Origin -300- T -300- K: 300 < 360, so they hop on at T, and the second link gets a fresh
  // 360 km (not the 60 km left), so they arrive the same day too (RULES.md section 6).
  r = run1(make(p, {{0, 1, 300}, {1, 2, 300}}, once(10, 3)));
  CHECK(camp(r, 0, 1) == 10);
  // Origin -360- T -100- K: T is reached on day 2 with 0 km charged to that day (the part
  // of the link left), so they hop on to K the same day.
  r = run1(make(p, {{0, 1, 360}, {1, 2, 100}}, once(10, 4)));
  CHECK(camp(r, 0, 1) == 0);
  CHECK(camp(r, 0, 2) == 10);
  // Origin -200- C -200- T -100- K: 400 km done on day 1 at T, so no hop to K until day 2.
  // (C is a conflict zone without people: it scores 0, so nobody turns back to it.)
  std::vector<Place> q = {{"Origin", LT::conflict_zone, "A", 1000},
                          {"C", LT::conflict_zone, "A", 0},
                          {"T", LT::town, "A", 1000},
                          {"K", LT::camp, "B", 1000}};
  r = run1(make(q, {{0, 1, 200}, {1, 2, 200}, {2, 3, 100}}, once(10, 4)));
  CHECK(camp(r, 0, 1) == 0);
  CHECK(camp(r, 0, 2) == 10);
}

TEST_CASE("flee capacity: camps overshoot from pass 1, the 95 % abort stops later movers") {
  // All 100 step towards an empty camp of 10 on day 1 (pass 1 sees no arrivals): all arrive.
  auto s = make(origin_camp(10), {{0, 1, 100}}, {0, 100, 150, 150});
  auto r = run1(s);
  CHECK(camp(r, 0, 1) == 100);
  // Day 2: the camp is over 95 % full, the 50 new people abort and stay at the origin.
  CHECK(camp(r, 0, 2) == 100);
  CHECK(r.alive[2] == 150);
}

TEST_CASE("flee capacity: chained hops see earlier arrivals at once (Flee's pass 2)") {
  // Origin -100- T -100- K (capacity 10): the hop at T happens in pass 2, in agent order,
  // reading live counts; K takes exactly 10 (multiplier 1 at 9 people, 0 at 10).
  std::vector<Place> p = {
      {"Origin", LT::conflict_zone, "A", 1000}, {"T", LT::town, "A", 1000}, {"K", LT::camp, "B", 10}};
  for (int threads : {1, 2}) {
    const auto r = run1(make(p, {{0, 1, 100}, {1, 2, 100}}, once(100, 3)), threads);
    CHECK(camp(r, 0, 1) == 10);
    CHECK(camp(r, 0, 2) == 10);
  }
}

TEST_CASE("flee chained hops: hundreds of route choices in a day come out the same on 1 and 2 threads") {
  // A ring of ten towns 1 km apart, each also 5,000 km from a camp: with move chance 1 in
  // towns, everyone hops round the ring up to 359 times a day, each time choosing among its
  // neighbours and the camp (whose count, being under capacity, is read). More choices than
  // resolve() keeps for a trip (255): with two threads, such trips travel again in order.
  std::vector<Place> p = {{"Origin", LT::conflict_zone, "A", 1000}, {"K", LT::camp, "B", 1000}};
  std::vector<Route> routes = {{0, 2, 1}};
  for (std::uint16_t t = 0; t < 10; ++t) {
    p.push_back({"T" + std::to_string(t), LT::town, "A", 1000});
    routes.push_back({static_cast<std::uint16_t>(2 + t), static_cast<std::uint16_t>(2 + (t + 1) % 10), 1});
    routes.push_back({static_cast<std::uint16_t>(2 + t), 1, 5000});
  }
  struct Counts : Observer {
    std::vector<std::int64_t> seen;  // every location's count, every day, and those on links
    void on_day(const FleeScenario& s, const DayView& v) override {
      seen.insert(seen.end(), v.at_location, v.at_location + s.locations.size());
      seen.push_back(v.on_links);
    }
  };
  const auto s = make(p, routes, once(200, 6));
  Counts one, two;
  RunOptions o;
  o.seed = 7;
  o.threads = 1;
  o.check_lookups = true;
  run(s, o, &one);
  o.threads = 2;
  run(s, o, &two);
  CHECK(one.seen == two.seen);
  // They do move: some are on the long links to the camp by the last day.
  CHECK(one.seen.back() > 0);
}

TEST_CASE("flee capacity scaling multiplies camp capacities") {
  std::vector<Place> p = {
      {"Origin", LT::conflict_zone, "A", 1000}, {"T", LT::town, "A", 1000}, {"K", LT::camp, "B", 10}};
  auto s = make(p, {{0, 1, 100}, {1, 2, 100}}, once(100, 3));
  s.settings.capacity_scaling = 3;
  // Capacity 30: multiplier 1 up to 27 people, 2/3 at 28, 1/3 at 29: the 29th is the last in.
  CHECK(camp(run1(s), 0, 1) == 29);
}

TEST_CASE("flee closures: country closures are two-way and active from start up to but not including end") {
  auto s = make(origin_camp(), {{0, 1, 100}}, once(10, 6));
  s.closures.push_back({ClosureType::country, 1, 0, 1, 3});  // B-A: closes A->B too
  const auto r = run1(s);
  CHECK(camp(r, 0, 1) == 0);
  CHECK(camp(r, 0, 2) == 0);
  CHECK(camp(r, 0, 3) == 10);
}

TEST_CASE("flee closures: a link closure closes both directions (Flee: only name2->name1)") {
  auto s = make(origin_camp(), {{0, 1, 100}}, once(10, 6));
  s.closures.push_back({ClosureType::link, 0, 1, 0, 100});  // Origin,K: Flee would close only K->Origin
  const auto r = run1(s);
  CHECK(camp(r, 0, 5) == 0);
}

TEST_CASE("flee closures: people on a link closed under them go back to its start") {
  auto s = make(origin_camp(), {{0, 1, 800}}, once(10, 12));  // 3 days on the link
  s.closures.push_back({ClosureType::location, 1, 1, 2, 10});
  const auto r = run1(s);
  CHECK(camp(r, 0, 9) == 0);
  // Back at the origin on day 3, they set off again on day 10 and arrive 3 days later.
  CHECK(camp(r, 0, 11) == 0);
  s.days = 13;
  s.displaced = once(10, 13);
  s.spawn = spawn_from_displaced(s.displaced);
  CHECK(camp(run1(s), 0, 12) == 10);
}

TEST_CASE("flee closures: a closed camp acts as a town (move chance, no capacity)") {
  std::vector<Place> p = {
      {"Origin", LT::conflict_zone, "A", 1000}, {"K", LT::camp, "B", 1000}, {"L", LT::camp, "B", 1000}};
  auto s = make(p, {{0, 1, 100}, {1, 2, 1000}}, once(10, 8));
  s.closures.push_back({ClosureType::camp, 1, 1, 2, 100});
  const auto r = run1(s);
  CHECK(camp(r, 0, 1) == 10);  // camp: move chance 0
  CHECK(camp(r, 0, 2) == 0);   // closed on day 2: a town, move chance 1, off towards L
  CHECK(camp(r, 1, 4) == 10);
}

TEST_CASE("flee awareness 2: routes of two hops, followed with move chance 1 at the stop") {
  // Origin -400- T -100- K. With awareness 2, the route Origin->T->K is chosen at Origin;
  // towns have move chance 0 here, so only the route's move chance of 1 gets them on.
  std::vector<Place> p = {
      {"Origin", LT::conflict_zone, "A", 1000}, {"T", LT::town, "A", 1000}, {"K", LT::camp, "B", 1000}};
  auto s = make(p, {{0, 1, 400}, {1, 2, 100}}, once(10, 5));
  s.settings.default_movechance = 0.0;
  s.settings.camp_weight = 1e12;  // the two-hop route to K, not the one-hop route to T
  s.settings.awareness_level = 1;
  CHECK(camp(run1(s), 0, 4) == 0);  // awareness 1: stuck at T
  s.settings.awareness_level = 2;
  const auto r = run1(s);
  CHECK(camp(r, 0, 2) == 10);  // day 2 at T with 40 km done: hop on the route the same day
  CHECK(camp(run1(s, 2), 0, 2) == 10);
}

TEST_CASE("flee check: bad scenarios are refused with every problem named") {
  auto s = make(origin_camp(), {{0, 1, -5}}, once(10, 3));
  s.settings.awareness_level = 4;
  const auto problems = check(s);
  CHECK(problems.size() == 2);
  CHECK_THROWS_AS(run1(s), std::invalid_argument);
}

// Flee's AddNewConflictZones (flee/InputGeography.py): conflicts.csv acts on its transitions
// across 1e-6 only. The zone starts at its first day's intensity and keeps it through later
// non-zero values; it ends when the value falls to 0 (Flee ends it only after a day of exactly
// 1, a defect: here after any value), and starts again at the new intensity.
TEST_CASE("flee conflicts: a zone starts and ends on crossings of 0, keeping its first intensity") {
  auto s = make(origin_camp(), {{0, 1, 100}}, once(10, 8));
  s.conflicts.push_back({0, {0, 0.5, 1, 0.25, 0, 0, 0.75, 0.75}});
  migsim::flee::detail::Net net(s);
  const std::vector<double> expected = {0, 0.5, 0.5, 0.5, 0, 0, 0.75, 0.75};
  for (int day = 0; day < 8; ++day) {
    net.set_day(day);
    CAPTURE(day);
    CHECK(net.conflict(0) == expected[static_cast<std::size_t>(day)]);
  }
  net.set_day(20);  // past the series' end: its last value, no crossing
  CHECK(net.conflict(0) == 0.75);
}
