// The simsetting.yml rules beyond movement's core (issue 23), each on a tiny graph where
// its effect is certain or overwhelming, in the direction Flee's code gives it:
// take_from_population, start_on_foot with max_walk_speed, avoid_short_stints,
// pruning_threshold, movechance_pop_scale_factor with movechance_pop_base,
// conflict_spawn_decay and use_pop_for_loc_weight; and all of them at once giving the same
// results on 1 and 2 threads. (hasten, empty_camps_on_day0 and insert_day0 act in the reader:
// test_flee_io.cpp.)
#include <doctest/doctest.h>

#include <stdexcept>

#include "paths.hpp"
#include "toy.hpp"

using namespace flee_toy;
using LT = LocationType;

namespace {

Result run_with(const FleeScenario& s, int threads = 1, std::uint64_t seed = 7) {
  RunOptions o;
  o.seed = seed;
  o.threads = threads;
  o.check_lookups = true;
  return run(s, o);
}

std::int64_t last(const Result& r, std::size_t c) {
  return camp(r, c, static_cast<int>(r.alive.size()) - 1);
}

}  // namespace

TEST_CASE("flee take_from_population: spawning takes from the population its weights read") {
  // A (10 people) is in conflict from day 0, B (10) from day 2; each leads to its own camp.
  // 10 people spawn on day 1 (all at A), 10 on day 2. Flee's addAgent takes each from A's
  // population, so on day 2 A weighs 0 and all go to B; without it A still weighs 10 and
  // takes about half.
  std::vector<Place> p = {{"A", LT::conflict_zone, "X", 10},
                          {"B", LT::conflict_zone, "X", 10},
                          {"KA", LT::camp, "Y", 1000},
                          {"KB", LT::camp, "Y", 1000}};
  auto s = make(p, {{0, 2, 10}, {1, 3, 10}}, {0, 10, 20, 20, 20});
  s.locations[1].conflict_date = 2;
  const auto plain = run_with(s);
  CHECK(last(plain, 0) > 10);
  CHECK(last(plain, 0) + last(plain, 1) == 20);
  s.settings.take_from_population = true;
  for (int threads : {1, 2}) {
    const auto taken = run_with(s, threads);
    CHECK(last(taken, 0) == 10);
    CHECK(last(taken, 1) == 10);
  }
  // Once every location in conflict has given its whole population, Flee's
  // pick_spawn_locations asserts; so does migsim (with a message), not before.
  s.locations[1].conflict_date = 99;
  CHECK_THROWS_AS(run_with(s), std::runtime_error);
  s.settings.take_from_population = false;
  CHECK_NOTHROW(run_with(s));
}

TEST_CASE("flee start_on_foot: the first link at max_walk_speed a day, every later one at max_move_speed") {
  std::vector<Place> p = {{"Origin", LT::conflict_zone, "A", 1000}, {"K", LT::camp, "B", 1000}};
  auto s = make(p, {{0, 1, 100}}, once(10, 6));
  CHECK(camp(run_with(s), 0, 1) == 10);  // 100 km < 360: the spawn day
  s.settings.start_on_foot = true;
  // Arrival once the walked km strictly exceed 100: 35 a day, so the third day (day 3).
  auto r = run_with(s);
  CHECK(camp(r, 0, 2) == 0);
  CHECK(camp(r, 0, 3) == 10);
  s.settings.max_walk_speed = 60;  // the second day
  r = run_with(s);
  CHECK(camp(r, 0, 1) == 0);
  CHECK(camp(r, 0, 2) == 10);
  s.settings.max_walk_speed = 50;  // 2 x 50 = 100 is not beyond 100: the third day
  CHECK(camp(run_with(s), 0, 2) == 0);
  // Origin -100- T -400- K: T is walked to by day 3 (30 km that day), and they go on at
  // once (30 < 35) onto 400 km at 360 a day: K on day 4, not 12 days later on foot.
  std::vector<Place> q = {
      {"Origin", LT::conflict_zone, "A", 1000}, {"T", LT::town, "A", 1000}, {"K", LT::camp, "B", 1000}};
  auto t = make(q, {{0, 1, 100}, {1, 2, 400}}, once(10, 8));
  t.settings.start_on_foot = true;
  for (int threads : {1, 2}) {
    r = run_with(t, threads);
    CHECK(camp(r, 0, 3) == 0);
    CHECK(camp(r, 0, 4) == 10);
  }
}

