#pragma once
// What every study's runs share — a sweep's, a calibration's, a sensitivity analysis's: a
// finished run's record, the options of the command that runs them, its exit codes, and the
// error for a folder that cannot be used.
#include "migsim/study/layer.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace migsim::study {

// One finished run: its row of points.csv, and where and how long it ran.
struct RunRecord {
  std::uint64_t index = 0;
  bool ok = false;
  std::string error;                           // why it failed ("" when ok)
  std::vector<std::optional<double>> metrics;  // one per target; none where undefined or failed
  int rank = 0;
  double wall_seconds = 0;    // the whole run: overrides, build, engine, metrics, kept folder
  double engine_seconds = 0;  // the engine alone (RunResult::wall_seconds)
};

// DIR cannot be used for this study (it holds another one, or a damaged journal or state):
// the user's to fix, so the commands exit 2 (sweep_invalid) with its message.
struct StudyFolderError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The exit codes of `migsim sweep` (and of calibrate and sensitivity).
inline constexpr int sweep_all_ok = 0, sweep_internal_error = 1, sweep_invalid = 2, sweep_some_failed = 3,
                     sweep_interrupted = 143;  // 128 + SIGTERM: stopped early, --resume finishes it

// How a study command was asked to run.
struct SweepOptions {
  std::string out;        // DIR
  bool resume = false;    // finish the sweep DIR holds
  int threads = 0;        // per rank, for the engine
  bool progress = false;  // a progress line on stderr (a terminal's, redrawn)
  bool quiet = false;     // no progress of any kind: only errors and the last line
  std::string command_line;
  std::string command = "sweep";  // the subcommand its log lines, and the --resume hint, name
};

}  // namespace migsim::study
