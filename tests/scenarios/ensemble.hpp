#pragma once
// Paired seeded ensembles of a scenario (the reference unless named): the same replicate seeds run with and
// without a change, so that the difference per seed is measured with common random numbers
// and its spread is the model's own noise, not two independent noises.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "migsim/core/engine.hpp"
#include "migsim/core/rng.hpp"
#include "migsim/io/scenario_yaml.hpp"

namespace ensemble {

using namespace migsim;

inline std::string reference() {
  return std::string(MIGSIM_SOURCE_DIR) + "/scenarios/russia-2022.yaml";
}
inline std::string ukraine() {
  return std::string(MIGSIM_SOURCE_DIR) + "/scenarios/ukraine-2022.yaml";
}

using PerDay = std::function<double(const Model&, const DayStats&)>;

// Accumulates numbers over a run, each from every day's statistics.
struct Metrics : Observer {
  std::vector<PerDay> per_day;
  std::vector<double> values;
  void on_day(const Model& m, const DayStats& d) override {
    for (std::size_t i = 0; i < per_day.size(); ++i) values[i] += per_day[i](m, d);
  }
};

inline std::vector<double> run_metrics(const std::vector<std::string>& overrides, std::uint64_t seed,
                                       const std::vector<PerDay>& per_day, const std::string& scenario = reference()) {
  const auto loaded = io::load_scenario(scenario, overrides);
  REQUIRE_MESSAGE(loaded.ok(), (loaded.diagnostics.empty() ? "" : loaded.diagnostics.front().message));
  const auto model = build_model(loaded.spec);
  Metrics metrics;
  metrics.per_day = per_day;
  metrics.values.assign(per_day.size(), 0.0);
  RunOptions options;
  options.seed = seed;
  options.threads = 2;
  options.recount_every_days = 1;  // every change to the stock checked against a full count, every day
  run(*model, options, &metrics);
  return metrics.values;
}

// One metric over the replicates: its value without (base) and with (changed) the change.
struct Paired {
  std::vector<double> base, changed;
  double mean_difference() const {
    double s = 0;
    for (std::size_t i = 0; i < base.size(); ++i) s += changed[i] - base[i];
    return s / static_cast<double>(base.size());
  }
  double standard_error() const {
    const double mean = mean_difference();
    double ss = 0;
    for (std::size_t i = 0; i < base.size(); ++i) ss += std::pow(changed[i] - base[i] - mean, 2);
    return std::sqrt(ss / static_cast<double>(base.size() - 1) / static_cast<double>(base.size()));
  }
  double base_mean() const {
    double s = 0;
    for (double v : base) s += v;
    return s / static_cast<double>(base.size());
  }
};

// Runs `replicates` seeds derived from `base_seed`, each with `common` overrides, once
// plain and once with `change` added; one Paired per metric.
inline std::vector<Paired> paired(const std::vector<std::string>& common, const std::vector<std::string>& change,
                                  int replicates, const std::vector<PerDay>& per_day,
                                  std::uint64_t base_seed = 20220224, const std::string& scenario = reference()) {
  std::vector<Paired> p(per_day.size());
  for (int i = 0; i < replicates; ++i) {
    const std::uint64_t seed = derive_seed(base_seed, static_cast<std::uint64_t>(i));
    std::vector<std::string> with = common;
    with.insert(with.end(), change.begin(), change.end());
    const auto base = run_metrics(common, seed, per_day, scenario),
               changed = run_metrics(with, seed, per_day, scenario);
    for (std::size_t k = 0; k < per_day.size(); ++k) {
      p[k].base.push_back(base[k]);
      p[k].changed.push_back(changed[k]);
    }
  }
  return p;
}

// Prints the metric's paired effect, and checks it: the expected sign, and more than 3
// standard errors from zero.
inline void report(const Paired& p, const std::string& what) {
  MESSAGE(what << ": mean paired difference " << p.mean_difference() << ", standard error " << p.standard_error()
               << ", base mean " << p.base_mean() << " (people, " << p.base.size() << " paired replicates)");
}
inline void check_effect(const Paired& p, int sign, const std::string& what) {
  report(p, what);
  CHECK(sign * p.mean_difference() > 0);
  CHECK(sign * p.mean_difference() > 3 * p.standard_error());
}

// Index of the node with this id.
inline NodeId node_of(const Model& m, const std::string& id) {
  const auto& nodes = world_of(m).nodes;
  for (NodeId n = 0; n < nodes.size(); ++n)
    if (nodes[n].id == id) return n;
  FAIL("no node " << id);
  return 0;
}

// Sum of an asylum event over every node of a country (the country and its places).
inline double in_country(const Model& m, const DayStats& d, const std::string& country, AsylumEvent event) {
  const auto& w = world_of(m);
  const NodeId c = node_of(m, country);
  double sum = 0;
  for (NodeId n = 0; n < w.nodes.size(); ++n)
    if (w.nodes[n].country == c) sum += static_cast<double>(d.asylum[n][event]);
  return sum;
}

// Sum of an asylum event over the nodes of the countries in the EU on that day.
inline double in_eu(const Model& m, const DayStats& d, AsylumEvent event) {
  const auto& w = world_of(m);
  double sum = 0;
  for (NodeId n = 0; n < w.nodes.size(); ++n) {
    const auto& since = w.nodes[w.nodes[n].country].eu_since;
    if (since && *since <= d.date) sum += static_cast<double>(d.asylum[n][event]);
  }
  return sum;
}

// Sum of a transition over every node of a country.
inline double in_country(const Model& m, const DayStats& d, const std::string& country, Transition event) {
  const auto& w = world_of(m);
  const NodeId c = node_of(m, country);
  double sum = 0;
  for (NodeId n = 0; n < w.nodes.size(); ++n)
    if (w.nodes[n].country == c)
      sum += static_cast<double>(d.transitions[n * transition_count + static_cast<std::size_t>(event)]);
  return sum;
}

// People in a country's nodes at the end of the day, any status.
inline double present_in(const Model& m, const DayStats& d, const std::string& country) {
  const auto& w = world_of(m);
  const NodeId c = node_of(m, country);
  double sum = 0;
  for (NodeId n = 0; n < w.nodes.size(); ++n)
    if (w.nodes[n].country == c)
      for (int st = 0; st < status_count; ++st)
        sum += static_cast<double>(d.stock[n * status_count + static_cast<std::size_t>(st)]);
  return sum;
}

}  // namespace ensemble