TEST_CASE("flee avoid_short_stints: after a short day's travel, a town is passed through") {
  // Origin -10- T -10- K, and nobody leaves T by choice (move chance 0). Flee's ForceTownMove:
  // an arrival at a town with (recent_travel_distance + km today / 360) / 2 < 0.5 moves on
  // for sure.
  std::vector<Place> p = {
      {"Origin", LT::conflict_zone, "A", 1000}, {"T", LT::town, "A", 1000}, {"K", LT::camp, "B", 1000}};
  auto s = make(p, {{0, 1, 10}, {1, 2, 10}}, once(20, 5));
  s.settings.default_movechance = 0.0;
  CHECK(last(run_with(s), 0) == 0);
  s.settings.avoid_short_stints = true;
  for (int threads : {1, 2}) CHECK(camp(run_with(s, threads), 0, 1) == 20);
  // Origin -1000- T: two days of 360 km on the link make recent_travel_distance 0.75 by the
  // night before arrival, so with 280 km that day (0.75 + 0.78) / 2 >= 0.5: T is a stop.
  auto far = make(p, {{0, 1, 1000}, {1, 2, 10}}, once(20, 32));
  far.settings.default_movechance = 0.0;
  far.settings.avoid_short_stints = true;
  const auto r = run_with(far);
  CHECK(last(r, 0) == 0);
  CHECK(r.alive.back() == 20);
  // Walked there instead (start_on_foot, 35 km a day): every day on the link adds 35 / 360,
  // so recent_travel_distance stays under 0.1 and T is passed through on arrival (day 29).
  far.settings.start_on_foot = true;
  const auto walked = run_with(far);
  CHECK(camp(walked, 0, 28) == 0);
  CHECK(camp(walked, 0, 29) == 20);
}

TEST_CASE("flee pruning_threshold: options under the heaviest's weight / threshold are never taken") {
  // Origin to K1 (10 km) and K2 (1000 km): weights 1/20 and 1/1010, 50.5 to 1.
  std::vector<Place> p = {
      {"Origin", LT::conflict_zone, "A", 1000}, {"K1", LT::camp, "B", 1e6}, {"K2", LT::camp, "B", 1e6}};
  auto s = make(p, {{0, 1, 10}, {0, 2, 1000}}, once(4000, 5));
  CHECK(last(run_with(s), 1) > 0);     // 1.0: off (Flee prunes only from 1.001)
  s.settings.pruning_threshold = 100;  // 50.5 < 100: kept
  CHECK(last(run_with(s), 1) > 0);
  s.settings.pruning_threshold = 10;
  for (int threads : {1, 2}) {
    const auto r = run_with(s, threads);
    CHECK(last(r, 1) == 0);
    CHECK(last(r, 0) == 4000);
  }
}

TEST_CASE("flee movechance_pop_scale_factor: move chances x (max(pop, cap) / movechance_pop_base) ^ factor") {
  // Origin (10,000 people: its chance stays 1) -10- T -10- K; T's own chance 0.5.
  std::vector<Place> p = {
      {"Origin", LT::conflict_zone, "A", 10000}, {"T", LT::town, "A", 0}, {"K", LT::camp, "B", 1e6}};
  auto s = make(p, {{0, 1, 10}, {1, 2, 10}}, once(400, 4));
  s.settings.default_movechance = 0.5;
  const auto half = camp(run_with(s), 0, 1);
  CHECK(half > 100);
  CHECK(half < 300);
  s.settings.movechance_pop_scale_factor = 1;
  CHECK(last(run_with(s), 0) == 0);   // T has nobody: (0 / 10000)^1 = 0, nobody leaves it
  s.locations[1].population = 20000;  // 0.5 x 2: everyone goes on
  for (int threads : {1, 2}) CHECK(camp(run_with(s, threads), 0, 1) == 400);
  s.settings.movechance_pop_base = 20000;  // 0.5 x 1 again
  const auto again = camp(run_with(s), 0, 1);
  CHECK(again > 100);
  CHECK(again < 300);
}

TEST_CASE("flee conflict_spawn_decay: older conflicts spawn less, by the list's entry per interval") {
  // A in conflict from day 0, B from day 40, 1,000 people each; 100 spawn on day 45. With
  // [1, 0] and 30-day intervals A weighs 0 by then: all come from B.
  std::vector<Place> p = {{"A", LT::conflict_zone, "X", 1000},
                          {"B", LT::conflict_zone, "X", 1000},
                          {"KA", LT::camp, "Y", 1e6},
                          {"KB", LT::camp, "Y", 1e6}};
  std::vector<std::int64_t> displaced(50, 0);
  for (std::size_t t = 45; t < displaced.size(); ++t) displaced[t] = 100;
  auto s = make(p, {{0, 2, 10}, {1, 3, 10}}, displaced);
  s.locations[1].conflict_date = 40;
  const auto plain = run_with(s);
  CHECK(last(plain, 0) > 20);
  s.settings.conflict_spawn_decay = {1.0, 0.0};
  s.settings.conflict_spawn_decay_interval = 30;
  for (int threads : {1, 2}) {
    const auto decayed = run_with(s, threads);
    CHECK(last(decayed, 0) == 0);
    CHECK(last(decayed, 1) == 100);
  }
}

