// The engine against the exact expectation of its Markov chain, on a scenario without
// capacities (so agents are independent and every count is a sum of Bernoulli trials).
//
// Graph (days, USD):  O -OA(1, 300)-> A
//                     O -OX(1, 20)-> X,  X -XB(2, 20)-> B,  X -XC(1, 30)-> C,  X -XA(3, 50)-> A
// X is a place in B. Logit V = attractiveness - cost/1000 - 0.2 days, attractiveness A 1.0,
// B 0.3, C 0. The crossing XB is closed on days 4..9: people who reach X heading for B then
// choose again between A and C, and people leaving O choose between A and C only.
// 1000 agents leave each day on days 0..7; the run lasts 16 days.
//
// The chain is written here from the rules as documented (engine.hpp, routing.hpp), with
// the shortest paths and choice sets of this graph worked out by hand, not by the engine's
// Dijkstra. Each departure cohort's state distribution is propagated with Eigen; the
// expected count in a cell is sum_c N_c p_c and its variance sum_c N_c p_c (1 - p_c).
#include <doctest/doctest.h>

#include <Eigen/Dense>
#include <cmath>
#include <map>
#include <vector>

#include "toy.hpp"

using namespace toy;
using migsim::Status;

namespace {

enum Dest { dA, dB, dC, n_dest };
enum EdgeT { OA, OX, XB, XC, XA, n_edge };
const int edge_days[n_edge] = {1, 1, 2, 1, 3};
const char* edge_from[n_edge] = {"O", "O", "X", "X", "X"};
const char* edge_to[n_edge] = {"A", "X", "B", "C", "A"};
const char* dest_name[n_dest] = {"A", "B", "C"};
constexpr int days = 16, cohorts = 8, per_cohort = 1000, closed_from = 4, closed_until = 9;

// State: on edge e with k days left, heading for d; or settled at d.
struct State {
  int edge, left, dest;  // edge = -1: settled at dest
  bool operator<(const State& o) const { return std::tie(edge, left, dest) < std::tie(o.edge, o.left, o.dest); }
};

// Where the engine counts someone in this state: travellers at the crossing's start node.
std::pair<std::string, Status> observed_cell(const State& st) {
  if (st.edge < 0) return {dest_name[st.dest], Status::settled};
  return {edge_from[st.edge], Status::travelling};
}

bool xb_closed(int day) {
  return day >= closed_from && day <= closed_until;
}

// (edge to take, path days, path cost) from node O or X toward destination d; edge -1 if unreachable.
struct Path {
  int edge, days;
  double cost;
};
Path path(bool at_x, int d, int day) {
  if (!at_x) {
    if (d == dA) return {OA, 1, 300};
    if (d == dB) return xb_closed(day) ? Path{-1, 0, 0} : Path{OX, 3, 40};
    return {OX, 2, 50};
  }
  if (d == dA) return {XA, 3, 50};
  if (d == dB) return xb_closed(day) ? Path{-1, 0, 0} : Path{XB, 2, 20};
  return {XC, 1, 30};
}

double utility(int d, const Path& p) {
  const double attractiveness[n_dest] = {1.0, 0.3, 0.0};
  return attractiveness[d] - p.cost / 1000.0 - 0.2 * p.days;
}

// Distribution of the state reached by someone who plans at O or X on `day`, heading for
// `dest` (-1 = no destination yet).
std::vector<std::pair<State, double>> plan(bool at_x, int dest, int day) {
  if (dest >= 0) {
    const Path p = path(at_x, dest, day);
    if (p.edge >= 0) return {{State{p.edge, edge_days[p.edge], dest}, 1.0}};
  }
  std::vector<std::pair<State, double>> out;
  double total = 0;
  for (int d = 0; d < n_dest; ++d) {
    const Path p = path(at_x, d, day);
    if (p.edge < 0) continue;
    const double w = std::exp(utility(d, p));
    out.push_back({State{p.edge, edge_days[p.edge], d}, w});
    total += w;
  }
  for (auto& [s, w] : out) w /= total;
  return out;
}

}  // namespace

