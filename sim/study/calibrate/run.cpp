// A calibration's runs and tables: ABC-SMC (core, abc_smc.hpp) driven batch by batch through
// a Dispatch, every finished run journaled, DIR's tables written at each generation's end.
// Nothing here knows about MPI.
//
// With cross_validate, each fold's refit is a Calibration of its own (a FitPlan: its folder
// DIR/folds/k/, its seed, its weights), run through the same Dispatch once the calibration is
// done; the run numbers below hold within each fit's folder and journal.
//
// Run numbers. Every run has an index that says what it is, so that a resumed calibration
// finds in the journal exactly the runs it would make again:
//   generation g, candidate i, replicate r:  g * run_stride + i * replicates + r
//   posterior predictive k after g gens:     g * run_stride + predictive_offset + k
//   the scenario as it was, k, after g gens: g * run_stride + base_offset + k
#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "folder.hpp"
#include "lower_layers.hpp"
#include "migsim/core/rng.hpp"
#include "migsim/inference/design.hpp"
#include "migsim/inference/quantile.hpp"
#include "migsim/io/flee_import.hpp"
#include "migsim/io/overrides_file.hpp"
#include "migsim/io/paths.hpp"
#include "migsim/io/results.hpp"
#include "migsim/io/yaml_fields.hpp"
#include "migsim/study/calibrate.hpp"
#include "migsim/study/journal.hpp"
#include "tables.hpp"

