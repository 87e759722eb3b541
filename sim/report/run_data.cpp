// migsim report: one results folder's tables and manifest read into the JSON its charts are
// drawn from (run.js draws them). See data.hpp.
#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <stdexcept>
#include <tuple>

#include "data.hpp"
#include "lower_layers.hpp"
#include "migsim/core/engine.hpp"
#include "migsim/core/policy_types.hpp"
#include "migsim/core/status.hpp"
#include "migsim/core/transitions.hpp"
#include "migsim/io/paths.hpp"
#include "migsim/io/table_reader.hpp"
#include "migsim/io/tables.hpp"
#include "migsim/io/targets.hpp"
#include "migsim/report/page.hpp"
#include "migsim/version.hpp"

namespace migsim::report::detail {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The tables are read as migsim compare reads them: by the registry's column names.
using BadInput = BadResults;
using Table = ResultsTable;
constexpr const char* unreadable = unreadable_results;

std::string located(const fs::path& path, int line, const std::string& message) {
  return results_located(path.string(), Loc{0, line, 0}, message);
}

double count(const std::string& cell, const Table& t) {
  return static_cast<double>(results_count(cell, t.where()));
}

// A wait in days as waits.csv writes it (a number, to 0.1 day).
double days(const std::string& cell, const Table& t) {
  double v = 0;
  const auto res = std::from_chars(cell.data(), cell.data() + cell.size(), v);
  if (cell.empty() || res.ec != std::errc() || res.ptr != cell.data() + cell.size() || !(v >= 0))
    throw BadInput(t.where() + "'" + cell + "' is not a number of days; expected a number >= 0");
  return v;
}

// The average month's length in days (365.25 / 12), to turn a figure over a period into one
// per month.
constexpr double days_per_month = 365.25 / 12;

using Manifest = RunManifest;

// The month of a YYYY-MM cell as an index from the run's first month; a month outside the
// run is bad input.
std::size_t run_month(const std::string& cell, const Manifest& m, const Table& t) {
  const auto month = parse_iso_month(cell);
  if (!month || *month < migsim::month_index(m.start) || *month > migsim::month_index(m.end))
    throw BadInput(t.where() + "month '" + cell + "' is not a month of the run (manifest.json)");
  return static_cast<std::size_t>(*month - migsim::month_index(m.start));
}

json month_names(const Manifest& m) {
  json out = json::array();
  for (int i = migsim::month_index(m.start); i <= migsim::month_index(m.end); ++i) out.push_back(iso_month(i));
  return out;
}

// A status daily.csv and outcomes.csv may hold: one migsim has (status_names).
const std::string& status_cell(const std::string& cell, const Table& t) {
  if (std::find(status_names.begin(), status_names.end(), cell) == status_names.end())
    throw BadInput(t.where() + "status '" + cell + "' is not a status migsim writes; expected one of " + [] {
      std::string all;
      for (std::string_view s : status_names) all += (all.empty() ? "" : ", ") + std::string(s);
      return all;
    }());
  return cell;
}

std::string country_of(const Manifest& m, const std::string& node, const Table& t) {
  const auto it = m.country_of.find(node);
  if (it == m.country_of.end()) throw BadInput(t.where() + "node '" + node + "' is in no country of manifest.json");
  return it->second;
}

// Series of counts by country, as the charts stack them: the report_top_countries with the
// highest peak first (a peak: the largest of a country's values), the rest summed into one
// "other" series. Each series keeps the entries at `kept` of its vector.
json country_series(const std::map<std::string, std::vector<double>>& by_country, const std::vector<std::size_t>& kept,
                    const Manifest& m) {
  std::vector<std::pair<double, std::string>> peaks;
  for (const auto& [id, v] : by_country) peaks.emplace_back(-*std::max_element(v.begin(), v.end()), id);
  std::sort(peaks.begin(), peaks.end());
  json series = json::array();
  std::vector<double> other(kept.size(), 0.0);
  int others = 0;
  for (std::size_t i = 0; i < peaks.size(); ++i) {
    const auto& v = by_country.at(peaks[i].second);
    if (static_cast<int>(i) < report_top_countries) {
      json people = json::array();
      for (std::size_t k : kept) people.push_back(v[k]);
      series.push_back({{"id", peaks[i].second}, {"name", country_name(m, peaks[i].second)}, {"people", people}});
    } else {
      ++others;
      for (std::size_t k = 0; k < kept.size(); ++k) other[k] += v[kept[k]];
    }
  }
  if (others > 0)
    series.push_back({{"id", "other"},
                      {"name", std::to_string(others) + (others == 1 ? " other country" : " other countries")},
                      {"people", other}});
  return series;
}

// Series by status, in the order Status lists them (so a status keeps its colour), those
// never non-zero left out.
json status_series(const std::map<std::string, std::vector<double>>& by_status, const std::vector<std::size_t>& kept) {
  json series = json::array();
  for (std::string_view status : status_names) {
    const auto it = by_status.find(std::string(status));
    if (it == by_status.end()) continue;
    json people = json::array();
    for (std::size_t k : kept) people.push_back(it->second[k]);
    series.push_back({{"id", status}, {"name", status}, {"people", people}});
  }
  return series;
}

// (a) People who have left, day by day, by the country they are in (the top countries by
// their peak, the rest summed) and by their status. One day a week when the run is long (a
// stock, so the day's count, not a sum).
json stock_chart(const fs::path& dir, const Manifest& m) {
  const PeopleLeft left = people_left(dir, m);
  std::vector<std::size_t> kept;
  for (int d : report_days(m.end - m.start + 1)) kept.push_back(static_cast<std::size_t>(d));
  json dates = json::array();
  for (std::size_t d : kept) dates.push_back(iso_date(m.start + static_cast<int>(d)));
  const std::size_t step = kept.size() > 1 ? kept[1] - kept[0] : 1;  // for the caption
  return {{"dates", dates},
          {"step_days", step},
          {"by_country", country_series(left.by_country, kept, m)},
          {"by_status", status_series(left.by_status, kept)}};
}

// (a') Where everyone is on the last day, per profile: by country (the top countries by
// their largest count in any profile, the rest summed) and by status. Everyone counts here,
// those who never left, went home or were returned too (in their origin, by status).
json outcome_chart(const fs::path& dir, const Manifest& m) {
  Table t(dir, spec_of(Output::outcomes), m.expected(Output::outcomes));
  const std::size_t profile_col = t.column("profile"), node_col = t.column("node"), status_col = t.column("status"),
                    people_col = t.column("people");
  std::map<std::string, std::size_t> profile_index;
  std::vector<std::string> cells;
  std::vector<std::tuple<std::size_t, std::string, std::string, double>> rows;
  while (t.next(cells)) {
    if (std::find(m.profiles.begin(), m.profiles.end(), cells[profile_col]) == m.profiles.end())
      throw BadInput(t.where() + "profile '" + cells[profile_col] + "' is not one of manifest.json's \"profiles\"");
    status_cell(cells[status_col], t);
    const auto [it, added] = profile_index.try_emplace(cells[profile_col], profile_index.size());
    rows.emplace_back(it->second, country_of(m, cells[node_col], t), cells[status_col], count(cells[people_col], t));
  }
  // Profiles in the order first seen (the scenario's, as outcomes.csv writes them).
  json profiles = json::array();
  std::vector<std::string> by_index(profile_index.size());
  for (const auto& [id, i] : profile_index) by_index[i] = id;
  for (const auto& id : by_index) profiles.push_back(id);
  std::map<std::string, std::vector<double>> by_country, by_status;
  for (const auto& [profile, country, status, people] : rows) {
    for (auto* v : {&by_country[country], &by_status[status]}) {
      v->resize(by_index.size());
      (*v)[profile] += people;
    }
  }
  std::vector<std::size_t> all(by_index.size());
  for (std::size_t i = 0; i < all.size(); ++i) all[i] = i;
  return {{"date", iso_date(m.end)},
          {"profiles", profiles},
          {"by_country", country_series(by_country, all, m)},
          {"by_status", status_series(by_status, all)}};
}

// (b) Each month's applications and decisions, and the month-end backlog, per country and
// for all countries together; countries by their applications, most first.
json asylum_chart(const fs::path& dir, const Manifest& m) {
  Table t(dir, spec_of(Output::asylum), m.expected(Output::asylum));
  const std::vector<std::string> measures = {"applications",    "decisions_positive", "decisions_negative",
                                             "dublin_requests", "dublin_transfers",   "backlog"};
  std::vector<std::size_t> cols;
  for (const auto& name : measures) cols.push_back(t.column(name));
  const std::size_t month_col = t.column("month"), country_col = t.column("country");
  const int first = migsim::month_index(m.start), last = migsim::month_index(m.end);
  const auto months = static_cast<std::size_t>(last - first + 1);
  std::map<std::string, std::vector<std::vector<double>>> by_country;  // [measure][month]
  std::vector<std::string> cells;
  // Every count of the row is checked, those the chart does not draw too.
  std::vector<std::size_t> count_cols;
  for (const Column& c : spec_of(Output::asylum).columns)
    if (c.name != "month" && c.name != "country") count_cols.push_back(t.column(c.name));
  while (t.next(cells)) {
    for (const std::size_t c : count_cols) count(cells[c], t);
    const std::size_t month = run_month(cells[month_col], m, t);
    auto& c = by_country[country_of(m, cells[country_col], t)];
    c.resize(measures.size(), std::vector<double>(months, 0.0));
    for (std::size_t k = 0; k < measures.size(); ++k) c[k][month] += count(cells[cols[k]], t);
  }
  std::vector<std::vector<double>> all(measures.size(), std::vector<double>(months, 0.0));
  std::vector<std::pair<double, std::string>> order;
  for (const auto& [id, c] : by_country) {
    double applications = 0;
    for (std::size_t k = 0; k < measures.size(); ++k)
      for (std::size_t i = 0; i < months; ++i) all[k][i] += c[k][i];
    for (double v : c[0]) applications += v;
    order.emplace_back(-applications, id);
  }
  std::sort(order.begin(), order.end());
  auto entry = [&](const std::string& id, const std::string& name, const std::vector<std::vector<double>>& c) {
    json e = {{"id", id}, {"name", name}};
    for (std::size_t k = 0; k < measures.size(); ++k) e[measures[k]] = c[k];
    return e;
  };
  json countries = json::array({entry("all", "All countries", all)});
  for (const auto& [neg, id] : order) countries.push_back(entry(id, country_name(m, id), by_country[id]));
  return {{"months", month_names(m)}, {"countries", countries}};
}

// (b') Published figures to draw on the monthly asylum chart: targets of a measure the chart
// shows, for one country, as their average per month over their period (the figures are
// totals over a period, mostly a year; the chart is monthly).
json published_on_asylum_chart(const TargetsFile& targets, const Manifest& m) {
  json out = json::array();
  for (const Target& g : targets.targets) {
    const std::string_view metric = metric_names[static_cast<std::size_t>(g.metric)];
    const bool drawn = g.metric == Metric::applications || g.metric == Metric::decisions_positive ||
                       g.metric == Metric::dublin_requests || g.metric == Metric::dublin_transfers;
    if (!drawn || g.eu || g.countries.size() != 1) continue;
    const int from = std::max(migsim::month_index(g.from), migsim::month_index(m.start)),
              until = std::min(migsim::month_index(g.until), migsim::month_index(m.end));
    if (from > until) continue;  // outside the run: nothing to draw it beside
    const double months = (g.until - g.from + 1) / days_per_month;
    out.push_back({{"id", g.id},
                   {"country", g.countries.front()},
                   {"measure", metric},
                   {"first", from - migsim::month_index(m.start)},
                   {"last", until - migsim::month_index(m.start)},
                   {"value", g.value},
                   {"per_month", g.value / months},
                   {"period", iso_date(g.from) + " to " + iso_date(g.until)},
                   {"kept_aside", g.kept_aside},
                   {"source", g.source}});
  }
  return out;
}

// (e) Crossings per month and pair of countries (flows.csv), for a Sankey of a chosen period:
// [month index, from, to, people] rows, and the countries' names. People only: the crossings
// of people not simulated (column other_traffic) are no one's journey.
json flow_chart(const fs::path& dir, const Manifest& m) {
  Table t(dir, spec_of(Output::flows), m.expected(Output::flows));
  const std::size_t month_col = t.column("month"), from_col = t.column("from"), to_col = t.column("to"),
                    people_col = t.column("people");
  std::map<std::tuple<std::size_t, std::string, std::string>, double> by_pair;
  std::vector<std::string> cells;
  while (t.next(cells)) {
    const std::size_t month = run_month(cells[month_col], m, t);
    const double people = count(cells[people_col], t);
    if (people > 0) by_pair[{month, country_of(m, cells[from_col], t), country_of(m, cells[to_col], t)}] += people;
  }
  json rows = json::array();
  for (const auto& [key, people] : by_pair)
    rows.push_back({std::get<0>(key), std::get<1>(key), std::get<2>(key), people});
  json names = json::object();
  for (const auto& [id, name] : m.name_of) names[id] = name;
  return {{"months", month_names(m)}, {"origin", m.origin}, {"names", names}, {"rows", rows}};
}

// (f) Waiting times per country of application (waits.csv): each measure's n, mean and
// percentiles by year and for all years, countries by their people waiting, most first.
json wait_chart(const fs::path& dir, const Manifest& m) {
  Table t(dir, spec_of(Output::waits), m.expected(Output::waits));
  const int first_year = ymd_from_date(m.start).year, last_year = ymd_from_date(m.end).year;
  const std::size_t country_col = t.column("country"), measure_col = t.column("measure"), year_col = t.column("year"),
                    n_col = t.column("n"), mean_col = t.column("mean"), p10_col = t.column("p10"),
                    p50_col = t.column("p50"), p90_col = t.column("p90");
  json rows = json::array();
  std::map<std::string, double> people;  // country -> n over every measure, year "all"
  std::vector<std::string> cells;
  while (t.next(cells)) {
    const std::string country = country_of(m, cells[country_col], t);
    if (std::find(wait_names.begin(), wait_names.end(), cells[measure_col]) == wait_names.end())
      throw BadInput(t.where() + "measure '" + cells[measure_col] + "' is not one migsim writes");
    const std::string& year = cells[year_col];
    int y = 0;
    const auto res = std::from_chars(year.data(), year.data() + year.size(), y);
    if (year != "all" && (year.size() != 4 || res.ec != std::errc() || res.ptr != year.data() + year.size() ||
                          y < first_year || y > last_year))
      throw BadInput(t.where() + "year '" + year + "' is not 'all' or a year of the run (" +
                     std::to_string(first_year) + " to " + std::to_string(last_year) + ")");
    const double n = count(cells[n_col], t);
    if (cells[year_col] == "all") people[country] += n;
    rows.push_back({{"country", country},
                    {"measure", cells[measure_col]},
                    {"year", cells[year_col]},
                    {"n", n},
                    {"mean", days(cells[mean_col], t)},
                    {"p10", days(cells[p10_col], t)},
                    {"p50", days(cells[p50_col], t)},
                    {"p90", days(cells[p90_col], t)}});
  }
  std::vector<std::pair<double, std::string>> order;
  for (const auto& [id, n] : people) order.emplace_back(-n, id);
  std::sort(order.begin(), order.end());
  json countries = json::array();
  for (const auto& [n, id] : order) countries.push_back({{"id", id}, {"name", country_name(m, id)}});
  json measures = json::array();
  for (std::string_view w : wait_names) measures.push_back(w);
  return {{"measures", measures}, {"countries", countries}, {"rows", rows}};
}

// (g) The policies as a timeline, from manifest.json (as applied, overrides included); the
// types in the registry's order, so a type keeps its colour from report to report.
json policy_chart(const Manifest& m) {
  json types = json::array();
  for (const auto& info : policy_type_table) types.push_back(info.name);
  return {{"start", iso_date(m.start)}, {"end", iso_date(m.end)}, {"types", types}, {"policies", m.j.at("policies")}};
}

// (c) Every target as migsim compare scores it.
json targets_chart(const fs::path& dir, const TargetsFile& targets, std::vector<std::string>& errors) {
  return target_rows(targets, evaluate_targets(dir.string(), targets, errors));
}

// transitions.csv, read whole: its rows as manifest.json counts them, each a month of the run,
// a country, an event migsim writes and a count.
void transitions_check(const fs::path& dir, const Manifest& m) {
  Table t(dir, spec_of(Output::transitions), m.expected(Output::transitions));
  const std::size_t month_col = t.column("month"), country_col = t.column("country"), event_col = t.column("event"),
                    people_col = t.column("people");
  std::vector<std::string> cells;
  while (t.next(cells)) {
    run_month(cells[month_col], m, t);
    country_of(m, cells[country_col], t);
    if (std::none_of(transitions.begin(), transitions.end(), [&](const auto& e) { return e.name == cells[event_col]; }))
      throw BadInput(t.where() + "event '" + cells[event_col] + "' is not one migsim writes");
    count(cells[people_col], t);
  }
}

// dublin.csv, read whole (no chart draws it yet, but a damaged results folder is refused
// whole): its rows as manifest.json counts them, each a month of the run, two countries,
// names migsim writes and two counts.
void dublin_check(const fs::path& dir, const Manifest& m) {
  Table t(dir, spec_of(Output::dublin), m.expected(Output::dublin));
  const std::size_t month_col = t.column("month"), from_col = t.column("from"), to_col = t.column("to"),
                    who_col = t.column("nationalities"), basis_col = t.column("basis"),
                    requests_col = t.column("requests"), transfers_col = t.column("transfers");
  auto one_of = [&t](const std::string& cell, const auto& names, const char* what) {
    if (std::find(names.begin(), names.end(), cell) == names.end())
      throw BadInput(t.where() + what + " '" + cell + "' is not one migsim writes");
  };
  std::vector<std::string> cells;
  while (t.next(cells)) {
    run_month(cells[month_col], m, t);
    country_of(m, cells[from_col], t);
    country_of(m, cells[to_col], t);
    one_of(cells[who_col], nationalities_names, "nationalities");
    one_of(cells[basis_col], dublin_basis_names, "basis");
    count(cells[requests_col], t);
    count(cells[transfers_col], t);
  }
}

// (d) What the run was, from manifest.json.
json manifest_table(const Manifest& m) {
  const json& j = m.j;
  auto get = [&j](const char* key) { return j.contains(key) ? j.at(key) : json(nullptr); };
  json overrides = get("overrides");
  json rows = json::array();
  auto row = [&rows](const std::string& name, const json& value) {
    rows.push_back({name, value.is_string() ? value.get<std::string>() : value.is_null() ? "—" : value.dump()});
  };
  row("migsim version", get("migsim_version"));
  row("git commit", get("git_commit"));
  row("scenario", get("scenario_path"));
  row("scenario SHA-256", get("scenario_sha256"));
  row("seed", get("seed"));
  row("scale (people per agent)", get("scale"));
  row("agents", get("agents"));
  row("period", get("start").get<std::string>() + " to " + get("end").get<std::string>());
  const json file = get("overrides_file");
  row("overrides file (--set-file)",
      file.is_object() ? json(file.value("path", "") + " (SHA-256 " + file.value("sha256", "") + ")") : json(nullptr));
  std::string sets;
  if (overrides.is_array())
    for (const auto& s : overrides)
      sets += (sets.empty() ? "" : "; ") + (s.is_string() ? s.get<std::string>() : s.dump());
  row("overrides (--set)", sets.empty() ? json("none") : json(sets));
  if (j.contains("run") && j.at("run").is_object()) {
    const json& r = j.at("run");
    if (r.contains("created_utc")) row("run at (UTC)", r.at("created_utc"));
    if (r.contains("command_line")) row("command line", r.at("command_line"));
  }
  return rows;
}

}  // namespace

