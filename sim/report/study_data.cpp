// migsim report --sweep DIR: a sweep's or a calibration's folder read into the JSON its
// charts are drawn from (study.js draws them). See data.hpp.
//
// Every band over runs is migsim's one quantile rule (migsim/inference/quantile.hpp: type 7, linear
// between order statistics), the rule fit.csv's own bands use, so a sweep's bands and a
// calibration's compare. Numbers that are not finite (a generation-0 epsilon of inf, a ratio
// of nothing) go into the JSON as null, never as NaN.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <map>
#include <optional>
#include <set>

#include "data.hpp"
#include "lower_layers.hpp"
#include "migsim/inference/quantile.hpp"
#include "migsim/io/date_text.hpp"
#include "migsim/io/results.hpp"
#include "migsim/io/table_reader.hpp"
#include "migsim/io/targets.hpp"
#include "migsim/io/yaml_fields.hpp"
#include "migsim/study/calibrate.hpp"
#include "migsim/study/sweep.hpp"

namespace migsim::report::detail {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// The ensemble of people who have left shows this many countries, by the peak of their
// median: enough for the main destinations, few enough to keep the page small.
constexpr std::size_t ensemble_countries = 5;

std::string located(const fs::path& path, int line, const std::string& message) {
  return results_located(path.string(), Loc{0, line, 0}, message);
}

json finite_or_null(std::optional<double> v) {
  return v && std::isfinite(*v) ? json(*v) : json(nullptr);
}

// The rows each table of a study's folder must have, from its json's "rows" (sweep.json,
// calibration.json): the study writes them with the tables, so a table cut short, or one from
// another study, has other than these. A table the study has not written (yet) is null there.
struct Rows {
  fs::path json;                                             // where they are said
  std::map<std::string, std::optional<std::uint64_t>> rows;  // table -> rows, or none: not written
  std::optional<ExpectedRows> of(const std::string& file) const {
    const auto it = rows.find(file);
    if (it == rows.end() || !it->second) return std::nullopt;
    return ExpectedRows{*it->second, json.string()};
  }
};

Rows rows_of(const json& about, const fs::path& json_path) {
  Rows r{json_path, {}};
  const json* rows = about.contains("rows") ? &about.at("rows") : nullptr;
  if (!rows || !rows->is_object())
    throw BadResults(located(json_path, 0,
                             "no \"rows\"; expected the rows of each table, as this migsim writes them (a folder of an "
                             "older migsim: run the study again)"));
  for (const auto& [file, n] : rows->items()) {
    if (!n.is_null() && !n.is_number_unsigned())
      throw BadResults(located(json_path, 0, "\"rows\": " + file + " is not a count of rows or null"));
    r.rows[file] = n.is_null() ? std::nullopt : std::optional(n.get<std::uint64_t>());
  }
  return r;
}

// A study's table, by the columns it must have (the others are named by their content);
// `command` wrote it; it must hold the rows `rows` says, and is refused where rows says it was
// not written.
ResultsTable study_table(const fs::path& dir, const char* file, const char* command,
                         std::initializer_list<const char*> columns, const Rows& rows) {
  std::error_code ec;
  if (!fs::is_regular_file(dir / file, ec))
    throw BadResults(located(dir / file, 0, std::string("cannot read; expected the table ") + command + " writes"));
  const auto expected = rows.of(file);
  if (!expected)
    throw BadResults(located(dir / file, 0,
                             "is here, but " + rows.json.string() + " counts no rows for it; expected the tables of " +
                                 "one study, written together"));
  OutputSpec spec{file, "", {}};
  for (const char* c : columns) spec.columns.push_back({c, ""});
  return ResultsTable(dir, spec, expected);
}

// Every table `rows` names that `read` (the charts' own tables) leaves out: present, whole,
// with its rows, each with the header's cells. So a table no chart draws is not left cut.
void check_other_tables(const fs::path& dir, const Rows& rows, std::initializer_list<const char*> read) {
  for (const auto& [file, n] : rows.rows) {
    if (std::find_if(read.begin(), read.end(), [&](const char* r) { return file == r; }) != read.end()) continue;
    if (file.find('/') != std::string::npos || file.find("..") != std::string::npos)
      throw BadResults(located(rows.json, 0, "\"rows\" names '" + file + "'; expected a table of the folder"));
    std::error_code ec;
    if (!n) {
      if (fs::exists(dir / file, ec))
        throw BadResults(located(dir / file, 0,
                                 "is here, but " + rows.json.string() +
                                     " says it was not written; expected the tables of one study, written together"));
      continue;
    }
    ResultsTable(dir, OutputSpec{file, "", {}}, ExpectedRows{*n, rows.json.string()}).skip_rest();
  }
}

// A cell holding a number (inf and nan included, as the study tables write them); none when
// empty.
std::optional<double> number(const std::string& cell, const ResultsTable& t, const std::string& column) {
  if (cell.empty()) return std::nullopt;
  double v = 0;
  const auto res = std::from_chars(cell.data(), cell.data() + cell.size(), v);
  if (res.ec != std::errc() || res.ptr != cell.data() + cell.size())
    throw BadResults(t.where() + column + " '" + cell + "' is not a number");
  return v;
}

double required_number(const std::string& cell, const ResultsTable& t, const std::string& column) {
  const auto v = number(cell, t, column);
  if (!v) throw BadResults(t.where() + column + " is empty; expected a number");
  return *v;
}

std::uint64_t whole_cell(const std::string& cell, const ResultsTable& t, const std::string& column) {
  const auto v = whole(cell);
  if (!v) throw BadResults(t.where() + column + " '" + cell + "' is not a whole number");
  return *v;
}

std::optional<bool> boolean_cell(const std::string& cell, const ResultsTable& t, const std::string& column) {
  if (cell.empty()) return std::nullopt;
  const auto v = boolean(cell);
  if (!v) throw BadResults(t.where() + column + " '" + cell + "' is not true or false");
  return v;
}

json read_json(const fs::path& path, const std::string& expected) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw BadResults(located(path, 0, "cannot read; expected " + expected));
  try {
    return json::parse(in);
  } catch (const json::exception& e) {
    throw BadResults(located(path, 0, e.what() + ("; expected " + expected)));
  }
}

