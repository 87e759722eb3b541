// Targets measured on a Flee run (a sweep over a Flee scenario folder): a camp's population on
// a date, and FabFlee's validation error against the UNHCR camp data over a period. Both read
// what Flee's out.csv holds, by its dates: day t of the run is out.csv's row dated StartDate + t + 1.
#include <algorithm>
#include <optional>
#include <string>
#include <vector>

#include "detail.hpp"
#include "figures.hpp"
#include "migsim/io/flee_out.hpp"
#include "migsim/io/targets.hpp"
#include "migsim/io/yaml_fields.hpp"

namespace migsim::io {
namespace {

using detail::iso_date;
using detail::located;

// out.csv's day of `date`, when the run has one.
std::optional<std::size_t> day_of(const flee::FleeScenario& s, Date date) {
  const Date first = s.start + 1, last = s.start + static_cast<Date>(s.days);
  if (date < first || date > last) return std::nullopt;
  return static_cast<std::size_t>(date - first);
}

// The camp's column among the run's camps (flee::Result::camps: camps in location order).
std::optional<std::size_t> camp_column(const flee::FleeScenario& s, const std::string& name) {
  std::size_t column = 0;
  for (const flee::Location& l : s.locations) {
    if (l.type != flee::LocationType::camp && l.type != flee::LocationType::idpcamp) continue;
    if (l.name == name) return column;
    ++column;
  }
  return std::nullopt;
}

// Whether the run can answer `t`; if not, why, in `errors`.
bool answerable(const TargetsFile& file, const Target& t, const flee::FleeScenario& s, const std::string& source,
                std::vector<std::string>& errors) {
  const std::string name(metric_names[static_cast<std::size_t>(t.metric)]);
  if (!is_flee_metric(t.metric)) {
    errors.push_back(located(file.path, t.loc,
                             "metric " + name + " measures a migsim scenario's run, not a Flee run of " + source +
                                 "; expected camp_population or averaged_relative_difference"));
    return false;
  }
  const std::string run = source + " " + iso_date(s.start + 1) + ".." + iso_date(s.start + static_cast<Date>(s.days));
  bool good = true;
  if (t.metric == Metric::camp_population && !camp_column(s, t.location)) {
    std::string camps;
    for (const flee::Location& l : s.locations)
      if (l.type == flee::LocationType::camp || l.type == flee::LocationType::idpcamp)
        camps += (camps.empty() ? "" : ", ") + l.name;
    errors.push_back(located(file.path, t.geography_loc,
                             "geography " + detail::quoted_text(t.location) + " is not a camp of " + source +
                                 "; expected one of: " + camps));
    good = false;
  }
  if (t.metric == Metric::averaged_relative_difference && s.camp_data.empty()) {
    errors.push_back(located(file.path, t.loc,
                             "metric " + name + " needs the UNHCR camp data, and " + source +
                                 " has none; expected camps in source_data/data_layout.csv"));
    good = false;
  }
  const bool day = t.metric == Metric::camp_population;
  if (day ? !day_of(s, t.until) : (!day_of(s, t.from) || !day_of(s, t.until))) {
    errors.push_back(located(
        file.path, t.period_loc,
        (day ? "period.until " + iso_date(t.until) : "period " + iso_date(t.from) + ".." + iso_date(t.until)) +
            " is outside " + run + " (out.csv's dates); expected " + (day ? "a date of the run" : "days of the run")));
    good = false;
  }
  return good;
}

}  // namespace

std::vector<std::string> flee_target_problems(const TargetsFile& targets, const flee::FleeScenario& scenario,
                                              const std::string& source) {
  std::vector<std::string> errors;
  for (const Target& t : targets.targets) answerable(targets, t, scenario, source, errors);
  return errors;
}

std::vector<Comparison> flee_targets(const TargetsFile& targets, const flee::FleeScenario& scenario,
                                     const flee::Result& result, std::vector<std::string>& errors) {
  std::vector<Comparison> out;
  std::optional<std::vector<std::vector<double>>> sim, data;  // made when a target needs them
  for (const Target& t : targets.targets) {
    if (!answerable(targets, t, scenario, "the run", errors)) continue;
    if (t.metric == Metric::camp_population) {
      const std::size_t camps = result.camps.size();
      const double people = static_cast<double>(
          result.camp_people[*day_of(scenario, t.until) * camps + *camp_column(scenario, t.location)]);
      out.push_back(detail::compared(t, people));
    } else {
      if (!sim) sim = flee_camp_table(result), data = flee_data_table(scenario);
      const Ard a = averaged_relative_difference(*sim, *data, *day_of(scenario, t.from), *day_of(scenario, t.until));
      out.push_back(detail::compared(t, a.rescaled));
    }
  }
  return out;
}

}  // namespace migsim::io