json target_rows(const TargetsFile& targets, const std::vector<Comparison>& rows) {
  json out = {{"file", targets.path}, {"rows", json::array()}};
  for (const Comparison& c : rows) {
    const Target& g = *c.target;
    out["rows"].push_back({{"id", g.id},
                           {"metric", metric_names[static_cast<std::size_t>(g.metric)]},
                           {"kept_aside", g.kept_aside},
                           {"published", g.value},
                           {"model", c.model ? json(*c.model) : json(nullptr)},
                           {"ratio", c.ratio ? json(*c.ratio) : json(nullptr)},
                           {"tolerance", g.tolerance_factor},
                           {"ok", c.ok},
                           {"confidence", std::string(1, g.confidence)},
                           {"source", g.source}});
  }
  return out;
}

io::detail::ExpectedRows RunManifest::expected(Output table) const {
  return {rows.at(spec_of(table).file), path.string()};
}

RunManifest read_run_manifest(const fs::path& dir) {
  const fs::path path = dir / spec_of(Output::manifest).file;
  std::string problem;
  const auto text = read_input_file(path, problem);
  if (!text) throw BadInput(located(path, 0, problem + "; expected a results folder written by migsim run"));
  RunManifest m;
  m.path = path;
  try {
    m.j = json::parse(*text);
    for (const char* key : {"start", "end", "countries", "places", "origin", "policies", "seed", "scale",
                            "scenario_path", "profiles", "rows"})
      if (!m.j.contains(key))
        throw BadInput(located(path, 0, std::string("no \"") + key + "\"; expected a manifest written by this migsim"));
    for (const OutputSpec& o : output_specs()) {
      if (o.columns.empty()) continue;
      const json& n = m.j.at("rows");
      if (!n.is_object() || !n.contains(o.file) || !n.at(o.file).is_number_unsigned())
        throw BadInput(located(
            path, 0,
            "\"rows\" has no count for " + o.file + "; expected the rows of every table, as migsim run writes them"));
      m.rows[o.file] = n.at(o.file).get<std::uint64_t>();
    }
    m.profiles = m.j.at("profiles").get<std::vector<std::string>>();
    const auto start = parse_iso_date(m.j.at("start").get<std::string>());
    const auto end = parse_iso_date(m.j.at("end").get<std::string>());
    if (!start || !end || *end < *start)
      throw BadInput(located(path, 0, "\"start\" and \"end\" are not two dates in order; expected YYYY-MM-DD"));
    m.start = *start;
    m.end = *end;
    for (const auto& c : m.j.at("countries")) {
      const auto id = c.at("id").get<std::string>();
      m.country_of[id] = id;
      m.name_of[id] = c.at("name").get<std::string>();
    }
    m.origin = m.j.at("origin").get<std::string>();
    if (!m.name_of.count(m.origin))
      throw BadInput(located(path, 0, "origin '" + m.origin + "' is not one of \"countries\""));
    for (const auto& p : m.j.at("places"))
      m.country_of[p.at("id").get<std::string>()] = p.at("country").get<std::string>();
  } catch (const json::exception& e) {
    throw BadInput(located(path, 0, e.what() + std::string("; expected a manifest written by migsim run")));
  }
  return m;
}

