// The model's side of a comparison: each target's metric from a run's figures, whichever
// way they were filled (a results folder or a run in memory).
#include <charconv>
#include <map>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "detail.hpp"
#include "figures.hpp"
#include "migsim/core/engine.hpp"

namespace migsim::io::detail {
namespace {

std::string period_text(const Target& t) {
  return iso_date(t.from) + ".." + iso_date(t.until);
}

// The geography's country ids, or a problem at the target's geography. `source` names what
// the figures are of, for the messages: "these results", or the scenario a study runs.
std::optional<std::set<std::string>> resolve(const RunFigures& r, const Target& t, const std::string& path,
                                             std::vector<std::string>& errors,
                                             const std::string& source = "these results") {
  std::set<std::string> out;
  if (t.eu) {
    for (const auto& [id, since] : r.eu_since)
      if (since && *since <= t.from) out.insert(id);
    if (out.empty()) {
      errors.push_back(located(path, t.geography_loc,
                               "geography EU has no members on " + iso_date(t.from) + " in " + source +
                                   "; expected countries with an eu date in the scenario"));
      return std::nullopt;
    }
    return out;
  }
  bool good = true;
  for (const auto& id : t.countries) {
    const auto it = r.country_of.find(id);
    if (it == r.country_of.end()) {
      errors.push_back(
          located(path, t.geography_loc,
                  "geography '" + id + "' is not in " + source + "; expected a country id of the scenario"));
      good = false;
    } else if (it->second != id) {
      errors.push_back(located(path, t.geography_loc,
                               "geography '" + id + "' is a place in " + it->second + "; expected a country id"));
      good = false;
    } else {
      out.insert(id);
    }
  }
  if (!good) return std::nullopt;
  return out;
}

template <class Rows>
const Rows& part(const std::optional<Rows>& rows) {
  if (!rows) throw std::logic_error("compare: a target reads results that were not gathered");
  return *rows;
}

std::optional<double> measure(const RunFigures& r, const Target& t, const std::set<std::string>& geo) {
  const int m0 = month_index(t.from), m1 = month_index(t.until);
  auto asylum_sum = [&](AsylumEvent event) {
    std::uint64_t sum = 0;
    for (const auto& row : part(r.asylum))
      if (row.month >= m0 && row.month <= m1 && geo.count(row.country))
        sum += row.events[static_cast<std::size_t>(event)];
    return static_cast<double>(sum);
  };
  // Requests or transfers (`count`) whose requesting (`side` from) or responsible (`side` to)
  // state is in the geography. A pair inside it counts too: Eurostat counts each state's own.
  auto dublin_sum = [&](std::uint64_t RunFigures::DublinMonth::*count, std::string RunFigures::DublinMonth::*side) {
    std::uint64_t sum = 0;
    for (const auto& row : part(r.dublin))
      if (row.month >= m0 && row.month <= m1 && geo.count(row.*side)) sum += row.*count;
    return static_cast<double>(sum);
  };
  auto mean_wait = [&](Wait wait) -> std::optional<double> {
    const std::string year = std::to_string(ymd_from_date(t.from).year);
    const std::string_view measure_name = wait_names[static_cast<std::size_t>(wait)];
    double weighted = 0;
    std::uint64_t n = 0;
    for (const auto& row : part(r.waits))
      if (row.measure == measure_name && row.year == year && geo.count(row.country)) {
        weighted += row.mean * static_cast<double>(row.n);
        n += row.n;
      }
    if (n == 0) return std::nullopt;
    return weighted / static_cast<double>(n);
  };
  // People in the geography on the period's last day, of a per-date, per-country count.
  auto on_until = [&](const std::map<Date, std::map<std::string, std::uint64_t>>& by_date) {
    std::uint64_t sum = 0;
    for (const auto& [country, people] : by_date.at(t.until))
      if (geo.count(country)) sum += people;
    return static_cast<double>(sum);
  };
  switch (t.metric) {
    case Metric::applications:
      return asylum_sum(AsylumEvent::applications);
    case Metric::registrations:
      return asylum_sum(AsylumEvent::registrations);
    case Metric::decisions_positive:
      return asylum_sum(AsylumEvent::decisions_positive);
    case Metric::protection_rate: {
      const double pos = asylum_sum(AsylumEvent::decisions_positive),
                   all = pos + asylum_sum(AsylumEvent::decisions_negative);
      if (all == 0) return std::nullopt;
      return pos / all;
    }
    case Metric::dublin_requests:
      return dublin_sum(&RunFigures::DublinMonth::requests, &RunFigures::DublinMonth::to);
    case Metric::dublin_transfers:
      return dublin_sum(&RunFigures::DublinMonth::transfers, &RunFigures::DublinMonth::to);
    case Metric::dublin_requests_sent:
      return dublin_sum(&RunFigures::DublinMonth::requests, &RunFigures::DublinMonth::from);
    case Metric::dublin_transfers_out:
      return dublin_sum(&RunFigures::DublinMonth::transfers, &RunFigures::DublinMonth::from);
    case Metric::mean_days_to_first_decision:
      return mean_wait(Wait::application_to_first_decision);
    case Metric::mean_days_to_final_decision:
      return mean_wait(Wait::application_to_final_decision);
    case Metric::arrivals: {
      std::uint64_t sum = 0;
      for (const auto& row : part(r.flows))
        if (row.month >= m0 && row.month <= m1 && geo.count(row.to) && !geo.count(row.from))
          sum += row.people + row.other_traffic;
      return static_cast<double>(sum);
    }
    case Metric::stock:
      return on_until(r.stock);
    case Metric::temporary_protection_beneficiaries:
      return on_until(r.temporary);
    case Metric::temporary_protection_granted:
      return asylum_sum(AsylumEvent::temporary_protection_granted);
    case Metric::camp_population:
    case Metric::averaged_relative_difference:
      break;  // a Flee run's (flee.cpp); refused by flee_refused before
  }
  return std::nullopt;
}

// A period the run does not cover would compare a zero with a published figure.
bool covered(const RunFigures& r, const Target& t, const std::string& path, std::vector<std::string>& errors,
             const std::string& source = "the run") {
  const std::string run = source + " " + iso_date(r.start) + ".." + iso_date(r.end);
  if (figures_of(t.metric) == Figures::stock) {
    if (t.until >= r.start && t.until <= r.end) return true;
    errors.push_back(located(path, t.period_loc,
                             "period.until " + iso_date(t.until) + " is outside " + run +
                                 "; expected a date the results cover (stock is counted on that day)"));
    return false;
  }
  if (t.until >= r.start && t.from <= r.end) return true;
  errors.push_back(
      located(path, t.period_loc,
              "period " + period_text(t) + " lies outside " + run + "; expected a period that overlaps it"));
  return false;
}

// A Flee metric asked of a migsim run: its camps are not there.
bool flee_refused(const Target& t, const std::string& path, std::vector<std::string>& errors,
                  const std::string& source) {
  if (!is_flee_metric(t.metric)) return false;
  errors.push_back(located(path, t.loc,
                           "metric " + std::string(metric_names[static_cast<std::size_t>(t.metric)]) +
                               " measures a Flee run, and " + source +
                               " is a migsim scenario's; expected a Flee scenario folder as the scenario"));
  return true;
}

}  // namespace

Comparison compared(const Target& t, std::optional<double> model) {
  Comparison c;
  c.target = &t;
  c.model = model;
  if (c.model) {
    c.ratio = *c.model / t.value;
    c.ok = *c.ratio >= 1 / t.tolerance_factor && *c.ratio <= t.tolerance_factor;
  }
  return c;
}

std::set<Date> stock_dates(const TargetsFile& targets) {
  std::set<Date> dates;
  for (const Target& t : targets.targets)
    if (figures_of(t.metric) == Figures::stock) dates.insert(t.until);
  return dates;
}

std::optional<double> mean_days(std::string_view text) {
  double v = 0;
  const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
  if (res.ec != std::errc() || res.ptr != text.data() + text.size()) return std::nullopt;
  return v;
}

void check_answerable(const RunFigures& figures, const TargetsFile& targets, const std::string& source,
                      std::vector<std::string>& errors) {
  for (const Target& t : targets.targets)
    if (!flee_refused(t, targets.path, errors, source) && resolve(figures, t, targets.path, errors, source))
      covered(figures, t, targets.path, errors, source);
}

void evaluate(const RunFigures& figures, const TargetsFile& targets, std::vector<Comparison>& out,
              std::vector<std::string>& errors, const std::function<void(Figures)>& need) {
  for (const Target& t : targets.targets) {
    if (flee_refused(t, targets.path, errors, "these results")) continue;
    const auto geo = resolve(figures, t, targets.path, errors);
    if (!geo || !covered(figures, t, targets.path, errors)) continue;
    if (need) need(figures_of(t.metric));
    out.push_back(compared(t, measure(figures, t, *geo)));
  }
}

}  // namespace migsim::io::detail
