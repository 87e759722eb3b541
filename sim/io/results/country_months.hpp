#pragma once
// Per month and country (internal to sim/io): the shape asylum.csv and transitions.csv share.
// Each day's per-node counts roll up into their country (places count in their country) and
// into the month; the rows come out by month, then country id as written, the order a reader
// sorting the file gets.
#include "migsim/io/layer.hpp"

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "migsim/core/date.hpp"
#include "migsim/core/world.hpp"

namespace migsim::io::detail {

class CountryMonths {
 public:
  // `columns` counts per row; the first `summed` are summed over the month's days, the rest
  // are stocks (such as a backlog): the month's last simulated day's value.
  CountryMonths(std::size_t columns, std::size_t summed);

  // One day; value(node, column) is that node's count. A day the engine reported nothing
  // for is a day of zeros: it ends the month's stocks at zero.
  template <class Value>
  void add_day(const World& world, Date date, Value&& value) {
    today_.assign(world.node_count() * columns_, 0);
    for (std::size_t n = 0; n < world.node_count(); ++n) {
      std::uint64_t* row = &today_[world.nodes[n].country * columns_];
      for (std::size_t c = 0; c < columns_; ++c) row[c] += value(n, c);
    }
    add_today(world, month_index(date));
  }

  struct Row {
    int month;  // month_index
    NodeId country;
    const std::uint64_t* values;  // `columns` of them
  };
  // The rows with a non-zero count, by month, then country id as written.
  std::vector<Row> rows(const World& world) const;
  // A row's first two cells as written: "YYYY-MM,country id".
  static std::string month_and_country(const World& world, const Row& row);

 private:
  void add_today(const World& world, int month);

  std::size_t columns_, summed_;
  std::map<std::pair<int, NodeId>, std::vector<std::uint64_t>> months_;  // (month_index, country)
  std::vector<std::uint64_t> today_;                                     // [country * columns + column] scratch, reused
};

}  // namespace migsim::io::detail
