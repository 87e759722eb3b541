// `migsim compare`: the table a person reads. One row per target, in the file's order, so a
// targets file doubles as the report's layout.
#include <cmath>
#include <cstdio>
#include <string>
#include <vector>

#include "detail.hpp"
#include "migsim/io/targets.hpp"

namespace migsim::io {
namespace {

std::string value_text(Metric m, double v) {
  switch (m) {
    case Metric::protection_rate:
      return detail::fixed(v, 3);
    case Metric::averaged_relative_difference:
      return detail::fixed(v, 4);
    case Metric::mean_days_to_first_decision:
    case Metric::mean_days_to_final_decision:
      return detail::fixed(v, 1);
    default:
      return detail::with_thousands(static_cast<std::uint64_t>(std::llround(v)));
  }
}

// Long lists are cut to their first three ids so the table stays one screen wide; the file
// has the whole list.
std::string geography_text(const Target& t) {
  if (t.eu) return "EU";
  if (is_flee_metric(t.metric)) return t.location;
  constexpr std::size_t shown = 3;
  std::string out;
  for (std::size_t i = 0; i < t.countries.size() && i < shown; ++i) out += (i ? "+" : "") + t.countries[i];
  if (t.countries.size() > shown) out += "+" + std::to_string(t.countries.size() - shown) + " more";
  return out;
}

// As short as the period allows: 2023, 2022-10, 2022-03..2022-10, or the dates.
std::string period_text(const Target& t) {
  if (detail::period_kind(t.metric) == detail::PeriodKind::day) return detail::iso_date(t.until);
  const Ymd a = ymd_from_date(t.from), b = ymd_from_date(t.until);
  const bool whole_months = a.day == 1 && t.until + 1 == detail::next_month_start(t.until);
  if (!whole_months) return detail::iso_date(t.from) + ".." + detail::iso_date(t.until);
  if (a.year == b.year && a.month == 1 && b.month == 12) return std::to_string(a.year);
  const std::string first = detail::iso_month(month_index(t.from)), last = detail::iso_month(month_index(t.until));
  return first == last ? first : first + ".." + last;
}

// x2, x2.5, x1.25: %g drops the zeros a fixed format would print.
std::string factor_text(double f) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "x%g", f);
  return buf;
}

}  // namespace

int compare(const std::string& results_dir, const std::string& targets_path, std::ostream& out, std::ostream& err) {
  const TargetsFile targets = read_targets(targets_path);
  if (!targets.ok()) {
    for (const auto& e : targets.errors) err << e << '\n';
    err << targets_path << ": " << targets.errors.size() << " problem(s); nothing was compared\n";
    return 2;
  }
  std::vector<std::string> errors;
  const auto rows = evaluate_targets(results_dir, targets, errors);
  if (!errors.empty()) {
    for (const auto& e : errors) err << e << '\n';
    err << errors.size() << " problem(s); nothing was compared\n";
    return 2;
  }

  detail::Table t;
  t.push_back(
      {"id", "metric", "geography", "period", "model", "published", "ratio", "tolerance", "result", "conf", "use"});
  int ok = 0, tuned = 0, tuned_ok = 0;
  for (const Comparison& c : rows) {
    const Target& g = *c.target;
    t.push_back({g.id, std::string(metric_names[static_cast<std::size_t>(g.metric)]), geography_text(g), period_text(g),
                 c.model ? value_text(g.metric, *c.model) : "n/a", value_text(g.metric, g.value),
                 c.ratio ? detail::fixed(*c.ratio, 2) : "n/a", factor_text(g.tolerance_factor), c.ok ? "ok" : "off",
                 std::string(1, g.confidence), g.kept_aside ? "aside" : "tune"});
    ok += c.ok ? 1 : 0;
    if (!g.kept_aside) {
      ++tuned;
      tuned_ok += c.ok ? 1 : 0;
    }
  }
  out << "Model (" << results_dir << ") against published figures (" << targets_path << ")\n";
  detail::print_table(out, t, 4);
  const int n = static_cast<int>(rows.size());
  out << ok << " of " << n << " within tolerance";
  // Kept-aside targets test the tuned model out of sample: count them apart from the rest.
  if (tuned != n)
    out << " (tuned on: " << tuned_ok << " of " << tuned << "; kept aside: " << ok - tuned_ok << " of " << n - tuned
        << ")";
  out << '\n';
  return 0;
}

}  // namespace migsim::io
