#pragma once
// Routes and destination choice for one mobility class: the agents who see the same open
// graph (same profile, same documents, same answers to every targeted crossing policy).
// Tables are rebuilt only when the set of active policies changes, never per agent.
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

struct RouteTable {
  // Best path toward each destination (see route_weight), on crossings open to this class today.
  // Indexed [dest * node_count + node].
  std::vector<EdgeId> next_edge;  // no_edge where the destination cannot be reached
  std::vector<float> cost;        // USD along that path
  std::vector<float> days;
  // Destination choice from each node: reachable destinations sorted by path cost, with
  // cumulative logit weights, so "feasible within savings" is a prefix found by binary search.
  std::vector<std::uint32_t> choice_begin;  // [node], size node_count + 1
  std::vector<float> choice_cost;
  std::vector<double> choice_cum;
  std::vector<DestIndex> choice_dest;

  EdgeId next(DestIndex dest, NodeId node, NodeId node_count) const {
    return next_edge[static_cast<std::size_t>(dest) * node_count + node];
  }

  // Multinomial-logit draw among destinations whose path cost is within `savings`, given a
  // uniform u in [0, 1). no_dest if none is affordable and reachable.
  DestIndex choose(NodeId node, float savings, double u) const;

  // The same draw restricted to destinations `allowed(dest)` accepts (rare: after a refusal).
  template <class Allowed>
  DestIndex choose_where(NodeId node, float savings, double u, Allowed&& allowed) const {
    double total = 0, prev = 0;
    for (std::uint32_t i = choice_begin[node]; i < choice_begin[node + 1] && choice_cost[i] <= savings; ++i) {
      if (allowed(choice_dest[i])) total += choice_cum[i] - prev;
      prev = choice_cum[i];
    }
    if (total <= 0) return no_dest;
    const double target = u * total;
    double acc = 0;
    prev = 0;
    DestIndex last = no_dest;
    for (std::uint32_t i = choice_begin[node]; i < choice_begin[node + 1] && choice_cost[i] <= savings; ++i) {
      if (allowed(choice_dest[i])) {
        acc += choice_cum[i] - prev;
        last = choice_dest[i];
        if (target < acc) return last;
      }
      prev = choice_cum[i];
    }
    return last;  // rounding at the top end
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

// `recognition` holds, per destination index, the recognition rate this class's profile
// would get there today (the logit's recognition term); empty = all zero.
void build_route_table(const Model& model, ClassKey key, const std::vector<std::uint8_t>& policy_active,
                       const std::vector<double>& recognition, RouteTable& out);

}  // namespace migsim::detail
