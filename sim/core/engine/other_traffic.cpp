// Crossings by people the scenario does not simulate (countries[].other_traffic). They are
// not agents: no one is moved, and nothing else depends on them. They exist so that a run can
// be compared with border-crossing figures, which count every movement across a border.
#include <algorithm>
#include <cmath>

#include "model.hpp"

namespace migsim {

std::vector<TrafficCount> other_traffic_counts(const Model& m) {
  std::vector<TrafficCount> out;
  const NodeId origin = m.world.nodes[m.world.origin].country;
  const int first = month_index(m.start), last = month_index(m.end);
  for (int month = first; month <= last; ++month) {
    // The run's days of this month only: the first and last months may be partial.
    const Date from = std::max(m.start, month_start(month)), until = std::min(m.end, month_start(month + 1) - 1);
    for (NodeId c = 0; c < m.other_traffic.size(); ++c) {
      if (m.other_traffic[c].empty()) continue;
      double sum = 0;
      for (Date d = from; d <= until; ++d) sum += value_on(m.other_traffic[c], d);
      const auto crossings = static_cast<std::uint64_t>(std::llround(sum));
      if (crossings == 0) continue;
      out.push_back({month_start(month), origin, c, crossings});
      out.push_back({month_start(month), c, origin, crossings});
    }
  }
  return out;
}

}  // namespace migsim
