// Counterfactuals on the reference scenario (issue 3, item 7): each change moves its
// outcome in the direction policy researchers would argue from.
//
// Method: replicate seeds (derive_seed), each run with and without the change (common
// random numbers), at a people.scale that gives the mechanism enough agents. Tolerance: the
// mean paired difference must have the expected sign and exceed 3 standard errors of the
// paired differences, a one-sided t statistic above 3 (p < 0.02 on 4 degrees of freedom,
// smaller with more replicates). Common random numbers make this a sharp test: choices are
// races keyed by destination, decisions are keyed by case and policy draws by policy name
// (RouteTable::choose_where, Run::first_decision, CompiledPolicy::stream), so paired runs
// differ only where the change acts, and a real effect stands many standard errors clear.
// A failure means the mechanism is missing, reversed, or swamped by noise, all of which a
// user must know.
//
// One ctest test labelled `counterfactual` (tests/CMakeLists.txt), about 50 runs of the
// reference scenario, a few minutes on 2 cores; scripts/test runs it with the rest.
#include <doctest/doctest.h>

#include "ensemble.hpp"

using namespace ensemble;

namespace {

bool in_window(const DayStats& d, Date from, Date until) {
  return d.date >= from && d.date <= until;
}

// People setting off across a crossing into `country` from `from_country`, or from any
// other country when `from_country` is empty.
double arrivals(const Model& m, const DayStats& d, const std::string& country, const std::string& from_country = "") {
  const auto& w = world_of(m);
  const NodeId c = node_of(m, country);
  const NodeId f = from_country.empty() ? no_node : node_of(m, from_country);
  double sum = 0;
  for (EdgeId e = 0; e < w.edges.size(); ++e) {
    const NodeId from = w.nodes[w.edges[e].from].country;
    if (w.nodes[w.edges[e].to].country == c && from != c && (f == no_node || from == f))
      sum += static_cast<double>(d.edge_entries[e]);
  }
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

const PolicySpec& policy_named(const ScenarioSpec& s, const std::string& name) {
  for (const auto& p : s.policies)
    if (p.name == name) return p;
  FAIL("no policy " << name);
  return s.policies.front();
}

}  // namespace

TEST_CASE("Croatia recognising at the EU rate lowers onward movement from Croatia and take-back requests to it") {
  // Higher recognition keeps more of those who register an intention in Croatia
  // (behaviour.lodging_recognition) and protects more of those decided there, so fewer
  // move on, and fewer later apply elsewhere with Croatia responsible for them.
  const auto p =
      paired({"people.scale=10"}, {"policies.croatia_recognition.rate=0.163"}, 5,
             {[](const Model& m, const DayStats& d) { return departures_from(m, d, "HR"); },
              [](const Model& m, const DayStats& d) { return in_country(m, d, "HR", AsylumEvent::dublin_requests); },
              [](const Model& m, const DayStats& d) { return in_country(m, d, "HR", AsylumEvent::dublin_transfers); }});
  check_effect(p[0], -1, "people leaving HR for another country");
  check_effect(p[1], -1, "take-back requests to HR");
  // Not tested, reported for the README: a take-back request to Croatia ends in a transfer
  // with the dublin_to_hr policy's chance, (1 - opt_out) x probability = 2.7% (Croatia's 2023
  // figures: about 898 transfers of 33,212 requests), which the counterfactual leaves alone.
  // So the expected transfers are the requests x 2.7% and fall with them by construction:
  // testing them would test the requests again. The realised transfers are that lottery on a
  // few hundred people: they move by a few hundredths of the requests' change, inside their
  // own noise.
  const auto loaded = io::load_scenario(reference(), {});
  REQUIRE(loaded.ok());
  const auto& dublin = std::get<Dublin>(policy_named(loaded.spec, "dublin_to_hr").params);
  const double transfer_chance = (1 - dublin.opt_out) * dublin.probability;
  Paired expected = p[1];
  for (auto* v : {&expected.base, &expected.changed})
    for (double& x : *v) x *= transfer_chance;
  report(expected, "expected Dublin transfers to HR (requests x (1 - opt_out) x probability; not tested)");
  report(p[2], "realised Dublin transfers to HR (not tested: a 2.7% lottery on the requests)");
}

TEST_CASE("Finland's border left open raises arrivals over it after November 2023") {
  // The closure (fi_east_closed_south, fi_east_closed_all) shuts Finland's crossings from
  // Russia; people who may still enter Schengen (residence permits, humanitarian visas)
  // mostly come round through Estonia (Narva, then the Tallinn ferry), which in the scenario
  // costs about the same. So it moves arrivals off the border more than it stops them: the
  // total into Finland by every route is reported, and must not fall.
  const Date after = date_from_ymd(2023, 12, 1);
  const auto p =
      paired({"people.scale=10"},
             {"policies.fi_east_closed_south.enabled=false", "policies.fi_east_closed_all.enabled=false"}, 5,
             {[after](const Model& m, const DayStats& d) { return d.date >= after ? arrivals(m, d, "FI", "RU") : 0.0; },
              [after](const Model& m, const DayStats& d) { return d.date >= after ? arrivals(m, d, "FI") : 0.0; }});
  check_effect(p[0], +1, "arrivals in FI from RU from 2023-12-01");
  report(p[1], "arrivals in FI by every route from 2023-12-01");
  CHECK(p[1].mean_difference() > -3 * p[1].standard_error());
}

TEST_CASE("without the Dutch moratorium, decisions for Dutch applicants rise while it covered evaders aged 18-27") {
  // The moratorium freezes the first-instance decisions of the people it covers; a frozen
  // case keeps its place and is decided the day the freeze ends. So it delays decisions,
  // and shows while it is in force: counted over its first part, 2022-06-29..2022-11-30,
  // when it covered evaders (men 18-27) and deserters. Only they are frozen, so the change
  // in all Dutch decisions is the change in theirs. They are few, hence one agent per person.
  // Since Schengen-visa holders stay on their visa's 90 days before applying
  // (schengen_visa_stay), fewer of them have a case decided in this window: about one person
  // a replicate (+0.8 +- 0.33 over 10 replicates, 2.4 standard errors), so 20 replicates.
  const Date from = date_from_ymd(2022, 6, 29), until = date_from_ymd(2022, 11, 30);
  const auto p =
      paired({"people.scale=1"},
             {"policies.nl_moratorium_evaders.enabled=false", "policies.nl_moratorium_deserters.enabled=false",
              "policies.nl_moratorium_conscripts.enabled=false"},
             20, {[from, until](const Model& m, const DayStats& d) {
               if (!in_window(d, from, until)) return 0.0;
               return in_country(m, d, "NL", AsylumEvent::decisions_positive) +
                      in_country(m, d, "NL", AsylumEvent::decisions_negative);
             }});
  check_effect(p[0], +1, "first-instance decisions in NL, 2022-06-29..2022-11-30");
}

TEST_CASE("Lithuania's pushbacks lower applications in Lithuania") {
  // A small effect, about 1% of Lithuania's applications (+13 of about 1,030 people), whose
  // paired standard error with 5 replicates is about 4: at 3 standard errors the test then
  // fails one time in two with a true effect of that size. 10 replicates halve the variance.
  const auto p =
      paired({"people.scale=5"}, {"policies.lt_pushbacks.enabled=false"}, 10,
             {[](const Model& m, const DayStats& d) { return in_country(m, d, "LT", AsylumEvent::applications); }});
  check_effect(p[0], +1, "applications in LT without the pushbacks");
}

TEST_CASE("Turkey renewing permits as in 2022 lowers EU applications in 2023-24") {
  // From 2023 Turkey grants and renews 6 in 10 permits (tr_permits_from_2023); as in 2022,
  // 95 in 100. Those refused move on (0.3 anywhere, 0.3 outside the EU), go home or stay
  // irregularly; some of those who move on reach the EU and apply there. Renewing keeps them
  // in Turkey, so fewer apply in the EU. Counted over 2023-2024, when the refusals act.
  const Date from = date_from_ymd(2023, 1, 1), until = date_from_ymd(2024, 12, 31);
  const auto p = paired({"people.scale=10"},
                        {"policies.tr_permits_from_2023.grant=0.95", "policies.tr_permits_from_2023.renew=0.95"}, 5,
                        {[from, until](const Model& m, const DayStats& d) {
                           return in_window(d, from, until) ? in_eu(m, d, AsylumEvent::applications) : 0.0;
                         },
                         [from, until](const Model& m, const DayStats& d) {
                           return in_window(d, from, until) ? in_country(m, d, "TR", Transition::moved_on) : 0.0;
                         }});
  check_effect(p[0], -1, "EU applications, 2023-2024");
  check_effect(p[1], -1, "people moving on from TR, 2023-2024");
}
