// Reading a sweep file and planning its runs. The file is checked as a scenario is — unknown
// keys, types, ranges, every problem at once at its line:col — and against what it names: the
// base scenario (every path must lead somewhere; the base with `set` must be valid), the
// targets file and the points file. A point whose values make the scenario invalid is not a
// problem of the file: that run fails on its own, with the scenario's message.
#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <optional>
#include <set>
#include <stdexcept>

#include "migsim/io/compare.hpp"
#include "migsim/io/diagnostic_text.hpp"
#include "migsim/io/scenario_yaml.hpp"
#include "migsim/io/sweep.hpp"
#include "migsim/rng.hpp"
#include "scenario/yaml_tree.hpp"
#include "text/csv_reader.hpp"
#include "text/yaml_fields.hpp"

namespace migsim::io {
namespace {

using detail::Node;
namespace fs = std::filesystem;

constexpr std::array<std::string_view, 11> sweep_keys = {"scenario", "set",          "parameters", "design",
                                                         "samples",  "points",       "replicates", "seed",
                                                         "targets",  "common_seeds", "keep"};
// The most runs a sweep may plan: its plan and journal are held in memory.
constexpr std::uint64_t max_runs = 100000000;
constexpr std::array<std::string_view, 6> parameter_keys = {"path", "values", "min", "max", "scale", "integer"};

std::optional<std::uint64_t> whole(std::string_view s) {
  std::uint64_t v = 0;
  const auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || res.ec != std::errc() || res.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

std::optional<bool> boolean(std::string_view s) {
  if (s == "true") return true;
  if (s == "false") return false;
  return std::nullopt;
}

template <class Names>
std::optional<std::size_t> choice(std::string_view s, const Names& names) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == s) return i;
  return std::nullopt;
}

std::optional<std::string> read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  return std::string{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

class SweepReader {
 public:
  explicit SweepReader(SweepFile& file) : file_(file), folder_(fs::path(file.spec.file).parent_path()) {}

  void read(const Node& root) {
    if (root.kind != Node::Kind::map) {
      error(root.loc, "the file is " + std::string(detail::kind_name(root.kind)) +
                          "; expected a sweep: a map with keys " + detail::joined(sweep_keys));
      return;
    }
    for (const auto& e : root.entries)
      if (!choice(e.key, sweep_keys))
        error(e.key_loc, "unknown key " + detail::quoted_text(e.key) +
                             " in the sweep; expected one of: " + detail::joined(sweep_keys));
    SweepSpec& s = file_.spec;
    for (const char* key : {"scenario", "parameters", "design"})
      if (!root.find(key)) error(root.loc, std::string("the sweep has no key '") + key + "'");
    if (const Node* n = scalar(root, "scenario", "a path to a scenario file")) s.scenario = resolve(n->text);
    if (const Node* n = scalar(root, "design", "one of: " + detail::joined(sweep::design_names))) {
      if (const auto d = choice(n->text, sweep::design_names))
        s.design = static_cast<sweep::Design>(*d), design_known_ = true;
      else
        error(n->loc, "design " + detail::quoted_text(n->text) +
                          " is not known; expected one of: " + detail::joined(sweep::design_names));
    }
    if (const Node* n = scalar(root, "samples", "a whole number of points, at least 1")) {
      const auto v = whole(n->text);
      if (!v || *v == 0 || *v > sweep::max_points)
        error(n->loc, "samples " + detail::quoted_text(n->text) + " is not a whole number from 1 to 4294967296");
      else
        s.samples = *v;
    }
    if (const Node* n = scalar(root, "replicates", "a whole number of runs per point, at least 1")) {
      const auto v = whole(n->text);
      if (!v || *v == 0 || *v > 1000000)
        error(n->loc, "replicates " + detail::quoted_text(n->text) + " is not a whole number from 1 to 1000000");
      else
        s.replicates = static_cast<std::uint32_t>(*v);
    }
    if (const Node* n = scalar(root, "seed", "a whole number")) {
      if (const auto v = whole(n->text))
        s.seed = *v;
      else
        error(n->loc,
              "seed " + detail::quoted_text(n->text) + " is not a whole number; expected 0 to 18446744073709551615");
    }
    if (const Node* n = scalar(root, "common_seeds", "true or false")) {
      if (const auto v = boolean(n->text))
        s.common_seeds = *v;
      else
        error(n->loc, "common_seeds " + detail::quoted_text(n->text) + " is not true or false");
    }
    if (const Node* n = scalar(root, "targets", "a path to a targets file")) s.targets = resolve(n->text);
    if (const Node* n = root.find("keep")) read_keep(*n);
    if (const Node* n = root.find("set")) read_set(*n);
    const std::size_t before = file_.errors.size();
    if (const Node* n = root.find("parameters")) read_parameters(*n);
    parameters_read_ = file_.errors.size() == before;
    design_fits(root);
    if (const Node* n = scalar(root, "points", "a path to a CSV file of points")) read_points(*n);
    against_the_files(root);
  }

 private:
  void error(Loc loc, std::string message) {
    file_.errors.push_back(format_diagnostic({loc, std::move(message)}, {&file_.spec.file, 1}));
  }

  std::string resolve(const std::string& relative) const { return (folder_ / relative).lexically_normal().string(); }

  const Node* scalar(const Node& map, std::string_view key, const std::string& expected) {
    return detail::scalar_at(map, key, expected, [this](Loc loc, std::string m) { error(loc, std::move(m)); });
  }

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
      if (!v)
        error(item.loc, "keep item is not a point number; expected a whole number from 0");
      else
        file_.spec.keep.push_back(*v);
    }
  }

