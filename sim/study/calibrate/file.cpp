// Reading a calibration file (migsim/study/calibrate.hpp has its keys). Checked as a scenario
// is — unknown keys, types, ranges, every problem at once at its line:col — and against what
// it names: the scenario (every parameter path must lead somewhere; with `set` it must be
// valid) and the targets file (it must read, and leave something to fit).
#include <algorithm>
#include <cmath>
#include <limits>

#include "lower_layers.hpp"
#include "migsim/io/diagnostic_text.hpp"
#include "migsim/study/calibrate.hpp"
#include "reader.hpp"
#include "tables.hpp"

namespace migsim::study {
namespace {

using detail::Node;

constexpr auto calibration_keys = std::to_array<std::string_view>(
    {"scenario", "set", "targets", "parameters", "particles", "max_generations", "replicates", "seed", "initial_batch",
     "alpha", "distance", "weights", "min_epsilon", "min_acceptance_rate", "max_simulations", "max_wall_time",
     "predictive", "cross_validate"});
constexpr auto parameter_keys = std::to_array<std::string_view>({"path", "prior", "min", "max", "mean", "sd"});
constexpr auto cross_validate_keys = std::to_array<std::string_view>({"folds", "by"});
// Enough folds for any targets file we have (23 targets); a leave-one-out of a longer one is
// as many fits as targets, so the bound is kept near what can be run.
constexpr std::uint64_t most_folds = 1000;
// A target's weight by its confidence (published-figures.md's scale): a figure we trust less
// pulls the fit less.
constexpr double confidence_weight(char c) {
  return c == 'H' ? 1.0 : c == 'M' ? 0.5 : 0.25;
}

// "90", "90s", "30m", "2h": seconds.
std::optional<double> seconds_of(std::string_view s) {
  double unit = 1;
  if (!s.empty() && (s.back() == 's' || s.back() == 'm' || s.back() == 'h')) {
    unit = s.back() == 'h' ? 3600 : s.back() == 'm' ? 60 : 1;
    s.remove_suffix(1);
  }
  const auto v = detail::finite_number(s);
  if (!v || *v <= 0) return std::nullopt;
  return *v * unit;
}

class CalibrationReader : public detail::StudyReader {
 public:
  explicit CalibrationReader(CalibrationFile& file) : StudyReader(file.spec.file, file.errors), file_(file) {}