// The median and 5 % and 95 % quantiles of `values` (not empty).
struct Band {
  double median, q05, q95;
};
Band band(std::vector<double> values) {
  std::sort(values.begin(), values.end());
  return {quantile_of_sorted(values, 0.5), quantile_of_sorted(values, 0.05), quantile_of_sorted(values, 0.95)};
}

// The study file (sweep or calibration YAML) the folder was made from, as its json names it,
// when it is still there and unchanged (the same SHA-256): the report takes the targets'
// units and published values, or the priors, from it. Otherwise none, and `why` says why, for
// the caption. The path is as given to the command, so it is found from the folder it ran in.
std::optional<std::string> study_file(const json& about, const std::string& kind, std::string& why) {
  const auto file = about.value(kind + "_file", std::string());
  const auto sha = about.value(kind + "_sha256", std::string());
  if (file.empty()) {
    why = kind + ".json names no " + kind + " file";
    return std::nullopt;
  }
  std::error_code ec;
  if (!fs::is_regular_file(file, ec)) {
    why = "the " + kind + " file " + file + " is not found from here";
    return std::nullopt;
  }
  if (sha256_file(file) != sha) {
    why = "the " + kind + " file " + file + " has changed since (its SHA-256 differs)";
    return std::nullopt;
  }
  return file;
}

std::string unit_of(Metric m) {
  switch (m) {
    case Metric::protection_rate:
      return "share of decisions";
    case Metric::averaged_relative_difference:
      return "relative difference";
    case Metric::mean_days_to_first_decision:
    case Metric::mean_days_to_final_decision:
      return "days";
    default:
      return "people";
  }
}

