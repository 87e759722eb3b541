// The human summary printed after a run. Numbers here are for reading, not for analysis:
// the CSVs carry the full detail, so tables are cut to the largest rows.
#include <algorithm>
#include <array>
#include <cmath>
#include <cstdio>
#include <numeric>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "migsim/io/results.hpp"
#include "migsim/io/text_format.hpp"
#include "waits.hpp"

namespace migsim::io {
namespace {

using detail::fixed;
using detail::print_table;
using detail::Table;

// Rows per table (the CSVs carry the rest), chosen so that the two questions' tables fit in
// about 45 lines with 8 profiles; the journey table is printed only if it fits too.
constexpr std::size_t max_rows = 12;
constexpr std::size_t max_profile_rows = 8;
constexpr std::size_t max_wait_rows = 10;
constexpr std::size_t max_lines = 45;

std::string percent(std::uint64_t part, std::uint64_t whole) {
  return whole == 0 ? "-" : fixed(100.0 * static_cast<double>(part) / static_cast<double>(whole), 1) + "%";
}

std::string label(const Node& node) {
  return node.name.empty() ? node.id : node.name;
}

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

// Column headings for the statuses, short enough that all of them fit on one screen line;
// the CSVs use the full names.
constexpr auto status_heading = std::to_array<std::string_view>(
    {"origin", "travel", "transit", "registered", "applicant", "appeal", "protected", "rejected", "dublin", "detained",
     "returned", "settled", "irregular", "home", "temporary"});
static_assert(status_heading.size() == status_names.size(), "a heading for every status");

// Country order for a table: most people first, then as in the scenario.
std::vector<NodeId> by_descending(const std::vector<std::uint64_t>& people) {
  std::vector<NodeId> order;
  for (std::size_t n = 0; n < people.size(); ++n)
    if (people[n] > 0) order.push_back(static_cast<NodeId>(n));
  std::stable_sort(order.begin(), order.end(), [&](NodeId a, NodeId b) { return people[a] > people[b]; });
  return order;
}

std::uint64_t outcome(const FinalStats& fs, std::size_t i) {
  return i < fs.outcomes.size() ? fs.outcomes[i] : 0;
}

void print_where(std::ostream& out, const World& world, const FinalStats& fs, std::size_t profiles) {
  const std::size_t nodes = world.node_count();
  // [country][status], places rolled up into their country.
  std::vector<std::uint64_t> cell(nodes * status_count, 0);
  std::vector<std::uint64_t> people(nodes, 0);
  for (std::size_t p = 0; p < profiles; ++p)
    for (std::size_t n = 0; n < nodes; ++n)
      for (std::size_t s = 0; s < status_count; ++s) {
        const std::uint64_t v = outcome(fs, (p * nodes + n) * status_count + s);
        cell[world.nodes[n].country * status_count + s] += v;
        people[world.nodes[n].country] += v;
      }
  const std::uint64_t total = std::accumulate(people.begin(), people.end(), std::uint64_t{0});

  // The four statuses of the journey always; the asylum statuses and irregular stay only
  // where someone has one.
  std::vector<std::size_t> columns;
  for (std::size_t s = 0; s < status_count; ++s) {
    const auto st = static_cast<Status>(s);
    bool shown =
        st == Status::at_origin || st == Status::travelling || st == Status::in_transit || st == Status::settled;
    for (std::size_t c = 0; c < nodes && !shown; ++c) shown = cell[c * status_count + s] > 0;
    if (shown) columns.push_back(s);
  }

  Table t;
  t.push_back({"country", "people", "share"});
  for (std::size_t s : columns) t.front().emplace_back(status_heading[s]);
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

// One row per profile: the shares that answer "did they find protection, or somewhere to
// stay, or do they stay without a status, or are they still on the way, or home again of
// their own accord, or removed".
void print_profiles(std::ostream& out, const World& world, const FinalStats& fs,
                    const std::vector<std::string>& profiles) {
  const std::size_t nodes = world.node_count();
  std::vector<std::array<std::uint64_t, status_count>> by_profile(profiles.size());
  bool temporary = false;  // its column only where someone holds temporary protection
  for (std::size_t p = 0; p < profiles.size(); ++p) {
    for (std::size_t n = 0; n < nodes; ++n)
      for (std::size_t s = 0; s < status_count; ++s)
        by_profile[p][s] += outcome(fs, (p * nodes + n) * status_count + s);
    temporary |= by_profile[p][static_cast<std::size_t>(Status::temporary)] > 0;
  }
  Table t;
  t.push_back({"profile", "people", "protected"});
  if (temporary) t.front().emplace_back("temporary");
  for (const char* heading : {"settled", "irregular", "not_arrived", "home", "returned"})
    t.front().emplace_back(heading);
  std::size_t shown = 0, hidden = 0;
  for (std::size_t p = 0; p < profiles.size(); ++p) {
    const auto& by_status = by_profile[p];
    const std::uint64_t people = std::accumulate(by_status.begin(), by_status.end(), std::uint64_t{0});
    if (people == 0) continue;
    if (shown == max_profile_rows) {
      ++hidden;
      continue;
    }
    ++shown;
    auto of = [&](Status s) { return by_status[static_cast<std::size_t>(s)]; };
    std::vector<std::string> row{profiles[p], detail::with_thousands(people), percent(of(Status::protected_), people)};
    if (temporary) row.push_back(percent(of(Status::temporary), people));
    for (const std::uint64_t n : {of(Status::settled), of(Status::irregular),
                                  of(Status::at_origin) + of(Status::travelling) + of(Status::in_transit),
                                  of(Status::home), of(Status::returned)})
      row.push_back(percent(n, people));
    t.push_back(std::move(row));
  }
  if (shown == 0) return;  // "nobody" was said above
  out << "\nBy profile (" << (temporary ? "temporary: under temporary protection; " : "")
      << "not_arrived: at origin, travelling or in transit; home: went back of their own accord; returned: removed)\n";
  print_table(out, t);
  if (hidden > 0) out << "  (" << hidden << " more profiles in outcomes.csv)\n";
}

void print_waits(std::ostream& out, const World& world, const FinalStats& fs) {
  const auto rolled = detail::roll_up_waits(world, fs.waits);
  const std::size_t nodes = world.node_count();
  std::vector<detail::WaitStats> first(nodes), final_(nodes);
  std::vector<std::uint64_t> order_key(nodes, 0);
  for (const auto& [key, hist] : rolled) {
    const auto& [country, wait, year] = key;
    if (year != detail::all_years) continue;
    if (wait == Wait::application_to_first_decision) first[country] = detail::wait_stats(hist);
    if (wait == Wait::application_to_final_decision) final_[country] = detail::wait_stats(hist);
  }
  for (std::size_t c = 0; c < nodes; ++c) order_key[c] = std::max(first[c].n, final_[c].n);
  const auto order = by_descending(order_key);

  out << "How long they waited (days from the application to the first decision; to the final one)\n";
  if (order.empty()) {
    out << "  no decisions\n";
    return;
  }
  auto cells = [](const detail::WaitStats& s, std::vector<std::string>& row) {
    row.push_back(detail::with_thousands(s.n));
    if (s.n == 0) {
      row.insert(row.end(), {"-", "-", "-"});
      return;
    }
    row.insert(row.end(), {fixed(s.mean, 1), std::to_string(s.p50), std::to_string(s.p90)});
  };
  Table t;
  t.push_back({"country", "first", "mean", "p50", "p90", "final", "mean", "p50", "p90"});
  for (std::size_t r = 0; r < order.size() && r < max_wait_rows; ++r) {
    const NodeId c = order[r];
    std::vector<std::string> row{label(world.nodes[c])};
    cells(first[c], row);
    cells(final_[c], row);
    t.push_back(std::move(row));
  }
  print_table(out, t);
  if (order.size() > max_wait_rows) out << "  (" << order.size() - max_wait_rows << " more countries in waits.csv)\n";
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

std::size_t lines_in(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

}  // namespace

void print_summary(std::ostream& out, const Model& model, const FinalStats& final_stats, const RunResult& result) {
  const World& world = world_of(model);
  const double scale = scale_of(model);
  const auto spawned = static_cast<std::uint64_t>(std::llround(static_cast<double>(result.agents) * scale));
  // Built first and printed whole, so the optional journey table can be left out when the
  // summary would otherwise scroll off a terminal; the two questions come first.
  std::ostringstream main;
  main << "People spawned: " << detail::with_thousands(spawned) << " (" << detail::with_thousands(result.agents)
       << " agents x " << fixed(scale, scale == std::floor(scale) ? 0 : 2) << ")\n\n";
  print_where(main, world, final_stats, profile_names(model).size());
  print_profiles(main, world, final_stats, profile_names(model));
  main << '\n';
  print_waits(main, world, final_stats);
  main << '\n';
  std::ostringstream journeys;
  print_journeys(journeys, world, final_stats);
  journeys << '\n';
  const double rate = result.wall_seconds > 0 ? static_cast<double>(result.agent_steps) / result.wall_seconds : 0;
  std::ostringstream tail;
  tail << "Wall time " << fixed(result.wall_seconds, 2) << " s, "
       << detail::with_thousands(static_cast<std::uint64_t>(std::llround(rate))) << " agent-steps/s, " << result.threads
       << (result.threads == 1 ? " thread" : " threads") << '\n';

  out << main.str();
  if (lines_in(main.str()) + lines_in(journeys.str()) + lines_in(tail.str()) <= max_lines) out << journeys.str();
  out << tail.str();
}

}  // namespace migsim::io