  void read(const Node& root) {
    CalibrationSpec& s = file_.spec;
    if (!root_keys(root, "calibration", calibration_keys)) return;
    required(root, "calibration",
             {"scenario", "targets", "parameters", "particles", "max_generations", "replicates", "seed"});
    if (const Node* n = scalar(root, "scenario", "a path to a scenario file")) s.scenario = resolve(n->text);
    s.set = set(root);
    s.targets = targets(root);
    const auto params = parameters(
        root, "{path, prior, min, max} or {path, prior: normal, mean, sd}", parameter_keys,
        [this](const Node& item, const std::string& what, SweepParameter&) { priors_.push_back(prior(item, what)); });
    for (std::size_t i = 0; i < params.size() && i < priors_.size(); ++i) {
      priors_[i].path = params[i].path;
      s.parameters.push_back(priors_[i]);
    }
    abc::Settings& a = s.settings;
    const std::uint64_t most = detail::max_study_runs;
    if (const auto v = whole_number(root, "particles", "a whole number of particles, at least 2", 2, most)) {
      a.particles = *v;
      // n particles span at most n - 1 directions: the kernel's covariance over the
      // parameters would be singular from the first generation on.
      if (!params.empty() && *v <= params.size())
        error(root.find("particles")->loc,
              "particles " + std::to_string(*v) + " is not above the " + std::to_string(params.size()) +
                  " parameters; expected at least " + std::to_string(params.size() + 1) +
                  " (the kernel's covariance over the parameters needs one particle more than parameters)");
    }
    if (const auto v = whole_number(root, "max_generations", "a whole number of generations, at least 1", 1, 1000))
      a.max_generations = *v;
    if (const auto v = whole_number(root, "replicates", "a whole number of runs per candidate", 1, 1000))
      s.replicates = static_cast<std::uint32_t>(*v);
    if (const auto v = seed(root)) a.seed = *v;
    if (const auto v = whole_number(root, "initial_batch", "a whole number of prior draws", 2, most)) {
      a.initial_batch = *v;
      if (root.find("particles") && *v < a.particles)
        error(root.find("initial_batch")->loc, "initial_batch " + std::to_string(*v) + " is below particles " +
                                                   std::to_string(a.particles) +
                                                   "; expected at least as many prior draws as particles");
    }
    if (const auto v = whole_number(root, "predictive", "a whole number of posterior-predictive runs", 1, most))
      s.predictive = static_cast<std::uint32_t>(*v);
    if (const auto v = whole_number(root, "max_simulations", "a whole number of candidates", 1, most))
      a.max_simulations = *v;
    fraction(root, "alpha", a.alpha, false);
    fraction(root, "min_acceptance_rate", a.min_acceptance_rate, true);
    if (const Node* n = scalar(root, "min_epsilon", "a distance, 0 or more")) {
      const auto v = detail::finite_number(n->text);
      if (!v || *v < 0)
        error(n->loc, "min_epsilon " + detail::quoted_text(n->text) + " is not a number, 0 or more");
      else
        a.min_epsilon = *v;
    }
    if (const Node* n = scalar(root, "max_wall_time", "seconds, or a number with s, m or h (90m, 2h)")) {
      if (const auto v = seconds_of(n->text))
        s.max_wall_seconds = *v;
      else
        error(n->loc, "max_wall_time " + detail::quoted_text(n->text) +
                          " is not a time; expected seconds above 0, or a number with s, m or h (90m, 2h)");
    }
    if (const Node* n = scalar(root, "distance", "one of: " + detail::joined(distance_names))) {
      if (const auto d = detail::choice(n->text, distance_names))
        s.distance = static_cast<Distance>(*d);
      else
        error(n->loc, "distance " + detail::quoted_text(n->text) +
                          " is not known; expected one of: " + detail::joined(distance_names));
    }
    if (root.find("targets")) check_targets(root, s.targets);
    weights(root);
    cross_validate(root);
    budget_fits(root);
    if (root.find("particles")) memory(root);
    if (root.find("scenario") && root.find("scenario")->kind == Node::Kind::scalar)
      check_scenario(root, s.scenario, s.set, params, s.targets);
    if (error_count() == 0) {
      try {  // what the sampler itself cannot start from
        abc::AbcSmc check(s.parameters, s.settings);
      } catch (const std::invalid_argument& e) {
        error(root.find("parameters")->loc, std::string("the calibration cannot start: ") + e.what());
      }
    }
  }

