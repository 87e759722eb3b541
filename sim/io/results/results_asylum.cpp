#include "results/results_asylum.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>
#include <vector>

#include "migsim/io/tables.hpp"
#include "results/results_text.hpp"
#include "results/results_waits.hpp"

namespace migsim::io::detail {

AsylumMonths::AsylumMonths() : months_(asylum_event_count + 1, asylum_event_count) {}

void AsylumMonths::add_day(const World& world, const DayStats& day) {
  if (day.asylum.empty()) {
    // No events, and no backlog either: a month whose last day has none ends with none.
    months_.add_day(world, day.date, [](std::size_t, std::size_t) { return std::uint64_t{0}; });
    return;
  }
  if (day.asylum.size() != world.node_count())
    throw std::logic_error("CsvWriter: DayStats::asylum has " + std::to_string(day.asylum.size()) +
                           " entries, expected 0 or " + std::to_string(world.node_count()));
  months_.add_day(world, day.date, [&](std::size_t n, std::size_t c) {
    return c < asylum_event_count ? day.asylum[n].events[c] : day.asylum[n].backlog;
  });
}

std::string AsylumMonths::csv(const World& world) const {
  std::string text = spec_of(Output::asylum).header();
  for (const CountryMonths::Row& row : months_.rows(world)) {
    text += CountryMonths::month_and_country(world, row);
    for (std::size_t c = 0; c <= asylum_event_count; ++c) {
      text += ',';
      append_uint(text, row.values[c]);
    }
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
