// `migsim calibrate CALIB.yaml --out DIR [--resume] [--threads N]`: a study command
// (study_command.hpp) whose runs are ABC-SMC's candidates, batch by batch.
#include "calibrate_command.hpp"

#include <iostream>

#include "migsim/io/calibrate.hpp"

namespace migsim::cli {

int do_calibrate(const StudyArgs& a, int argc, char** argv) {
  const StudyReader read = [](const std::string& path, bool print) -> std::optional<Study> {
    io::CalibrationFile file = io::read_calibration(path);
    if (!file.ok()) {
      if (print) report_problems(path, file.errors);
      return std::nullopt;
    }
    Study study;
    study.worker = file.spec.worker();
    study.coordinate = [spec = std::move(file.spec)](io::Dispatch& dispatch, const io::SweepOptions& options,
                                                     const std::function<bool()>& stopping) {
      return io::coordinate_calibration(spec, options, dispatch, stopping, std::cerr);
    };
    return study;
  };
  return run_study(a, read, argc, argv);
}

}  // namespace migsim::cli
