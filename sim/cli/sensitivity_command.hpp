#pragma once
// `migsim sensitivity`: the command's one entry point (sim/cli/sensitivity_command.cpp).
#include "study_command.hpp"

namespace migsim::cli {

// Returns the exit code (migsim/io/sweep_run.hpp: 0 all ok, 3 some runs failed, 2 invalid
// sensitivity file or options, 143 interrupted, 1 internal error).
int do_sensitivity(const StudyArgs& args, int argc, char** argv);

}  // namespace migsim::cli
