#pragma once
// Waiting-time histograms rolled up from the engine's WaitCount records to countries, and the
// statistics written to waits.csv and the summary (internal to sim/io). One rule for both, so
// the summary never disagrees with the file.
#include "migsim/io/layer.hpp"

#include <cstdint>
#include <limits>
#include <map>
#include <string>
#include <tuple>
#include <vector>

#include "migsim/core/engine.hpp"

namespace migsim::io::detail {

// The year key of the row over all years: after every calendar year, so it sorts last.
inline constexpr int all_years = std::numeric_limits<int>::max();

struct WaitStats {
  std::uint64_t n = 0;  // people
  double mean = 0;      // days
  int p10 = 0, p50 = 0, p90 = 0;
};

// days -> people.
using WaitHistogram = std::map<int, std::uint64_t>;

// Percentiles are whole days: the smallest d whose cumulative share of people is >= q
// (integer arithmetic, so 50% of 10 people is reached at exactly the 5th).
WaitStats wait_stats(const WaitHistogram& hist);

// (country, wait, year) -> histogram; year `all_years` holds the sum over years. Places roll
// up into their country. Throws std::logic_error for a record naming a node or measure that
// does not exist, or negative days.
using WaitKey = std::tuple<NodeId, Wait, int>;
std::map<WaitKey, WaitHistogram> roll_up_waits(const World& world, const std::vector<WaitCount>& waits);

// One row of waits.csv: a country's statistics of one measure in one year (`all_years`: the
// row over all years).
struct WaitRow {
  NodeId country;
  Wait wait;
  int year;
  WaitStats stats;
};
// waits.csv's rows, in the file's order: by country id as written, then measure, then year
// (`all` last). Throws as roll_up_waits.
std::vector<WaitRow> wait_rows(const World& world, const std::vector<WaitCount>& waits);

// How waits.csv writes a year ("2023", or "all" for all_years) and a mean (days to 0.1, as
// "%.1f"): whoever reads a mean from a run in memory takes it through mean_text too, so it
// is the number the file holds.
std::string year_text(int year);
std::string mean_text(double mean);

}  // namespace migsim::io::detail