// ---- a sweep ----------------------------------------------------------------------------

struct Point {
  std::uint64_t point = 0;
  std::vector<std::string> values;            // one per parameter
  std::vector<std::uint32_t> ok, failed;      // replicates
  std::vector<std::vector<double>> measured;  // [target]: the ok replicates' values
};

// People who have left, by country, over a point's kept replicates (DIR/runs/<run index>/,
// the index being point × replicates + replicate, as the sweep numbers its runs): per day the
// median and the 5 %–95 % band, for the countries with the highest median peak. A sweep over a
// Flee scenario folder keeps Flee runs (out.csv): then each camp's people ("<camp> sim"), by
// camp, the same way.
json point_ensemble(const fs::path& dir, const Point& p, std::uint64_t replicates) {
  std::vector<std::map<std::string, std::vector<double>>> runs;
  std::optional<RunManifest> first;
  std::optional<bool> flee;              // the kept runs are Flee runs
  std::vector<std::string> first_dates;  // every day of the first run
  fs::path first_dir;
  for (const std::uint32_t r : p.ok) {
    const fs::path run = dir / "runs" / std::to_string(p.point * replicates + r);
    const bool is_flee = is_flee_run(run);
    if (flee && *flee != is_flee)
      throw BadResults(located(run / "manifest.json", 0,
                               std::string("is ") + (is_flee ? "a Flee run's" : "a migsim run's") + ", " +
                                   (first_dir / "manifest.json").string() + " is not; expected the runs of one sweep"));
    flee = is_flee;
    std::vector<std::string> dates;
    if (is_flee) {
      const FleeRun f = read_flee_run(run);
      dates = f.out.dates;
      std::map<std::string, std::vector<double>> camps;
      for (std::size_t c = 0; c < f.out.camps.size(); ++c)
        for (const auto& day : f.out.sim) camps[f.out.camps[c]].push_back(day[c]);
      runs.push_back(std::move(camps));
    } else {
      const RunManifest m = read_run_manifest(run);
      for (Date d = m.start; d <= m.end; ++d) dates.push_back(iso_date(d));
      if (!first) first = m;
      runs.push_back(people_left(run, m).by_country);
    }
    if (first_dir.empty()) {
      first_dir = run;
      first_dates = dates;
    } else if (dates != first_dates) {
      throw BadResults(located(run / "manifest.json", 0,
                               "the run's period differs from " + (first_dir / "manifest.json").string() +
                                   "'s; expected the replicates of one point to share their dates"));
    }
  }
  const int days = static_cast<int>(first_dates.size());
  std::set<std::string> countries;
  for (const auto& run : runs)
    for (const auto& [id, v] : run) countries.insert(id);
  // Each country's band, every day; a replicate without anyone there counts 0.
  std::map<std::string, std::array<std::vector<double>, 3>> bands;
  std::vector<std::pair<double, std::string>> peaks;
  for (const std::string& id : countries) {
    auto& b = bands[id];
    for (int d = 0; d < days; ++d) {
      std::vector<double> values;
      for (const auto& run : runs) {
        const auto it = run.find(id);
        values.push_back(it == run.end() ? 0.0 : it->second[static_cast<std::size_t>(d)]);
      }
      const Band q = band(values);
      b[0].push_back(q.median);
      b[1].push_back(q.q05);
      b[2].push_back(q.q95);
    }
    peaks.emplace_back(-*std::max_element(b[0].begin(), b[0].end()), id);
  }
  std::sort(peaks.begin(), peaks.end());
  const std::vector<int> kept = report_days(days);
  json dates = json::array();
  for (int d : kept) dates.push_back(first_dates[static_cast<std::size_t>(d)]);
  json series = json::array();
  for (std::size_t i = 0; i < peaks.size() && i < ensemble_countries; ++i) {
    const auto& b = bands[peaks[i].second];
    json e = {{"id", peaks[i].second}, {"name", *flee ? peaks[i].second : country_name(*first, peaks[i].second)}};
    const char* names[] = {"median", "q05", "q95"};
    for (std::size_t k = 0; k < 3; ++k) {
      json v = json::array();
      for (int d : kept) v.push_back(b[k][static_cast<std::size_t>(d)]);
      e[names[k]] = v;
    }
    series.push_back(e);
  }
  return {{"point", p.point},
          {"of", *flee ? "camp" : "country"},
          {"replicates", p.ok.size()},
          {"dates", dates},
          {"step_days", kept.size() > 1 ? kept[1] - kept[0] : 1},
          {"countries", countries.size()},
          {"series", series}};
}

