// Reading a sensitivity file: the keys every study file has (reader.hpp), the method and
// its own keys, and whether the method can make its design — all checked before anything runs.
// Also the design and the sweep that runs it.
#include "lower_layers.hpp"
#include "migsim/study/sensitivity.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>

#include "reader.hpp"

namespace migsim::study {
namespace {

using detail::Node;

constexpr std::array<std::string_view, 10> sensitivity_keys = {
    "scenario", "set", "targets", "parameters", "method", "samples", "levels", "replicates", "seed", "bootstrap"};
constexpr std::array<std::string_view, 4> parameter_keys = {"path", "min", "max", "scale"};
constexpr std::string_view what = "sensitivity analysis";
constexpr std::uint64_t max_bootstrap = 1000000;

class SensitivityReader : detail::StudyReader {
 public:
  explicit SensitivityReader(SensitivityFile& file) : StudyReader(file.spec.file, file.errors), file_(file) {}

  void read(const Node& root) {
    if (!root_keys(root, what, sensitivity_keys)) return;
    SensitivitySpec& s = file_.spec;
    required(root, what, {"scenario", "targets", "parameters", "method", "samples", "seed"});
    if (const Node* n = scalar(root, "scenario", "a path to a scenario file")) s.scenario = resolve(n->text);
    s.set = set(root);
    s.targets = targets(root);
    read_method(root);
    if (const auto v =
            whole_number(root, "samples", "a whole number: Morris trajectories, or Sobol' base rows (a power of 2)", 1,
                         sweep::max_points))
      s.samples = *v;
    read_levels(root);
    if (const auto v = whole_number(root, "replicates", "a whole number of runs per point, at least 1", 1, 1000000))
      s.replicates = static_cast<std::uint32_t>(*v);
    if (const auto v = seed(root)) s.seed = *v;
    if (const auto v =
            whole_number(root, "bootstrap", "a whole number of resamples, 0 for no intervals", 0, max_bootstrap))
      s.bootstrap = static_cast<std::uint32_t>(*v);
    const std::size_t before = error_count();
    s.parameters = parameters(root, "{path, min, max}", parameter_keys,
                              [this](const Node& item, const std::string& w, SweepParameter& p) { range(item, w, p); });
    if (error_count() == before) design_fits(root);
    check_targets(root, s.targets);
    check_scenario(root, s.scenario, s.set, s.parameters, s.targets);
  }

 private:
  void read_method(const Node& root) {
    const Node* n = scalar(root, "method", "one of: " + detail::joined(sensitivity::method_names));
    if (!n) return;
    if (const auto m = detail::choice(n->text, sensitivity::method_names))
      file_.spec.method = static_cast<sensitivity::Method>(*m), method_known_ = true;
    else
      error(n->loc, "method " + detail::quoted_text(n->text) +
                        " is not known; expected one of: " + detail::joined(sensitivity::method_names));
  }

  // levels is Morris's alone: with sobol it would be ignored, which the file should not say.
  void read_levels(const Node& root) {
    if (const Entry* e = root.find_entry("levels");
        e && method_known_ && file_.spec.method != sensitivity::Method::morris) {
      error(e->key_loc,
            "levels is for method morris; method is " + std::string(sensitivity::name_of(file_.spec.method)));
      return;
    }
    const Node* n = scalar(root, "levels", "an even whole number of levels, at least 2");
    if (!n) return;
    const auto v = detail::whole(n->text);
    if (!v || *v < 2 || *v > 1000 || *v % 2 != 0)
      error(n->loc, "levels " + detail::quoted_text(n->text) +
                        " is not an even whole number from 2 to 1000 (Morris's step, levels / (2 (levels - 1)), "
                        "needs an even number)");
    else
      file_.spec.levels = static_cast<std::uint32_t>(*v);
  }

