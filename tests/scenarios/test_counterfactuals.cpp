// Counterfactuals on the reference scenario (issue 3, item 7): each change moves its
// outcome in the direction policy researchers would argue from.
//
// Method: 5 replicate seeds (derive_seed), each run with and without the change (common
// random numbers), at people.scale 10 to keep the suite fast. Tolerance: the mean paired
// difference must have the expected sign and exceed 3 standard errors of the paired
// differences. With 5 pairs that is a one-sided t statistic above 3 on 4 degrees of
// freedom (p < 0.02 for a real effect of zero), while any effect the mechanism is meant to
// produce at this scale is many standard errors wide; a failure means the mechanism is
// missing, reversed, or swamped by noise, all of which a user must know.
#include <doctest/doctest.h>

#include "ensemble.hpp"

using namespace ensemble;

// One ctest test labelled `counterfactual` (tests/CMakeLists.txt): slow, about 50 runs of
// the reference scenario, so scripts/test runs it only when asked (-L counterfactual).

namespace {

const std::vector<std::string> common = {"people.scale=10"};
constexpr int replicates = 5;

bool in_window(const DayStats& d, Date from, Date until) {
  return d.date >= from && d.date <= until;
}

// People setting off across a crossing from outside `country` into it.
double arrivals(const Model& m, const DayStats& d, const std::string& country) {
  const auto& w = world_of(m);
  const NodeId c = node_of(m, country);
  double sum = 0;
  for (EdgeId e = 0; e < w.edges.size(); ++e)
    if (w.nodes[w.edges[e].to].country == c && w.nodes[w.edges[e].from].country != c)
      sum += static_cast<double>(d.edge_entries[e]);
  return sum;
}

// People setting off from `country` to another one.
double departures_from(const Model& m, const DayStats& d, const std::string& country) {
  const auto& w = world_of(m);
  const NodeId c = node_of(m, country);
  double sum = 0;
  for (EdgeId e = 0; e < w.edges.size(); ++e)
    if (w.nodes[w.edges[e].from].country == c && w.nodes[w.edges[e].to].country != c)
      sum += static_cast<double>(d.edge_entries[e]);
  return sum;
}

void check_effect(const Paired& p, int sign, const std::string& what) {
  const double diff = p.mean_difference(), se = p.standard_error();
  MESSAGE(what << ": mean paired difference " << diff << ", standard error " << se << ", base mean " << [&] {
    double s = 0;
    for (double v : p.base) s += v;
    return s / static_cast<double>(p.base.size());
  }());
  CHECK(sign * diff > 0);
  CHECK(sign * diff > 3 * se);
}

}  // namespace

TEST_CASE("Croatia recognising at the EU rate lowers Dublin transfers to Croatia") {
  const auto p =
      paired(common, {"policies.croatia_recognition.rate=0.163"}, replicates,
             [](const Model& m, const DayStats& d) { return in_country(m, d, "HR", &AsylumDay::dublin_transfers); });
  check_effect(p, -1, "Dublin transfers to HR");
}

TEST_CASE("Croatia recognising at the EU rate lowers onward movement from Croatia") {
  const auto p = paired(common, {"policies.croatia_recognition.rate=0.163"}, replicates,
                        [](const Model& m, const DayStats& d) { return departures_from(m, d, "HR"); });
  check_effect(p, -1, "people leaving HR for another country");
}

TEST_CASE("Finland's border left open raises arrivals in Finland after November 2023") {
  const Date after = date_from_ymd(2023, 12, 1);
  const auto p = paired(
      common, {"policies.fi_east_closed_south.enabled=false", "policies.fi_east_closed_all.enabled=false"}, replicates,
      [after](const Model& m, const DayStats& d) { return d.date >= after ? arrivals(m, d, "FI") : 0.0; });
  check_effect(p, +1, "arrivals in FI from 2023-12-01");
}

TEST_CASE("without the Dutch moratorium, Dutch decisions in 2022-23 rise") {
  // The moratorium freezes only conscripts of 18-27 and deserters, so the change in all
  // Dutch decisions is the change in theirs. Counted while it was in force: frozen cases
  // are decided soon after it ends, so a longer window would hide the freeze.
  const Date from = date_from_ymd(2022, 6, 29), until = date_from_ymd(2023, 6, 29);
  const auto p =
      paired(common,
             {"policies.nl_moratorium_evaders.enabled=false", "policies.nl_moratorium_deserters.enabled=false",
              "policies.nl_moratorium_conscripts.enabled=false"},
             replicates, [from, until](const Model& m, const DayStats& d) {
               if (!in_window(d, from, until)) return 0.0;
               return in_country(m, d, "NL", &AsylumDay::decisions_positive) +
                      in_country(m, d, "NL", &AsylumDay::decisions_negative);
             });
  check_effect(p, +1, "first-instance decisions in NL while the moratorium was in force, 2022-06-29..2023-06-29");
}

TEST_CASE("Lithuania's pushbacks lower applications in Lithuania") {
  const auto p =
      paired(common, {"policies.lt_pushbacks.enabled=false"}, replicates,
             [](const Model& m, const DayStats& d) { return in_country(m, d, "LT", &AsylumDay::applications); });
  check_effect(p, +1, "applications in LT without the pushbacks");
}