namespace migsim::study {
namespace {

namespace fs = std::filesystem;
using detail::csv_cell;
using detail::number_text;

constexpr std::uint64_t run_stride = 10000000000ULL;  // 1e10 runs a generation at most
constexpr std::uint64_t predictive_offset = run_stride / 2;
constexpr std::uint64_t base_offset = predictive_offset + run_stride / 4;
constexpr const char* state_file = "state.txt";

std::string text_of(double v) {
  return number_text(v);
}

// The state file: the calibration file's hash (a resumed calibration must be the same one),
// then the ABC-SMC state.
std::string state_text(const std::string& sha, const abc::State& s) {
  return "calibration_sha256 " + sha + "\n" + abc::to_text(s);
}

std::optional<abc::State> read_state(const std::string& dir, const std::string& sha) {
  const fs::path path = fs::path(dir) / state_file;
  if (!fs::exists(fs::symlink_status(path))) return std::nullopt;
  const std::string at = path.string() + ": error: ";
  std::string problem;
  const auto read = detail::read_input_file(path, problem);
  if (!read) throw StudyFolderError(at + problem + "; expected the state migsim calibrate saves");
  const std::string& text = *read;
  const std::string head = "calibration_sha256 " + sha + "\n";
  if (text.rfind("calibration_sha256 ", 0) != 0) throw StudyFolderError(at + "not a calibration's state");
  if (text.rfind(head, 0) != 0)
    throw StudyFolderError(at +
                           "the calibration in this folder was made from another calibration file (its SHA-256 "
                           "differs); expected the same file to --resume, or another --out folder");
  // Written whole and renamed into place: a state without its last line end was cut by
  // something else, and its last number may be cut too.
  if (text.back() != '\n') throw StudyFolderError(at + "does not end with a line end (cut short?)");
  try {
    return abc::state_from_text(std::string_view(text).substr(head.size()));
  } catch (const std::invalid_argument& e) {
    throw StudyFolderError(at + e.what());
  }
}

// One fit: the calibration itself, or one fold's refit with the fold's targets held out.
struct FitPlan {
  std::string dir;                     // its journal, state.txt and tables
  abc::Settings settings;              // the file's, with this fit's seed
  std::vector<double> weights;         // per target, as CalibrationSpec::weights; 0: not fitted
  bool scenario_as_it_was = true;      // fit.csv's base_* columns (the calibration's own fit only)
  std::string log_name = "calibrate";  // the head of its log lines
  std::optional<std::uint32_t> fold;   // a fold's refit: its number
  std::vector<std::string> held_out;   // and the targets it holds out
};

// A target's median, 5 % and 95 % quantiles over runs, and how the median compares with the
// published value; none if some run could not measure it (no decisions, say).
struct Predicted {
  double median = 0, q05 = 0, q95 = 0, ratio = 0;
  bool within = false;
};
std::optional<Predicted> predicted(const std::vector<const RunRecord*>& records, std::size_t t, const Target& target) {
  std::vector<double> values;
  for (const RunRecord* r : records)
    if (r->ok && t < r->metrics.size() && r->metrics[t]) values.push_back(*r->metrics[t]);
  if (values.size() < records.size() || values.empty()) return std::nullopt;
  Predicted p{quantile(values, 0.5), quantile(values, 0.05), quantile(values, 0.95), 0, false};
  p.ratio = p.median / target.value;
  p.within = p.ratio >= 1 / target.tolerance_factor && p.ratio <= target.tolerance_factor;
  return p;
}

// Mean |log(median / published)| over the targets whose median is above 0 (a log is not
// finite otherwise: those are counted apart, as unscored), and how many are within tolerance.
struct Score {
  double sum = 0;
  int scored = 0, unscored = 0, within = 0;
  void add(const std::optional<Predicted>& p) {
    if (p && p->within) ++within;
    if (p && p->ratio > 0) {
      sum += std::abs(std::log(p->ratio));
      ++scored;
    } else {
      ++unscored;
    }
  }
  double mean() const { return scored ? sum / scored : std::nan(""); }
  std::string text() const {
    return text_of(std::round(mean() * 1000) / 1000) + " (" + std::to_string(scored) + " scored, " +
           std::to_string(unscored) + " not; " + std::to_string(within) + " of " + std::to_string(scored + unscored) +
           " within)";
  }
  nlohmann::json json() const {
    return {{"mean_abs_log_ratio", mean()}, {"scored", scored}, {"unscored", unscored}, {"within_tolerance", within}};
  }
};

// The replicates' mean of each metric; none where a replicate lacks it.
std::vector<std::optional<double>> mean_metrics(const std::vector<const RunRecord*>& replicates, std::size_t metrics) {
  std::vector<std::optional<double>> out(metrics);
  for (std::size_t m = 0; m < metrics; ++m) {
    double sum = 0;
    bool all = true;
    for (const RunRecord* r : replicates) {
      if (!r->ok || m >= r->metrics.size() || !r->metrics[m]) {
        all = false;
        break;
      }
      sum += *r->metrics[m];
    }
    if (all) out[m] = sum / static_cast<double>(replicates.size());
  }
  return out;
}

// What made a calibration (study.json): study_identity's, then the settings that decide its
// candidates, their runs and their seeds, and its cross-validation's folds.
nlohmann::ordered_json calibration_identity(const CalibrationSpec& spec) {
  nlohmann::ordered_json j = detail::study_identity("calibrate", spec.file, spec.scenario, spec.targets);
  j["seed"] = spec.settings.seed;
  j["particles"] = spec.settings.particles;
  j["initial_batch"] = spec.settings.initial_batch == 0 ? spec.settings.particles : spec.settings.initial_batch;
  j["replicates"] = spec.replicates;
  j["distance"] = std::string(distance_names[static_cast<std::size_t>(spec.distance)]);
  j["parameters"] = nlohmann::ordered_json::array();
  for (const abc::Parameter& p : spec.parameters)
    j["parameters"].push_back({{"path", p.path},
                               {"prior", std::string(abc::prior_names[static_cast<std::size_t>(p.prior)])},
                               {"min", p.min},
                               {"max", p.max},
                               {"mean", p.mean},
                               {"sd", p.sd}});
  j["weights"] = spec.weights;
  // The folds (DIR/folds/k/) are made by it: another cross_validate would resume them as others.
  j["cross_validate"] =
      spec.cross_validate
          ? nlohmann::ordered_json{{"folds", spec.cross_validate->folds},
                                   {"by",
                                    std::string(fold_by_names[static_cast<std::size_t>(spec.cross_validate->by)])}}
          : nlohmann::ordered_json(nullptr);
  return j;
}

class Calibration {
 public:
  Calibration(const CalibrationSpec& spec, FitPlan plan, const SweepOptions& options, Dispatch& dispatch,
              const std::function<bool()>& stopping, std::ostream& log)
      : spec_(spec),
        plan_(std::move(plan)),
        options_(options),
        dispatch_(dispatch),
        stopping_(stopping),
        log_(log),
        worker_spec_(spec.worker()),
        targets_(read_targets(spec.targets)),
        sha_(sha256_file(spec.file)),
        journal_(plan_.dir, worker_spec_, options.resume, std::numeric_limits<std::uint64_t>::max()),
        abc_(spec.parameters, plan_.settings,
             options.resume ? read_state(plan_.dir, sha_) : std::optional<abc::State>{}) {
    if (!targets_.ok()) throw std::runtime_error(targets_.errors.front());
    for (const RunRecord& r : journal_.finished()) journaled_[r.index] = r;
  }

