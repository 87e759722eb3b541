// Running a sensitivity analysis (its design's points as a sweep) and turning the finished
// sweep's points.csv into indices: DIR/indices.csv, DIR/sensitivity.json and a short table of
// the largest effects. The indices are a function of points.csv alone, which is byte-identical
// however the sweep was run, so indices.csv is too.
#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <numeric>
#include <stdexcept>

#include "folder.hpp"
#include "lower_layers.hpp"
#include "migsim/io/csv_reader.hpp"
#include "migsim/io/paths.hpp"
#include "migsim/io/results.hpp"
#include "migsim/io/text_format.hpp"
#include "migsim/study/sensitivity.hpp"
#include "tables.hpp"

namespace migsim::study {
namespace {

namespace fs = std::filesystem;
using sensitivity::Index;
using sensitivity::IndexRow;
using sensitivity::Method;

// One metric's indices, or why it has none.
struct MetricIndices {
  std::string metric;
  std::vector<IndexRow> rows;  // empty when not computed
  std::string problem;         // why not computed, or what is undefined; "" when all is well
};

std::vector<Index> indices_of(Method m) {
  if (m == Method::sobol) return {Index::S1, Index::ST};
  return {Index::mu, Index::mu_star, Index::sigma};
}

// The metric at each point: the mean over its replicates, or none at a point where a run
// failed or left the metric undefined (and the first such run, to say why).
struct PointMeans {
  std::vector<double> means;
  std::uint64_t missing_points = 0;
  std::string first_missing;
};

// Reads DIR/points.csv (written by write_sweep_tables: point,replicate,seed,<k paths>,status,
// error,<metric ids>) into per-metric, per-point means. The table was written just before, but
// is read as any table of ours is: whole (ending with a line end), a row per run and no more,
// every cell valid for its column.
std::vector<PointMeans> point_means(const std::string& dir, std::size_t k, std::size_t metrics, std::uint64_t points,
                                    std::uint32_t replicates) {
  const std::string path = (fs::path(dir) / "points.csv").string();
  auto bad = [&path](int line, const std::string& why) {
    return StudyFolderError(path + (line > 0 ? ":" + std::to_string(line) : std::string()) + ": error: " + why +
                            "; expected the points.csv of this analysis, as migsim writes it");
  };
  std::string problem;
  const auto text = detail::read_input_file(path, problem);
  if (!text) throw bad(0, problem);
  if (text->empty() || text->back() != '\n') throw bad(0, "does not end with a line end (cut short?)");
  detail::CsvReader reader(*text);
  detail::Row row;
  const std::size_t status = 3 + k, first_metric = status + 2, width = first_metric + metrics;
  if (!reader.next(row) || row.cells.size() != width)
    throw bad(1, "its header has " + std::to_string(row.cells.size()) + " columns, not " + std::to_string(width));
  std::vector<PointMeans> out(metrics, PointMeans{std::vector<double>(points, 0.0), 0, ""});
  std::vector<std::vector<bool>> missing(metrics, std::vector<bool>(points, false));
  std::vector<std::vector<bool>> seen(points, std::vector<bool>(replicates, false));
  std::uint64_t rows = 0;
  auto whole = [&](const detail::Cell& c, const char* column, std::uint64_t below) {
    std::uint64_t v = 0;
    const auto res = std::from_chars(c.text.data(), c.text.data() + c.text.size(), v);
    if (c.text.empty() || res.ec != std::errc() || res.ptr != c.text.data() + c.text.size() || v >= below)
      throw bad(c.line, std::string(column) + " '" + c.text + "' is not a whole number below " + std::to_string(below));
    return v;
  };
  while (reader.next(row)) {
    if (row.cells.size() != width)
      throw bad(row.line, std::to_string(row.cells.size()) + " cells, not " + std::to_string(width));
    const std::uint64_t p = whole(row.cells[0], "point", points);
    const std::uint64_t r = whole(row.cells[1], "replicate", replicates);
    if (seen[p][r]) throw bad(row.line, "point " + row.cells[0].text + ", replicate " + row.cells[1].text + " again");
    seen[p][r] = true;
    ++rows;
    const std::string& st = row.cells[status].text;
    if (st != "ok" && st != "failed") throw bad(row.line, "status '" + st + "' is not ok or failed");
    const bool ok = st == "ok";
    for (std::size_t m = 0; m < metrics; ++m) {
      const std::string& v = row.cells[first_metric + m].text;
      double value = 0;
      const auto res = std::from_chars(v.data(), v.data() + v.size(), value);
      if (!v.empty() && (res.ec != std::errc() || res.ptr != v.data() + v.size()))
        throw bad(row.line, "metric '" + v + "' is not a number");
      if (ok && !v.empty()) {
        out[m].means[p] += value / replicates;
        continue;
      }
      if (!missing[m][p] && out[m].first_missing.empty())
        out[m].first_missing = "point " + row.cells[0].text + ", replicate " + row.cells[1].text + ": " +
                               (ok ? "the metric is undefined there" : "the run failed: " + row.cells[status + 1].text);
      missing[m][p] = true;
    }
  }
  if (const auto& e = reader.error()) throw bad(e->loc.line, e->message);
  if (rows != points * replicates)
    throw bad(0, "it has " + std::to_string(rows) + " runs, not " + std::to_string(points * replicates) + " (" +
                     std::to_string(points) + " points x " + std::to_string(replicates) + " replicates)");
  for (std::size_t m = 0; m < metrics; ++m)
    out[m].missing_points = static_cast<std::uint64_t>(std::count(missing[m].begin(), missing[m].end(), true));
  return out;
}

std::vector<MetricIndices> compute_indices(const SensitivitySpec& spec, const sensitivity::Design& design,
                                           const std::vector<std::string>& ids, const std::string& dir) {
  const std::size_t k = spec.parameters.size();
  const auto means = point_means(dir, k, ids.size(), design.points.size(), spec.replicates);
  std::vector<MetricIndices> out;
  for (std::size_t m = 0; m < ids.size(); ++m) {
    MetricIndices mi{ids[m], {}, ""};
    if (means[m].missing_points > 0) {
      mi.problem = std::to_string(means[m].missing_points) + " of " + std::to_string(design.points.size()) +
                   " points have no value (first: " + means[m].first_missing + "); its indices are not computed";
    } else {
      try {
        mi.rows = spec.method == Method::sobol
                      ? sensitivity::sobol_indices(k, means[m].means, spec.bootstrap, spec.seed)
                      : sensitivity::morris_indices(design, means[m].means, spec.bootstrap, spec.seed);
      } catch (const std::invalid_argument& e) {
        mi.problem = std::string(e.what()) + "; its indices are not computed";
      }
      // Sobol' indices are shares of a variance: a metric that does not vary has none.
      const bool undefined =
          spec.method == Method::sobol &&
          std::any_of(mi.rows.begin(), mi.rows.end(), [](const IndexRow& r) { return !std::isfinite(r.value); });
      if (undefined) mi.problem = "the metric does not vary over the design: its Sobol' indices are undefined (empty)";
    }
    out.push_back(std::move(mi));
  }
  return out;
}

std::string value_text(double v) {
  return std::isfinite(v) ? detail::number_text(v) : "";
}

// indices.csv: a row per metric, parameter and index; the numbers empty where undefined (and
// everywhere for a metric whose indices could not be computed).
std::string indices_csv(const SensitivitySpec& spec, const std::vector<MetricIndices>& all) {
  std::string out = "metric,parameter,method,index,value,lo,hi\n";
  const std::string method(sensitivity::name_of(spec.method));
  for (const MetricIndices& mi : all)
    for (std::size_t p = 0; p < spec.parameters.size(); ++p)
      for (const Index i : indices_of(spec.method)) {
        const auto row = std::find_if(mi.rows.begin(), mi.rows.end(),
                                      [&](const IndexRow& r) { return r.parameter == p && r.index == i; });
        out += detail::csv_cell(mi.metric) + "," + detail::csv_cell(spec.parameters[p].path) + "," + method + "," +
               std::string(sensitivity::name_of(i));
        out += row == mi.rows.end()
                   ? ",,,"
                   : "," + value_text(row->value) + "," + value_text(row->lo) + "," + value_text(row->hi);
        out += "\n";
      }
  return out;
}

std::string sensitivity_json(const SensitivitySpec& spec, const sensitivity::Design& design,
                             const std::vector<MetricIndices>& all) {
  nlohmann::json j = detail::study_json("sensitivity", spec.file, spec.scenario);
  j["set"] = spec.set;
  j["targets"] = spec.targets;
  j["method"] = std::string(sensitivity::name_of(spec.method));
  j["samples"] = spec.samples;
  // The value used, given or the default: the design depends on it.
  j["levels"] = spec.method == Method::morris ? nlohmann::json(spec.levels) : nlohmann::json(nullptr);
  j["replicates"] = spec.replicates;
  j["common_seeds"] = true;
  j["seed"] = spec.seed;
  j["bootstrap"] = spec.bootstrap;
  j["points"] = design.points.size();
  j["runs"] = design.points.size() * spec.replicates;
  j["parameters"] = nlohmann::json::array();
  for (const SweepParameter& p : spec.parameters)
    j["parameters"].push_back({{"path", p.path}, {"min", p.min}, {"max", p.max}, {"scale", sweep::name_of(p.scale)}});
  j["metrics"] = nlohmann::json::array();
  for (const MetricIndices& mi : all)
    j["metrics"].push_back({{"id", mi.metric}, {"computed", !mi.rows.empty()}, {"problem", mi.problem}});
  // indices.csv's rows: a row per metric, parameter and index, computed or not.
  j["rows"] = {{"indices.csv", all.size() * spec.parameters.size() * indices_of(spec.method).size()}};
  return j.dump(2) + "\n";
}

std::string short_number(double v) {
  if (!std::isfinite(v)) return "-";
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.3g", v);
  return buf;
}

// Per metric, the parameters with the largest effect (Morris: mu_star; Sobol': ST), at most three:
// a glance; indices.csv has them all.
void print_summary(std::ostream& out, const SensitivitySpec& spec, const std::vector<MetricIndices>& all) {
  const bool sobol = spec.method == Method::sobol;
  const Index rank_by = sobol ? Index::ST : Index::mu_star, beside = sobol ? Index::S1 : Index::sigma;
  detail::Table t{{"metric", "parameter", std::string(sensitivity::name_of(rank_by)), "95% interval",
                   std::string(sensitivity::name_of(beside))}};
  for (const MetricIndices& mi : all) {
    if (mi.rows.empty()) {
      t.push_back({mi.metric, "(not computed)"});
      continue;
    }
    auto value = [&](std::size_t p, Index i) {
      for (const IndexRow& r : mi.rows)
        if (r.parameter == p && r.index == i) return r;
      return IndexRow{p, spec.method, i, NAN, NAN, NAN};
    };
    std::vector<std::size_t> order(spec.parameters.size());
    std::iota(order.begin(), order.end(), std::size_t{0});
    std::stable_sort(order.begin(), order.end(), [&](std::size_t a, std::size_t b) {
      const double va = value(a, rank_by).value, vb = value(b, rank_by).value;
      return (std::isfinite(va) ? va : -INFINITY) > (std::isfinite(vb) ? vb : -INFINITY);
    });
    for (std::size_t i = 0; i < std::min<std::size_t>(3, order.size()); ++i) {
      const IndexRow r = value(order[i], rank_by);
      t.push_back({i == 0 ? mi.metric : "", spec.parameters[order[i]].path, short_number(r.value),
                   std::isfinite(r.lo) ? "[" + short_number(r.lo) + ", " + short_number(r.hi) + "]" : "",
                   short_number(value(order[i], beside).value)});
    }
  }
  detail::print_table(out, t, 2);
}

// What made the analysis (study.json): study_identity's, then the method, its design's
// settings and size, and the ranges; the sweep that runs it is a function of these.
nlohmann::ordered_json sensitivity_identity(const SensitivitySpec& spec, std::uint64_t runs) {
  nlohmann::ordered_json j = detail::study_identity("sensitivity", spec.file, spec.scenario, spec.targets);
  j["seed"] = spec.seed;
  j["method"] = std::string(sensitivity::name_of(spec.method));
  j["samples"] = spec.samples;
  j["levels"] = spec.method == Method::morris ? nlohmann::ordered_json(spec.levels) : nlohmann::ordered_json(nullptr);
  j["replicates"] = spec.replicates;
  j["bootstrap"] = spec.bootstrap;
  j["parameters"] = nlohmann::ordered_json::array();
  for (const SweepParameter& p : spec.parameters)
    j["parameters"].push_back({{"path", p.path}, {"min", p.min}, {"max", p.max}, {"scale", sweep::name_of(p.scale)}});
  j["runs"] = runs;
  return j;
}

}  // namespace

int coordinate_sensitivity(const SensitivitySpec& spec, const SweepOptions& options, Dispatch& dispatch,
                           const std::function<bool()>& stopping, std::ostream& log, std::ostream* summary) {
  const std::uint64_t n = spec.samples;
  if (spec.method == Method::sobol && !std::has_single_bit(n))
    log << "sensitivity: samples " << n << " is not a power of 2: Saltelli's estimates are best on a whole Sobol' net ("
        << std::bit_floor(n) << " or " << 2 * std::bit_floor(n) << ")\n";
  const SweepSpec sweep = sensitivity_sweep(spec);
  SweepOptions o = options;
  o.command = "sensitivity";
  const std::vector<SweepRun> runs = plan_sweep(sweep);
  const detail::StudyFolder folder(options.out, sensitivity_identity(spec, runs.size()), options.resume, log);
  const int code = detail::sweep_in_folder(sweep, runs, o, dispatch, stopping, log);
  if (code == sweep_interrupted) return code;  // no indices from part of the design
  const sensitivity::Design design = sensitivity_design(spec);
  const auto all = compute_indices(spec, design, metric_ids(sweep), options.out);
  detail::write_atomically(options.out, "indices.csv", indices_csv(spec, all));
  detail::write_atomically(options.out, "sensitivity.json", sensitivity_json(spec, design, all));
  for (const MetricIndices& mi : all)
    if (!mi.problem.empty()) log << "sensitivity: " << mi.metric << ": " << mi.problem << '\n';
  log << "sensitivity: " << options.out << "/indices.csv\n";
  if (summary) print_summary(*summary, spec, all);
  return code;
}

}  // namespace migsim::study
