#pragma once
// Running a study's runs without MPI: what one process does, and what every rank does under
// MPI (sim/study/launch/mpi.cpp hands out the runs).
#include "migsim/study/layer.hpp"

#include <memory>
#include <string>
#include <vector>

#include "migsim/study/runs.hpp"
#include "migsim/study/sweep.hpp"

namespace migsim::study {

// Runs one run after another in this process: parses the base scenario and the targets
// once, then per run applies the overrides in memory, builds, runs with the target metrics
// observed (and the results folder written, if the run is kept). Never throws for a bad run:
// its record says failed, with the scenario's message or the exception's.
class SweepWorker {
 public:
  SweepWorker(const SweepSpec& spec, const std::string& out_dir, int threads, int rank);
  ~SweepWorker();
  RunRecord run(const SweepRun& run);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The target ids of the sweep's targets file, in file order (the metric columns).
std::vector<std::string> metric_ids(const SweepSpec& spec);

}  // namespace migsim::study