  // Runs the fit until it ends or is stopped; true when it has ended and its fit.csv is written.
  // False too when a generation had no successful run (no_successful_run() says so): its
  // calibration.json is written then, and nothing of that generation.
  bool run() {
    const auto t0 = t0_;
    if (abc_.state().generation > 0) {
      log_ << plan_.log_name << ": resuming after generation " << abc_.state().generation - 1 << '\n';
      write_generation_tables();  // as they were at that boundary, in case the stop cut them short
    }
    while (!abc_.done() && !stopping_()) {
      const bool generation_ended = run_batch();
      if (no_success_) {
        tell_no_successful_run();
        return false;
      }
      if (stopping_()) break;
      if (generation_ended) {
        write_generation_tables();
        report_generation(t0);
        if (elapsed(t0) > spec_.max_wall_seconds && !abc_.done()) {
          wall_stop_ = true;
          log_ << plan_.log_name << ": max_wall_time reached (" << elapsed(t0)
               << " s); stopping at this generation's end; --resume carries on\n";
          break;
        }
      }
    }
    const bool ended = abc_.done() || wall_stop_;
    if (ended && abc_.state().generation > 0 && !stopping_()) run_predictive();
    return ended && !stopping_() && predictive_done_;
  }

  std::string stopped_by() const {
    return !stopped_by_.empty() ? stopped_by_
           : wall_stop_         ? std::string("max_wall_time")
                                : std::string(abc::stop_names[static_cast<std::size_t>(abc_.stop())]);
  }
  // Whether run() stopped at a generation in which no candidate ran successfully.
  bool no_successful_run() const { return no_success_.has_value(); }
  const abc::State& state() const { return abc_.state(); }
  // Every run in its journal, earlier invocations' included.
  std::uint64_t runs() const { return journaled_.size(); }
  // Every failed run in its journal, earlier invocations' included.
  std::uint64_t failed_runs() const {
    return static_cast<std::uint64_t>(
        std::count_if(journaled_.begin(), journaled_.end(), [](const auto& e) { return !e.second.ok; }));
  }
  // Per target, in the file's order: the posterior predictive, once run() returned true.
  const std::vector<std::optional<Predicted>>& predictive() const { return predictive_; }

  // What the calibration's own calibration.json says of its cross-validation (none: not asked
  // for), the failed runs of the folds' fits, and whether crossval.csv is written; see write_about.
  void set_cross_validation(nlohmann::json summary, std::uint64_t folds_failed_runs, bool crossval_written) {
    cross_validation_ = std::move(summary);
    folds_failed_runs_ = folds_failed_runs;
    crossval_written_ = crossval_written;
  }

  // calibration.json in this fit's folder: how far it went, the rows of each table as the
  // folder holds them now (not the sampler's state, which a generation without a successful
  // run moves past them: readers such as migsim report refuse a table that has other than
  // these, cut short or mixed with another calibration's), its scores once complete, and, for
  // the calibration itself, the cross-validation's summary and crossval.csv's rows. Written
  // with the tables at each generation's end, and by the coordinator when the folds move on.
  void write_about(bool complete) const {
    nlohmann::json j = detail::study_json("calibration", spec_.file, spec_.scenario);
    j["targets"] = spec_.targets;
    j["seed"] = plan_.settings.seed;
    if (plan_.fold) {
      j["fold"] = *plan_.fold;
      j["held_out"] = plan_.held_out;
    }
    j["generations"] = written_generations_;
    j["simulations"] = abc_.state().simulations;
    j["stopped_by"] = stopped_by();
    j["complete"] = complete;
    j["failed_runs"] = failed_runs() + folds_failed_runs_;  // the folds' included
    nlohmann::json rows;
    rows["generations.csv"] = written_generations_ > 0 ? nlohmann::json(written_generations_) : nlohmann::json(nullptr);
    rows["posterior.csv"] = written_generations_ > 0 ? nlohmann::json(written_particles_) : nlohmann::json(nullptr);
    rows["intervals.csv"] =
        written_generations_ > 0 ? nlohmann::json(spec_.parameters.size()) : nlohmann::json(nullptr);
    rows["fit.csv"] = predictive_done_ ? nlohmann::json(targets_.targets.size()) : nlohmann::json(nullptr);
    for (std::size_t g = 0; g < written_generations_; ++g)
      rows["posterior_gen" + std::to_string(g) + ".csv"] =
          plan_.settings.particles;    // every generation keeps that many
    if (!cross_validation_.is_null())  // a row per fitted target (those in a fold)
      rows["crossval.csv"] = crossval_written_
                                 ? nlohmann::json(static_cast<std::uint64_t>(std::count_if(
                                       plan_.weights.begin(), plan_.weights.end(), [](double w) { return w > 0; })))
                                 : nlohmann::json(nullptr);
    j["rows"] = rows;
    if (predictive_done_ && plan_.scenario_as_it_was) {
      j["score"]["calibrated"]["fitted"] = scores_[0].json();
      j["score"]["calibrated"]["kept_aside"] = scores_[1].json();
      j["score"]["scenario_as_it_was"]["fitted"] = scores_[2].json();
      j["score"]["scenario_as_it_was"]["kept_aside"] = scores_[3].json();
    }
    if (!cross_validation_.is_null()) j["cross_validation"] = cross_validation_;
    j["ranks"] = dispatch_.ranks();
    j["threads_per_rank"] = options_.threads;
    j["wall_seconds_this_time"] = elapsed(t0_);
    j["started_utc"] = started_;
    j["ended_utc"] = detail::utc_now();
    j["command_line"] = options_.command_line;
    detail::write_atomically(plan_.dir, "calibration.json", j.dump(2) + "\n");
  }
  // The fitted targets' score (the calibration's own fit: in sample).
  const Score& fitted_score() const { return scores_[0]; }
  const std::vector<Target>& targets() const { return targets_.targets; }

