// `migsim sensitivity SA.yaml --out DIR [--resume] [--threads N] [-q]`: a study command
// (study_command.hpp) whose runs are the points of a Morris or Sobol' design, run in one batch,
// then turned into DIR/indices.csv (migsim/io/sensitivity_file.hpp).
#include "sensitivity_command.hpp"

#include <iostream>

#include "migsim/io/sensitivity_file.hpp"

namespace migsim::cli {

int do_sensitivity(const StudyArgs& a, int argc, char** argv) {
  const StudyReader read = [](const std::string& path, bool print) -> std::optional<Study> {
    io::SensitivityFile file = io::read_sensitivity(path);
    if (!file.ok()) {
      if (print) report_problems(path, file.errors);
      return std::nullopt;
    }
    Study study;
    study.worker = io::sensitivity_sweep(file.spec);
    // The table of the largest effects goes to stdout, unless -q; the log to stderr.
    study.coordinate = [spec = std::move(file.spec)](io::Dispatch& dispatch, const io::SweepOptions& options,
                                                     const std::function<bool()>& stopping) {
      return io::coordinate_sensitivity(spec, options, dispatch, stopping, std::cerr,
                                        options.quiet ? nullptr : &std::cout);
    };
    return study;
  };
  return run_study(a, read, argc, argv);
}

}  // namespace migsim::cli
