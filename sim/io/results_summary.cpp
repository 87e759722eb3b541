// The human summary printed after a run. Numbers here are for reading, not for analysis:
// the CSVs carry the full detail, so tables are cut to the largest rows.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <string>
#include <vector>

#include "migsim/io/results.hpp"
#include "results_text.hpp"

namespace migsim::io {
namespace {

constexpr std::size_t max_rows = 12;  // keeps the whole summary under about 40 lines

using Table = std::vector<std::vector<std::string>>;

// First column left-aligned, the rest right-aligned (numbers), two spaces apart.
void print_table(std::ostream& out, const Table& rows) {
  std::vector<std::size_t> width;
  for (const auto& row : rows) {
    width.resize(std::max(width.size(), row.size()), 0);
    for (std::size_t c = 0; c < row.size(); ++c) width[c] = std::max(width[c], row[c].size());
  }
  for (const auto& row : rows) {
    std::string line = "  ";
    for (std::size_t c = 0; c < row.size(); ++c) {
      const std::string pad(width[c] - row[c].size(), ' ');
      if (c == 0) {
        line += row[c] + pad;
      } else {
        line += "  " + pad + row[c];
      }
    }
    while (!line.empty() && line.back() == ' ') line.pop_back();
    out << line << '\n';
  }
}

std::string fixed(double value, int decimals) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.*f", decimals, value);
  return buf;
}

std::string percent(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? "-" : fixed(100.0 * static_cast<double>(part) / static_cast<double>(whole), 1) + "%";
}

std::string label(const Node& node) { return node.name.empty() ? node.id : node.name; }

// Nearest-rank percentile of a histogram over whole days: the smallest d with at least
// ceil(pct% of n) people at or below it.
std::size_t percentile(const std::vector<std::uint64_t>& hist, std::uint64_t n, std::uint64_t pct) {
  const std::uint64_t rank = std::max<std::uint64_t>(1, (n * pct + 99) / 100);
  std::uint64_t seen = 0;
  for (std::size_t d = 0; d < hist.size(); ++d) {
    seen += hist[d];
    if (seen >= rank) return d;
  }
  return hist.empty() ? 0 : hist.size() - 1;
}

// Country order for a table: most people first, then as in the scenario.
std::vector<NodeId> by_descending(const std::vector<std::uint64_t>& people) {
  std::vector<NodeId> order;
  for (std::size_t n = 0; n < people.size(); ++n)
    if (people[n] > 0) order.push_back(static_cast<NodeId>(n));
  std::stable_sort(order.begin(), order.end(), [&](NodeId a, NodeId b) { return people[a] > people[b]; });
  return order;
}

void print_where(std::ostream& out, const World& world, const FinalStats& fs, std::size_t profiles) {
  const std::size_t nodes = world.node_count();
  // [country][status], places rolled up into their country.
  std::vector<std::uint64_t> cell(nodes * status_count, 0);
  std::vector<std::uint64_t> people(nodes, 0);
  for (std::size_t p = 0; p < profiles; ++p)
    for (std::size_t n = 0; n < nodes; ++n)
      for (std::size_t s = 0; s < status_count; ++s) {
        const std::size_t i = (p * nodes + n) * status_count + s;
        const std::uint64_t v = i < fs.outcomes.size() ? fs.outcomes[i] : 0;
        cell[world.nodes[n].country * status_count + s] += v;
        people[world.nodes[n].country] += v;
      }
  const std::uint64_t total = std::accumulate(people.begin(), people.end(), std::uint64_t{0});

  std::vector<std::size_t> columns;
  for (std::size_t s = 0; s < status_count; ++s) {
    const auto st = static_cast<Status>(s);
    bool shown = st == Status::at_origin || st == Status::travelling || st == Status::in_transit ||
                 st == Status::settled;
    for (std::size_t c = 0; c < nodes && !shown; ++c) shown = cell[c * status_count + s] > 0;
    if (shown) columns.push_back(s);
  }

  Table t;
  t.push_back({"country", "people", "share"});
  for (std::size_t s : columns) t.front().emplace_back(status_names[s]);
  const auto order = by_descending(people);
  std::vector<std::uint64_t> rest(status_count, 0);
  std::uint64_t rest_people = 0;
  for (std::size_t r = 0; r < order.size(); ++r) {
    const NodeId c = order[r];
    if (r >= max_rows) {
      rest_people += people[c];
      for (std::size_t s : columns) rest[s] += cell[c * status_count + s];
      continue;
    }
    std::vector<std::string> row{label(world.nodes[c]), detail::with_thousands(people[c]), percent(people[c], total)};
    for (std::size_t s : columns) row.push_back(detail::with_thousands(cell[c * status_count + s]));
    t.push_back(std::move(row));
  }
  if (order.size() > max_rows) {
    std::vector<std::string> row{std::to_string(order.size() - max_rows) + " more", detail::with_thousands(rest_people),
                                 percent(rest_people, total)};
    for (std::size_t s : columns) row.push_back(detail::with_thousands(rest[s]));
    t.push_back(std::move(row));
  }
  out << "Where people ended up\n";
  if (total == 0) {
    out << "  nobody\n";
    return;
  }
  print_table(out, t);
}

void print_journeys(std::ostream& out, const World& world, const FinalStats& fs) {
  const std::size_t nodes = world.node_count();
  std::vector<std::vector<std::uint64_t>> hist(nodes);
  std::vector<std::uint64_t> count(nodes, 0);
  for (std::size_t n = 0; n < nodes && n < fs.journey_days.size(); ++n) {
    auto& h = hist[world.nodes[n].country];
    const auto& src = fs.journey_days[n];
    if (h.size() < src.size()) h.resize(src.size(), 0);
    for (std::size_t d = 0; d < src.size(); ++d) {
      h[d] += src[d];
      count[world.nodes[n].country] += src[d];
    }
  }
  out << "How long the journeys took (days from leaving the origin)\n";
  const auto order = by_descending(count);
  if (order.empty()) {
    out << "  no completed journeys\n";
    return;
  }
  Table t;
  t.push_back({"country", "people", "mean", "p50", "p90"});
  for (std::size_t r = 0; r < order.size() && r < max_rows; ++r) {
    const NodeId c = order[r];
    const auto& h = hist[c];
    double sum = 0;
    for (std::size_t d = 0; d < h.size(); ++d) sum += static_cast<double>(d) * static_cast<double>(h[d]);
    t.push_back({label(world.nodes[c]), detail::with_thousands(count[c]), fixed(sum / static_cast<double>(count[c]), 1),
                 std::to_string(percentile(h, count[c], 50)), std::to_string(percentile(h, count[c], 90))});
  }
  print_table(out, t);
  if (order.size() > max_rows) out << "  (" << order.size() - max_rows << " more countries in the CSVs)\n";
}

}  // namespace

void print_summary(std::ostream& out, const Model& model, const FinalStats& final_stats, const RunResult& result) {
  const World& world = world_of(model);
  const double scale = scale_of(model);
  const auto spawned = static_cast<std::uint64_t>(std::llround(static_cast<double>(result.agents) * scale));
  out << "People spawned: " << detail::with_thousands(spawned) << " (" << detail::with_thousands(result.agents)
      << " agents x " << fixed(scale, scale == std::floor(scale) ? 0 : 2) << ")\n\n";
  print_where(out, world, final_stats, profile_names(model).size());
  out << '\n';
  print_journeys(out, world, final_stats);
  out << '\n';
  const double rate = result.wall_seconds > 0 ? static_cast<double>(result.agent_steps) / result.wall_seconds : 0;
  out << "Wall time " << fixed(result.wall_seconds, 2) << " s, "
      << detail::with_thousands(static_cast<std::uint64_t>(std::llround(rate))) << " agent-steps/s, "
      << result.threads << (result.threads == 1 ? " thread" : " threads") << '\n';
}

}  // namespace migsim::io