 private:
  static double elapsed(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  }

  // Candidates in this batch: enough to finish the generation at the acceptance rate seen so
  // far (the last generation's), and enough to keep every rank busy.
  std::size_t batch_size() const {
    const auto& history = abc_.state().history;
    const double rate = history.empty() ? 1.0 : std::max(0.01, history.back().acceptance_rate);
    const double wanted = static_cast<double>(plan_.settings.particles) / rate - static_cast<double>(issued_);
    const std::size_t floor = static_cast<std::size_t>(std::max(1, dispatch_.ranks()));
    return std::max(
        floor, static_cast<std::size_t>(std::clamp(wanted, 0.0, 4.0 * static_cast<double>(plan_.settings.particles))));
  }

  // A generation in which no candidate ran: its posterior would be made of failures. Nothing of
  // it is written (the tables and state.txt stay at the last good generation's end), and the
  // fit stops; the runs are in the journal, so a --resume would end the same way.
  void tell_no_successful_run() {
    log_ << plan_.log_name << ": error: generation " << *no_success_ << ": none of its " << generation_candidates_
         << " candidates ran successfully (first failure: " << first_failure_
         << "); no posterior is written for it. Expected runs that succeed: fix what makes them fail, then "
            "calibrate again into another --out folder\n";
    stopped_by_ = "no_successful_run";
    write_about(false);
  }

  // Runs one batch of candidates and reports their distances; true if a generation ended.
  bool run_batch() {
    const std::size_t generation = abc_.state().generation;
    const std::vector<abc::Candidate> batch = abc_.next_batch(batch_size());
    if (batch.empty()) throw std::logic_error("calibrate: no candidates to run, yet not done");
    issued_ += batch.size();
    std::vector<SweepRun> runs;
    for (const abc::Candidate& c : batch)
      for (std::uint32_t r = 0; r < spec_.replicates; ++r)
        runs.push_back(make_run(generation * run_stride + std::uint64_t{c.index} * spec_.replicates + r, c.index, r,
                                derive_seed(c.run_seed, r), c.values));
    dispatch(runs);
    bool ended = false;
    for (const abc::Candidate& c : batch) {
      std::vector<const RunRecord*> replicates;
      for (std::uint32_t r = 0; r < spec_.replicates; ++r) {
        const auto it = journaled_.find(generation * run_stride + std::uint64_t{c.index} * spec_.replicates + r);
        if (it != journaled_.end()) replicates.push_back(&it->second);
      }
      if (replicates.size() < spec_.replicates) return ended;  // stopped: this candidate runs again on --resume
      const bool ok = std::all_of(replicates.begin(), replicates.end(), [](const RunRecord* r) { return r->ok; });
      const double d = ok ? distance(spec_.distance, targets_.targets, plan_.weights,
                                     mean_metrics(replicates, targets_.targets.size()))
                          : std::nan("");
      ++generation_candidates_;
      generation_ok_ += ok ? 1 : 0;
      if (!ok && first_failure_.empty())
        for (const RunRecord* r : replicates)
          if (!r->ok && first_failure_.empty()) first_failure_ = r->error;
      if (abc_.report(c.generation, c.index, d)) {
        ended = true;
        issued_ = 0;
        if (generation_ok_ == 0) {
          no_success_ = generation;
          return ended;
        }
        generation_candidates_ = generation_ok_ = 0;
      }
    }
    return ended;
  }

  SweepRun make_run(std::uint64_t index, std::uint64_t point, std::uint32_t replicate, std::uint64_t seed,
                    const std::vector<double>& values) const {
    SweepRun run;
    run.index = index;
    run.point = point;
    run.replicate = replicate;
    run.seed = seed;
    run.overrides = spec_.set;
    for (std::size_t i = 0; i < values.size(); ++i) {
      run.values.push_back(sweep::override_text(values[i]));
      run.overrides.push_back(spec_.parameters[i].path + "=" + run.values.back());
    }
    return run;
  }

