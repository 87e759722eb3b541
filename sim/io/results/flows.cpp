#include "flows.hpp"

#include <algorithm>
#include <stdexcept>

#include "migsim/io/tables.hpp"
#include "migsim/io/text_format.hpp"

namespace migsim::io::detail {

void FlowMonths::add_day(const World& world, const DayStats& day) {
  if (day.edge_entries.size() != world.edge_count())
    throw std::logic_error("CsvWriter: DayStats::edge_entries has " + std::to_string(day.edge_entries.size()) +
                           " entries, expected " + std::to_string(world.edge_count()));
  const int month = month_index(day.date);
  for (std::size_t e = 0; e < day.edge_entries.size(); ++e) {
    const std::uint64_t people = day.edge_entries[e];
    if (people == 0) continue;
    const Edge& edge = world.edges[e];
    const NodeId from = world.nodes[edge.from].country;
    const NodeId to = world.nodes[edge.to].country;
    if (from == to) continue;  // a move between places of one country is not migration between countries
    flows_[{month, from, to}].people += people;
  }
}

void FlowMonths::add_trips_home(const World& world, const TransitionMonths& transitions) {
  const NodeId origin = world.nodes[world.origin].country;
  for (const auto& row : transitions.rows(world)) {
    if (row.country == origin) continue;
    const std::uint64_t home = row.values[static_cast<std::size_t>(Transition::returned_home)];
    const std::uint64_t visits = row.values[static_cast<std::size_t>(Transition::visited_home)];
    if (home + visits > 0) flows_[{row.month, row.country, origin}].people += home + visits;
    if (visits > 0) flows_[{row.month, origin, row.country}].people += visits;
  }
}

void FlowMonths::add_other_traffic(const std::vector<TrafficCount>& counts) {
  for (const TrafficCount& c : counts) flows_[{month_index(c.month), c.from, c.to}].other_traffic += c.crossings;
}

std::vector<FlowMonths::Row> FlowMonths::rows(const World& world) const {
  std::vector<Row> out;
  out.reserve(flows_.size());
  for (const auto& [key, n] : flows_)
    out.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), n.people, n.other_traffic});
  // By the ids as written, so the order is the one a reader sorting the file would get.
  std::sort(out.begin(), out.end(), [&](const Row& a, const Row& b) {
    return std::tie(a.month, world.nodes[a.from].id, world.nodes[a.to].id) <
           std::tie(b.month, world.nodes[b.from].id, world.nodes[b.to].id);
  });
  return out;
}

std::string FlowMonths::csv(const World& world) const {
  std::string text = spec_of(Output::flows).header();
  for (const Row& r : rows(world)) {
    text += iso_month(r.month);
    text += ',';
    text += world.nodes[r.from].id;
    text += ',';
    text += world.nodes[r.to].id;
    text += ',';
    append_uint(text, r.people);
    text += ',';
    append_uint(text, r.other_traffic);
    text += '\n';
  }
  return text;
}

}  // namespace migsim::io::detail
