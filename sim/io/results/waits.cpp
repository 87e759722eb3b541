#include "waits.hpp"

#include <algorithm>
#include <stdexcept>
#include <string>

#include "migsim/io/text_format.hpp"

namespace migsim::io::detail {

WaitStats wait_stats(const WaitHistogram& hist) {
  WaitStats s;
  double day_sum = 0;
  for (const auto& [days, people] : hist) {
    s.n += people;
    day_sum += static_cast<double>(days) * static_cast<double>(people);
  }
  if (s.n == 0) return s;
  s.mean = day_sum / static_cast<double>(s.n);
  // cum / n >= q / 100  <=>  cum * 100 >= q * n: exact, no rounding at the boundaries.
  auto percentile = [&](std::uint64_t q) {
    std::uint64_t cum = 0;
    for (const auto& [days, people] : hist) {
      cum += people;
      if (cum * 100 >= q * s.n) return days;
    }
    return hist.rbegin()->first;
  };
  s.p10 = percentile(10);
  s.p50 = percentile(50);
  s.p90 = percentile(90);
  return s;
}

std::map<WaitKey, WaitHistogram> roll_up_waits(const World& world, const std::vector<WaitCount>& waits) {
  std::map<WaitKey, WaitHistogram> out;
  for (const WaitCount& w : waits) {
    if (w.node >= world.node_count())
      throw std::logic_error("FinalStats::waits names node " + std::to_string(w.node) + " of " +
                             std::to_string(world.node_count()));
    if (static_cast<int>(w.wait) >= wait_count)
      throw std::logic_error("FinalStats::waits names measure " + std::to_string(static_cast<int>(w.wait)));
    if (w.days < 0)
      throw std::logic_error("FinalStats::waits has a negative wait of " + std::to_string(w.days) + " days");
    if (w.people == 0) continue;
    const NodeId country = world.nodes[w.node].country;
    out[{country, w.wait, w.year}][w.days] += w.people;
    out[{country, w.wait, all_years}][w.days] += w.people;
  }
  return out;
}

std::vector<WaitRow> wait_rows(const World& world, const std::vector<WaitCount>& waits) {
  const auto rolled = roll_up_waits(world, waits);
  std::vector<WaitRow> rows;
  rows.reserve(rolled.size());
  for (const auto& [key, hist] : rolled)
    rows.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), wait_stats(hist)});
  // The map is in node order; the file is in id order. Measure and year keep the map's order.
  std::stable_sort(rows.begin(), rows.end(), [&](const WaitRow& x, const WaitRow& y) {
    return world.nodes[x.country].id < world.nodes[y.country].id;
  });
  return rows;
}

std::string year_text(int year) {
  return year == all_years ? std::string("all") : std::to_string(year);
}

std::string mean_text(double mean) {
  return fixed(mean, 1);
}

}  // namespace migsim::io::detail
