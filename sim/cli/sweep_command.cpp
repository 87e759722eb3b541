// `migsim sweep SWEEP.yaml --out DIR [--resume] [--threads N]`: a study command
// (study_command.hpp) whose runs are the sweep file's plan, run in one batch.
#include "sweep_command.hpp"

#include <iostream>

#include "migsim/io/sweep.hpp"
#include "study_command.hpp"

namespace migsim::cli {

int do_sweep(const StudyArgs& a, int argc, char** argv) {
  const StudyReader read = [](const std::string& path, bool print) -> std::optional<Study> {
    io::SweepFile file = io::read_sweep(path);
    if (!file.ok()) {
      if (print) report_problems(path, file.errors);
      return std::nullopt;
    }
    Study study;
    study.worker = file.spec;
    study.coordinate = [spec = std::move(file.spec)](io::Dispatch& dispatch, const io::SweepOptions& options,
                                                     const std::function<bool()>& stopping) {
      return io::coordinate_sweep(spec, options, dispatch, stopping, std::cerr);
    };
    return study;
  };
  return run_study(a, read, argc, argv);
}

}  // namespace migsim::cli
