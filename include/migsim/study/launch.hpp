#pragma once
// What the study commands — `migsim sweep`, `migsim calibrate`, `migsim sensitivity` — share:
// each reads a file that names a scenario and many runs of it, and writes what the runs say
// into DIR, resumably; the same command alone and under mpirun or srun. Alone, the runs go
// one after another in this process; under MPI, rank 0 coordinates and every rank runs
// (mpi.cpp). SIGTERM and SIGINT (a walltime, a Ctrl-C) stop the handing out of runs:
// what finished is recorded, and the exit code says to --resume.
#include "migsim/study/layer.hpp"

#include <functional>
#include <optional>
#include <string>

#include "migsim/study/dispatch.hpp"

namespace migsim::study {

struct StudyArgs {
  std::string file, out;
  bool resume = false;
  int threads = 0;  // per rank; 0 = the rank's share of the cores
  bool quiet = false;
};

// A study read from its file: what every rank's worker needs (the scenario, `set`, the
// targets; SweepWorker's spec), and rank 0's coordinator, which runs batches of runs through
// the dispatch and returns the exit code (sweep_all_ok ... in migsim/study/runs.hpp).
struct Study {
  SweepSpec worker;
  std::function<int(Dispatch&, const SweepOptions&, const std::function<bool()>& stopping)> coordinate;
};

// Reads the study file; on problems prints them (when `print`: rank 0 only) and returns none.
using StudyReader = std::function<std::optional<Study>(const std::string& file, bool print)>;

// Runs a study command: checks DIR (new, or holding a journal.csv with --resume), catches
// the stop signals, and runs the study alone or under MPI. Returns the exit code.
int run_study(const StudyArgs& args, const StudyReader& read, int argc, char** argv);

// Prints a file's problems (file:line:col: error: ...) and the line that says nothing ran.
void report_problems(const std::string& file, const std::vector<std::string>& errors);

}  // namespace migsim::study