std::string country_name(const RunManifest& m, const std::string& id) {
  const auto it = m.name_of.find(id);
  return it == m.name_of.end() ? id : it->second;
}

PeopleLeft people_left(const fs::path& dir, const RunManifest& m) {
  ResultsTable t(dir, spec_of(Output::daily), m.expected(Output::daily));
  const std::size_t date_col = t.column("date"), node_col = t.column("node"), status_col = t.column("status"),
                    people_col = t.column("people");
  const auto days = static_cast<std::size_t>(m.end - m.start + 1);
  PeopleLeft left;
  std::vector<std::string> cells;
  while (t.next(cells)) {
    // Every row is checked, those the chart leaves out too.
    const std::string& status = status_cell(cells[status_col], t);
    const auto date = parse_iso_date(cells[date_col]);
    if (!date || *date < m.start || *date > m.end)
      throw BadInput(t.where() + "date '" + cells[date_col] + "' is not a day of the run (manifest.json)");
    const auto day = static_cast<std::size_t>(*date - m.start);
    const double people = count(cells[people_col], t);
    const std::string country = country_of(m, cells[node_col], t);
    if (status == name_of(Status::at_origin) || status == name_of(Status::home) || status == name_of(Status::returned))
      continue;
    for (auto* v : {&left.by_country[country], &left.by_status[status]}) {
      v->resize(days);
      (*v)[day] += people;
    }
  }
  return left;
}

