// The Dublin table of a run. The simulated people's requests and transfers are counted as
// they happened. The other nationalities registered in a state (asylum.other_registrations)
// are not simulated one by one: no figure says, nationality by nationality, who moves on from
// where they registered and where they apply next. They are taken to behave as the simulated
// people registered in that state did: of those registered in month r, the share asked for
// (or transferred) in month r + lag from requesting state s is the simulated people's, pooled
// over the registration months r whose r + lag lies within the run (so a lag is estimated
// only from months that could show it). Expected values, rounded to whole people per row.
#include "dublin.hpp"

#include <cmath>
#include <map>
#include <tuple>

namespace migsim::detail {
namespace {

// Months since the run's first month.
int month_of(const Model& m, DayIndex day) {
  return month_index(m.start + day) - month_index(m.start);
}

Date first_day(const Model& m, int month) {
  return month_start(month_index(m.start) + month);
}

using Key = std::tuple<int, NodeId, NodeId, Nationalities, DublinBasis>;  // month, from, to, who, basis
struct Sums {
  double requests = 0, transfers = 0;  // people
};

// Other nationalities registered in `c` each month of the run, in people.
std::vector<double> other_registrations(const Model& m, NodeId c, int months) {
  std::vector<double> per_month(static_cast<std::size_t>(months), 0.0);
  for (Date d = m.start; d <= m.end; ++d)
    per_month[static_cast<std::size_t>(month_of(m, static_cast<DayIndex>(d - m.start)))] +=
        m.asylum[c].other_registrations_on(d);
  return per_month;
}

// The other nationalities of state `c`, added to `sums`.
void add_others(const Model& m, const std::vector<DublinEvent>& log, NodeId c, int months, std::map<Key, Sums>& sums) {
  const auto M = static_cast<std::size_t>(months);
  std::vector<double> registered(M, 0.0);  // simulated, agents, by month they became c's
  // [kind: request, transfer][from][registration month][lag]: simulated, agents
  std::map<std::tuple<int, NodeId, int, int>, double> events;
  for (const DublinEvent& e : log) {
    if (e.to != c || e.basis != DublinBasis::take_back) continue;
    const int since = month_of(m, e.since);
    if (e.kind == DublinEvent::responsible) {
      registered[static_cast<std::size_t>(since)] += 1;
      continue;
    }
    events[{e.kind == DublinEvent::transfer ? 1 : 0, e.from, since, month_of(m, e.day) - since}] += 1;
  }
  // Per (kind, from, lag): simulated events over the simulated registrants of the months that
  // can show that lag.
  std::map<std::tuple<int, NodeId, int>, double> numerator;
  for (const auto& [key, n] : events) {
    const auto& [kind, from, since, lag] = key;
    numerator[{kind, from, lag}] += n;
  }
  std::vector<double> registered_upto(M + 1, 0.0);  // registered_upto[k]: months 0..k-1
  for (std::size_t r = 0; r < M; ++r) registered_upto[r + 1] = registered_upto[r] + registered[r];
  const std::vector<double> others = other_registrations(m, c, months);
  for (const auto& [key, n] : numerator) {
    const auto& [kind, from, lag] = key;
    const double denominator = registered_upto[M - static_cast<std::size_t>(lag)];  // months r with r + lag < M
    if (denominator <= 0) continue;
    const double rate = n / denominator;
    for (int month = lag; month < months; ++month) {
      const double people = others[static_cast<std::size_t>(month - lag)] * rate;
      if (people <= 0) continue;
      Sums& s = sums[{month, from, c, Nationalities::other, DublinBasis::take_back}];
      (kind == 1 ? s.transfers : s.requests) += people;
    }
  }
}

}  // namespace

std::vector<DublinCount> dublin_counts(const Model& m, const std::vector<DublinEvent>& log, double scale) {
  const int months = month_of(m, static_cast<DayIndex>(m.end - m.start)) + 1;
  std::map<Key, Sums> sums;
  for (const DublinEvent& e : log) {
    if (e.kind == DublinEvent::responsible) continue;
    Sums& s = sums[{month_of(m, e.day), e.from, e.to, Nationalities::simulated, e.basis}];
    (e.kind == DublinEvent::transfer ? s.transfers : s.requests) += scale;
  }
  for (NodeId c = 0; c < m.world.node_count(); ++c)
    if (m.world.nodes[c].is_country && !m.asylum[c].other_registrations.empty()) add_others(m, log, c, months, sums);
  std::vector<DublinCount> out;
  for (const auto& [key, s] : sums) {
    const auto& [month, from, to, who, basis] = key;
    DublinCount row{first_day(m, month),
                    from,
                    to,
                    who,
                    basis,
                    static_cast<std::uint64_t>(std::llround(s.requests)),
                    static_cast<std::uint64_t>(std::llround(s.transfers))};
    if (row.requests > 0 || row.transfers > 0) out.push_back(row);
  }
  return out;
}

}  // namespace migsim::detail
