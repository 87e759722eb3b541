// A study's runs in one process: each run's scenario built from the base and its overrides,
// run with the targets' metrics observed, its results folder kept if asked. Nothing here
// knows about MPI: a rank is a number it is given.
#include "migsim/study/worker.hpp"

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <stdexcept>

#include "lower_layers.hpp"
#include "migsim/core/engine.hpp"
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
  ParsedScenario base;
  TargetsFile targets;
  std::string scenario_sha256;
};

SweepWorker::SweepWorker(const SweepSpec& spec, const std::string& out_dir, int threads, int rank)
    : impl_(std::make_unique<Impl>(Impl{spec, out_dir, threads, rank, ParsedScenario::read(spec.scenario),
                                        spec.targets.empty() ? TargetsFile{} : read_targets(spec.targets),
                                        sha256_file(spec.scenario)})) {}

SweepWorker::~SweepWorker() = default;

RunRecord SweepWorker::run(const SweepRun& run) {
  const Impl& s = *impl_;
  RunRecord r;
  r.index = run.index;
  r.rank = s.rank;
  r.metrics.assign(s.targets.targets.size(), std::nullopt);
  const auto t0 = std::chrono::steady_clock::now();
  try {
    const LoadResult loaded = s.base.load(run.overrides);
    if (!loaded.ok()) {
      // The first problem, as `migsim check` would print it: the point's values are at fault.
      r.error = format_diagnostic(loaded.diagnostics.front(), loaded.spec.sources);
      if (loaded.diagnostics.size() > 1) r.error += " (and " + std::to_string(loaded.diagnostics.size() - 1) + " more)";
    } else {
      const auto model = build_model(loaded.spec);
      TargetMetrics metrics(s.targets);
      std::vector<Observer*> observers{&metrics};
      const bool keep =
          s.spec.keep_all || std::find(s.spec.keep.begin(), s.spec.keep.end(), run.point) != s.spec.keep.end();
      std::unique_ptr<ResultsFolder> folder;
      std::unique_ptr<CsvWriter> writer;
      if (keep) {
        folder = std::make_unique<ResultsFolder>(fs::path(s.out_dir) / "runs" / std::to_string(run.index), true);
        writer = std::make_unique<CsvWriter>(folder->staging());
        observers.push_back(writer.get());
      }
      Fanout fanout(observers);
      RunOptions options;
      options.seed = run.seed;
      options.threads = s.threads;
      const RunResult result = migsim::run(*model, options, &fanout);
      r.engine_seconds = result.wall_seconds;
      if (keep) {
        ManifestInfo info;
        info.scenario_path = s.spec.scenario;
        info.scenario_sha256 = s.scenario_sha256;
        info.overrides = run.overrides;
        info.seed = run.seed;
        info.command_line = "migsim sweep " + s.spec.file + " (run " + std::to_string(run.index) + ")";
        write_manifest(folder->staging(), loaded.spec, *model, info, result);
        folder->commit();
      }
      std::vector<std::string> errors;
      // A target this run cannot answer (a period outside it) fails the run: its column would
      // be empty for a reason the table could not show.
      for (const Comparison& c : metrics.evaluate(errors))
        r.metrics[static_cast<std::size_t>(c.target - s.targets.targets.data())] = c.model;
      if (!errors.empty()) throw std::runtime_error(errors.front());
      r.ok = true;
    }
  } catch (const std::exception& e) {
    r.ok = false;
    r.error = e.what();
    if (r.error.empty()) r.error = "failed without a message";  // the journal tells a failed run by its error
  }
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

}  // namespace migsim::study