// timings.csv (run,rank,wall_s,engine_s): a row per finished run, as sweep.json counts them.
void timings_check(const fs::path& dir, const Rows& rows, std::uint64_t runs) {
  ResultsTable t = study_table(dir, "timings.csv", "migsim sweep", {"run", "rank", "wall_s", "engine_s"}, rows);
  std::set<std::uint64_t> seen;
  std::vector<std::string> cells;
  while (t.next(cells)) {
    const auto run = whole_cell(cells[t.column("run")], t, "run");
    if (run >= runs || !seen.insert(run).second)
      throw BadResults(t.where() + "run " + cells[t.column("run")] + " is not a run of sweep.json's " +
                       std::to_string(runs) + ", or is there twice");
    whole_cell(cells[t.column("rank")], t, "rank");
    for (const char* c : {"wall_s", "engine_s"})
      if (!(required_number(cells[t.column(c)], t, c) >= 0))
        throw BadResults(t.where() + c + " '" + cells[t.column(c)] + "' is not a time of 0 s or more");
  }
}

json sweep_data(const fs::path& dir) {
  const json about = read_json(dir / "sweep.json", "the sweep.json written by migsim sweep");
  if (!about.contains("replicates") || !about.at("replicates").is_number_unsigned() ||
      about.at("replicates").get<std::uint64_t>() == 0)
    throw BadResults(located(dir / "sweep.json", 0, "no \"replicates\" above 0; expected sweep.json of migsim sweep"));
  const auto replicates = about.at("replicates").get<std::uint64_t>();
  if (!about.contains("runs") || !about.at("runs").is_number_unsigned())
    throw BadResults(located(dir / "sweep.json", 0, "no \"runs\"; expected sweep.json of migsim sweep"));
  const auto runs = about.at("runs").get<std::uint64_t>();
  const Rows rows = rows_of(about, dir / "sweep.json");
  check_other_tables(dir, rows, {"points.csv", "timings.csv"});
  timings_check(dir, rows, runs);

  ResultsTable t =
      study_table(dir, "points.csv", "migsim sweep", {"point", "replicate", "seed", "status", "error"}, rows);
  const std::vector<std::string>& header = t.header();
  const std::size_t point_col = t.column("point"), replicate_col = t.column("replicate"),
                    status_col = t.column("status");
  // The sweep writes point,replicate,seed,<parameters>,status,error,<targets>.
  const std::size_t error_col = t.column("error");
  if (status_col < 3 || error_col != status_col + 1)
    throw BadResults(located(t.path(), 1,
                             "header has 'status' and 'error' out of place; expected "
                             "point,replicate,seed,<parameter paths>,status,error,<target ids>"));
  const std::vector<std::string> parameters(header.begin() + 3, header.begin() + static_cast<long>(status_col));
  const std::vector<std::string> targets(header.begin() + static_cast<long>(error_col) + 1, header.end());

  std::map<std::uint64_t, Point> points;
  std::set<std::pair<std::uint64_t, std::uint64_t>> seen;
  std::vector<std::string> cells;
  while (t.next(cells)) {
    const auto point = whole_cell(cells[point_col], t, "point");
    const auto replicate = whole_cell(cells[replicate_col], t, "replicate");
    if (replicate >= replicates)
      throw BadResults(t.where() + "replicate " + cells[replicate_col] + " is not below sweep.json's replicates (" +
                       std::to_string(replicates) + ")");
    if (point >= runs / replicates)
      throw BadResults(t.where() + "point " + cells[point_col] + " is not below sweep.json's " +
                       std::to_string(runs / replicates) + " points");
    if (!seen.emplace(point, replicate).second)
      throw BadResults(t.where() + "point " + cells[point_col] + ", replicate " + cells[replicate_col] +
                       " again; expected a row per run");
    whole_cell(cells[t.column("seed")], t, "seed");
    if ((cells[status_col] == "ok") != cells[error_col].empty())
      throw BadResults(t.where() + (cells[status_col] == "ok" ? "an ok run with an error" : "a run without an error") +
                       "; expected an error exactly where status is failed");
    Point& p = points[point];
    if (p.measured.empty()) {
      p.point = point;
      p.values.assign(cells.begin() + 3, cells.begin() + static_cast<long>(status_col));
      p.measured.resize(targets.size());
    }
    const std::string& status = cells[status_col];
    if (status != "ok" && status != "failed")
      throw BadResults(t.where() + "status '" + status + "' is not ok or failed");
    // Every metric cell is a number or empty, a failed run's too.
    std::vector<std::optional<double>> values;
    for (std::size_t k = 0; k < targets.size(); ++k) values.push_back(number(cells[error_col + 1 + k], t, targets[k]));
    if (status == "failed") {
      p.failed.push_back(static_cast<std::uint32_t>(replicate));
      continue;
    }
    p.ok.push_back(static_cast<std::uint32_t>(replicate));
    for (std::size_t k = 0; k < targets.size(); ++k) {
      // An ok run may leave a metric undefined (no decisions, say): it is not counted.
      const auto& v = values[k];
      if (v && std::isfinite(*v)) p.measured[k].push_back(*v);
    }
  }
  if (points.empty()) throw BadResults(located(t.path(), 0, "has no runs; expected a row per finished run"));

  json out = {{"kind", "sweep"},
              {"dir", dir.string()},
              {"file", about.value("sweep_file", std::string())},
              {"replicates", replicates},
              {"parameters", parameters}};
  json pts = json::array();
  std::size_t ok = 0, failed = 0;
  for (const auto& [n, p] : points) {
    pts.push_back({{"point", n}, {"values", p.values}, {"ok", p.ok.size()}, {"failed", p.failed.size()}});
    ok += p.ok.size();
    failed += p.failed.size();
  }
  out["points"] = pts;
  out["runs_ok"] = ok;
  out["runs_failed"] = failed;

  // What the targets are, from the targets file the sweep file names, when it is at hand.
  std::map<std::string, const Target*> target_of;
  std::optional<TargetsFile> targets_file;
  std::string why;
  if (const auto file = study_file(about, "sweep", why)) {
    const SweepFile sweep = read_sweep(*file);
    if (!sweep.ok())
      why = "the sweep file " + *file + " does not read now: " + sweep.errors.front();
    else if (sweep.spec.targets.empty())
      why = "the sweep file names no targets file";
    else if (targets_file = read_targets(sweep.spec.targets); !targets_file->ok())
      why = "the targets file " + sweep.spec.targets + " does not read now: " + targets_file->errors.front();
    else
      for (const Target& g : targets_file->targets) target_of[g.id] = &g;
  }
  out["targets_note"] = target_of.empty() ? json(why) : json(nullptr);
  json metrics = json::array();
  for (std::size_t k = 0; k < targets.size(); ++k) {
    json m = {{"id", targets[k]}};
    const auto it = target_of.find(targets[k]);
    m["metric"] =
        it == target_of.end() ? json(nullptr) : json(metric_names[static_cast<std::size_t>(it->second->metric)]);
    m["unit"] = it == target_of.end() ? json(nullptr) : json(unit_of(it->second->metric));
    m["published"] = it == target_of.end() ? json(nullptr) : json(it->second->value);
    json n = json::array(), median = json::array(), q05 = json::array(), q95 = json::array();
    for (const auto& [i, p] : points) {
      n.push_back(p.measured[k].size());
      if (p.measured[k].empty()) {
        median.push_back(nullptr), q05.push_back(nullptr), q95.push_back(nullptr);
        continue;
      }
      const Band b = band(p.measured[k]);
      median.push_back(b.median), q05.push_back(b.q05), q95.push_back(b.q95);
    }
    m["n"] = n;
    m["median"] = median;
    m["q05"] = q05;
    m["q95"] = q95;
    metrics.push_back(m);
  }
  out["targets"] = metrics;

  // The kept runs' folders: a point is kept when any of its ok runs has one, and then all of
  // them must (the sweep keeps a point's every run).
  json ensemble = json::array();
  if (fs::is_directory(dir / "runs"))
    for (const auto& [n, p] : points) {
      std::size_t found = 0;
      for (const std::uint32_t r : p.ok) found += fs::exists(dir / "runs" / std::to_string(n * replicates + r)) ? 1 : 0;
      if (found == 0) continue;
      if (found < p.ok.size())
        throw BadResults(located(dir / "runs", 0,
                                 "holds " + std::to_string(found) + " of point " + std::to_string(n) + "'s " +
                                     std::to_string(p.ok.size()) +
                                     " ok runs; expected all of a kept point's runs (runs/<point × replicates + "
                                     "replicate>)"));
      ensemble.push_back(point_ensemble(dir, p, replicates));
    }
  out["ensemble"] = ensemble;
  return out;
}

