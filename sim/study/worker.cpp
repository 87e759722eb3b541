// A study's runs in one process: each run's scenario built from the base and its overrides,
// run with the targets' metrics observed, its results folder kept if asked. Nothing here
// knows about MPI: a rank is a number it is given.
#include "migsim/study/worker.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <optional>
#include <stdexcept>

#include "folder.hpp"
#include "lower_layers.hpp"
#include "migsim/core/engine.hpp"
#include "migsim/core/flee.hpp"
#include "migsim/io/flee_import.hpp"
#include "migsim/io/flee_out.hpp"
#include "migsim/io/results.hpp"
#include "migsim/io/scenario_yaml.hpp"
#include "migsim/io/targets.hpp"

namespace migsim::study {
namespace {

namespace fs = std::filesystem;

}  // namespace

std::vector<std::string> metric_ids(const SweepSpec& spec) {
  std::vector<std::string> ids;
  if (spec.targets.empty()) return ids;
  const TargetsFile t = read_targets(spec.targets);
  for (const Target& target : t.targets) ids.push_back(target.id);
  return ids;
}

struct SweepWorker::Impl {
  const SweepSpec& spec;
  std::string out_dir;
  int threads = 0, rank = 0;
  bool flee = false;                   // the scenario is a Flee scenario folder: each run imports it
  std::optional<ParsedScenario> base;  // a scenario file, parsed once: each run applies its overrides
  TargetsFile targets;
  std::string scenario_sha256;

  void run_scenario(const SweepRun& run, bool keep, RunRecord& r) const;
  void run_flee(const SweepRun& run, bool keep, RunRecord& r) const;
};

SweepWorker::SweepWorker(const SweepSpec& spec, const std::string& out_dir, int threads, int rank)
    : impl_(std::make_unique<Impl>(Impl{spec, out_dir, threads, rank, is_flee_folder(spec.scenario), std::nullopt,
                                        spec.targets.empty() ? TargetsFile{} : read_targets(spec.targets),
                                        detail::scenario_sha256(spec.scenario)})) {
  if (!impl_->flee) impl_->base.emplace(ParsedScenario::read(spec.scenario));
}

SweepWorker::~SweepWorker() = default;

// A run of a Flee scenario folder: imported with the run's overrides (simsetting.yml keys;
// hasten and the spawn rules shape what the importer makes, so it is imported each time: a few
// milliseconds), run under Flee's rules, measured on its camps; out.csv and a manifest kept
// as `migsim flee` writes them.
void SweepWorker::Impl::run_flee(const SweepRun& run, bool keep, RunRecord& r) const {
  const FleeImport imported = import_flee(spec.scenario, run.overrides);
  if (!imported.ok()) {
    // The first error, as `migsim flee` would print it: the point's values are at fault.
    std::size_t errors = 0;
    for (const Diagnostic& d : imported.diagnostics)
      if (d.severity == Severity::error && errors++ == 0) r.error = format_diagnostic(d, imported.sources);
    if (errors > 1) r.error += " (and " + std::to_string(errors - 1) + " more)";
    return;
  }
  flee::RunOptions options;
  options.seed = run.seed;
  options.threads = threads;
  const flee::Result result = flee::run(imported.scenario, options);
  r.engine_seconds = result.wall_seconds;
  if (keep) {
    ResultsFolder folder(fs::path(out_dir) / "runs" / std::to_string(run.index), true);
    write_flee_out_csv(folder.staging() / "out.csv", imported.scenario, result);
    FleeManifestInfo info;
    info.folder = spec.scenario;
    info.inputs = flee_input_hashes(imported, spec.scenario);
    info.overrides = run.overrides;
    info.seed = run.seed;
    info.command_line = "migsim sweep " + spec.file + " (run " + std::to_string(run.index) + ")";
    write_flee_manifest(folder.staging(), imported.scenario, info, result);
    folder.commit();
  }
  std::vector<std::string> errors;
  for (const Comparison& c : flee_targets(targets, imported.scenario, result, errors))
    r.metrics[static_cast<std::size_t>(c.target - targets.targets.data())] = c.model;
  if (!errors.empty()) throw std::runtime_error(errors.front());
  r.ok = true;
}

// A run of a scenario file: the base with the run's overrides, run with the targets' metrics
// observed, its results folder kept if asked.
void SweepWorker::Impl::run_scenario(const SweepRun& run, bool keep, RunRecord& r) const {
  const LoadResult loaded = base->load(run.overrides);
  if (!loaded.ok()) {
    // The first problem, as `migsim check` would print it: the point's values are at fault.
    r.error = format_diagnostic(loaded.diagnostics.front(), loaded.spec.sources);
    if (loaded.diagnostics.size() > 1) r.error += " (and " + std::to_string(loaded.diagnostics.size() - 1) + " more)";
  } else {
    const auto model = build_model(loaded.spec);
    TargetMetrics metrics(targets);
    std::vector<Observer*> observers{&metrics};
    std::unique_ptr<ResultsFolder> folder;
    std::unique_ptr<CsvWriter> writer;
    if (keep) {
      folder = std::make_unique<ResultsFolder>(fs::path(out_dir) / "runs" / std::to_string(run.index), true);
      writer = std::make_unique<CsvWriter>(folder->staging());
      observers.push_back(writer.get());
    }
    Fanout fanout(observers);
    RunOptions options;
    options.seed = run.seed;
    options.threads = threads;
    const RunResult result = migsim::run(*model, options, &fanout);
    r.engine_seconds = result.wall_seconds;
    if (keep) {
      ManifestInfo info;
      info.scenario_path = spec.scenario;
      info.scenario_sha256 = scenario_sha256;
      info.overrides = run.overrides;
      info.seed = run.seed;
      info.command_line = "migsim sweep " + spec.file + " (run " + std::to_string(run.index) + ")";
      write_manifest(folder->staging(), loaded.spec, *model, info, result);
      folder->commit();
    }
    std::vector<std::string> errors;
    // A target this run cannot answer (a period outside it) fails the run: its column would
    // be empty for a reason the table could not show.
    for (const Comparison& c : metrics.evaluate(errors))
      r.metrics[static_cast<std::size_t>(c.target - targets.targets.data())] = c.model;
    if (!errors.empty()) throw std::runtime_error(errors.front());
    r.ok = true;
  }
}

RunRecord SweepWorker::run(const SweepRun& run) {
  const Impl& s = *impl_;
  RunRecord r;
  r.index = run.index;
  r.rank = s.rank;
  r.metrics.assign(s.targets.targets.size(), std::nullopt);
  const auto t0 = std::chrono::steady_clock::now();
  const bool keep =
      s.spec.keep_all || std::find(s.spec.keep.begin(), s.spec.keep.end(), run.point) != s.spec.keep.end();
  try {
    if (s.flee)
      s.run_flee(run, keep, r);
    else
      s.run_scenario(run, keep, r);
  } catch (const std::exception& e) {
    r.ok = false;
    r.error = e.what();
    if (r.error.empty()) r.error = "failed without a message";  // the journal tells a failed run by its error
  }
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace migsim::study
