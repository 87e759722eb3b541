#pragma once
// Paired seeded ensembles of the reference scenario: the same replicate seeds run with and
// without a change, so that the difference per seed is measured with common random numbers
// and its spread is the model's own noise, not two independent noises.
#include <doctest/doctest.h>

#include <cmath>
#include <functional>
#include <string>
#include <vector>

#include "migsim/engine.hpp"
#include "migsim/io/scenario_yaml.hpp"
#include "migsim/rng.hpp"

namespace ensemble {

using namespace migsim;

inline std::string reference() {
  return std::string(MIGSIM_SOURCE_DIR) + "/scenarios/russia-2022.yaml";
}

// Accumulates one number over a run from each day's statistics.
struct Metric : Observer {
  std::function<double(const Model&, const DayStats&)> per_day;
  double value = 0;
  void on_day(const Model& m, const DayStats& d) override { value += per_day(m, d); }
};

inline double run_metric(const std::vector<std::string>& overrides, std::uint64_t seed,
                         const std::function<double(const Model&, const DayStats&)>& per_day) {
  const auto loaded = io::load_scenario(reference(), overrides);
  REQUIRE_MESSAGE(loaded.ok(), (loaded.diagnostics.empty() ? "" : loaded.diagnostics.front().message));
  const auto model = build_model(loaded.spec);
  Metric metric;
  metric.per_day = per_day;
  RunOptions options;
  options.seed = seed;
  options.threads = 2;
  run(*model, options, &metric);
  return metric.value;
}

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
};

// Runs `replicates` seeds derived from `base_seed`, each with `common` overrides, once
// plain and once with `change` added.
inline Paired paired(const std::vector<std::string>& common, const std::vector<std::string>& change, int replicates,
                     const std::function<double(const Model&, const DayStats&)>& per_day,
                     std::uint64_t base_seed = 20220224) {
  Paired p;
  for (int i = 0; i < replicates; ++i) {
    const std::uint64_t seed = derive_seed(base_seed, static_cast<std::uint64_t>(i));
    std::vector<std::string> with = common;
    with.insert(with.end(), change.begin(), change.end());
    p.base.push_back(run_metric(common, seed, per_day));
    p.changed.push_back(run_metric(with, seed, per_day));
  }
  return p;
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
inline double in_country(const Model& m, const DayStats& d, const std::string& country,
                         std::uint64_t AsylumDay::*event) {
  const auto& w = world_of(m);
  const NodeId c = node_of(m, country);
  double sum = 0;
  for (NodeId n = 0; n < w.nodes.size(); ++n)
    if (w.nodes[n].country == c) sum += static_cast<double>(d.asylum[n].*event);
  return sum;
}

}  // namespace ensemble
