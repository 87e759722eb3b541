#pragma once
// `migsim sweep`: the command's options and its one entry point (sim/cli/sweep_command.cpp).
// Under mpirun or srun every rank runs it; alone it runs in this process.
#include <string>

namespace migsim::cli {

struct SweepArgs {
  std::string sweep_file, out;
  bool resume = false;
  int threads = 0;  // per rank; 0 = the rank's share of the cores
  bool quiet = false;
};

// Returns the exit code (migsim/io/sweep_run.hpp: 0 all ok, 3 some runs failed, 2 invalid
// sweep file or options, 143 interrupted, 1 internal error).
int do_sweep(const SweepArgs& args, int argc, char** argv);

}  // namespace migsim::cli