  // Runs what the journal does not hold yet; every record goes to the journal as it finishes.
  void dispatch(const std::vector<SweepRun>& runs) {
    std::vector<std::uint64_t> pending;
    for (std::uint64_t i = 0; i < runs.size(); ++i)
      if (!journaled_.count(runs[i].index)) pending.push_back(i);
    dispatch_.run_all(
        runs, pending,
        [&](const RunRecord& r) {
          journal_.record(r);
          journaled_[r.index] = r;
          if (!r.ok && !failure_told_) {
            failure_told_ = true;
            log_ << plan_.log_name << ": a run failed (its candidate is never accepted): " << r.error << '\n';
          }
        },
        stopping_);
  }

  void report_generation(std::chrono::steady_clock::time_point t0) {
    if (options_.quiet) return;
    const abc::GenerationReport& g = abc_.state().history.back();
    log_ << plan_.log_name << ": generation " << g.generation << ": epsilon " << g.epsilon << ", "
         << plan_.settings.particles << " of " << g.simulations << " accepted (" << g.acceptance_rate << "), ESS "
         << g.ess << ", " << static_cast<long>(elapsed(t0)) << " s\n";
  }

  std::string posterior_table() const {
    std::string t = "particle,weight,distance";
    for (const abc::Parameter& p : spec_.parameters) t += "," + csv_cell(p.path);
    t += "\n";
    const auto& particles = abc_.state().particles;
    for (std::size_t i = 0; i < particles.size(); ++i) {
      t += std::to_string(i) + "," + text_of(particles[i].weight) + "," + text_of(particles[i].distance);
      for (const double v : particles[i].values) t += "," + text_of(v);
      t += "\n";
    }
    return t;
  }

  // The tables of the last generation done, then the state that says it is done: a stop
  // between the two only makes --resume write the same tables again.
  void write_generation_tables() {
    const abc::State& s = abc_.state();
    const std::string& dir = plan_.dir;
    std::string generations = "generation,epsilon,acceptance_rate,simulations,ess\n";
    for (const abc::GenerationReport& g : s.history)
      generations += std::to_string(g.generation) + "," + text_of(g.epsilon) + "," + text_of(g.acceptance_rate) + "," +
                     std::to_string(g.simulations) + "," + text_of(g.ess) + "\n";
    const std::string posterior = posterior_table();
    std::string intervals = "parameter,mean,median,q05,q95\n";
    const auto& summaries = s.history.back().summaries;
    std::vector<std::pair<std::string, std::string>> medians;
    for (std::size_t i = 0; i < spec_.parameters.size(); ++i) {
      const abc::Summary& m = summaries[i];
      intervals += csv_cell(spec_.parameters[i].path) + "," + text_of(m.mean) + "," + text_of(m.median) + "," +
                   text_of(m.q05) + "," + text_of(m.q95) + "\n";
      medians.emplace_back(spec_.parameters[i].path, sweep::override_text(m.median));
    }
    const std::string calibrated = overrides_file_text(
        medians,
        "migsim calibrate " + spec_.file + ": the posterior medians after generation " +
            std::to_string(s.generation - 1) + " (intervals.csv has the 90% intervals).\nApply with: migsim run " +
            (is_flee_folder(spec_.scenario) ? "--flee " : "") + spec_.scenario + " --set-file calibrated.yaml");
    detail::write_atomically(dir, "posterior_gen" + std::to_string(s.generation - 1) + ".csv", posterior);
    detail::write_atomically(dir, "posterior.csv", posterior);
    detail::write_atomically(dir, "generations.csv", generations);
    detail::write_atomically(dir, "intervals.csv", intervals);
    detail::write_atomically(dir, "calibrated.yaml", calibrated);
    // calibration.json counts the tables' rows: written with them, so the two agree.
    written_generations_ = s.history.size();
    written_particles_ = s.particles.size();
    write_about(false);
    detail::write_atomically(dir, state_file, state_text(sha_, s));
  }

  // `predictive` runs at particles drawn by weight from the last generation, each with a
  // fresh seed (Purpose::posterior_predictive, keyed by draw and generation), every target
  // measured, kept-aside ones included; and as many runs of the scenario as it was (its own
  // values, `set` applied) with the same seeds, so that fit.csv compares the two on the same
  // noise: the calibration's in-sample and out-of-sample gain, measured.
  void run_predictive() {
    const abc::State& s = abc_.state();
    const Rng rng(plan_.settings.seed);
    std::vector<double> cumulative;
    double total = 0;
    for (const abc::Particle& p : s.particles) cumulative.push_back(total += p.weight);
    std::vector<SweepRun> runs;
    const std::uint64_t first = s.generation * run_stride;
    for (std::uint32_t k = 0; k < spec_.predictive; ++k) {
      const auto w = rng.words(k, static_cast<std::uint32_t>(s.generation), Purpose::posterior_predictive);
      const double u = Rng::to_unit(w[0], w[1]) * total;
      const auto j = std::min<std::size_t>(
          std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin(), cumulative.size() - 1);
      const std::uint64_t seed = std::uint64_t{w[2]} << 32 | w[3];
      runs.push_back(make_run(first + predictive_offset + k, j, 0, seed, s.particles[j].values));
      if (plan_.scenario_as_it_was) runs.push_back(make_run(first + base_offset + k, 0, 0, seed, {}));
    }
    dispatch(runs);
    std::vector<const RunRecord*> posterior, base;
    for (const SweepRun& run : runs) {
      const auto it = journaled_.find(run.index);
      if (it == journaled_.end()) return;  // stopped
      (run.index >= first + base_offset ? base : posterior).push_back(&it->second);
    }
    predictive_done_ = true;
    write_fit(posterior, base);
  }