std::vector<int> report_days(int days) {
  const int step = days > report_daily_limit ? 7 : 1;
  std::vector<int> kept;
  for (int d = 0; d < days; d += step) kept.push_back(d);
  if (kept.back() != days - 1) kept.push_back(days - 1);
  return kept;
}

nlohmann::json run_report_data(const fs::path& dir, const TargetsFile* targets, std::vector<std::string>& errors) {
  if (!fs::is_directory(dir))
    throw BadInput(located(dir, 0, "is not a folder; expected a results folder written by migsim run"));
  json data;
  try {
    const Manifest m = read_run_manifest(dir);
    data["kind"] = "run";
    data["title"] = m.j.at("scenario_path");
    data["stock"] = stock_chart(dir, m);
    data["outcomes"] = outcome_chart(dir, m);
    data["asylum"] = asylum_chart(dir, m);
    data["asylum"]["published"] = targets ? published_on_asylum_chart(*targets, m) : json::array();
    data["flows"] = flow_chart(dir, m);
    data["waits"] = wait_chart(dir, m);
    data["policies"] = policy_chart(m);
    data["manifest"] = manifest_table(m);
    // No chart draws transitions.csv; it is checked all the same, as a table of the folder.
    transitions_check(dir, m);
    dublin_check(dir, m);
    data["targets"] = targets ? targets_chart(dir, *targets, errors) : json(nullptr);
  } catch (const json::exception& e) {  // a manifest value of another type than migsim writes
    throw BadInput(located(dir / spec_of(Output::manifest).file, 0,
                           e.what() + std::string("; expected a manifest written by migsim run")));
  }
  return data;
}

}  // namespace migsim::report::detail
