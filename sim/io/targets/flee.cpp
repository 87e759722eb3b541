// Targets measured on a Flee run (a sweep over a Flee scenario folder, or migsim report of a
// Flee run's folder): a camp's population on a date, and FabFlee's validation error against
// the UNHCR camp data over a period. Both read what Flee's out.csv holds, by its dates: day t
// of the run is out.csv's row dated StartDate + t + 1.
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

// What a Flee run's targets are measured on, however it was had (a run in memory, or its
// out.csv read back): its days, its camps and, when measured, out.csv's "<camp> sim" and
// "<camp> data" columns as [day][camp]. One measuring path for both, so a sweep's points.csv
// and a report of the same run's folder give the same numbers.
struct FleeRunView {
  Date start = 0;  // StartDate: day t is dated start + t + 1
  std::size_t days = 0;
  std::vector<std::string> camps;                          // in out.csv's order (flee::Result::camps: location order)
  bool has_data = false;                                   // the run has UNHCR camp data
  const std::vector<std::vector<double>>* sim = nullptr;   // [day][camp]; null before the run
  const std::vector<std::vector<double>>* data = nullptr;  // [day][camp]
};

FleeRunView view_of(const flee::FleeScenario& s) {
  FleeRunView v;
  v.start = s.start;
  v.days = static_cast<std::size_t>(std::max(s.days, 0));
  for (const flee::Location& l : s.locations)
    if (l.type == flee::LocationType::camp || l.type == flee::LocationType::idpcamp) v.camps.push_back(l.name);
  v.has_data = !s.camp_data.empty();
  return v;
}

// out.csv's day of `date`, when the run has one.
std::optional<std::size_t> day_of(const FleeRunView& v, Date date) {
  const Date first = v.start + 1, last = v.start + static_cast<Date>(v.days);
  if (date < first || date > last) return std::nullopt;
  return static_cast<std::size_t>(date - first);
}

std::optional<std::size_t> camp_column(const FleeRunView& v, const std::string& name) {
  const auto it = std::find(v.camps.begin(), v.camps.end(), name);
  if (it == v.camps.end()) return std::nullopt;
  return static_cast<std::size_t>(it - v.camps.begin());
}

// Whether the run can answer `t`; if not, why, in `errors`.
bool answerable(const TargetsFile& file, const Target& t, const FleeRunView& v, const std::string& source,
                std::vector<std::string>& errors) {
  const std::string name(metric_names[static_cast<std::size_t>(t.metric)]);
  if (!is_flee_metric(t.metric)) {
    errors.push_back(located(file.path, t.loc,
                             "metric " + name + " measures a migsim scenario's run, not a Flee run of " + source +
                                 "; expected camp_population or averaged_relative_difference"));
    return false;
  }
  const std::string run = source + " " + iso_date(v.start + 1) + ".." + iso_date(v.start + static_cast<Date>(v.days));
  bool good = true;
  if (t.metric == Metric::camp_population && !camp_column(v, t.location)) {
    std::string camps;
    for (const std::string& c : v.camps) camps += (camps.empty() ? "" : ", ") + c;
    errors.push_back(located(file.path, t.geography_loc,
                             "geography " + detail::quoted_text(t.location) + " is not a camp of " + source +
                                 "; expected one of: " + camps));
    good = false;
  }
  if (t.metric == Metric::averaged_relative_difference && !v.has_data) {
    errors.push_back(located(file.path, t.loc,
                             "metric " + name + " needs the UNHCR camp data, and " + source +
                                 " has none; expected camps in source_data/data_layout.csv"));
    good = false;
  }
  const bool day = t.metric == Metric::camp_population;
  if (day ? !day_of(v, t.until) : (!day_of(v, t.from) || !day_of(v, t.until))) {
    errors.push_back(located(
        file.path, t.period_loc,
        (day ? "period.until " + iso_date(t.until) : "period " + iso_date(t.from) + ".." + iso_date(t.until)) +
            " is outside " + run + " (out.csv's dates); expected " + (day ? "a date of the run" : "days of the run")));
    good = false;
  }
  return good;
}

std::vector<Comparison> measured(const TargetsFile& targets, const FleeRunView& v, const std::string& source,
                                 std::vector<std::string>& errors) {
  std::vector<Comparison> out;
  for (const Target& t : targets.targets) {
    if (!answerable(targets, t, v, source, errors)) continue;
    if (t.metric == Metric::camp_population)
      out.push_back(detail::compared(t, (*v.sim)[*day_of(v, t.until)][*camp_column(v, t.location)]));
    else
      out.push_back(detail::compared(
          t, averaged_relative_difference(*v.sim, *v.data, *day_of(v, t.from), *day_of(v, t.until)).rescaled));
  }
  return out;
}

}  // namespace

std::vector<std::string> flee_target_problems(const TargetsFile& targets, const flee::FleeScenario& scenario,
                                              const std::string& source) {
  std::vector<std::string> errors;
  const FleeRunView v = view_of(scenario);
  for (const Target& t : targets.targets) answerable(targets, t, v, source, errors);
  return errors;
}

std::vector<Comparison> flee_targets(const TargetsFile& targets, const flee::FleeScenario& scenario,
                                     const flee::Result& result, std::vector<std::string>& errors) {
  FleeRunView v = view_of(scenario);
  const auto sim = flee_camp_table(result), data = flee_data_table(scenario);
  v.sim = &sim;
  v.data = &data;
  return measured(targets, v, "the run", errors);
}

std::vector<Comparison> flee_targets(const TargetsFile& targets, const FleeOutCsv& out, Date start,
                                     const std::string& source, std::vector<std::string>& errors) {
  FleeRunView v;
  v.start = start;
  v.days = out.dates.size();
  v.camps = out.camps;
  for (const auto& day : out.data)
    for (double d : day) v.has_data = v.has_data || d > 0;
  v.sim = &out.sim;
  v.data = &out.data;
  return measured(targets, v, source, errors);
}

}  // namespace migsim::io