 private:
  abc::Parameter prior(const Node& item, const std::string& what) {
    abc::Parameter p;
    const Node* kind = scalar(item, "prior", "one of: " + detail::joined(abc::prior_names));
    if (!item.find("prior"))
      error(item.loc, what + " has no key 'prior'; expected one of: " + detail::joined(abc::prior_names));
    bool known = false;
    if (kind) {
      if (const auto k = detail::choice(kind->text, abc::prior_names)) {
        p.prior = static_cast<abc::Prior>(*k);
        known = true;
      } else {
        error(kind->loc, what + " prior " + detail::quoted_text(kind->text) +
                             " is not known; expected one of: " + detail::joined(abc::prior_names));
      }
    }
    auto number = [&](const char* key, double& out) {
      const Node* b = scalar(item, key, "a number");
      if (!b) return false;
      const auto v = detail::finite_number(b->text);
      if (!v) {
        error(b->loc, what + " " + key + " " + detail::quoted_text(b->text) + " is not a number");
        return false;
      }
      out = *v;
      return true;
    };
    const bool has_min = number("min", p.min), has_max = number("max", p.max);
    number("mean", p.mean);
    const bool has_sd = number("sd", p.sd);
    if (!known) return p;
    const std::string name(abc::prior_names[static_cast<std::size_t>(p.prior)]);
    if (p.prior == abc::Prior::normal) {
      for (const char* key : {"mean", "sd"})
        if (!item.find(key)) error(item.loc, what + " has no key '" + key + "'; a normal prior needs mean and sd");
      if (has_sd && p.sd <= 0)
        error(item.find("sd")->loc, what + " sd " + detail::number_text(p.sd) + " is not above 0");
    } else {
      for (const char* key : {"min", "max"})
        if (!item.find(key))
          error(item.loc, what + " has no key '" + key + "'; a " + name + " prior needs min and max");
      for (const char* key : {"mean", "sd"})
        if (const Node* n = item.find(key))
          error(n->loc, what + " " + key + " is for a normal prior; this prior is " + name);
      if (has_min && p.prior == abc::Prior::log_uniform && p.min <= 0)
        error(item.find("min")->loc, what + " min " + detail::number_text(p.min) +
                                         " is not above 0; a log_uniform "
                                         "prior needs min > 0");
    }
    if (has_min && has_max && p.min >= p.max)
      error(item.find("max")->loc,
            what + " max " + detail::number_text(p.max) + " is not above min " + detail::number_text(p.min));
    return p;
  }

  // Generation 0 ends only once all of its initial_batch prior draws have run: a budget below
  // that would stop the calibration before its first generation, every time it is resumed.
  void budget_fits(const Node& root) {
    const abc::Settings& a = file_.spec.settings;
    const Node* n = root.find("max_simulations");
    if (!n || !root.find("particles") || a.max_simulations == std::numeric_limits<std::uint64_t>::max()) return;
    const bool batch = root.find("initial_batch") != nullptr;
    const std::uint64_t first = batch ? a.initial_batch : a.particles;
    if (a.max_simulations < first)
      error(n->loc, "max_simulations " + std::to_string(a.max_simulations) + " is below " +
                        (batch ? "initial_batch " : "particles ") + std::to_string(first) +
                        ": generation 0 runs that many candidates before it ends, so no generation could ever end; "
                        "expected at least " +
                        std::to_string(first));
  }

  // The calibration's own bookkeeping: every run's record (the journal, held to --resume), a
  // generation's candidates and the runs of a batch, the particles, the posterior predictive.
  // At least this many runs are made: generation 0's prior draws, then `particles` a
  // generation, each `replicates` times, and two runs per predictive draw (the calibrated
  // model and the scenario as it was); a generation that accepts few candidates makes more.
  void memory(const Node& root) {
    const CalibrationSpec& s = file_.spec;
    const abc::Settings& a = s.settings;
    const double k = static_cast<double>(s.parameters.size()), metrics = static_cast<double>(s.weights.size());
    const double batch = static_cast<double>(a.initial_batch ? a.initial_batch : a.particles);
    const double particles = static_cast<double>(a.particles), replicates = s.replicates;
    double run = 300;
    for (const abc::Parameter& p : s.parameters) run += 96 + static_cast<double>(p.path.size());
    for (const std::string& e : s.set) run += 48 + static_cast<double>(e.size());
    const double record = 2 * (120 + 16 * metrics) + 64, candidate = 120 + 16 * k, particle = 3 * (64 + 8 * k);
    double runs = (batch + particles * static_cast<double>(a.max_generations - 1)) * replicates;
    runs = std::min(runs, static_cast<double>(a.max_simulations) * replicates);
    const double predictive = s.predictive;
    // With cross_validate, the calibration's own fit stays held while each fold's (one at a
    // time, no larger) runs: twice one fit's.
    const double fits = s.cross_validate ? 2 : 1;
    const double bytes = fits * (runs * record + batch * candidate + 4 * particles * (candidate + replicates * run) +
                                 particles * particle + 2 * predictive * (run + record));
    // Told at the count that weighs most.
    const bool by_batch = root.find("initial_batch") && batch > particles;
    const bool by_predictive = 2 * predictive > batch + particles * static_cast<double>(a.max_generations);
    const char* key = by_predictive ? "predictive" : by_batch ? "initial_batch" : "particles";
    const double units = by_predictive ? predictive : by_batch ? batch : particles;
    const Node* at = root.find(key) ? root.find(key) : &root;
    std::string with;
    for (const auto& [name, value] : {std::pair<std::string, std::uint64_t>{"particles", a.particles},
                                      {"initial_batch", static_cast<std::uint64_t>(batch)},
                                      {"max_generations", a.max_generations},
                                      {"replicates", s.replicates},
                                      {"predictive", s.predictive}})
      if (name != key) with += (with.empty() ? "" : ", ") + name + " " + std::to_string(value);
    memory_fits(at->loc,
                std::string(key) + " " + std::to_string(static_cast<std::uint64_t>(units)) + " (with " + with + ")",
                units, bytes / units,
                by_predictive ? "predictive draw"
                : by_batch    ? "prior draw"
                              : "particle");
  }

