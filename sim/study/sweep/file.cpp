// Reading a sweep file and planning its runs. The file is checked as a scenario is — unknown
// keys, types, ranges, every problem at once at its line:col — and against what it names: the
// base scenario (every path must lead somewhere; the base with `set` must be valid), the
// targets file and the points file. A point whose values make the scenario invalid is not a
// problem of the file: that run fails on its own, with the scenario's message.
#include <algorithm>
#include <array>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include "lower_layers.hpp"
#include "migsim/core/rng.hpp"
#include "migsim/io/csv_reader.hpp"
#include "migsim/io/diagnostic_text.hpp"
#include "migsim/study/sweep.hpp"
#include "reader.hpp"

namespace migsim::study {
namespace {

namespace fs = std::filesystem;

// "random, latin_hypercube, sobol": the designs that take `samples`, from the design module.
std::string sampled_design_names() {
  std::string out;
  for (std::size_t d = 0; d < sweep::design_names.size(); ++d)
    if (sweep::is_sampled(static_cast<sweep::Design>(d)))
      out += (out.empty() ? "" : ", ") + std::string(sweep::design_names[d]);
  return out;
}

using detail::boolean;
using detail::choice;
using detail::Node;
using detail::read_file;
using detail::whole;

constexpr std::array<std::string_view, 11> sweep_keys = {"scenario", "set",          "parameters", "design",
                                                         "samples",  "points",       "replicates", "seed",
                                                         "targets",  "common_seeds", "keep"};
using detail::max_study_runs;
constexpr std::array<std::string_view, 6> parameter_keys = {"path", "values", "min", "max", "scale", "integer"};

class SweepReader : detail::StudyReader {
 public:
  explicit SweepReader(SweepFile& file) : StudyReader(file.spec.file, file.errors), file_(file) {}

  void read(const Node& root) {
    if (!root_keys(root, "sweep", sweep_keys)) return;
    SweepSpec& s = file_.spec;
    required(root, "sweep", {"scenario", "parameters", "design"});
    if (const Node* n = scalar(root, "scenario", "a path to a scenario file or a Flee scenario folder"))
      s.scenario = resolve(n->text);
    if (const Node* n = scalar(root, "design", "one of: " + detail::joined(sweep::design_names))) {
      if (const auto d = choice(n->text, sweep::design_names))
        s.design = static_cast<sweep::Design>(*d), design_known_ = true;
      else
        error(n->loc, "design " + detail::quoted_text(n->text) +
                          " is not known; expected one of: " + detail::joined(sweep::design_names));
    }
    if (const auto v = whole_number(root, "samples", "a whole number of points, at least 1", 1, sweep::max_points))
      s.samples = *v;
    if (const auto v = whole_number(root, "replicates", "a whole number of runs per point, at least 1", 1, 1000000))
      s.replicates = static_cast<std::uint32_t>(*v);
    if (const auto v = seed(root)) s.seed = *v;
    if (const Node* n = scalar(root, "common_seeds", "true or false")) {
      if (const auto v = boolean(n->text))
        s.common_seeds = *v;
      else
        error(n->loc, "common_seeds " + detail::quoted_text(n->text) + " is not true or false");
    }
    s.targets = targets(root);
    if (const Node* n = root.find("keep")) read_keep(*n);
    s.set = set(root);
    const std::size_t before = error_count();
    s.parameters = parameters(
        root, "{path, values} or {path, min, max}", parameter_keys,
        [this](const Node& item, const std::string& what, SweepParameter& p) { read_values_or_range(item, what, p); });
    parameters_read_ = error_count() == before;
    metrics_ = metrics_count();
    design_fits(root);
    if (const Node* n = scalar(root, "points", "a path to a CSV file of points")) read_points(*n);
    check_keep();
    check_targets(root, s.targets);
    check_scenario(root, s.scenario, s.set, s.parameters, s.targets);
  }

