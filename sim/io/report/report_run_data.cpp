// migsim report: one results folder's tables and manifest read into the JSON its charts are
// drawn from (report_run.js draws them). See report_data.hpp.
#include <algorithm>
#include <fstream>
#include <map>
#include <stdexcept>
#include <tuple>

#include "compare/compare_detail.hpp"
#include "migsim/io/compare.hpp"
#include "migsim/io/report.hpp"
#include "migsim/io/tables.hpp"
#include "migsim/status.hpp"
#include "migsim/version.hpp"
#include "report/report_data.hpp"
#include "results/results_table.hpp"

namespace migsim::io::detail {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The tables are read as migsim compare reads them: by the registry's column names.
using BadInput = BadResults;
using Table = ResultsTable;
constexpr const char* unreadable = unreadable_results;

std::string located(const fs::path& path, int line, const std::string& message) {
  return detail::located(path.string(), Loc{0, line, 0}, message);
}

double count(const std::string& cell, const Table& t) {
  return static_cast<double>(results_count(cell, t.where()));
}

struct Manifest {
  json j;
  Date start = 0, end = 0;
  std::map<std::string, std::string> country_of;  // node id -> country id
  std::map<std::string, std::string> name_of;     // country id -> name
};

Manifest read_manifest(const fs::path& dir) {
  const fs::path path = dir / spec_of(Output::manifest).file;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw BadInput(located(path, 0, unreadable));
  Manifest m;
  try {
    m.j = json::parse(in);
    for (const char* key : {"start", "end", "countries", "places", "seed", "scale", "scenario_path"})
      if (!m.j.contains(key))
        throw BadInput(located(path, 0, std::string("no \"") + key + "\"; expected a manifest written by this migsim"));
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
    for (const auto& p : m.j.at("places"))
      m.country_of[p.at("id").get<std::string>()] = p.at("country").get<std::string>();
  } catch (const json::exception& e) {
    throw BadInput(located(path, 0, e.what() + std::string("; expected a manifest written by migsim run")));
  }
  return m;
}

std::string name_or_id(const Manifest& m, const std::string& id) {
  const auto it = m.name_of.find(id);
  return it == m.name_of.end() ? id : it->second;
}

std::string country_of(const Manifest& m, const std::string& node, const Table& t) {
  const auto it = m.country_of.find(node);
  if (it == m.country_of.end()) throw BadInput(t.where() + "node '" + node + "' is in no country of manifest.json");
  return it->second;
}

bool has_left(std::string_view status) {
  return status != name_of(Status::at_origin) && status != name_of(Status::home) && status != name_of(Status::returned);
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
      series.push_back({{"id", peaks[i].second}, {"name", name_or_id(m, peaks[i].second)}, {"people", people}});
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
  Table t(dir, spec_of(Output::daily));
  const std::size_t date_col = t.column("date"), node_col = t.column("node"), status_col = t.column("status"),
                    people_col = t.column("people");
  const auto days = static_cast<std::size_t>(m.end - m.start + 1);
  std::map<std::string, std::vector<double>> by_country, by_status;
  std::vector<std::string> cells;
  while (t.next(cells)) {
    if (!has_left(cells[status_col])) continue;
    const auto date = parse_iso_date(cells[date_col]);
    if (!date || *date < m.start || *date > m.end)
      throw BadInput(t.where() + "date '" + cells[date_col] + "' is not a day of the run (manifest.json)");
    const auto day = static_cast<std::size_t>(*date - m.start);
    const double people = count(cells[people_col], t);
    for (auto* v : {&by_country[country_of(m, cells[node_col], t)], &by_status[cells[status_col]]}) {
      v->resize(days);
      (*v)[day] += people;
    }
  }
  const std::size_t step = days > static_cast<std::size_t>(report_daily_limit) ? 7 : 1;
  std::vector<std::size_t> kept;
  for (std::size_t d = 0; d < days; d += step) kept.push_back(d);
  if (kept.back() != days - 1) kept.push_back(days - 1);
  json dates = json::array();
  for (std::size_t d : kept) dates.push_back(iso_date(m.start + static_cast<int>(d)));
  return {{"dates", dates},
          {"step_days", step},
          {"by_country", country_series(by_country, kept, m)},
          {"by_status", status_series(by_status, kept)}};
}

// (a') Where everyone is on the last day, per profile: by country (the top countries by
// their largest count in any profile, the rest summed) and by status. Everyone counts here,
// those who never left, went home or were returned too (in their origin, by status).
json outcome_chart(const fs::path& dir, const Manifest& m) {
  Table t(dir, spec_of(Output::outcomes));
  const std::size_t profile_col = t.column("profile"), node_col = t.column("node"), status_col = t.column("status"),
                    people_col = t.column("people");
  std::map<std::string, std::size_t> profile_index;
  std::vector<std::string> cells;
  std::vector<std::tuple<std::size_t, std::string, std::string, double>> rows;
  while (t.next(cells)) {
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
  Table t(dir, spec_of(Output::asylum));
  const std::vector<std::string> measures = {"applications", "decisions_positive", "decisions_negative", "backlog"};
  std::vector<std::size_t> cols;
  for (const auto& name : measures) cols.push_back(t.column(name));
  const std::size_t month_col = t.column("month"), country_col = t.column("country");
  const int first = ymd_from_date(m.start).year * 12 + static_cast<int>(ymd_from_date(m.start).month) - 1;
  const int last = ymd_from_date(m.end).year * 12 + static_cast<int>(ymd_from_date(m.end).month) - 1;
  const auto months = static_cast<std::size_t>(last - first + 1);
  std::map<std::string, std::vector<std::vector<double>>> by_country;  // [measure][month]
  std::vector<std::string> cells;
  while (t.next(cells)) {
    const auto month = parse_iso_month(cells[month_col]);
    if (!month || *month < first || *month > last)
      throw BadInput(t.where() + "month '" + cells[month_col] + "' is not a month of the run");
    auto& c = by_country[country_of(m, cells[country_col], t)];
    c.resize(measures.size(), std::vector<double>(months, 0.0));
    for (std::size_t k = 0; k < measures.size(); ++k)
      c[k][static_cast<std::size_t>(*month - first)] += count(cells[cols[k]], t);
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
  for (const auto& [neg, id] : order) countries.push_back(entry(id, name_or_id(m, id), by_country[id]));
  json month_names = json::array();
  for (int i = first; i <= last; ++i) month_names.push_back(iso_month(i));
  return {{"months", month_names}, {"countries", countries}};
}

// (c) Every target as migsim compare scores it.
json targets_chart(const fs::path& dir, const TargetsFile& targets, std::vector<std::string>& errors) {
  const auto rows = evaluate_targets(dir.string(), targets, errors);
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

nlohmann::json run_report_data(const fs::path& dir, const TargetsFile* targets, std::vector<std::string>& errors) {
  if (!fs::is_directory(dir))
    throw BadInput(located(dir, 0, "is not a folder; expected a results folder written by migsim run"));
  json data;
  try {
    const Manifest m = read_manifest(dir);
    data["title"] = m.j.at("scenario_path");
    data["stock"] = stock_chart(dir, m);
    data["outcomes"] = outcome_chart(dir, m);
    data["asylum"] = asylum_chart(dir, m);
    data["manifest"] = manifest_table(m);
    data["targets"] = targets ? targets_chart(dir, *targets, errors) : json(nullptr);
  } catch (const json::exception& e) {  // a manifest value of another type than migsim writes
    throw BadInput(located(dir / spec_of(Output::manifest).file, 0,
                           e.what() + std::string("; expected a manifest written by migsim run")));
  }
  return data;
}

}  // namespace migsim::io::detail
