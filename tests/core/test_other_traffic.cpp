// countries[].other_traffic: crossings by people the scenario does not simulate, counted
// per month in both directions between the origin and the country, and nothing else.
#include <doctest/doctest.h>

#include "toy.hpp"

namespace {

using namespace migsim;

// O -> A -> B, 40 days from 2022-03-01 (March 1..31, April 1..9), everyone settling in B.
ScenarioSpec two_countries() {
  ScenarioSpec s = toy::base(40, 300);
  toy::country(s, "A", 0, false);
  toy::country(s, "B", 1);
  toy::crossing(s, "oa", "O", "A", 1);
  toy::crossing(s, "ab", "A", "B", 1);
  toy::departures(s, 0, 9);
  return s;
}

constexpr double per_month_of(double per_day) {
  return per_day * (365.25 / 12);
}

}  // namespace

TEST_CASE("other traffic: the daily numbers summed per month of the run, each way, whole crossings") {
  ScenarioSpec s = two_countries();
  // 3 a day from March 10, 10 a day from April 5: March has 22 days of 3, April 4 of 3 and
  // 5 of 10 (the run ends on April 9, a partial month).
  s.countries[1].other_traffic = {{date_from_ymd(2022, 3, 10), per_month_of(3), {}},
                                  {date_from_ymd(2022, 4, 5), per_month_of(10), {}}};
  const auto model = build_model(s);
  const std::vector<TrafficCount> counts = other_traffic_counts(*model);
  REQUIRE(counts.size() == 4);
  const NodeId o = 0, a = 1;
  CHECK(counts[0].month == date_from_ymd(2022, 3, 1));
  CHECK(counts[0].from == o);
  CHECK(counts[0].to == a);
  CHECK(counts[0].crossings == 66);
  CHECK(counts[1].from == a);
  CHECK(counts[1].to == o);
  CHECK(counts[1].crossings == 66);
  CHECK(counts[2].month == date_from_ymd(2022, 4, 1));
  CHECK(counts[2].crossings == 62);
  CHECK(counts[3].crossings == 62);
}

TEST_CASE("other traffic: none before the series' first date, none without one") {
  ScenarioSpec s = two_countries();
  CHECK(other_traffic_counts(*build_model(s)).empty());
  s.countries[2].other_traffic = {{date_from_ymd(2022, 4, 9), per_month_of(0.4), {}}};  // 0.4 rounds to 0
  CHECK(other_traffic_counts(*build_model(s)).empty());
  s.countries[2].other_traffic[0].per_month = per_month_of(0.6);  // the last day only: 1 each way
  const auto counts = other_traffic_counts(*build_model(s));
  REQUIRE(counts.size() == 2);
  CHECK(counts[0].month == date_from_ymd(2022, 4, 1));
  CHECK(counts[0].to == 2);
  CHECK(counts[0].crossings == 1);
}

TEST_CASE("other traffic moves no one: every day's stock and crossings are the run's without it") {
  ScenarioSpec s = two_countries();
  const toy::Outcome without = toy::run(s, 5, 2);
  s.countries[1].other_traffic = {{s.start, per_month_of(1000), {}}};
  s.countries[2].other_traffic = {{s.start + 3, per_month_of(50), {}}};
  const toy::Outcome with = toy::run(s, 5, 2);
  REQUIRE(with.rec.days.size() == without.rec.days.size());
  for (std::size_t d = 0; d < with.rec.days.size(); ++d) {
    INFO("day " << d);
    CHECK(with.rec.days[d].stock == without.rec.days[d].stock);
    CHECK(with.rec.days[d].edge_entries == without.rec.days[d].edge_entries);
    CHECK(with.rec.days[d].transitions == without.rec.days[d].transitions);
  }
  CHECK(with.rec.final_stats.outcomes == without.rec.final_stats.outcomes);
  CHECK(other_traffic_counts(*with.model).size() == 8);  // March and April (1..9), A and B, each way
}
