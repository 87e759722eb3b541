#pragma once
// transitions.csv (internal to sim/io): the month's transitions per country, the table
// CsvWriter writes; flows.csv takes its people going home from here.
#include "migsim/io/layer.hpp"

#include <string>
#include <vector>

#include "country_months.hpp"
#include "migsim/core/engine.hpp"

namespace migsim::io::detail {

// Monthly sums of the daily transitions per country.
class TransitionMonths {
 public:
  TransitionMonths();
  // day.transitions empty = a day without transitions (the engine may not fill it); otherwise
  // it must have transition_count entries per node (std::logic_error if not).
  void add_day(const World& world, const DayStats& day);
  // Rows with any transition: by month, then country id as written; values [Transition].
  std::vector<CountryMonths::Row> rows(const World& world) const { return months_.rows(world); }
  // One line per row and transition with people, in enumerator order within a row.
  std::string csv(const World& world) const;

 private:
  CountryMonths months_;
};

}  // namespace migsim::io::detail
