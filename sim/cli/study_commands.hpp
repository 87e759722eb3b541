#pragma once
// `migsim sweep`, `migsim calibrate`, `migsim sensitivity`: each command's one entry point. The
// study layer does the work (migsim/study/launch.hpp: alone or under MPI, signals, DIR's checks);
// a command says only which file it reads and how its runs are coordinated.
#include "migsim/study/launch.hpp"

namespace migsim::cli {

// Each returns the exit code (migsim/study/runs.hpp: 0 every run ok, 3 some runs failed, 2
// invalid file or options, 143 interrupted, 1 internal error).
int do_sweep(const study::StudyArgs& args, int argc, char** argv);        // a sweep file's plan, one batch
int do_calibrate(const study::StudyArgs& args, int argc, char** argv);    // ABC-SMC's candidates, batch by batch
int do_sensitivity(const study::StudyArgs& args, int argc, char** argv);  // a Morris or Sobol' design, then indices

}  // namespace migsim::cli
