#include "asylum.hpp"

#include <stdexcept>
#include <vector>

#include "migsim/io/tables.hpp"
#include "migsim/io/text_format.hpp"
#include "waits.hpp"

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
  for (const CountryMonths::Row& row : rows(world)) {
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
  std::string text = spec_of(Output::waits).header();
  for (const WaitRow& row : wait_rows(world, final_stats.waits)) {
    text += world.nodes[row.country].id;
    text += ',';
    text += wait_names[static_cast<std::size_t>(row.wait)];
    text += ',';
    text += year_text(row.year);
    text += ',';
    append_uint(text, row.stats.n);
    text += ',';
    text += mean_text(row.stats.mean);
    for (int p : {row.stats.p10, row.stats.p50, row.stats.p90}) {
      text += ',';
      text += std::to_string(p);
    }
    text += '\n';
  }
  return text;
}

}  // namespace migsim::io::detail
