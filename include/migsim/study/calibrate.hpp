#pragma once
// `migsim calibrate CALIB.yaml --out DIR`: fits scenario parameters to published figures by
// ABC-SMC (migsim/inference/abc_smc.hpp), on the sweep runner: every candidate is a run (or several,
// its replicates) of the scenario with the candidate's values as overrides, run by a Dispatch
// alone or over MPI ranks, its target metrics kept in DIR/journal.csv as it finishes.
//
// The calibration file (YAML; every problem at once, as file:line:col: error: ...):
//   scenario: ../russia-2022.yaml        the scenario, relative to this file; or a Flee scenario
//                                        folder, as a sweep's (sweep.hpp)
//   set: {people.scale: 200}             overrides of every run (as --set)
//   targets: ../targets/published.yaml   only targets not kept_aside are fitted
//   parameters:                          what is fitted, each with its prior
//     - {path: countries.DE.attractiveness, prior: uniform, min: 2, max: 5}
//     - {path: asylum.background_load, prior: log_uniform, min: 0.5, max: 2}
//     - {path: behaviour.x, prior: normal, mean: 0, sd: 1, min: -3, max: 3}   (min/max optional)
//   particles: 200                       accepted candidates per generation (more than parameters)
//   max_generations: 6
//   replicates: 1                        runs per candidate; the metrics are their means
//   seed: 1
// and, optional, with these defaults:
//   initial_batch: <particles>           generation 0's prior draws (keeps the closest `particles`)
//   alpha: 0.5                           epsilon = this quantile of the last generation's distances
//   distance: mean_abs_log               or rms_log (see distance())
//   weights: equal                       or confidence (H 1, M 0.5, L 0.25), or {target id: weight}
//   min_epsilon: 0                       stop once a generation's epsilon is at most this
//   min_acceptance_rate: 0               stop once a generation accepts fewer than this share
//   max_simulations: none                stop before issuing more candidates than this
//   max_wall_time: none                  seconds (or 90m, 2h): stop at the first generation
//                                        boundary after this long in this invocation
//   predictive: 100                      posterior-predictive runs for fit.csv
//   cross_validate: none                 {folds: K, by: country|metric|target}: after the
//                                        calibration, K more fits, each with one fold of the
//                                        fitted targets held out (see assign_folds); not with
//                                        max_wall_time (a fit cut by the clock would make the
//                                        out-of-fold scores depend on the machine's speed)
//
// DIR holds, rewritten (each whole or not at all) at every generation's end:
//   generations.csv   generation,epsilon,acceptance_rate,simulations,ess
//   posterior.csv     particle,weight,distance,<parameter paths>: the last generation;
//                     posterior_gen<k>.csv the same for every generation k, the last included
//   intervals.csv     parameter,mean,median,q05,q95 (weighted, the last generation)
//   calibrated.yaml   the posterior medians as overrides (migsim run --set-file)
//   state.txt         everything adaptive at the last generation boundary, for --resume
// and at the end fit.csv (target,kept_aside,published,median,q05,q95,ratio,within_tolerance:
// the posterior predictive, from `predictive` runs at particles drawn by weight; then
// base_median,base_ratio,base_within_tolerance: as many runs of the scenario as it was, on the
// same seeds) and calibration.json (version, commit, file and hash, why it stopped, the
// in-sample and out-of-sample scores of the calibrated and of the scenario as it was).
// journal.csv keeps every finished run; timings are only there and in calibration.json, so
// a calibration killed and resumed writes the same tables byte for byte.
//
// With cross_validate, fold k's fit is a calibration of its own in DIR/folds/k/ (its journal,
// state and generation tables; its fit.csv the posterior predictive of every target, without
// the scenario as it was), with the fold's targets weighted 0 and the seed
// derive_seed(seed, k); the folds run one after another once the calibration is done, and
// --resume carries on each from its own journal. At the end DIR/crossval.csv holds every
// fitted target's out-of-fold posterior predictive (fold,target,metric,geography,published,
// median,q05,q95,ratio,abs_log_ratio,within_tolerance: from the fit that did not see it), and
// calibration.json's cross_validation its summary, per fold and in all (and its rows,
// crossval.csv's). DIR's study.json (which records cross_validate) and lock cover the folds;
// each fold's folder has a calibration.json of its own (fold, held_out, rows). A fold whose
// generation has no successful run writes no posterior, as the calibration's own: the
// cross-validation stops there and crossval.csv is not written.
#include "migsim/study/layer.hpp"

#include <array>
#include <cstdint>
#include <functional>
#include <limits>
#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "migsim/inference/abc_smc.hpp"
#include "migsim/io/targets.hpp"
#include "migsim/study/dispatch.hpp"
#include "migsim/study/sweep.hpp"