  // A share in [0, 1] (or (0, 1) when !closed).
  void fraction(const Node& root, const char* key, double& out, bool closed) {
    const std::string expected = closed ? "a share from 0 to 1" : "a share above 0 and below 1";
    const Node* n = scalar(root, key, expected);
    if (!n) return;
    const auto v = detail::finite_number(n->text);
    if (!v || (closed ? (*v < 0 || *v > 1) : (*v <= 0 || *v >= 1)))
      error(n->loc, std::string(key) + " " + detail::quoted_text(n->text) + " is not " + expected);
    else
      out = *v;
  }

  // A weight per target (0 for kept-aside ones): equal, by confidence, or given per target id.
  void weights(const Node& root) {
    CalibrationSpec& s = file_.spec;
    if (!root.find("targets") || s.targets.empty()) return;
    const TargetsFile t = read_targets(s.targets);
    if (!t.ok()) return;  // check_targets told
    s.weights.assign(t.targets.size(), 1.0);
    const Node* n = root.find("weights");
    if (n && n->kind == Node::Kind::scalar && n->text == "confidence") {
      for (std::size_t i = 0; i < t.targets.size(); ++i) s.weights[i] = confidence_weight(t.targets[i].confidence);
    } else if (n && n->kind == Node::Kind::map) {
      for (const auto& e : n->entries) {
        std::size_t i = 0;
        while (i < t.targets.size() && t.targets[i].id != e.key) ++i;
        if (i == t.targets.size()) {
          error(e.key_loc, "weights: " + detail::quoted_text(e.key) + " is not a target id of " + s.targets);
          continue;
        }
        const auto v = e.node().kind == Node::Kind::scalar ? detail::finite_number(e.node().text) : std::nullopt;
        if (!v || *v < 0)
          error(e.node().loc, "weights." + e.key + " is not a number, 0 or more");
        else
          s.weights[i] = *v;
      }
    } else if (n && !(n->kind == Node::Kind::scalar && n->text == "equal")) {
      error(n->loc, "weights is not equal, confidence or a map of target ids to weights");
    }
    double fitted = 0;
    for (std::size_t i = 0; i < t.targets.size(); ++i) {
      if (t.targets[i].kept_aside) s.weights[i] = 0;
      fitted += s.weights[i];
    }
    if (fitted <= 0)
      error(root.find("targets")->loc,
            "no target to fit in " + s.targets + ": every one is kept_aside or has weight 0; expected at least one");
  }

