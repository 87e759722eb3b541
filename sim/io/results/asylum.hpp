#pragma once
// asylum.csv and waits.csv (internal to sim/io): the per-country asylum tables CsvWriter writes.
#include "migsim/io/layer.hpp"

#include <string>
#include <vector>

#include "country_months.hpp"
#include "migsim/core/engine.hpp"

namespace migsim::io::detail {

// Monthly sums of the daily asylum events per country; backlog is the month's last
// simulated day's value (a stock, not a flow).
class AsylumMonths {
 public:
  AsylumMonths();
  // day.asylum empty = a day without asylum events (the engine may not fill it); otherwise
  // it must have one entry per node (std::logic_error if not).
  void add_day(const World& world, const DayStats& day);
  // Rows with any non-zero value, by month, then country id as written; values [AsylumEvent],
  // then backlog.
  std::vector<CountryMonths::Row> rows(const World& world) const { return months_.rows(world); }
  std::string csv(const World& world) const;

 private:
  CountryMonths months_;  // columns: the events, then backlog
};

// waits.csv from FinalStats::waits: rows per (country, measure, year) and one per
// (country, measure) with year `all`, by country id, measure order, year.
std::string waits_csv(const World& world, const FinalStats& final_stats);

}  // namespace migsim::io::detail
