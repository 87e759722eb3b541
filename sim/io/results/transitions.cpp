#include "transitions.hpp"

#include <stdexcept>

#include "migsim/io/tables.hpp"
#include "migsim/io/text_format.hpp"

namespace migsim::io::detail {

TransitionMonths::TransitionMonths() : months_(transition_count, transition_count) {}

void TransitionMonths::add_day(const World& world, const DayStats& day) {
  if (day.transitions.empty()) return;
  const std::size_t want = world.node_count() * transition_count;
  if (day.transitions.size() != want)
    throw std::logic_error("CsvWriter: DayStats::transitions has " + std::to_string(day.transitions.size()) +
                           " entries, expected 0 or " + std::to_string(want));
  months_.add_day(world, day.date,
                  [&](std::size_t n, std::size_t t) { return day.transitions[n * transition_count + t]; });
}

std::string TransitionMonths::csv(const World& world) const {
  std::string text = spec_of(Output::transitions).header();
  for (const CountryMonths::Row& row : rows(world)) {
    const std::string key = CountryMonths::month_and_country(world, row);
    for (std::size_t t = 0; t < transition_count; ++t) {
      if (row.values[t] == 0) continue;
      text += key;
      text += ',';
      text += transitions[t].name;
      text += ',';
      append_uint(text, row.values[t]);
      text += '\n';
    }
  }
  return text;
}

}  // namespace migsim::io::detail
