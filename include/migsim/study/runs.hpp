#pragma once
// Running a sweep's runs and recording them, without MPI: what one process does, and what
// every rank does under MPI (sim/study/launch/mpi.cpp hands out the runs; the rest is here).
//
// DIR holds, besides the kept results folders (runs/<index>/):
//   journal.csv  one line per finished run, appended and flushed to disk as each finishes,
//                so that an interrupted sweep loses nothing it finished: --resume reads it
//                and runs only what is missing;
//   points.csv   point,replicate,seed,<parameter paths>,status,error,<target ids>: one row per
//                run, by point then replicate; no timings, so byte-identical whatever the
//                ranks, threads or interruptions;
//   timings.csv  run,rank,wall_s,engine_s: the whole run, and the engine's part of it;
//   sweep.json   version, commit, the sweep file and its SHA-256, the design, ranks,
//                threads per rank, start and end.
#include "migsim/study/layer.hpp"

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

#include "migsim/study/sweep.hpp"

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

// Runs one run after another in this process: parses the base scenario and the targets
// once, then per run applies the overrides in memory, builds, runs with the target metrics
// observed (and the results folder written, if the run is kept). Never throws for a bad run:
// its record says failed, with the scenario's message or the exception's.
class SweepWorker {
 public:
  SweepWorker(const SweepSpec& spec, const std::string& out_dir, int threads, int rank);
  ~SweepWorker();
  RunRecord run(const SweepRun& run);

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The target ids of the sweep's targets file, in file order (the metric columns).
std::vector<std::string> metric_ids(const SweepSpec& spec);

// DIR cannot be used for this study (it holds another one, or a damaged journal or state):
// the user's to fix, so the commands exit 2 (sweep_invalid) with its message.
struct StudyFolderError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// The journal of DIR: what has finished, durably.
class Journal {
 public:
  // Opens DIR/journal.csv for appending. With `resume`, reads what it holds (a last line cut
  // short by a crash is dropped: that run runs again); without, DIR must hold no journal.
  // Throws StudyFolderError if DIR holds another study's or a damaged journal, and
  // std::runtime_error if the file cannot be opened or written.
  Journal(const std::string& dir, const SweepSpec& spec, bool resume);
  ~Journal();
  const std::vector<RunRecord>& finished() const { return finished_; }
  void record(const RunRecord& r);  // appended and flushed to disk before it returns

 private:
  std::string path_;
  std::vector<RunRecord> finished_;
  int fd_ = -1;
};

// Writes points.csv and timings.csv (atomically) from the records of the runs finished, one
// per run index; sweep.json from `about`.
struct SweepAbout {
  std::string command_line, started_utc, ended_utc;
  int ranks = 1, threads = 0;
  double wall_seconds = 0;  // from planning to the last record, this time (not a resumed part)
  std::uint64_t runs = 0, finished = 0, failed = 0;
  bool complete = false;
};
void write_sweep_tables(const std::string& dir, const SweepSpec& spec, const std::vector<SweepRun>& runs,
                        const std::vector<RunRecord>& records, const SweepAbout& about);

// The exit codes of `migsim sweep`.
inline constexpr int sweep_all_ok = 0, sweep_internal_error = 1, sweep_invalid = 2, sweep_some_failed = 3,
                     sweep_interrupted = 143;  // 128 + SIGTERM: stopped early, --resume finishes it

// Who runs what. A sweep is a coordinator that hands out run indices and records results
// (one journal, one writer), and workers that run them: in one process both are here
// (LocalDispatch); under MPI, sim/study/launch/mpi.cpp passes the same calls between ranks.
class Dispatch {
 public:
  virtual ~Dispatch() = default;
  // Runs every run of `pending` (indices into `runs`) somewhere, calling `done` in this
  // process for each record as it finishes, in the order they finish; stops handing out runs
  // once `stopping()` is true, and returns when every run handed out has come back.
  virtual void run_all(const std::vector<SweepRun>& runs, const std::vector<std::uint64_t>& pending,
                       const std::function<void(const RunRecord&)>& done, const std::function<bool()>& stopping) = 0;
  virtual int ranks() const = 0;
};

// Every run in this process, one after another, in index order.
class LocalDispatch : public Dispatch {
 public:
  explicit LocalDispatch(SweepWorker& worker) : worker_(worker) {}
  void run_all(const std::vector<SweepRun>& runs, const std::vector<std::uint64_t>& pending,
               const std::function<void(const RunRecord&)>& done, const std::function<bool()>& stopping) override;
  int ranks() const override { return 1; }

 private:
  SweepWorker& worker_;
};

struct SweepOptions {
  std::string out;        // DIR
  bool resume = false;    // finish the sweep DIR holds
  int threads = 0;        // per rank, for the engine
  bool progress = false;  // a progress line on stderr (a terminal's, redrawn)
  bool quiet = false;     // no progress of any kind: only errors and the last line
  std::string command_line;
  std::string command = "sweep";  // the subcommand its log lines, and the --resume hint, name
};

// The coordinator: opens the journal, runs what is missing through `dispatch`, records
// each run as it finishes, and writes the tables. Returns sweep_all_ok, sweep_some_failed
// or sweep_interrupted (when `stopping()` turned true before every run finished). Throws
// std::runtime_error with a message for the user if DIR cannot be used.
int coordinate_sweep(const SweepSpec& spec, const SweepOptions& options, Dispatch& dispatch,
                     const std::function<bool()>& stopping, std::ostream& log);

}  // namespace migsim::study
