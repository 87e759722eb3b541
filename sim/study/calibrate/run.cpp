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

#include "lower_layers.hpp"
#include "migsim/core/rng.hpp"
#include "migsim/inference/design.hpp"
#include "migsim/inference/quantile.hpp"
#include "migsim/io/overrides_file.hpp"
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
  if (!fs::exists(path)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  const std::string head = "calibration_sha256 " + sha + "\n";
  if (text.rfind("calibration_sha256 ", 0) != 0) throw StudyFolderError(path.string() + ": not a calibration's state");
  if (text.rfind(head, 0) != 0)
    throw StudyFolderError(path.string() +
                           ": the calibration in this folder was made from another calibration file (its SHA-256 "
                           "differs); expected the same file to --resume, or another --out folder");
  try {
    return abc::state_from_text(std::string_view(text).substr(head.size()));
  } catch (const std::invalid_argument& e) {
    throw StudyFolderError(path.string() + ": " + e.what());
  }
}

// One fit: the calibration itself, or one fold's refit with the fold's targets held out.
struct FitPlan {
  std::string dir;                     // its journal, state.txt and tables
  abc::Settings settings;              // the file's, with this fit's seed
  std::vector<double> weights;         // per target, as CalibrationSpec::weights; 0: not fitted
  bool scenario_as_it_was = true;      // fit.csv's base_* columns (the calibration's own fit only)
  std::string log_name = "calibrate";  // the head of its log lines
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
        journal_(plan_.dir, worker_spec_, options.resume),
        abc_(spec.parameters, plan_.settings,
             options.resume ? read_state(plan_.dir, sha_) : std::optional<abc::State>{}) {
    if (!targets_.ok()) throw std::runtime_error(targets_.errors.front());
    for (const RunRecord& r : journal_.finished()) journaled_[r.index] = r;
  }

  // Runs the fit until it ends or is stopped; true when it has ended and its fit.csv is written.
  bool run() {
    const auto t0 = std::chrono::steady_clock::now();
    if (abc_.state().generation > 0) {
      log_ << plan_.log_name << ": resuming after generation " << abc_.state().generation - 1 << '\n';
      write_generation_tables();  // as they were at that boundary, in case the stop cut them short
    }
    while (!abc_.done() && !stopping_()) {
      const bool generation_ended = run_batch();
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
    return wall_stop_ ? std::string("max_wall_time")
                      : std::string(abc::stop_names[static_cast<std::size_t>(abc_.stop())]);
  }
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

  // What calibration.json says of this fit: how far it went, and its scores once complete.
  void about(nlohmann::json& j) const {
    j["generations"] = abc_.state().generation;
    j["simulations"] = abc_.state().simulations;
    j["stopped_by"] = stopped_by();
    j["failed_runs"] = failed_runs();
    if (predictive_done_ && plan_.scenario_as_it_was) {
      j["score"]["calibrated"]["fitted"] = scores_[0].json();
      j["score"]["calibrated"]["kept_aside"] = scores_[1].json();
      j["score"]["scenario_as_it_was"]["fitted"] = scores_[2].json();
      j["score"]["scenario_as_it_was"]["kept_aside"] = scores_[3].json();
    }
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
      if (abc_.report(c.generation, c.index, d)) {
        ended = true;
        issued_ = 0;
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
    const std::string calibrated =
        overrides_file_text(medians, "migsim calibrate " + spec_.file + ": the posterior medians after generation " +
                                         std::to_string(s.generation - 1) +
                                         " (intervals.csv has the 90% intervals).\nApply with: migsim run " +
                                         spec_.scenario + " --set-file calibrated.yaml");
    detail::write_atomically(dir, "posterior_gen" + std::to_string(s.generation - 1) + ".csv", posterior);
    detail::write_atomically(dir, "posterior.csv", posterior);
    detail::write_atomically(dir, "generations.csv", generations);
    detail::write_atomically(dir, "intervals.csv", intervals);
    detail::write_atomically(dir, "calibrated.yaml", calibrated);
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
// True when every fold is done and crossval.csv written; `summary` is calibration.json's
// cross_validation either way (how far it got, when stopped), `failed` counts failed runs.
bool cross_validate(const CalibrationSpec& spec, const SweepOptions& options, Dispatch& dispatch,
                    const std::function<bool()>& stopping, std::ostream& log, const std::vector<Target>& targets,
                    const Score& in_sample, nlohmann::json& summary, std::uint64_t& failed) {
  const CrossValidation& cv = *spec.cross_validate;
  const auto fold_of = assign_folds(targets, spec.weights, cv);
  const std::string by(fold_by_names[static_cast<std::size_t>(cv.by)]);
  summary = {{"folds", cv.folds}, {"by", by}, {"complete", false}};
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
    std::vector<std::string> held_out;
    for (std::size_t t = 0; t < targets.size(); ++t)
      if (fold_of[t] == k) {
        plan.weights[t] = 0;
        held_out.push_back(targets[t].id);
      }
    if (!options.quiet)
      log << plan.log_name << " of " << cv.folds << ": refitting without " << detail::joined(held_out) << '\n';
    Calibration fit(spec, plan, options, dispatch, stopping, log);
    const bool done = fit.run();
    failed += fit.failed_runs();
    if (!done) {
      summary["folds_done"] = k;
      summary["per_fold"] = per_fold;
      return false;
    }
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
  const auto t0 = std::chrono::steady_clock::now();
  const std::string started = detail::utc_now();
  FitPlan plan;
  plan.dir = options.out;
  plan.settings = spec.settings;
  plan.weights = spec.weights;
  Calibration calibration(spec, plan, options, dispatch, stopping, log);
  bool complete = calibration.run();
  std::uint64_t failed = calibration.failed_runs();
  if (complete)
    log << "calibrate: done (" << calibration.stopped_by() << ") after " << calibration.state().generation
        << " generations, " << calibration.state().simulations << " candidates; " << options.out
        << "/intervals.csv, fit.csv, calibrated.yaml\n";
  nlohmann::json cross_validation = nullptr;
  if (spec.cross_validate) {
    cross_validation = {{"folds", spec.cross_validate->folds},
                        {"by", fold_by_names[static_cast<std::size_t>(spec.cross_validate->by)]},
                        {"complete", false},
                        {"folds_done", 0}};
    if (complete)
      complete = cross_validate(spec, options, dispatch, stopping, log, calibration.targets(),
                                calibration.fitted_score(), cross_validation, failed);
  }

  nlohmann::json j = detail::study_json("calibration", spec.file, spec.scenario);
  j["targets"] = spec.targets;
  j["seed"] = spec.settings.seed;
  calibration.about(j);
  j["complete"] = complete;
  j["failed_runs"] = failed;  // in every fit, the folds' included
  if (spec.cross_validate) j["cross_validation"] = cross_validation;
  j["ranks"] = dispatch.ranks();
  j["threads_per_rank"] = options.threads;
  j["wall_seconds_this_time"] = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  j["started_utc"] = started;
  j["ended_utc"] = detail::utc_now();
  j["command_line"] = options.command_line;
  detail::write_atomically(options.out, "calibration.json", j.dump(2) + "\n");
  if (!complete) {
    log << "calibrate: stopped before the end; `migsim calibrate " << spec.file << " --out " << options.out
        << " --resume` carries on\n";
    return sweep_interrupted;
  }
  return failed > 0 ? sweep_some_failed : sweep_all_ok;
}

}  // namespace migsim::study