TEST_CASE("flee use_pop_for_loc_weight: a town without people scores 0, as Flee's min(1, pop) ^ power gives") {
  // Origin to T0 (no people) and T1 (5 people), 10 km each, each leading to its own camp.
  std::vector<Place> p = {{"Origin", LT::conflict_zone, "A", 1000},
                          {"T0", LT::town, "A", 0},
                          {"T1", LT::town, "A", 5},
                          {"K0", LT::camp, "B", 1e6},
                          {"K1", LT::camp, "B", 1e6}};
  auto s = make(p, {{0, 1, 10}, {0, 2, 10}, {1, 3, 10}, {2, 4, 10}}, once(200, 4));
  CHECK(last(run_with(s), 0) > 50);
  s.settings.use_pop_for_loc_weight = true;
  for (int threads : {1, 2}) {
    const auto r = run_with(s, threads);
    CHECK(last(r, 0) == 0);
    CHECK(last(r, 1) == 200);
  }
}

TEST_CASE("flee settings: all of issue 23's rules at once, same results on 1 and 2 threads") {
  auto s = flee_paths::load_scenario(flee_paths::instance_folder("ethiopia"));
  auto& g = s.settings;
  g.take_from_population = true;
  g.start_on_foot = true;
  g.avoid_short_stints = true;
  g.pruning_threshold = 20;
  g.movechance_pop_scale_factor = 0.1;
  g.conflict_spawn_decay = {1.0, 0.8, 0.5};
  g.use_pop_for_loc_weight = true;
  auto same = [&](std::uint64_t seed) {
    const auto one = run_with(s, 1, seed);
    const auto two = run_with(s, 2, seed);
    CHECK(one.camp_people == two.camp_people);
    CHECK(one.alive == two.alive);
    return one;
  };
  const auto a = same(3);
  const auto b = same(4);
  CHECK(a.camp_people != b.camp_people);
  // And they changed something: the default rules give other camp counts.
  auto plain = flee_paths::load_scenario(flee_paths::instance_folder("ethiopia"));
  CHECK(run_with(plain, 2, 3).camp_people != a.camp_people);
}

// The move_rules of Flee's default simsetting.yml that earlier work implemented, each moved
// away from its default in a scenario where Flee's code says which way results go. Where a
// draw decides, N people choose independently, so a count is binomial: the bounds below are
// at least 8 standard deviations from the count expected on the other side (sd <= sqrt(N)/2).

TEST_CASE("flee max_move_speed: a faster day's travel arrives sooner") {
  std::vector<Place> p = {{"Origin", LT::conflict_zone, "A", 1000}, {"K", LT::camp, "B", 1000}};
  auto s = make(p, {{0, 1, 500}}, once(10, 5));
  // 500 km at 360 a day: on the link overnight, in K on day 2; at 600 a day, on day 1.
  CHECK(camp(run_with(s), 0, 1) == 0);
  CHECK(camp(run_with(s), 0, 2) == 10);
  s.settings.max_move_speed = 600;
  CHECK(camp(run_with(s), 0, 1) == 10);
}

TEST_CASE("flee weight_power: a higher power sends more people down the heavier route") {
  // K1 at 10 km, K2 at 100 km: weights 1/20 and 1/110. Power 1: K2 gets 1/6.5 (615 of 4,000);
  // power 3: 1/167.4 (24).
  std::vector<Place> p = {
      {"Origin", LT::conflict_zone, "A", 1000}, {"K1", LT::camp, "B", 1e6}, {"K2", LT::camp, "B", 1e6}};
  auto s = make(p, {{0, 1, 10}, {0, 2, 100}}, once(4000, 4));
  CHECK(last(run_with(s), 1) > 400);
  s.settings.weight_power = 3;
  CHECK(last(run_with(s), 1) < 200);
}

TEST_CASE("flee foreign_weight: below 1 a foreign camp draws fewer people") {
  // KA in Origin's country, KB abroad, both 10 km: 1 gives KB half (2,000 of 4,000), 0.1 gives
  // it 1/11 (364).
  std::vector<Place> p = {
      {"Origin", LT::conflict_zone, "A", 1000}, {"KA", LT::camp, "A", 1e6}, {"KB", LT::camp, "B", 1e6}};
  auto s = make(p, {{0, 1, 10}, {0, 2, 10}}, once(4000, 4));
  CHECK(last(run_with(s), 1) > 1700);
  s.settings.foreign_weight = 0.1;
  CHECK(last(run_with(s), 1) < 700);
}