  // Whether the method can make its design from these parameters and samples (the math says
  // what it refuses), and whether its runs fit a plan held in memory.
  void design_fits(const Node& root) {
    const SensitivitySpec& s = file_.spec;
    const Node* method = root.find("method");
    if (!method_known_ || s.samples == 0 || s.parameters.empty()) return;
    const double k = static_cast<double>(s.parameters.size());
    const double points = static_cast<double>(s.samples) * (s.method == sensitivity::Method::sobol ? k + 2 : k + 1);
    if (points * s.replicates > static_cast<double>(detail::max_study_runs)) {
      error(method->loc, "the design has " + sweep::override_text(points) + " points x " +
                             std::to_string(s.replicates) + " replicates; expected at most " +
                             std::to_string(detail::max_study_runs) + " runs");
      return;
    }
    // Before the design is made: its points (coordinates, values and their text) and the runs
    // of the sweep that runs them (plan, journal, points.csv) must fit; so must the bootstrap's
    // resampled indices, k x 3 a resample.
    double run = 400 + 56.0 * static_cast<double>(metrics_count());
    for (const SweepParameter& p : s.parameters) run += 128 + static_cast<double>(p.path.size());
    for (const std::string& e : s.set) run += 48 + static_cast<double>(e.size());
    const double point = 64 + 56 * k + run * s.replicates;
    const auto count = static_cast<std::uint64_t>(points);
    const Node* samples = root.find("samples");
    if (!memory_fits(samples->loc,
                     "samples " + std::to_string(s.samples) + " (" + std::to_string(count) + " points x " +
                         std::to_string(s.replicates) + " replicates)",
                     points, point, "point"))
      return;
    if (const Node* b = root.find("bootstrap");
        b && !memory_fits(b->loc, "bootstrap " + std::to_string(s.bootstrap), s.bootstrap, 8 * (3 * k + 1), "resample"))
      return;
    try {
      sensitivity_design(s);
    } catch (const std::invalid_argument& e) {
      error(method->loc, "method " + std::string(sensitivity::name_of(s.method)) + ": " + e.what());
    }
  }

  // The targets file's metrics, a column each in every run's record.
  std::size_t metrics_count() const {
    if (file_.spec.targets.empty()) return 0;
    const TargetsFile t = read_targets(file_.spec.targets);
    return t.ok() ? t.targets.size() : 0;
  }

  using Entry = detail::Entry;
  SensitivityFile& file_;
  bool method_known_ = false;
};

std::vector<sweep::ParameterSpec> ranges(const SensitivitySpec& s) {
  std::vector<sweep::ParameterSpec> out;
  for (const SweepParameter& p : s.parameters) {
    sweep::ParameterSpec q;
    q.path = p.path;
    q.min = p.min;
    q.max = p.max;
    q.scale = p.scale;
    out.push_back(std::move(q));
  }
  return out;
}

}  // namespace

SensitivityFile read_sensitivity_text(const std::string& text, const std::string& path) {
  SensitivityFile file;
  file.spec.file = path;
  detail::read_study_text(text, path, what, file.errors,
                          [&file](const Node& root) { SensitivityReader(file).read(root); });
  return file;
}

SensitivityFile read_sensitivity(const std::string& path) {
  SensitivityFile file;
  file.spec.file = path;
  if (const auto text = detail::study_text(path, "a sensitivity file (YAML)", file.errors))
    return read_sensitivity_text(*text, path);
  return file;
}

sensitivity::Design sensitivity_design(const SensitivitySpec& s) {
  return s.method == sensitivity::Method::sobol ? sensitivity::sobol_design(ranges(s), s.samples, s.seed)
                                                : sensitivity::morris_design(ranges(s), s.samples, s.levels, s.seed);
}

SweepSpec sensitivity_sweep(const SensitivitySpec& s) {
  SweepSpec sweep;
  sweep.file = s.file;
  sweep.scenario = s.scenario;
  sweep.set = s.set;
  sweep.parameters = s.parameters;
  sweep.design = sweep::Design::points;
  for (const sweep::Point& p : sensitivity_design(s).points) {
    std::vector<std::string> values;
    for (const double v : p) values.push_back(sweep::override_text(v));
    sweep.given.push_back(std::move(values));
  }
  sweep.replicates = s.replicates;
  sweep.seed = s.seed;
  sweep.common_seeds = true;
  sweep.targets = s.targets;
  return sweep;
}

}  // namespace migsim::study
