// migsim report: one results folder's tables and manifest read into the JSON its charts are
// drawn from (report_run.js draws them). See report_data.hpp.
#include <algorithm>
#include <fstream>
#include <map>
#include <stdexcept>

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

using Manifest = RunManifest;

std::string country_of(const Manifest& m, const std::string& node, const Table& t) {
  const auto it = m.country_of.find(node);
  if (it == m.country_of.end()) throw BadInput(t.where() + "node '" + node + "' is in no country of manifest.json");
  return it->second;
}

// (a) People who have left, by the country they are in, day by day; the top countries by
// their peak, the rest summed. One day a week when the run is long (a stock, so the day's
// count, not a sum).
json stock_chart(const fs::path& dir, const Manifest& m) {
  const int days = m.end - m.start + 1;
  auto by_country = people_left_by_country(dir, m);
  std::vector<std::pair<double, std::string>> peaks;
  for (const auto& [id, v] : by_country) peaks.emplace_back(-*std::max_element(v.begin(), v.end()), id);
  std::sort(peaks.begin(), peaks.end());

  const std::vector<int> kept = report_days(days);
  const int step = kept.size() > 1 ? kept[1] - kept[0] : 1;  // for the caption
  json dates = json::array();
  for (int d : kept) dates.push_back(iso_date(m.start + d));
  json series = json::array();
  std::vector<double> other(kept.size(), 0.0);
  int others = 0;
  for (std::size_t i = 0; i < peaks.size(); ++i) {
    const auto& v = by_country[peaks[i].second];
    if (static_cast<int>(i) < report_top_countries) {
      json people = json::array();
      for (int d : kept) people.push_back(v[static_cast<std::size_t>(d)]);
      series.push_back({{"id", peaks[i].second}, {"name", country_name(m, peaks[i].second)}, {"people", people}});
    } else {
      ++others;
      for (std::size_t k = 0; k < kept.size(); ++k) other[k] += v[static_cast<std::size_t>(kept[k])];
    }
  }
  if (others > 0)
    series.push_back({{"id", "other"},
                      {"name", std::to_string(others) + (others == 1 ? " other country" : " other countries")},
                      {"people", other}});
  return {{"dates", dates}, {"step_days", step}, {"series", series}};
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
  for (const auto& [neg, id] : order) countries.push_back(entry(id, country_name(m, id), by_country[id]));
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

RunManifest read_run_manifest(const fs::path& dir) {
  const fs::path path = dir / spec_of(Output::manifest).file;
  std::ifstream in(path, std::ios::binary);
  if (!in) throw BadInput(located(path, 0, unreadable));
  RunManifest m;
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

std::string country_name(const RunManifest& m, const std::string& id) {
  const auto it = m.name_of.find(id);
  return it == m.name_of.end() ? id : it->second;
}

std::map<std::string, std::vector<double>> people_left_by_country(const fs::path& dir, const RunManifest& m) {
  ResultsTable t(dir, spec_of(Output::daily));
  const std::size_t date_col = t.column("date"), node_col = t.column("node"), status_col = t.column("status"),
                    people_col = t.column("people");
  const std::vector<std::string_view> not_left = {name_of(Status::at_origin), name_of(Status::home),
                                                  name_of(Status::returned)};
  const int days = m.end - m.start + 1;
  std::map<std::string, std::vector<double>> by_country;
  std::vector<std::string> cells;
  while (t.next(cells)) {
    if (std::find(not_left.begin(), not_left.end(), cells[status_col]) != not_left.end()) continue;
    const auto date = parse_iso_date(cells[date_col]);
    if (!date || *date < m.start || *date > m.end)
      throw BadInput(t.where() + "date '" + cells[date_col] + "' is not a day of the run (manifest.json)");
    auto& v = by_country[country_of(m, cells[node_col], t)];
    v.resize(static_cast<std::size_t>(days));
    v[static_cast<std::size_t>(*date - m.start)] += count(cells[people_col], t);
  }
  return by_country;
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
    data["title"] = m.j.at("scenario_path");
    data["stock"] = stock_chart(dir, m);
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