TEST_CASE("flee camp_weight: above 1 a camp draws more people than a town as near") {
  // T (town, nobody leaves it) and K (camp), 10 km each: 1 gives K half (2,000), 4 gives 4/5
  // (3,200).
  std::vector<Place> p = {
      {"Origin", LT::conflict_zone, "A", 1000}, {"T", LT::town, "A", 1000}, {"K", LT::camp, "B", 1e6}};
  auto s = make(p, {{0, 1, 10}, {0, 2, 10}}, once(4000, 4));
  s.settings.default_movechance = 0.0;
  CHECK(last(run_with(s), 0) < 2300);
  s.settings.camp_weight = 4;
  CHECK(last(run_with(s), 0) > 2900);
}

TEST_CASE("flee conflict_weight: a higher weight sends more people through other conflict zones") {
  // From Origin: C (a conflict zone nobody spawns at, leading to KC) or T (a town, leading to
  // KT), 10 km each, and on at once to the camps. C scores conflict_weight ^ 1, T 1: at 0 nobody
  // goes through C, at 1 about half (2,000 of 4,000), at 0.25 about a fifth.
  std::vector<Place> p = {{"Origin", LT::conflict_zone, "A", 1000},
                          {"C", LT::conflict_zone, "A", 0},
                          {"T", LT::town, "A", 1000},
                          {"KC", LT::camp, "B", 1e6},
                          {"KT", LT::camp, "B", 1e6}};
  auto s = make(p, {{0, 1, 10}, {0, 2, 10}, {1, 3, 10}, {2, 4, 10}}, once(4000, 10));
  CHECK(last(run_with(s), 0) == 0);  // make()'s 0
  s.settings.conflict_weight = 0.25;
  const auto quarter = last(run_with(s), 0);
  CHECK(quarter > 300);
  CHECK(quarter < 1300);
  s.settings.conflict_weight = 1;
  const auto r = run_with(s);
  CHECK(last(r, 0) > 1700);
  CHECK(last(r, 0) + last(r, 1) == 4000);
}

TEST_CASE("flee conflict_movechance: a lower chance leaves conflict zones later") {
  // Spawned on day 1 and 10 km from K: with 1 everyone is in K that day, with 0.1 about a
  // tenth (400 of 4,000), and more each day after.
  std::vector<Place> p = {{"Origin", LT::conflict_zone, "A", 1000}, {"K", LT::camp, "B", 1e6}};
  auto s = make(p, {{0, 1, 10}}, once(4000, 6));
  CHECK(camp(run_with(s), 0, 1) == 4000);
  s.settings.conflict_movechance = 0.1;
  const auto r = run_with(s);
  CHECK(camp(r, 0, 1) > 150);
  CHECK(camp(r, 0, 1) < 1000);
  CHECK(camp(r, 0, 5) > camp(r, 0, 1));
}

TEST_CASE("flee camp_movechance: above 0 people leave a camp for the next") {
  // Origin -10- K1 -10- K2: with 0 everyone stays in K1; with 0.5 people pass between K1 and
  // K2 (the origin scores 0), about half of the 4,000 in each after a few days.
  std::vector<Place> p = {
      {"Origin", LT::conflict_zone, "A", 1000}, {"K1", LT::camp, "B", 1e6}, {"K2", LT::camp, "B", 1e6}};
  auto s = make(p, {{0, 1, 10}, {1, 2, 10}}, once(4000, 6));
  CHECK(last(run_with(s), 1) == 0);
  s.settings.camp_movechance = 0.5;
  const auto r = run_with(s);
  CHECK(last(r, 1) > 1000);
  CHECK(last(r, 0) + last(r, 1) == 4000);
}

TEST_CASE("flee default_movechance: a higher chance moves more people on from towns") {
  // Origin -10- T -10- K: with 0 nobody leaves T; with 0.3 about 0.3 of 4,000 reach K on day 1
  // (1,200); with 1 all do.
  std::vector<Place> p = {
      {"Origin", LT::conflict_zone, "A", 1000}, {"T", LT::town, "A", 1000}, {"K", LT::camp, "B", 1e6}};
  auto s = make(p, {{0, 1, 10}, {1, 2, 10}}, once(4000, 4));
  s.settings.default_movechance = 0.0;
  CHECK(last(run_with(s), 0) == 0);
  s.settings.default_movechance = 0.3;
  const auto r = run_with(s);
  CHECK(camp(r, 0, 1) > 800);
  CHECK(camp(r, 0, 1) < 1600);
  s.settings.default_movechance = 1.0;
  CHECK(camp(run_with(s), 0, 1) == 4000);
}
