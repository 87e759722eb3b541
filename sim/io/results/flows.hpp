#pragma once
// flows.csv (internal to sim/io): people moving between countries by month, the table
// CsvWriter writes and `migsim compare`'s arrivals read, in a file or from a run in memory.
// The rule of what counts as a flow is here and nowhere else.
#include "migsim/io/layer.hpp"

#include <cstdint>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "migsim/core/engine.hpp"
#include "transitions.hpp"

namespace migsim::io::detail {

// Monthly people per (country left, country entered): everyone setting off across a border
// between two countries (a move between places of one country is not one), by the month
// they set off; everyone going home of their own accord, who crosses no edge, from the
// country they left to the origin in the month they went; and each short visit home, which
// crosses no edge either, as two crossings, to the origin and back, in the month it began.
// Apart from these people, the crossings of people not simulated (other_traffic_counts).
class FlowMonths {
 public:
  // The day's edge entries (std::logic_error unless one per edge).
  void add_day(const World& world, const DayStats& day);
  // Going home and visits home: the `returned_home` and `visited_home` transitions of the
  // whole run, once, at its end.
  void add_trips_home(const World& world, const TransitionMonths& transitions);
  // Other traffic (countries[].other_traffic): the whole run's, once, at its end.
  void add_other_traffic(const std::vector<TrafficCount>& counts);

  struct Row {
    int month;  // month_index
    NodeId from, to;
    std::uint64_t people;         // simulated people
    std::uint64_t other_traffic;  // crossings of people not simulated
  };
  // Every (month, from, to) with people, by month, then the ids as written.
  std::vector<Row> rows(const World& world) const;
  std::string csv(const World& world) const;

 private:
  struct Counts {
    std::uint64_t people = 0, other_traffic = 0;
  };
  std::map<std::tuple<int, NodeId, NodeId>, Counts> flows_;  // (month_index, from, to) -> counts
};

}  // namespace migsim::io::detail