  // cross_validate: {folds: K, by: country|metric|target}, both required; K from 2 to the
  // number of groups the fitted targets make (a fold must hold something out).
  void cross_validate(const Node& root) {
    CalibrationSpec& s = file_.spec;
    const Node* n = root.find("cross_validate");
    if (!n) return;
    std::string shape = "{folds: K, by: ";
    for (std::size_t i = 0; i < fold_by_names.size(); ++i) shape += (i ? "|" : "") + std::string(fold_by_names[i]);
    shape += "}";
    if (n->kind != Node::Kind::map) {
      error(n->loc, "cross_validate is " + std::string(detail::kind_name(n->kind)) + "; expected a map " + shape);
      return;
    }
    for (const auto& e : n->entries)
      if (!detail::choice(e.key, cross_validate_keys))
        error(e.key_loc, "unknown key " + detail::quoted_text(e.key) +
                             " in cross_validate; expected one of: " + detail::joined(cross_validate_keys));
    for (const char* key : {"folds", "by"})
      if (!n->find(key)) error(n->loc, std::string("cross_validate has no key '") + key + "'; expected " + shape);
    CrossValidation cv;
    const auto folds = whole_number(*n, "folds", "a whole number of folds, at least 2", 2, most_folds);
    if (folds) cv.folds = static_cast<std::uint32_t>(*folds);
    bool by_known = false;
    if (const Node* b = scalar(*n, "by", "one of: " + detail::joined(fold_by_names))) {
      if (const auto v = detail::choice(b->text, fold_by_names)) {
        cv.by = static_cast<FoldBy>(*v);
        by_known = true;
      } else {
        error(b->loc, "cross_validate by " + detail::quoted_text(b->text) +
                          " is not known; expected one of: " + detail::joined(fold_by_names));
      }
    }
    if (const Node* w = root.find("max_wall_time"))
      error(w->loc,
            "max_wall_time cannot be used with cross_validate: a fit cut short by the clock would make the "
            "out-of-fold scores depend on the machine's speed; expected max_simulations or max_generations to "
            "bound each fit");
    if (!folds || !by_known || s.weights.empty()) return;  // told above, or the targets did not read
    const TargetsFile t = read_targets(s.targets);
    const std::size_t groups = fold_groups(t.targets, s.weights, cv.by);
    if (cv.folds > groups) {
      std::string names;
      std::size_t shown = 0;
      for (std::size_t i = 0; i < t.targets.size(); ++i) {
        if (!(s.weights[i] > 0)) continue;
        const std::string g = fold_group(t.targets[i], cv.by);
        if (names.find("'" + g + "'") != std::string::npos) continue;
        if (++shown > 8) {
          names += ", ...";
          break;
        }
        names += (names.empty() ? "" : ", ") + detail::quoted_text(g);
      }
      error(n->find("folds")->loc, "cross_validate folds " + std::to_string(cv.folds) + " is more than the " +
                                       std::to_string(groups) + (groups == 1 ? " group" : " groups") +
                                       " the fitted targets make by " +
                                       std::string(fold_by_names[static_cast<std::size_t>(cv.by)]) + " (" + names +
                                       "); expected at most " + std::to_string(groups));
      return;
    }
    s.cross_validate = cv;
  }

  CalibrationFile& file_;
  std::vector<abc::Parameter> priors_;
};

}  // namespace

CalibrationFile read_calibration_text(const std::string& text, const std::string& path) {
  CalibrationFile file;
  file.spec.file = path;
  detail::read_study_text(text, path, "calibration", file.errors,
                          [&file](const Node& root) { CalibrationReader(file).read(root); });
  return file;
}

CalibrationFile read_calibration(const std::string& path) {
  CalibrationFile file;
  file.spec.file = path;
  if (const auto text = detail::study_text(path, "a calibration file (YAML)", file.errors))
    return read_calibration_text(*text, path);
  return file;
}

}  // namespace migsim::study