namespace migsim::study {

enum class Distance : std::uint8_t {
  mean_abs_log,  // sum_t w_t |log(model_t / published_t)| / sum_t w_t
  rms_log,       // sqrt(sum_t w_t log(model_t / published_t)^2 / sum_t w_t)
};
inline constexpr auto distance_names = std::to_array<std::string_view>({"mean_abs_log", "rms_log"});
static_assert(static_cast<std::size_t>(Distance::rms_log) + 1 == distance_names.size(),
              "distance_names must name every Distance, in order");

// How cross_validate groups the fitted targets into folds (assign_folds).
enum class FoldBy : std::uint8_t {
  country,  // by the geography: one country's targets together; the EU, or a list of countries, a group of its own;
            // a Flee run's by camp (its averaged_relative_difference, over all camps, a group of its own)
  metric,   // by the metric: all applications targets together, all stocks, ...
  target,   // every target a group of its own
};
inline constexpr auto fold_by_names = std::to_array<std::string_view>({"country", "metric", "target"});
static_assert(static_cast<std::size_t>(FoldBy::target) + 1 == fold_by_names.size(),
              "fold_by_names must name every FoldBy, in order");

struct CrossValidation {
  std::uint32_t folds = 0;  // at least 2, at most the groups of fitted targets
  FoldBy by = FoldBy::target;
};

struct CalibrationSpec {
  std::string file;              // the calibration file as given
  std::string scenario;          // resolved against the file's folder
  std::vector<std::string> set;  // "path=value", in file order
  std::string targets;           // resolved
  std::vector<abc::Parameter> parameters;
  abc::Settings settings;
  std::uint32_t replicates = 1;
  Distance distance = Distance::mean_abs_log;
  // A weight per target, in the targets file's order; 0 for kept-aside targets (never fitted).
  std::vector<double> weights;
  double max_wall_seconds = std::numeric_limits<double>::infinity();
  std::uint32_t predictive = 100;
  std::optional<CrossValidation> cross_validate;  // none: no cross-validation

  // What every rank's SweepWorker needs: the scenario, `set`, the targets; no kept folders.
  SweepSpec worker() const;
};

struct CalibrationFile {
  CalibrationSpec spec;
  std::vector<std::string> errors;  // "file:line:col: error: ...", every one found
  bool ok() const { return errors.empty(); }
};

// Reads and checks a calibration file and the scenario and targets it names (every path must
// lead somewhere in the scenario; the scenario with `set` must be valid; at least one target
// must be fitted). Never throws for bad input.
CalibrationFile read_calibration(const std::string& path);
CalibrationFile read_calibration_text(const std::string& text, const std::string& path);

// The distance of a candidate's metrics (one per target, in file order, the means over its
// replicates; none where undefined) to the published values: over the targets with a weight
// above 0. Infinity if one of those is undefined or not above 0 (its log is not finite).
double distance(Distance kind, const std::vector<io::Target>& targets, const std::vector<double>& weights,
                const std::vector<std::optional<double>>& metrics);

// The group a fitted target falls in for cross-validation `by`: its metric's name, its id, or
// its geography — the one country's id, "EU", or a list of countries as "DE+FR", sorted: the
// EU's totals and a list's hold several countries' figures, and are held out together, apart
// from any one country's. A Flee run's target (camp_population, averaged_relative_difference)
// falls by country in its camp's group, its geography as written ("all" for every camp).
std::string fold_group(const io::Target& target, FoldBy by);

// The number of groups among the fitted targets (weight above 0): the most folds there can be.
std::size_t fold_groups(const std::vector<io::Target>& targets, const std::vector<double>& weights, FoldBy by);

// Each target's fold (in the targets file's order); none for a target never fitted (kept
// aside, or weighted 0). Deterministic: the groups, largest first (ties: the first to appear
// in the file first), each go to the fold with the fewest targets so far (ties: the lowest
// fold), so folds are as even as the groups allow and `by: target` deals the targets out in
// file order (target i to fold i mod K). Throws std::invalid_argument if the fitted targets
// make fewer groups than `cv.folds`, or cv.folds is below 2.
std::vector<std::optional<std::uint32_t>> assign_folds(const std::vector<io::Target>& targets,
                                                       const std::vector<double>& weights, const CrossValidation& cv);

// The coordinator (rank 0): runs the calibration through `dispatch`, batch by batch, journals
// every run, writes DIR's tables at each generation's end, then the posterior predictive and
// fit.csv, then each fold's fit and crossval.csv (cross_validate). With options.resume,
// carries on from DIR's state.txt and journal, and each fold's from DIR/folds/k/. Returns
// sweep_all_ok, sweep_some_failed (finished, but some runs failed: their candidates were
// never accepted; or stopped at a generation, the calibration's or a fold's, in which no run
// succeeded) or sweep_interrupted. Throws std::runtime_error with a message for the user
// if DIR cannot be used or holds another calibration.
int coordinate_calibration(const CalibrationSpec& spec, const SweepOptions& options, Dispatch& dispatch,
                           const std::function<bool()>& stopping, std::ostream& log);

}  // namespace migsim::study