 private:
  void read_keep(const Node& n) {
    if (n.kind == Node::Kind::scalar && (n.text == "none" || n.text == "all")) {
      file_.spec.keep_all = n.text == "all";
      return;
    }
    if (n.kind != Node::Kind::list) {
      error(n.loc,
            "keep " +
                (n.kind == Node::Kind::scalar ? detail::quoted_text(n.text) : std::string(detail::kind_name(n.kind))) +
                " is not none, all or a list of point numbers");
      return;
    }
    for (const Node& item : n.items) {
      const auto v = item.kind == Node::Kind::scalar ? whole(item.text) : std::nullopt;
      if (!v) {
        error(item.loc, "keep item is not a point number; expected a whole number from 0");
      } else {
        file_.spec.keep.push_back(*v);
        keep_locs_.push_back(item.loc);
      }
    }
  }

  // The points of the design, when they are known (every part of it read without problems).
  std::optional<std::uint64_t> point_count() const {
    const SweepSpec& s = file_.spec;
    if (!design_known_ || !parameters_read_) return std::nullopt;
    if (s.design == sweep::Design::points) return s.given.empty() ? std::nullopt : std::optional(s.given.size());
    if (sweep::is_sampled(s.design)) return s.samples > 0 ? std::optional(s.samples) : std::nullopt;
    std::uint64_t points = 1;
    for (const SweepParameter& p : s.parameters) points *= std::max<std::size_t>(1, p.values.size());
    return points;
  }

  // A kept point the design does not have would keep nothing, silently.
  void check_keep() {
    const auto points = point_count();
    if (!points) return;
    for (std::size_t i = 0; i < file_.spec.keep.size(); ++i)
      if (file_.spec.keep[i] >= *points)
        error(keep_locs_[i], "keep: point " + std::to_string(file_.spec.keep[i]) +
                                 " is not a point of this sweep (its " + std::to_string(*points) + " points are 0 to " +
                                 std::to_string(*points - 1) + ")");
  }

  // What one run costs the sweep's own bookkeeping, in bytes: its place in the plan (values and
  // overrides as text), its journal record, its rows of points.csv and timings.csv, and, for a
  // sampled design, its point's coordinates. An estimate, on the generous side.
  double bytes_per_run() const {
    const SweepSpec& s = file_.spec;
    double bytes = 400 + 56.0 * static_cast<double>(metrics_);
    for (const SweepParameter& p : s.parameters) bytes += 128 + static_cast<double>(p.path.size());
    for (const std::string& e : s.set) bytes += 48 + static_cast<double>(e.size());
    return bytes;
  }

  // The targets file's metrics, a column each in every run's record.
  std::size_t metrics_count() const {
    if (file_.spec.targets.empty()) return 0;
    const TargetsFile t = read_targets(file_.spec.targets);
    return t.ok() ? t.targets.size() : 0;
  }

  void read_values_or_range(const Node& item, const std::string& what, SweepParameter& p) {
    const Node* values = item.find("values");
    const bool ranged = item.find("min") || item.find("max");
    const bool points = file_.spec.design == sweep::Design::points;
    if (values && ranged) {
      error(item.loc, what + " has both values and min/max; expected one or the other");
      return;
    }
    if (values) {
      if (values->kind != Node::Kind::list || values->items.empty()) {
        error(values->loc, what + " values is " + std::string(detail::kind_name(values->kind)) +
                               "; expected a list of at least one value");
        return;
      }
      for (const Node& v : values->items) {
        if (v.kind != Node::Kind::scalar)
          error(v.loc, what + " value is " + std::string(detail::kind_name(v.kind)) + "; expected a single value");
        else
          p.values.push_back(v.text);
      }
      return;
    }
    if (!ranged) {
      if (!points) error(item.loc, what + " has neither values nor min and max; expected one or the other");
      return;
    }
    range(item, what, p);
    if (const Node* b = scalar(item, "integer", "true or false")) {
      if (const auto v = boolean(b->text))
        p.integer = *v;
      else
        error(b->loc, what + " integer " + detail::quoted_text(b->text) + " is not true or false");
    }
  }