  // fit.csv, and the scores: the calibration's own fit (with the scenario as it was) says them
  // in the log; a fold's are its coordinator's to say.
  void write_fit(const std::vector<const RunRecord*>& posterior, const std::vector<const RunRecord*>& base) {
    const bool with_base = plan_.scenario_as_it_was;
    std::string fit = "target,kept_aside,published,median,q05,q95,ratio,within_tolerance";
    fit += with_base ? ",base_median,base_ratio,base_within_tolerance\n" : "\n";
    for (Score& s : scores_) s = Score{};
    predictive_.clear();
    for (std::size_t t = 0; t < targets_.targets.size(); ++t) {
      const Target& target = targets_.targets[t];
      fit += csv_cell(target.id) + (target.kept_aside ? ",true," : ",false,") + text_of(target.value);
      const auto p = predicted(posterior, t, target);
      fit += p ? "," + text_of(p->median) + "," + text_of(p->q05) + "," + text_of(p->q95) + "," + text_of(p->ratio) +
                     (p->within ? ",true" : ",false")
               : ",,,,,";
      predictive_.push_back(p);
      scores_[target.kept_aside ? 1 : 0].add(p);
      if (!with_base) {
        fit += "\n";
        continue;
      }
      const auto b = predicted(base, t, target);
      fit += b ? "," + text_of(b->median) + "," + text_of(b->ratio) + (b->within ? ",true\n" : ",false\n") : ",,,\n";
      scores_[target.kept_aside ? 3 : 2].add(b);
    }
    detail::write_atomically(plan_.dir, "fit.csv", fit);
    if (!with_base) return;
    log_ << "calibrate: mean |log(median / published)| (targets scored; within tolerance):\n"
         << "  fitted targets:     calibrated " << scores_[0].text() << ", the scenario as it was " << scores_[2].text()
         << "\n  kept-aside targets: calibrated " << scores_[1].text() << ", the scenario as it was "
         << scores_[3].text() << '\n';
  }

