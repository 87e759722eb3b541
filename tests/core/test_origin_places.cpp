// Where in the origin country people set off from (departures[].places), and that whoever
// goes home goes back there. Toy graph: the origin O holds places W and E; W's only crossing
// leads to A, E's to B and O's own to A, each 1 day. The first window (day 0) sets 1,000
// people off from W and E in shares 0.3 and 0.7; the second (day 1) names no places, so its
// 1,000 people set off from O itself.
#include <doctest/doctest.h>

#include <cmath>

#include "toy.hpp"

using namespace toy;
using migsim::Status;
using migsim::Transition;

namespace {

constexpr double west_share = 0.3;

ScenarioSpec two_regions(int days) {
  auto s = base(days, 2000);
  place(s, "W", "O");
  place(s, "E", "O");
  country(s, "A", 1);
  country(s, "B", 1);
  crossing(s, "WA", "W", "A", 1);
  crossing(s, "EB", "E", "B", 1);
  crossing(s, "OA", "O", "A", 1);
  departures(s, 0, 0);
  s.departures.back().place_shares = {{"W", west_share}, {"E", 1 - west_share}};
  departures(s, 1, 1);
  return s;
}

}  // namespace

TEST_CASE("origin places: each window's people set off from its places in its shares, the origin without any") {
  const auto o = run(two_regions(4));
  const auto west = o.rec.entries(0, "WA"), east = o.rec.entries(0, "EB");
  CHECK(west + east == 1000);
  // Each person's place is one draw: Binomial(1000, 0.3), mean 300, sd 14.5; 5 sd either side.
  // Shares read the other way round (700) or ignored (all from O) are 27 sd or more away.
  CHECK(std::abs(static_cast<double>(west) - 1000 * west_share) <= 5 * std::sqrt(1000 * west_share * (1 - west_share)));
  CHECK(o.rec.entries(0, "OA") == 0);
  CHECK(o.rec.entries(1, "OA") == 1000);  // the second window names no places
  CHECK(o.rec.entries(1, "WA") + o.rec.entries(1, "EB") == 0);
  CHECK(o.rec.at(3, "A", Status::settled) == west + 1000);
  CHECK(o.rec.at(3, "B", Status::settled) == east);
}

TEST_CASE("origin places: whoever goes home goes back to the place they set off from") {
  auto s = two_regions(8);
  auto& home = policy(s, "home", PolicyType::return_home, 4, 7);
  home.where.countries = {"A", "B"};
  params<ReturnHome>(home).daily_hazard = 1;
  const auto o = run(s);
  const auto west = o.rec.entries(0, "WA"), east = o.rec.entries(0, "EB");
  CHECK(o.rec.transition(4, "A", Transition::returned_home) + o.rec.transition(4, "B", Transition::returned_home) ==
        2000);
  CHECK(o.rec.at(4, "W", Status::home) == west);
  CHECK(o.rec.at(4, "E", Status::home) == east);
  CHECK(o.rec.at(4, "O", Status::home) == 1000);
}

TEST_CASE("origin places: the same results with 1, 2 and 4 threads") {
  auto s = two_regions(30);
  s.total_people = 6000;
  s.departures[1].until = s.start + 10;
  s.departures[1].place_shares = {{"O", 0.5}, {"E", 0.5}};
  auto& home = policy(s, "home", PolicyType::return_home, 3, 29);
  home.where.countries = {"A", "B"};
  params<ReturnHome>(home).daily_hazard = 0.05;
  params<ReturnHome>(home).leave_again = 0.5;
  const auto one = run(s, 7, 1);
  CHECK(one.rec.at(29, "E", Status::home) > 0);
  for (const int threads : {2, 4}) {
    CAPTURE(threads);
    const auto other = run(s, 7, threads);
    REQUIRE(other.rec.days.size() == one.rec.days.size());
    for (std::size_t d = 0; d < one.rec.days.size(); ++d) {
      CHECK(one.rec.days[d].stock == other.rec.days[d].stock);
      CHECK(one.rec.days[d].edge_entries == other.rec.days[d].edge_entries);
    }
  }
}

TEST_CASE("origin places: a spec built in code that sets off from elsewhere is refused") {
  auto s = two_regions(4);
  country(s, "C", 0);
  place(s, "X", "A");
  s.departures[0].place_shares = {{"W", 0.5}, {"X", 0.5}};
  CHECK_THROWS_WITH_AS(build_model(s), doctest::Contains("sets off from 'X', neither the origin nor a place in it"),
                       std::invalid_argument);
  s.departures[0].place_shares = {{"W", 0.5}, {"C", 0.5}};
  CHECK_THROWS_AS(build_model(s), std::invalid_argument);
  s.departures[0].place_shares = {{"W", 0.5}, {"E", 0.4}};
  CHECK_THROWS_WITH_AS(build_model(s), doctest::Contains("places do not sum to 1"), std::invalid_argument);
}
