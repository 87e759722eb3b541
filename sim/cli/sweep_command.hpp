#pragma once
// `migsim sweep`: the command's one entry point (sim/cli/sweep_command.cpp).
#include "study_command.hpp"

namespace migsim::cli {

// Returns the exit code (migsim/io/sweep_run.hpp: 0 all ok, 3 some runs failed, 2 invalid
// sweep file or options, 143 interrupted, 1 internal error).
int do_sweep(const StudyArgs& args, int argc, char** argv);

}  // namespace migsim::cli
