#include "routing.hpp"

#include <algorithm>
#include <boost/graph/dijkstra_shortest_paths.hpp>
#include <boost/graph/filtered_graph.hpp>
#include <boost/graph/reverse_graph.hpp>
#include <cmath>
#include <limits>
#include <numeric>

namespace migsim::detail {

bool edge_open(const Model& model, ClassKey key, EdgeId e, const std::vector<std::uint8_t>& policy_active) {
  const Edge& edge = model.world.edges[e];
  const auto documents = static_cast<DocMask>(key >> 8);
  if ((edge.requires_documents & documents) != edge.requires_documents) return false;
  const std::uint64_t bits = key >> 16;
  for (std::size_t p = 0; p < model.policies.size(); ++p) {
    const auto& policy = model.policies[p];
    if (!policy_active[p] || !policy.closes_crossings() || !policy.edge_hit[e]) continue;
    const int bit = model.policy_bit[p];
    if (bit < 0 || ((bits >> bit) & 1ULL)) return false;
  }
  return true;
}

double route_weight(const BehaviourSpec& b, const Edge& e) {
  return -b.cost_coef * e.cost / 1000.0 - b.days_coef * e.days + route_tie_break_per_day * e.days;
}

namespace {

// Records, for every vertex reached, the crossing that leads from it toward the source of
// the search: on the reversed graph a relaxed edge u->v is the forward crossing v->u.
struct NextEdgeRecorder : boost::default_dijkstra_visitor {
  std::vector<EdgeId>* next;
  template <class E, class G>
  void edge_relaxed(E e, const G& g) {
    (*next)[boost::target(e, g)] = boost::get(boost::edge_index, g, e);
  }
};

}  // namespace

std::vector<std::uint8_t> open_crossings(const Model& model, ClassKey key,
                                         const std::vector<std::uint8_t>& policy_active) {
  std::vector<std::uint8_t> open(model.world.edges.size());
  for (EdgeId e = 0; e < model.world.edge_count(); ++e) open[e] = edge_open(model, key, e, policy_active) ? 1 : 0;
  return open;
}

void build_route_table(const Model& model, ClassKey key, const std::vector<std::uint8_t>& policy_active,
                       const std::vector<double>& policy_utility, const std::vector<float>& queue_days,
                       RouteTable& out) {
  build_paths(model, open_crossings(model, key, policy_active), out);
  build_choices(model, policy_utility, queue_days, out);
}

void build_paths(const Model& model, const std::vector<std::uint8_t>& open, RouteTable& out) {
  const World& w = model.world;
  const NodeId n = w.node_count();
  const auto dests = w.destinations.size();
  std::vector<double> edge_weight(w.edges.size());
  for (EdgeId e = 0; e < w.edge_count(); ++e) edge_weight[e] = route_weight(model.behaviour, w.edges[e]);

  const boost::reverse_graph<Graph> reversed(w.graph);
  auto is_open = [&open, &reversed](const auto& e) { return open[boost::get(boost::edge_index, reversed, e)] != 0; };
  const boost::filtered_graph<boost::reverse_graph<Graph>,
                              std::function<bool(boost::graph_traits<boost::reverse_graph<Graph>>::edge_descriptor)>>
      graph(reversed, is_open);

  out.next_edge.assign(dests * n, no_edge);
  out.cost.assign(dests * n, std::numeric_limits<float>::infinity());
  out.days.assign(dests * n, std::numeric_limits<float>::infinity());
  std::vector<double> dist(n);
  std::vector<EdgeId> next(n);
  std::vector<NodeId> order(n);
  for (std::size_t k = 0; k < dests; ++k) {
    const NodeId target = w.destinations[k];
    std::fill(next.begin(), next.end(), no_edge);
    NextEdgeRecorder recorder;
    recorder.next = &next;
    const auto weight = boost::make_iterator_property_map(edge_weight.begin(), boost::get(boost::edge_index, reversed));
    boost::dijkstra_shortest_paths(
        graph, target,
        boost::weight_map(weight)
            .distance_map(boost::make_iterator_property_map(dist.begin(), boost::get(boost::vertex_index, graph)))
            .visitor(recorder));
    // Cost and days along the tree, filled nearest-first so each node's successor is done.
    std::iota(order.begin(), order.end(), NodeId{0});
    std::stable_sort(order.begin(), order.end(), [&](NodeId a, NodeId b) { return dist[a] < dist[b]; });
    const std::size_t row = k * n;
    for (NodeId v : order) {
      if (v == target) {
        out.cost[row + v] = 0;
        out.days[row + v] = 0;
        continue;
      }
      const EdgeId e = next[v];
      if (e == no_edge) continue;
      out.next_edge[row + v] = e;
      out.cost[row + v] = w.edges[e].cost + out.cost[row + w.edges[e].to];
      out.days[row + v] = w.edges[e].days + out.days[row + w.edges[e].to];
    }
  }
}

namespace {

// The queue days along the path from `node` toward destination index k: the sum of
// queue_days over the crossings the path takes (paths are short, a few crossings).
double queue_days_on_path(const RouteTable& t, std::size_t k, NodeId node, NodeId n, const World& w,
                          const std::vector<float>& queue_days) {
  double days = 0;
  for (EdgeId e = t.next(static_cast<DestIndex>(k), node, n); e != no_edge;
       e = t.next(static_cast<DestIndex>(k), node, n)) {
    days += queue_days[e];
    node = w.edges[e].to;
  }
  return days;
}

}  // namespace

// Choice lists: per node, reachable destinations by ascending cost with logit weights.
void build_choices(const Model& model, const std::vector<double>& policy_utility, const std::vector<float>& queue_days,
                   RouteTable& out) {
  const World& w = model.world;
  const NodeId n = w.node_count();
  const auto dests = w.destinations.size();
  const BehaviourSpec& b = model.behaviour;
  out.choice_begin.assign(n + 1, 0);
  out.choice_cost.clear();
  out.choice_weight.clear();
  out.choice_dest.clear();
  std::vector<DestIndex> cand;
  std::vector<double> util;
  for (NodeId v = 0; v < n; ++v) {
    cand.clear();
    for (std::size_t k = 0; k < dests; ++k)
      if (std::isfinite(out.cost[k * n + v])) cand.push_back(static_cast<DestIndex>(k));
    std::stable_sort(cand.begin(), cand.end(),
                     [&](DestIndex a, DestIndex c) { return out.cost[a * n + v] < out.cost[c * n + v]; });
    util.clear();
    double max_util = -std::numeric_limits<double>::infinity();
    for (DestIndex k : cand) {
      const std::size_t i = static_cast<std::size_t>(k) * n + v;
      const double queued = queue_days.empty() ? 0.0 : queue_days_on_path(out, k, v, n, w, queue_days);
      const double u = b.attractiveness_coef * w.nodes[w.destinations[k]].attractiveness +
                       b.cost_coef * out.cost[i] / 1000.0 + b.days_coef * (out.days[i] + queued) +
                       (policy_utility.empty() ? 0.0 : policy_utility[k]);
      util.push_back(u);
      max_util = std::max(max_util, u);
    }
    for (std::size_t i = 0; i < cand.size(); ++i) {
      out.choice_cost.push_back(out.cost[static_cast<std::size_t>(cand[i]) * n + v]);
      out.choice_weight.push_back(
          static_cast<float>(std::exp(util[i] - max_util)));  // shifted for range; only ratios matter
      out.choice_dest.push_back(cand[i]);
    }
    out.choice_begin[v + 1] = static_cast<std::uint32_t>(out.choice_cost.size());
  }
}

}  // namespace migsim::detail
