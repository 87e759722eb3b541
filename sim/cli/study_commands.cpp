// The study commands (study_commands.hpp): each reads its file into the spec every rank's
// worker needs and rank 0's coordinator, and hands both to study::run_study.
#include "study_commands.hpp"

#include <iostream>

#include "migsim/study/calibrate.hpp"
#include "migsim/study/sensitivity.hpp"
#include "migsim/study/sweep.hpp"

namespace migsim::cli {
namespace {

// A study read by `read` (File: SweepFile, CalibrationFile or SensitivityFile): problems are
// printed (when `print`: rank 0 only) and give none; else `worker(spec)` is what every rank
// runs, and `coordinate(spec, dispatch, options, stopping)` rank 0's coordinator.
template <class File, class Worker, class Coordinate>
study::StudyReader reader(File (*read)(const std::string&), Worker worker, Coordinate coordinate) {
  return [=](const std::string& path, bool print) -> std::optional<study::Study> {
    File file = read(path);
    if (!file.ok()) {
      if (print) study::report_problems(path, file.errors);
      return std::nullopt;
    }
    study::Study s;
    s.worker = worker(file.spec);
    s.coordinate = [spec = std::move(file.spec), coordinate](
                       study::Dispatch& dispatch, const study::SweepOptions& options,
                       const std::function<bool()>& stopping) { return coordinate(spec, dispatch, options, stopping); };
    return s;
  };
}

}  // namespace

int do_sweep(const study::StudyArgs& a, int argc, char** argv) {
  const auto worker = [](const study::SweepSpec& spec) { return spec; };
  const auto coordinate = [](const study::SweepSpec& spec, study::Dispatch& dispatch,
                             const study::SweepOptions& options, const std::function<bool()>& stopping) {
    return study::coordinate_sweep(spec, options, dispatch, stopping, std::cerr);
  };
  return study::run_study(a, reader(study::read_sweep, worker, coordinate), argc, argv);
}

int do_calibrate(const study::StudyArgs& a, int argc, char** argv) {
  const auto worker = [](const study::CalibrationSpec& spec) { return spec.worker(); };
  const auto coordinate = [](const study::CalibrationSpec& spec, study::Dispatch& dispatch,
                             const study::SweepOptions& options, const std::function<bool()>& stopping) {
    return study::coordinate_calibration(spec, options, dispatch, stopping, std::cerr);
  };
  return study::run_study(a, reader(study::read_calibration, worker, coordinate), argc, argv);
}

int do_sensitivity(const study::StudyArgs& a, int argc, char** argv) {
  const auto worker = [](const study::SensitivitySpec& spec) { return study::sensitivity_sweep(spec); };
  // The table of the largest effects goes to stdout, unless -q; the log to stderr.
  const auto coordinate = [](const study::SensitivitySpec& spec, study::Dispatch& dispatch,
                             const study::SweepOptions& options, const std::function<bool()>& stopping) {
    return study::coordinate_sensitivity(spec, options, dispatch, stopping, std::cerr,
                                         options.quiet ? nullptr : &std::cout);
  };
  return study::run_study(a, reader(study::read_sensitivity, worker, coordinate), argc, argv);
}

}  // namespace migsim::cli