  const CalibrationSpec& spec_;
  const FitPlan plan_;
  const SweepOptions& options_;
  Dispatch& dispatch_;
  const std::function<bool()>& stopping_;
  std::ostream& log_;
  SweepSpec worker_spec_;
  TargetsFile targets_;
  std::string sha_;
  Journal journal_;
  abc::AbcSmc abc_;
  std::map<std::uint64_t, RunRecord> journaled_;
  std::size_t issued_ = 0;  // candidates issued in the generation under way, this time
  bool failure_told_ = false;
  bool predictive_done_ = false;
  bool wall_stop_ = false;
  // Calibrated: fitted, kept aside; the scenario as it was: fitted, kept aside.
  std::array<Score, 4> scores_{};
  std::vector<std::optional<Predicted>> predictive_;
  // This invocation's start, for calibration.json.
  std::string started_ = detail::utc_now();
  std::chrono::steady_clock::time_point t0_ = std::chrono::steady_clock::now();
  // The generation under way: its candidates reported, those whose runs all succeeded, and
  // the first failure's message; the generation in which none succeeded, if one did not.
  std::uint64_t generation_candidates_ = 0, generation_ok_ = 0;
  std::string first_failure_;
  std::optional<std::size_t> no_success_;
  std::string stopped_by_;  // overrides the sampler's reason: no_successful_run
  // What the generation tables in DIR hold: generations, and particles in the last.
  std::size_t written_generations_ = 0, written_particles_ = 0;
  // The calibration's own: its cross-validation so far (none: not asked for), see write_about.
  nlohmann::json cross_validation_ = nullptr;
  std::uint64_t folds_failed_runs_ = 0;
  bool crossval_written_ = false;
};

// A target's geography as crossval.csv writes it: EU, or its countries joined by '+'.
std::string geography_text(const Target& t) {
  if (t.eu) return "EU";
  std::string out;
  for (const std::string& c : t.countries) out += (out.empty() ? "" : "+") + c;
  return out;
}

// The folds' refits, one after another once the calibration is done, then crossval.csv. Fold k
// is a calibration of its own in DIR/folds/k/ (journal, state.txt, generation tables, a fit.csv
// of its posterior predictive), with its held-out targets weighted 0 and the seed
// derive_seed(seed, k), so that every fold, and a fold resumed, draws the same candidates.
// Each fold's folder is the calibration's: study.json and the lock of DIR cover DIR/folds/*,
// and a fold writes its own calibration.json (its rows, its fold and held-out targets).
// True when every fold is done and crossval.csv written; the calibration's calibration.json
// says how far it got after each fold (`calibration` writes it), `failed` counts the folds'
// failed runs. A fold whose generation had no successful run stops the cross-validation there
// (`no_success`): it has no posterior to predict its held-out targets from, so crossval.csv is
// not written (exit 3, as a calibration that stops so).
bool cross_validate(const CalibrationSpec& spec, const SweepOptions& options, Dispatch& dispatch,
                    const std::function<bool()>& stopping, std::ostream& log, Calibration& calibration,
                    std::uint64_t& failed, bool& no_success) {
  const std::vector<Target>& targets = calibration.targets();
  const Score& in_sample = calibration.fitted_score();
  const CrossValidation& cv = *spec.cross_validate;
  const auto fold_of = assign_folds(targets, spec.weights, cv);
  const std::string by(fold_by_names[static_cast<std::size_t>(cv.by)]);
  nlohmann::json summary = {{"folds", cv.folds}, {"by", by}, {"complete", false}, {"folds_done", 0}};
  nlohmann::json per_fold = nlohmann::json::array();
  std::vector<std::optional<Predicted>> out_of_fold(targets.size());
  std::uint64_t simulations = 0, runs = 0;
  for (std::uint32_t k = 0; k < cv.folds; ++k) {
    FitPlan plan;
    plan.dir = (fs::path(options.out) / "folds" / std::to_string(k)).string();
    plan.settings = spec.settings;
    plan.settings.seed = derive_seed(spec.settings.seed, k);
    plan.weights = spec.weights;
    plan.scenario_as_it_was = false;
    plan.log_name = "calibrate: fold " + std::to_string(k);
    plan.fold = k;
    std::vector<std::string>& held_out = plan.held_out;
    for (std::size_t t = 0; t < targets.size(); ++t)
      if (fold_of[t] == k) {
        plan.weights[t] = 0;
        held_out.push_back(targets[t].id);
      }
    // What a process stopped mid-write left in the fold's folder: its tables are written again.
    if (options.resume) {
      std::error_code ec;
      for (const auto& e : fs::directory_iterator(plan.dir, ec))
        if (e.path().extension() == ".part") fs::remove(e.path(), ec);
    }
    if (!options.quiet)
      log << plan.log_name << " of " << cv.folds << ": refitting without " << detail::joined(held_out) << '\n';
    Calibration fit(spec, plan, options, dispatch, stopping, log);
    const bool done = fit.run();
    failed += fit.failed_runs();
    if (!done) {
      summary["per_fold"] = per_fold;
      if (fit.no_successful_run()) {
        no_success = true;
        summary["stopped_by"] = "no_successful_run";
        summary["failed_fold"] = k;
        log << plan.log_name << " of " << cv.folds << ": no posterior, so its held-out targets cannot be scored; "
            << "the cross-validation stops here and crossval.csv is not written\n";
      } else {
        fit.write_about(false);
      }
      calibration.set_cross_validation(summary, failed, false);
      return false;
    }
    fit.write_about(true);
    Score held, kept;
    for (std::size_t t = 0; t < targets.size(); ++t) {
      if (fold_of[t] == k) {
        out_of_fold[t] = fit.predictive()[t];
        held.add(out_of_fold[t]);
      } else if (targets[t].kept_aside) {
        kept.add(fit.predictive()[t]);
      }
    }
    simulations += fit.state().simulations;
    runs += fit.runs();
    per_fold.push_back({{"fold", k},
                        {"held_out", held_out},
                        {"seed", plan.settings.seed},
                        {"generations", fit.state().generation},
                        {"simulations", fit.state().simulations},
                        {"runs", fit.runs()},
                        {"stopped_by", fit.stopped_by()},
                        {"failed_runs", fit.failed_runs()},
                        {"held_out_score", held.json()},
                        {"kept_aside_score", kept.json()}});
    // The cost of each fold, always: cross-validation multiplies the calibration's.
    log << plan.log_name << " of " << cv.folds << ": " << fit.state().generation << " generations, "
        << fit.state().simulations << " candidates, " << fit.runs() << " runs; held out, mean |log(median / "
        << "published)| " << held.text() << '\n';
    summary["folds_done"] = k + 1;
    summary["per_fold"] = per_fold;
    calibration.set_cross_validation(summary, failed, false);
    calibration.write_about(false);
  }
  std::string table = "fold,target,metric,geography,published,median,q05,q95,ratio,abs_log_ratio,within_tolerance\n";
  Score all;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    if (!fold_of[t]) continue;
    const Target& g = targets[t];
    table += std::to_string(*fold_of[t]) + "," + csv_cell(g.id) + "," +
             std::string(metric_names[static_cast<std::size_t>(g.metric)]) + "," + csv_cell(geography_text(g)) + "," +
             text_of(g.value);
    const auto& p = out_of_fold[t];
    all.add(p);
    if (!p) {
      table += ",,,,,,\n";
      continue;
    }
    table += "," + text_of(p->median) + "," + text_of(p->q05) + "," + text_of(p->q95) + "," + text_of(p->ratio) + "," +
             (p->ratio > 0 ? text_of(std::abs(std::log(p->ratio))) : std::string()) +
             (p->within ? ",true\n" : ",false\n");
  }
  detail::write_atomically(options.out, "crossval.csv", table);
  summary = {{"folds", cv.folds},
             {"by", by},
             {"complete", true},
             {"out_of_fold", all.json()},
             {"in_sample", in_sample.json()},
             {"simulations", simulations},
             {"runs", runs},
             {"per_fold", per_fold}};
  calibration.set_cross_validation(summary, failed, true);
  log << "calibrate: cross-validation, " << cv.folds << " folds by " << by << ", " << simulations << " candidates and "
      << runs << " runs in all: mean |log(median / published)| of the fitted targets out of "
      << "fold " << all.text() << ", in sample " << in_sample.text() << "; " << options.out << "/crossval.csv\n";
  return true;
}

}  // namespace

