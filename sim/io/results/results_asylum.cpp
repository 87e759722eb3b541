#include "results/results_asylum.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "migsim/io/tables.hpp"
#include "results/results_text.hpp"
#include "results/results_waits.hpp"

namespace migsim::io::detail {
namespace {

bool all_zero(const AsylumDay& a) {
  return a.backlog == 0 && std::all_of(a.events.begin(), a.events.end(), [](std::uint64_t v) { return v == 0; });
}

void add_events(AsylumDay& to, const AsylumDay& from) {
  for (std::size_t e = 0; e < asylum_event_count; ++e) to.events[e] += from.events[e];
}

}  // namespace

void AsylumMonths::add_day(const World& world, const DayStats& day) {
  if (day.asylum.empty()) {
    // No events, and no backlog either: a month whose last day has none ends with none.
    const int month = month_index(day.date);
    for (auto it = months_.lower_bound({month, 0}); it != months_.end() && it->first.first == month; ++it)
      it->second.backlog = 0;
    return;
  }
  const std::size_t nodes = world.node_count();
  if (day.asylum.size() != nodes)
    throw std::logic_error("CsvWriter: DayStats::asylum has " + std::to_string(day.asylum.size()) +
                           " entries, expected 0 or " + std::to_string(nodes));
  today_.assign(nodes, AsylumDay{});
  for (std::size_t n = 0; n < nodes; ++n) {
    AsylumDay& c = today_[world.nodes[n].country];
    add_events(c, day.asylum[n]);
    c.backlog += day.asylum[n].backlog;
  }
  const int month = month_index(day.date);
  for (std::size_t c = 0; c < nodes; ++c) {
    const std::pair<int, NodeId> key{month, static_cast<NodeId>(c)};
    auto it = months_.find(key);
    if (it == months_.end()) {
      if (all_zero(today_[c])) continue;  // keeps the map to countries with something to say
      it = months_.emplace(key, AsylumDay{}).first;
    }
    add_events(it->second, today_[c]);
    it->second.backlog = today_[c].backlog;  // overwritten daily: the month's last day wins
  }
}

std::string AsylumMonths::csv(const World& world) const {
  std::vector<std::pair<const std::pair<int, NodeId>*, const AsylumDay*>> rows;
  for (const auto& [key, a] : months_)
    if (!all_zero(a)) rows.emplace_back(&key, &a);
  // By the ids as written, as flows.csv, so the order is the one a reader sorting the file gets.
  std::sort(rows.begin(), rows.end(), [&](const auto& x, const auto& y) {
    return std::tie(x.first->first, world.nodes[x.first->second].id) <
           std::tie(y.first->first, world.nodes[y.first->second].id);
  });
  std::string text = spec_of(Output::asylum).header();
  for (const auto& [key, a] : rows) {
    text += iso_month(key->first);
    text += ',';
    text += world.nodes[key->second].id;
    for (const std::uint64_t v : a->events) {
      text += ',';
      append_uint(text, v);
    }
    text += ',';
    append_uint(text, a->backlog);
    text += '\n';
  }
  return text;
}

std::string waits_csv(const World& world, const FinalStats& final_stats) {
  const auto rolled = roll_up_waits(world, final_stats.waits);
  std::vector<const std::pair<const WaitKey, WaitHistogram>*> rows;
  rows.reserve(rolled.size());
  for (const auto& entry : rolled) rows.push_back(&entry);
  // The map is in node order; the file is in id order. Measure and year keep the map's order.
  std::stable_sort(rows.begin(), rows.end(), [&](const auto* x, const auto* y) {
    return world.nodes[std::get<0>(x->first)].id < world.nodes[std::get<0>(y->first)].id;
  });
  std::string text = spec_of(Output::waits).header();
  for (const auto* row : rows) {
    const auto& [country, wait, year] = row->first;
    const WaitStats s = wait_stats(row->second);
    text += world.nodes[country].id;
    text += ',';
    text += wait_names[static_cast<std::size_t>(wait)];
    text += ',';
    text += year == all_years ? std::string("all") : std::to_string(year);
    text += ',';
    append_uint(text, s.n);
    text += ',';
    text += fixed(s.mean, 1);
    for (int p : {s.p10, s.p50, s.p90}) {
      text += ',';
      text += std::to_string(p);
    }
    text += '\n';
  }
  return text;
}

}  // namespace migsim::io::detail