TEST_CASE("daily stock matches the Markov chain's expectation within 5 standard deviations") {
  // Enumerate states.
  std::vector<State> states;
  for (int e = 0; e < n_edge; ++e)
    for (int k = 1; k <= edge_days[e]; ++k)
      for (int d = 0; d < n_dest; ++d) states.push_back({e, k, d});
  for (int d = 0; d < n_dest; ++d) states.push_back({-1, 0, d});
  std::map<State, int> index;
  for (int i = 0; i < static_cast<int>(states.size()); ++i) index[states[i]] = i;
  const int n = static_cast<int>(states.size());

  // Transition matrix of day t: column i = distribution after day t of someone in state i
  // at the end of day t-1.
  auto transition = [&](int day) {
    Eigen::MatrixXd P = Eigen::MatrixXd::Zero(n, n);
    for (int i = 0; i < n; ++i) {
      const State s = states[i];
      if (s.edge < 0) {
        P(i, i) = 1;
        continue;
      }
      if (s.left > 1) {
        P(index.at({s.edge, s.left - 1, s.dest}), i) = 1;
        continue;
      }
      const bool to_x = std::string(edge_to[s.edge]) == "X";
      if (!to_x) {  // arrived at A, B or C: the destination, by construction of the paths
        P(index.at({-1, 0, s.dest}), i) = 1;
        continue;
      }
      for (const auto& [next, p] : plan(true, s.dest, day)) P(index.at(next), i) += p;
    }
    return P;
  };

  // Per cohort: distribution at the end of each day.
  std::vector<std::vector<Eigen::VectorXd>> dist(cohorts, std::vector<Eigen::VectorXd>(days, Eigen::VectorXd::Zero(n)));
  for (int c = 0; c < cohorts; ++c) {
    Eigen::VectorXd v = Eigen::VectorXd::Zero(n);
    for (const auto& [s, p] : plan(false, -1, c)) v(index.at(s)) += p;
    dist[c][c] = v;
    for (int t = c + 1; t < days; ++t) dist[c][t] = transition(t) * dist[c][t - 1];
  }

  // The scenario as the engine sees it.
  auto s = base(days, cohorts * per_cohort);
  s.behaviour = {};
  s.behaviour.attractiveness_coef = 1;
  s.behaviour.cost_coef = -1;
  s.behaviour.days_coef = -0.2;
  country(s, "A", 1.0);
  country(s, "B", 0.3);
  country(s, "C", 0.0);
  place(s, "X", "B");
  crossing(s, "OA", "O", "A", 1, 300);
  crossing(s, "OX", "O", "X", 1, 20);
  crossing(s, "XB", "X", "B", 2, 20);
  crossing(s, "XC", "X", "C", 1, 30);
  crossing(s, "XA", "X", "A", 3, 50);
  departures(s, 0, cohorts - 1);
  policy(s, "close_xb", PolicyType::border_closure, closed_from, closed_until).where.crossings = {"XB"};

  for (std::uint64_t seed : {1ULL, 2ULL, 3ULL}) {
    const auto o = run(s, seed, 2);
    double worst_z = 0;
    int cells = 0;
    for (int t = 0; t < days; ++t) {
      // Within one cohort a cell's count is Binomial(N, p) with p the summed probability of
      // its states (they are exclusive); cohorts are independent, so means and variances add.
      std::map<std::pair<std::string, Status>, std::pair<double, double>> cell;  // mean, variance
      for (int c = 0; c < cohorts && c <= t; ++c) {
        std::map<std::pair<std::string, Status>, double> p_cell;
        for (int i = 0; i < n; ++i) p_cell[observed_cell(states[i])] += dist[c][t](i);
        for (const auto& [key, p] : p_cell) {
          cell[key].first += per_cohort * p;
          cell[key].second += per_cohort * p * (1 - p);
        }
      }
      for (const auto& [key, mv] : cell) {
        const double observed = static_cast<double>(o.rec.at(t, key.first, key.second));
        const double sd = std::sqrt(mv.second);
        // 5 sd: under the normal approximation a correct engine exceeds it in a cell with
        // probability 5.7e-7; over the ~150 cells of a run that is < 1e-4. A cell with zero
        // variance must match exactly.
        if (sd < 1e-9) {
          CHECK(observed == doctest::Approx(mv.first).epsilon(1e-9));
        } else {
          const double z = std::abs(observed - mv.first) / sd;
          worst_z = std::max(worst_z, z);
          CHECK_MESSAGE(z < 5.0, "day " << t << " " << key.first << " " << migsim::name_of(key.second) << ": observed "
                                        << observed << ", expected " << mv.first << " (sd " << sd << ")");
        }
        ++cells;
      }
      // Everyone spawned so far is in one of these cells: the chain conserves mass too.
      double total = 0;
      for (const auto& [key, mv] : cell) total += mv.first;
      CHECK(total == doctest::Approx(per_cohort * std::min(t + 1, cohorts)));
    }
    MESSAGE("seed " << seed << ": " << cells << " cells, largest |z| = " << worst_z);
  }
}