SweepSpec CalibrationSpec::worker() const {
  SweepSpec w;
  w.file = file;
  w.scenario = scenario;
  w.set = set;
  w.targets = targets;
  w.design = sweep::Design::points;
  return w;
}

double distance(Distance kind, const std::vector<Target>& targets, const std::vector<double>& weights,
                const std::vector<std::optional<double>>& metrics) {
  double sum = 0, total = 0;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    if (weights[t] <= 0) continue;
    if (!metrics[t] || !(*metrics[t] > 0)) return std::numeric_limits<double>::infinity();
    const double l = std::log(*metrics[t] / targets[t].value);
    sum += weights[t] * (kind == Distance::mean_abs_log ? std::abs(l) : l * l);
    total += weights[t];
  }
  if (total <= 0) throw std::invalid_argument("distance: no target has a weight above 0");
  return kind == Distance::mean_abs_log ? sum / total : std::sqrt(sum / total);
}

int coordinate_calibration(const CalibrationSpec& spec, const SweepOptions& options, Dispatch& dispatch,
                           const std::function<bool()>& stopping, std::ostream& log) {
  // study.json and the lock: DIR's, held until the last fold is done (the folds' folders are
  // DIR's own, DIR/folds/k/, and study.json's cross_validate says how they are made).
  const detail::StudyFolder folder(options.out, calibration_identity(spec), options.resume, log);
  FitPlan plan;
  plan.dir = options.out;
  plan.settings = spec.settings;
  plan.weights = spec.weights;
  Calibration calibration(spec, plan, options, dispatch, stopping, log);
  if (spec.cross_validate)
    calibration.set_cross_validation({{"folds", spec.cross_validate->folds},
                                      {"by", fold_by_names[static_cast<std::size_t>(spec.cross_validate->by)]},
                                      {"complete", false},
                                      {"folds_done", 0}},
                                     0, false);
  bool complete = calibration.run();
  if (calibration.no_successful_run()) return sweep_some_failed;  // calibration.json written, the folds not begun
  std::uint64_t failed = 0;                                       // the folds'
  bool no_success = false;
  if (complete) {
    log << "calibrate: done (" << calibration.stopped_by() << ") after " << calibration.state().generation
        << " generations, " << calibration.state().simulations << " candidates; " << options.out
        << "/intervals.csv, fit.csv, calibrated.yaml\n";
    if (spec.cross_validate) {
      calibration.write_about(false);  // fit.csv's rows, before the folds
      complete = cross_validate(spec, options, dispatch, stopping, log, calibration, failed, no_success);
    }
  }
  calibration.write_about(complete);
  if (no_success) return sweep_some_failed;
  if (!complete) {
    log << "calibrate: stopped before the end; `migsim calibrate " << spec.file << " --out " << options.out
        << " --resume` carries on\n";
    return sweep_interrupted;
  }
  return failed + calibration.failed_runs() > 0 ? sweep_some_failed : sweep_all_ok;
}

}  // namespace migsim::study
