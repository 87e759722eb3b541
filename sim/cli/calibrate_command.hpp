#pragma once
// `migsim calibrate`: the command's one entry point (sim/cli/calibrate_command.cpp).
#include "study_command.hpp"

namespace migsim::cli {

// Returns the exit code (migsim/io/sweep_run.hpp: 0 done, 3 done but some runs failed, 2
// invalid file or options, 143 interrupted, 1 internal error).
int do_calibrate(const StudyArgs& args, int argc, char** argv);

}  // namespace migsim::cli