  void read_set(const Node& n) {
    if (n.kind != Node::Kind::map) {
      error(n.loc, "set is " + std::string(detail::kind_name(n.kind)) +
                       "; expected a map of scenario paths to values, e.g. {people.scale: 20}");
      return;
    }
    for (const auto& e : n.entries) {
      if (e.node().kind != Node::Kind::scalar) {
        error(e.node().loc, "set." + e.key + " is " + std::string(detail::kind_name(e.node().kind)) +
                                "; expected a single value, as --set takes it");
        continue;
      }
      file_.spec.set.push_back(e.key + "=" + e.node().text);
      set_locs_.push_back(e.key_loc);
    }
  }

  void read_parameters(const Node& n) {
    if (n.kind != Node::Kind::list || n.items.empty()) {
      error(n.loc, "parameters is " + std::string(detail::kind_name(n.kind)) +
                       "; expected a list of {path, values} or {path, min, max}");
      return;
    }
    std::set<std::string> seen;
    for (std::size_t i = 0; i < n.items.size(); ++i) {
      const Node& item = n.items[i];
      const std::string what = "parameter " + std::to_string(i + 1);
      if (item.kind != Node::Kind::map) {
        error(item.loc, what + " is " + std::string(detail::kind_name(item.kind)) + "; expected a map with keys " +
                            detail::joined(parameter_keys));
        continue;
      }
      for (const auto& e : item.entries)
        if (!choice(e.key, parameter_keys))
          error(e.key_loc, "unknown key " + detail::quoted_text(e.key) + " in " + what +
                               "; expected one of: " + detail::joined(parameter_keys));
      SweepParameter p;
      p.loc = item.loc;
      if (const Node* path = scalar(item, "path", "a scenario path, as --set takes it")) {
        p.path = path->text;
        if (!seen.insert(p.path).second) error(path->loc, "path " + detail::quoted_text(p.path) + " is swept twice");
      } else if (!item.find("path")) {
        error(item.loc, what + " has no key 'path'");
      }
      read_values_or_range(item, what, p);
      file_.spec.parameters.push_back(std::move(p));
    }
  }

