#pragma once
// The built world: countries and places as vertices, crossings as edges of a Boost.Graph
// adjacency_list. Ids are dense integers; names are kept only for reporting.
#include "migsim/core/layer.hpp"

#include <boost/graph/adjacency_list.hpp>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "migsim/core/date.hpp"
#include "migsim/core/scenario.hpp"

namespace migsim {

using NodeId = std::uint16_t;
using EdgeId = std::uint16_t;
inline constexpr EdgeId no_edge = 0xFFFF;
inline constexpr NodeId no_node = 0xFFFF;
using DocMask = std::uint8_t;  // bit i = holds document i of ScenarioSpec::documents

struct Node {
  std::string id;  // as in the scenario
  std::string name;
  NodeId country = 0;  // the country vertex it lies in (itself for a country)
  bool is_country = true;
  bool destination = false;  // a candidate in destination choice
  double attractiveness = 0;
  std::optional<Date> eu_since, schengen_since, dublin_since;
};

struct Edge {
  std::string id;  // crossing id (shared by both directions of a both_ways crossing)
  NodeId from = 0, to = 0;
  Mode mode = Mode::land;
  std::uint16_t days = 1;
  float cost = 0;  // USD per person
  DocMask requires_documents = 0;
  double capacity_per_day = -1;  // people per day; < 0 = unlimited
};

// Boost.Graph view: vertex index = NodeId, edge property = EdgeId into World::edges.
using Graph = boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS, boost::no_property,
                                    boost::property<boost::edge_index_t, EdgeId>>;

struct World {
  std::vector<Node> nodes;
  std::vector<Edge> edges;
  Graph graph;
  NodeId origin = 0;
  std::vector<NodeId> destinations;  // nodes with destination = true, in node order

  NodeId node_count() const { return static_cast<NodeId>(nodes.size()); }
  EdgeId edge_count() const { return static_cast<EdgeId>(edges.size()); }
};

}  // namespace migsim