  // The design's own demands: a grid of lists, samples for a sampled design, a points file
  // for points and nothing else. The design module says what else it cannot do.
  void design_fits(const Node& root) {
    const SweepSpec& s = file_.spec;
    const Node* design = root.find("design");
    if (!design || !design_known_) return;
    if (sweep::is_sampled(s.design) && !root.find("samples"))
      error(design->loc, "design " + std::string(sweep::name_of(s.design)) + " needs samples: how many points");
    if (!sweep::is_sampled(s.design) && root.find("samples"))
      error(root.find_entry("samples")->key_loc, "samples is for the sampled designs (" + sampled_design_names() +
                                                     "); design is " + std::string(sweep::name_of(s.design)));
    if ((s.design == sweep::Design::points) != (root.find("points") != nullptr))
      error(s.design == sweep::Design::points ? design->loc : root.find_entry("points")->key_loc,
            s.design == sweep::Design::points ? "design points needs points: a CSV file with one column per path"
                                              : "points is for design points");
    if (s.design == sweep::Design::points) {
      for (const SweepParameter& p : s.parameters)
        if (!p.values.empty() || p.min != 0 || p.max != 0)
          error(p.loc, "with design points a parameter is only a path; its values come from the points file");
      return;
    }
    if (!parameters_read_) return;  // the design is checked on parameters that were read
    // A grid's size is a product: refuse one too large to plan before making it.
    if (s.design == sweep::Design::grid) {
      double runs = s.replicates;
      for (const SweepParameter& p : s.parameters)
        runs *= static_cast<double>(std::max<std::size_t>(1, p.values.size()));
      if (runs > max_study_runs) {
        error(design->loc, "the grid has " + std::to_string(static_cast<std::uint64_t>(runs)) +
                               " runs (points x replicates); expected at most " + std::to_string(max_study_runs));
        return;
      }
    }
    if (sweep::is_sampled(s.design) && static_cast<double>(s.samples) * s.replicates > max_study_runs) {
      error(design->loc, "samples x replicates is more than " + std::to_string(max_study_runs) + " runs");
      return;
    }
    // Before the design's points are made: they, and the runs planned on them, must fit.
    if (const auto count = point_count()) {
      const double points = static_cast<double>(*count);
      const Node* size_at = sweep::is_sampled(s.design) && root.find("samples") ? root.find("samples") : design;
      if (!memory_fits(size_at->loc,
                       "the sweep's " + std::to_string(*count * s.replicates) + " runs (" + std::to_string(*count) +
                           " points x " + std::to_string(s.replicates) + " replicates)",
                       points * s.replicates, bytes_per_run(), "run"))
        return;
    }
    try {
      sweep::make_points(stand_ins(s), s.design, std::max<std::uint64_t>(s.samples, 1), s.seed);
    } catch (const std::invalid_argument& e) {
      error(design->loc, std::string(e.what()));
    }
  }

  void read_points(const Node& n) {
    SweepSpec& s = file_.spec;
    s.points_file = resolve(n.text);
    if (s.design != sweep::Design::points) return;
    // The file is held whole, then as cells: its size must fit before it is read.
    std::error_code ec;
    const auto size = fs::file_size(s.points_file, ec);
    if (!ec && !memory_fits(n.loc, "points " + detail::quoted_text(n.text) + " (" + std::to_string(size) + " bytes)",
                            static_cast<double>(size), 8, "byte"))
      return;
    std::string problem;
    const auto text = read_file(s.points_file, problem);
    if (!text) {
      error(n.loc, "points " + detail::quoted_text(n.text) + " " + problem +
                       "; expected a CSV file (resolved: " + s.points_file + ")");
      return;
    }
    detail::CsvReader reader(*text);
    detail::Row row;
    const std::string& f = s.points_file;
    auto at = [&](int line, int col, const std::string& m) {
      file_.errors.push_back(format_diagnostic({Loc{0, line, col}, m}, {&f, 1}));
    };
    if (!reader.next(row)) {
      at(1, 1, "no header; expected one column per parameter path: " + paths());
      return;
    }
    std::vector<std::size_t> column(s.parameters.size(), row.cells.size());
    for (std::size_t c = 0; c < row.cells.size(); ++c) {
      std::size_t p = 0;
      while (p < s.parameters.size() && s.parameters[p].path != row.cells[c].text) ++p;
      if (p == s.parameters.size())
        at(row.line, row.cells[c].col,
           "column " + detail::quoted_text(row.cells[c].text) + " is not a parameter path; expected " + paths());
      else
        column[p] = c;
    }
    for (std::size_t p = 0; p < s.parameters.size(); ++p)
      if (column[p] == row.cells.size()) at(row.line, 1, "no column " + detail::quoted_text(s.parameters[p].path));
    const std::size_t width = row.cells.size();
    while (reader.next(row)) {
      if (row.cells.size() != width) {
        at(row.line, 1, std::to_string(row.cells.size()) + " cells; expected " + std::to_string(width));
        continue;
      }
      std::vector<std::string> point;
      for (std::size_t p = 0; p < s.parameters.size(); ++p)
        point.push_back(column[p] < width ? row.cells[column[p]].text : "");
      s.given.push_back(std::move(point));
    }
    if (const auto& e = reader.error()) at(e->loc.line, e->loc.col, e->message);
    if (s.given.empty() && file_.ok()) at(1, 1, "no points; expected a row per point under the header");
    const double points = static_cast<double>(s.given.size());
    if (points * s.replicates > static_cast<double>(max_study_runs))
      error(n.loc, "points " + detail::quoted_text(n.text) + " has " + std::to_string(s.given.size()) + " points x " +
                       std::to_string(s.replicates) + " replicates; expected at most " +
                       std::to_string(max_study_runs) + " runs");
    else
      memory_fits(n.loc,
                  "the sweep's " + std::to_string(s.given.size() * s.replicates) + " runs (" +
                      std::to_string(s.given.size()) + " points x " + std::to_string(s.replicates) + " replicates)",
                  points * s.replicates, bytes_per_run(), "run");
  }