  void read_values_or_range(const Node& item, const std::string& what, SweepParameter& p) {
    const Node* values = item.find("values");
    const bool range = item.find("min") || item.find("max");
    const bool points = file_.spec.design == sweep::Design::points;
    if (values && range) {
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
    if (!range) {
      if (!points) error(item.loc, what + " has neither values nor min and max; expected one or the other");
      return;
    }
    for (const char* key : {"min", "max"}) {
      const Node* b = scalar(item, key, "a number");
      if (!item.find(key)) {
        error(item.loc, what + " has no key '" + key + "'; a range needs min and max");
      } else if (b) {
        const auto v = detail::finite_number(b->text);
        if (!v)
          error(b->loc, what + " " + key + " " + detail::quoted_text(b->text) + " is not a number");
        else
          (std::string_view(key) == "min" ? p.min : p.max) = *v;
      }
    }
    if (const Node* s = scalar(item, "scale", "linear or log")) {
      if (const auto v = choice(s->text, sweep::scale_names))
        p.scale = static_cast<sweep::Scale>(*v);
      else
        error(s->loc, what + " scale " + detail::quoted_text(s->text) +
                          " is not known; expected one of: " + detail::joined(sweep::scale_names));
    }
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
      error(root.find_entry("samples")->key_loc,
            "samples is for the sampled designs (random, latin_hypercube, sobol); design is " +
                std::string(sweep::name_of(s.design)));
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
      if (runs > max_runs) {
        error(design->loc, "the grid has " + std::to_string(static_cast<std::uint64_t>(runs)) +
                               " runs (points x replicates); expected at most " + std::to_string(max_runs));
        return;
      }
    }
    if (sweep::is_sampled(s.design) && static_cast<double>(s.samples) * s.replicates > max_runs) {
      error(design->loc, "samples x replicates is more than " + std::to_string(max_runs) + " runs");
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
    const auto text = read_file(s.points_file);
    if (!text) {
      error(n.loc, "points " + detail::quoted_text(n.text) +
                       " cannot be read; expected a CSV file (resolved: " + s.points_file + ")");
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
  }

  // What the files the sweep names say: the scenario parses, every path leads somewhere in
  // it, the base with `set` is valid; the targets file reads.
  void against_the_files(const Node& root) {
    SweepSpec& s = file_.spec;
    if (const Node* n = root.find("targets"); n && n->kind == Node::Kind::scalar) {
      const TargetsFile targets = read_targets(s.targets);
      for (const std::string& e : targets.errors) error(n->loc, "targets " + detail::quoted_text(n->text) + ": " + e);
    }
    const Node* scenario = root.find("scenario");
    if (!scenario || scenario->kind != Node::Kind::scalar) return;
    const ParsedScenario base = ParsedScenario::read(s.scenario);
    if (!base.problems().empty()) {
      for (const Diagnostic& d : base.problems())
        error(scenario->loc,
              "scenario " + detail::quoted_text(scenario->text) + ": " + format_diagnostic(d, {&s.scenario, 1}));
      return;
    }
    std::vector<std::string> paths;
    for (const SweepParameter& p : s.parameters) paths.push_back(p.path);
    const auto problems = base.path_problems(paths);
    for (std::size_t i = 0; i < paths.size(); ++i)
      for (const Diagnostic& d : problems[i])
        error(s.parameters[i].loc, "path " + detail::quoted_text(paths[i]) + ": " + d.message);
    const LoadResult with_set = base.load(s.set);
    for (const Diagnostic& d : with_set.diagnostics) {
      const std::size_t k = d.loc.source;  // 0: the scenario file; i + 1: set entry i
      if (k >= 1 && k <= set_locs_.size())
        error(set_locs_[k - 1], "set: " + d.message);
      else
        error(scenario->loc, "scenario " + detail::quoted_text(scenario->text) +
                                 " with set: " + format_diagnostic(d, with_set.spec.sources));
    }
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
  fs::path folder_;
  std::vector<Loc> set_locs_;  // [i]: where set entry i is
  bool parameters_read_ = false, design_known_ = false;
};

}  // namespace

SweepFile read_sweep_text(const std::string& text, const std::string& path) {
  SweepFile file;
  file.spec.file = path;
  if (const std::string problem = detail::text_problem(text); !problem.empty()) {
    file.errors.push_back(format_diagnostic({Loc{}, problem}, {&path, 1}));
    return file;
  }
  auto parsed = detail::parse_yaml(text, 0);
  for (const auto& d : parsed.diagnostics) file.errors.push_back(format_diagnostic(d, {&path, 1}));
  if (!parsed.ok) return file;
  if (parsed.root.kind == Node::Kind::null) {
    file.errors.push_back(format_diagnostic({Loc{0, 1, 1}, "file is empty; expected a sweep"}, {&path, 1}));
    return file;
  }
  SweepReader(file).read(parsed.root);
  // In the order of the file, as a scenario's problems are (problems of other files after).
  auto position = [&path](const std::string& e) {
    int line = 1 << 30, col = 0;
    if (e.rfind(path + ":", 0) == 0) std::sscanf(e.c_str() + path.size(), ":%d:%d:", &line, &col);
    return std::pair{line, col};
  };
  std::stable_sort(file.errors.begin(), file.errors.end(),
                   [&](const std::string& a, const std::string& b) { return position(a) < position(b); });
  return file;
}

SweepFile read_sweep(const std::string& path) {
  const auto text = read_file(path);
  if (!text) {
    SweepFile file;
    file.spec.file = path;
    file.errors.push_back(format_diagnostic({Loc{}, "cannot read the file; expected a sweep file (YAML)"}, {&path, 1}));
    return file;
  }
  return read_sweep_text(*text, path);
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

}  // namespace migsim::io