// ---- a calibration ----------------------------------------------------------------------

// The histogram of one parameter's weighted particles: Sturges' rule, ceil(log2 n) + 1 bins of
// equal width over the particles' range (one bin when they are all equal); weights already
// normalised to sum to 1.
json histogram(const std::vector<double>& values, const std::vector<double>& weights) {
  const auto [lo_it, hi_it] = std::minmax_element(values.begin(), values.end());
  const double lo = *lo_it, hi = *hi_it;
  const std::size_t bins =
      hi > lo ? static_cast<std::size_t>(std::ceil(std::log2(static_cast<double>(values.size())))) + 1 : 1;
  std::vector<double> w(bins, 0.0);
  for (std::size_t i = 0; i < values.size(); ++i) {
    const double at = hi > lo ? (values[i] - lo) / (hi - lo) * static_cast<double>(bins) : 0;
    w[std::min(static_cast<std::size_t>(at), bins - 1)] += weights[i];
  }
  json edges = json::array();
  for (std::size_t b = 0; b <= bins; ++b)
    edges.push_back(lo + (hi - lo) * static_cast<double>(b) / static_cast<double>(bins));
  return {{"edges", edges}, {"weights", w}};
}

json calibration_data(const fs::path& dir) {
  const json about = read_json(dir / "calibration.json", "the calibration.json written by migsim calibrate");
  const Rows rows = rows_of(about, dir / "calibration.json");
  check_other_tables(dir, rows, {"posterior.csv", "intervals.csv", "generations.csv", "fit.csv"});

  // posterior.csv: particle,weight,distance,<parameter paths>.
  ResultsTable post = study_table(dir, "posterior.csv", "migsim calibrate", {"particle", "weight", "distance"}, rows);
  const std::size_t weight_col = post.column("weight");
  std::vector<std::string> parameters;
  std::vector<std::size_t> parameter_cols;
  for (std::size_t c = 0; c < post.header().size(); ++c)
    if (post.header()[c] != "particle" && post.header()[c] != "weight" && post.header()[c] != "distance") {
      parameters.push_back(post.header()[c]);
      parameter_cols.push_back(c);
    }
  std::vector<double> weights;
  std::vector<std::vector<double>> values(parameters.size());
  std::vector<std::string> cells;
  while (post.next(cells)) {
    if (whole_cell(cells[post.column("particle")], post, "particle") != weights.size())
      throw BadResults(post.where() + "particle '" + cells[post.column("particle")] + "' is not " +
                       std::to_string(weights.size()) + "; expected the particles numbered from 0, in order");
    required_number(cells[post.column("distance")], post, "distance");
    const double w = required_number(cells[weight_col], post, "weight");
    if (!std::isfinite(w) || w < 0)
      throw BadResults(post.where() + "weight '" + cells[weight_col] + "' is not 0 or more");
    weights.push_back(w);
    for (std::size_t k = 0; k < parameters.size(); ++k) {
      const double v = required_number(cells[parameter_cols[k]], post, parameters[k]);
      if (!std::isfinite(v))
        throw BadResults(post.where() + parameters[k] + " '" + cells[parameter_cols[k]] + "' is not finite");
      values[k].push_back(v);
    }
  }
  double total = 0;
  for (double w : weights) total += w;
  if (weights.empty() || parameters.empty() || !(total > 0))
    throw BadResults(located(post.path(), 0,
                             "has no particles with weight, or no parameter columns; expected the posterior written by "
                             "migsim calibrate"));
  for (double& w : weights) w /= total;

  // intervals.csv: parameter,mean,median,q05,q95.
  ResultsTable iv =
      study_table(dir, "intervals.csv", "migsim calibrate", {"parameter", "mean", "median", "q05", "q95"}, rows);
  std::map<std::string, json> intervals;
  while (iv.next(cells)) {
    json row;
    for (const char* c : {"mean", "median", "q05", "q95"}) row[c] = finite_or_null(number(cells[iv.column(c)], iv, c));
    const std::string& parameter = cells[iv.column("parameter")];
    if (std::find(parameters.begin(), parameters.end(), parameter) == parameters.end() ||
        !intervals.emplace(parameter, row).second)
      throw BadResults(iv.where() + "parameter '" + parameter +
                       "' is not a parameter of posterior.csv, or is there twice; expected a row per parameter");
  }

  // The priors' ranges, from the calibration file when it is at hand.
  std::string why;
  std::map<std::string, abc::Parameter> prior_of;
  std::optional<std::uint32_t> predictive;
  // The targets' metrics and tolerances, from the targets file the calibration file names
  // (read_calibration has read it): fit.csv holds only the published values.
  std::optional<TargetsFile> targets_file;
  std::map<std::string, const Target*> target_of;
  if (const auto file = study_file(about, "calibration", why)) {
    const CalibrationFile cal = read_calibration(*file);
    if (!cal.ok()) {
      why = "the calibration file " + *file + " does not read now: " + cal.errors.front();
    } else {
      for (const abc::Parameter& p : cal.spec.parameters) prior_of[p.path] = p;
      predictive = cal.spec.predictive;
      targets_file = read_targets(cal.spec.targets);
      for (const Target& g : targets_file->targets) target_of[g.id] = &g;
    }
  }
  json params = json::array();
  for (std::size_t k = 0; k < parameters.size(); ++k) {
    const auto it = intervals.find(parameters[k]);
    if (it == intervals.end())
      throw BadResults(located(iv.path(), 0, "has no row for parameter '" + parameters[k] + "' of posterior.csv"));
    json prior = nullptr;
    if (const auto p = prior_of.find(parameters[k]); p != prior_of.end())
      prior = {{"kind", abc::prior_names[static_cast<std::size_t>(p->second.prior)]},
               {"min", finite_or_null(p->second.min)},
               {"max", finite_or_null(p->second.max)}};
    params.push_back({{"path", parameters[k]},
                      {"histogram", histogram(values[k], weights)},
                      {"interval", it->second},
                      {"prior", prior}});
  }

  // generations.csv: generation,epsilon,acceptance_rate,simulations,ess.
  ResultsTable gen = study_table(dir, "generations.csv", "migsim calibrate",
                                 {"generation", "epsilon", "acceptance_rate", "simulations", "ess"}, rows);
  json generations = json::array();
  while (gen.next(cells)) {
    if (whole_cell(cells[gen.column("generation")], gen, "generation") != generations.size())
      throw BadResults(gen.where() + "generation '" + cells[gen.column("generation")] + "' is not " +
                       std::to_string(generations.size()) + "; expected the generations from 0, in order");
    const double rate = required_number(cells[gen.column("acceptance_rate")], gen, "acceptance_rate");
    if (!(rate >= 0 && rate <= 1))
      throw BadResults(gen.where() + "acceptance_rate '" + cells[gen.column("acceptance_rate")] +
                       "' is not a share from 0 to 1");
    json row = {{"generation", whole_cell(cells[gen.column("generation")], gen, "generation")},
                {"simulations", whole_cell(cells[gen.column("simulations")], gen, "simulations")}};
    for (const char* c : {"epsilon", "acceptance_rate", "ess"})
      row[c] = finite_or_null(required_number(cells[gen.column(c)], gen, c));
    generations.push_back(row);
  }

  // fit.csv, written when the calibration has finished.
  json fit = nullptr;
  if (fs::exists(dir / "fit.csv") || rows.of("fit.csv")) {
    ResultsTable f = study_table(dir, "fit.csv", "migsim calibrate",
                                 {"target", "kept_aside", "published", "median", "q05", "q95", "ratio",
                                  "within_tolerance", "base_median", "base_ratio", "base_within_tolerance"},
                                 rows);
    fit = json::array();
    std::set<std::string> targets_seen;
    while (f.next(cells)) {
      if (!targets_seen.insert(cells[f.column("target")]).second)
        throw BadResults(f.where() + "target '" + cells[f.column("target")] + "' again; expected a row per target");
      const auto kept_aside = boolean_cell(cells[f.column("kept_aside")], f, "kept_aside");
      if (!kept_aside) throw BadResults(f.where() + "kept_aside is empty; expected true or false");
      json row = {{"target", cells[f.column("target")]}, {"kept_aside", *kept_aside}};
      for (const char* c : {"published", "median", "q05", "q95", "ratio", "base_median", "base_ratio"})
        row[c] = finite_or_null(number(cells[f.column(c)], f, c));
      for (const char* c : {"within_tolerance", "base_within_tolerance"}) {
        const auto b = boolean_cell(cells[f.column(c)], f, c);
        row[c] = b ? json(*b) : json(nullptr);
      }
      // Its unit and tolerance when the targets file is at hand and still publishes the value
      // fit.csv was scored against; none otherwise (the caption says why).
      const auto it = target_of.find(row["target"].get<std::string>());
      const bool known =
          it != target_of.end() && row["published"].is_number() && it->second->value == row["published"].get<double>();
      row["metric"] = known ? json(metric_names[static_cast<std::size_t>(it->second->metric)]) : json(nullptr);
      row["unit"] = known ? json(unit_of(it->second->metric)) : json(nullptr);
      row["tolerance_factor"] = known ? json(it->second->tolerance_factor) : json(nullptr);
      fit.push_back(row);
    }
  }

  return {{"kind", "calibration"},
          {"dir", dir.string()},
          {"file", about.value("calibration_file", std::string())},
          {"stopped_by", about.value("stopped_by", std::string())},
          {"particles", weights.size()},
          {"parameters", params},
          {"prior_note", prior_of.empty() ? json(why) : json(nullptr)},
          {"predictive", predictive ? json(*predictive) : json(nullptr)},
          {"generations", generations},
          {"fit", fit}};
}

}  // namespace

nlohmann::json sweep_report_data(const fs::path& dir) {
  auto has = [&dir](const char* file) { return fs::is_regular_file(dir / file); };
  if (has("sweep.json") && has("points.csv")) return sweep_data(dir);
  if (has("calibration.json") && has("posterior.csv")) return calibration_data(dir);
  throw BadResults(located(dir, 0,
                           "is neither a sweep's folder (sweep.json, points.csv) nor a calibration's "
                           "(calibration.json, posterior.csv)"));
}

}  // namespace migsim::report::detail
