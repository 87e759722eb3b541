#pragma once
// Routes and destination choice for one mobility class: the agents who see the same open
// graph (same profile, same documents, same answers to every targeted crossing policy).
// Tables are rebuilt only when the set of active policies changes, never per agent.
#include <cmath>
#include <cstdint>
#include <vector>

#include "model.hpp"

namespace migsim::detail {

using ClassKey = std::uint64_t;   // profile | documents << 8 | targeted-policy match bits << 16
using DestIndex = std::uint16_t;  // index into World::destinations
inline constexpr DestIndex no_dest = 0xFFFF;

constexpr ClassKey make_class_key(std::uint8_t profile, DocMask documents, std::uint64_t policy_bits) {
  return static_cast<ClassKey>(profile) | (static_cast<ClassKey>(documents) << 8) | (policy_bits << 16);
}
constexpr std::uint8_t class_profile(ClassKey key) {
  return static_cast<std::uint8_t>(key & 0xFF);
}
constexpr DocMask class_documents(ClassKey key) {
  return static_cast<DocMask>((key >> 8) & 0xFF);
}

struct RouteTable {
  // Best path toward each destination (see route_weight), on crossings open to this class today.
  // Indexed [dest * node_count + node].
  std::vector<EdgeId> next_edge;  // no_edge where the destination cannot be reached
  std::vector<float> cost;        // USD along that path
  std::vector<float> days;
  // Destination choice from each node: reachable destinations sorted by path cost, so
  // "feasible within savings" is a prefix, each with its logit weight exp(utility - max).
  std::vector<std::uint32_t> choice_begin;  // [node], size node_count + 1
  std::vector<float> choice_cost;
  std::vector<float> choice_weight;
  std::vector<DestIndex> choice_dest;

  EdgeId next(DestIndex dest, NodeId node, NodeId node_count) const {
    return next_edge[static_cast<std::size_t>(dest) * node_count + node];
  }

  // Multinomial-logit choice among destinations whose path cost is within `savings` and
  // that `allowed(dest)` accepts; no_dest if there is none.
  //
  // Drawn as a race of exponential clocks: destination k gets E_k = -log(u_k) with u_k its
  // own uniform, and the smallest E_k / weight_k wins, which picks k with probability
  // weight_k / sum of weights (the logit). Each destination's u_k is keyed by the
  // destination, not by its place in the list, so a change that only raises one
  // destination's weight (a counterfactual) can move people only toward that destination:
  // paired runs with the same seed then differ only where the change acts.
  // `draws(k)` gives u_k in (0, 1) for destination index k. Single precision: the race
  // only compares, and 24 bits of u_k are plenty for that.
  template <class Draws, class Allowed>
  DestIndex choose_where(NodeId node, float savings, Draws&& draws, Allowed&& allowed) const {
    DestIndex best = no_dest;
    float best_time = 0;
    for (std::uint32_t i = choice_begin[node]; i < choice_begin[node + 1] && choice_cost[i] <= savings; ++i) {
      const DestIndex k = choice_dest[i];
      if (!allowed(k)) continue;
      const float time = -std::log(draws(k)) / choice_weight[i];
      if (best == no_dest || time < best_time) best = k, best_time = time;
    }
    return best;
  }
  template <class Draws>
  DestIndex choose(NodeId node, float savings, Draws&& draws) const {
    return choose_where(node, savings, draws, [](DestIndex) { return true; });
  }
};

// The weight of a crossing in route search: the disutility the destination logit gives its
// cost and days (coefficients are <= 0, so weights are >= 0 as Dijkstra needs), plus a tiny
// weight per day so that equal-utility routes are broken toward the faster one. A route is
// thus the path that maximises the traveller's utility of reaching the destination.
inline constexpr double route_tie_break_per_day = 1e-6;
double route_weight(const BehaviourSpec& b, const Edge& e);

// Is crossing e open today to agents of class `key`?
bool edge_open(const Model& model, ClassKey key, EdgeId e, const std::vector<std::uint8_t>& policy_active);

// A route table in its two steps. The paths depend only on which crossings are open (so
// classes with the same open crossings share them: Run::apply_policies computes them once);
// the choice lists on the paths and the class's `policy_utility`, per destination index, the
// utility today's policies add there for its profile (the logit's recognition term and
// attractiveness changes; empty = all zero), and `queue_days`, per crossing, the days a queue there would keep one
// waiting (added to the path's days in the logit only, so paths and their costs do not depend on queues; empty = none).
std::vector<std::uint8_t> open_crossings(const Model& model, ClassKey key,
                                         const std::vector<std::uint8_t>& policy_active);
void build_paths(const Model& model, const std::vector<std::uint8_t>& open, RouteTable& out);
void build_choices(const Model& model, const std::vector<double>& policy_utility, const std::vector<float>& queue_days,
                   RouteTable& out);
void build_route_table(const Model& model, ClassKey key, const std::vector<std::uint8_t>& policy_active,
                       const std::vector<double>& policy_utility, const std::vector<float>& queue_days,
                       RouteTable& out);

}  // namespace migsim::detail