  std::string paths() const {
    std::vector<std::string> out;
    for (const SweepParameter& p : file_.spec.parameters) out.push_back(p.path);
    return detail::joined(out);
  }

 public:
  // The parameters as the design module sees them: a list parameter by the positions of its
  // values (0, 1, ...), so that any value — a date, a word — can be swept; a range as it is.
  static std::vector<sweep::ParameterSpec> stand_ins(const SweepSpec& s) {
    std::vector<sweep::ParameterSpec> out;
    for (const SweepParameter& p : s.parameters) {
      sweep::ParameterSpec q;
      q.path = p.path;
      for (std::size_t i = 0; i < p.values.size(); ++i) q.values.push_back(static_cast<double>(i));
      q.min = p.min;
      q.max = p.max;
      q.scale = p.scale;
      q.integer = p.integer;
      out.push_back(std::move(q));
    }
    return out;
  }

 private:
  SweepFile& file_;
  bool parameters_read_ = false, design_known_ = false;
  std::vector<Loc> keep_locs_;  // [i]: where keep item i is
  std::size_t metrics_ = 0;
};

}  // namespace

SweepFile read_sweep_text(const std::string& text, const std::string& path) {
  SweepFile file;
  file.spec.file = path;
  detail::read_study_text(text, path, "sweep", file.errors,
                          [&file](const Node& root) { SweepReader(file).read(root); });
  return file;
}

SweepFile read_sweep(const std::string& path) {
  SweepFile file;
  file.spec.file = path;
  if (const auto text = detail::study_text(path, "a sweep file (YAML)", file.errors))
    return read_sweep_text(*text, path);
  return file;
}

std::vector<SweepRun> plan_sweep(const SweepSpec& s) {
  std::vector<std::vector<std::string>> points;  // values as the overrides write them
  if (s.design == sweep::Design::points) {
    points = s.given;
  } else {
    const auto params = SweepReader::stand_ins(s);
    for (const sweep::Point& p : sweep::make_points(params, s.design, s.samples, s.seed)) {
      std::vector<std::string> values;
      for (std::size_t i = 0; i < p.size(); ++i)
        values.push_back(s.parameters[i].values.empty() ? sweep::override_text(p[i])
                                                        : s.parameters[i].values[static_cast<std::size_t>(p[i])]);
      points.push_back(std::move(values));
    }
  }
  std::vector<SweepRun> runs;
  runs.reserve(points.size() * s.replicates);
  for (std::uint64_t point = 0; point < points.size(); ++point)
    for (std::uint32_t r = 0; r < s.replicates; ++r) {
      SweepRun run;
      run.index = point * s.replicates + r;
      run.point = point;
      run.replicate = r;
      run.seed = s.common_seeds ? derive_seed(s.seed, r) : derive_seed(derive_seed(s.seed, point), r);
      run.values = points[point];
      run.overrides = s.set;
      for (std::size_t i = 0; i < s.parameters.size(); ++i)
        run.overrides.push_back(s.parameters[i].path + "=" + run.values[i]);
      runs.push_back(std::move(run));
    }
  return runs;
}

}  // namespace migsim::study
