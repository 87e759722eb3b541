#pragma once
// `migsim sweep SWEEP.yaml --out DIR`: many runs of one scenario, each with its own
// overrides (a point of a design) and seed (a replicate), their target metrics collected in
// one table. This header: the sweep file as plain data, its plan — every run, in order, with
// its overrides and seed — and its coordinator. A run is run by worker.hpp, recorded by
// journal.hpp, handed out by dispatch.hpp.
//
// The sweep file (YAML; every problem at once, as file:line:col: error: ...):
//   scenario: ../russia-2022.yaml        the base scenario, relative to the sweep file; or a Flee
//                                        scenario folder, whose runs are Flee's (paths: simsetting.yml
//                                        keys, move_rules.camp_weight, or location and route attributes,
//                                        locations.<name>.population; targets: Flee metrics)
//   set: {people.scale: 20}              overrides of every run (as --set)
//   parameters:                          what varies: a list of values, or a range
//     - {path: policies.croatia_recognition.rate, values: [0.11, 0.163]}
//     - {path: behaviour.logit.travel_days, min: -0.2, max: -0.05, scale: linear, integer: false}
//   design: grid                         grid | random | latin_hypercube | sobol | points
//   samples: 100                         points of a sampled design (random, latin_hypercube, sobol)
//   points: points.csv                   the points design: one column per parameter path
//   replicates: 5                        runs per point
//   seed: 1                              the sweep seed
//   common_seeds: false                  true: replicate r has the same seed at every point
//   targets: ../targets/published.yaml   metrics of every run, one per target id
//   keep: none                           none | all | a list of point numbers: their results folders
//
// DIR holds, besides the kept results folders (runs/<index>/):
//   journal.csv  one line per finished run (journal.hpp);
//   points.csv   point,replicate,seed,<parameter paths>,status,error,<target ids>: one row per
//                run, by point then replicate; no timings, so byte-identical whatever the
//                ranks, threads or interruptions;
//   timings.csv  run,rank,wall_s,engine_s: the whole run, and the engine's part of it;
//   sweep.json   version, commit, the sweep file and its SHA-256, the design, ranks,
//                threads per rank, start and end.
#include "migsim/study/layer.hpp"

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "migsim/core/diagnostic.hpp"
#include "migsim/inference/design.hpp"
#include "migsim/study/runs.hpp"

namespace migsim::study {

struct SweepParameter {
  std::string path;                 // the scenario key, as --set takes it
  std::vector<std::string> values;  // a list parameter's values as written; empty for a range
  double min = 0, max = 0;          // a range parameter's bounds, both included
  sweep::Scale scale = sweep::Scale::linear;
  bool integer = false;
  Loc loc;  // the item in the sweep file
};

struct SweepSpec {
  std::string file;              // the sweep file as given
  std::string scenario;          // the base scenario's path, resolved against the sweep file's folder: a
                                 // scenario file, or a Flee scenario folder (io::is_flee_folder)
  std::vector<std::string> set;  // "path=value", in file order
  std::vector<SweepParameter> parameters;
  sweep::Design design = sweep::Design::grid;
  std::uint64_t samples = 0;
  std::string points_file;                      // resolved; the points design only
  std::vector<std::vector<std::string>> given;  // its rows, in parameter order
  std::uint32_t replicates = 1;
  std::uint64_t seed = 1;
  bool common_seeds = false;
  std::string targets;              // resolved; empty: no metrics
  bool keep_all = false;            // keep every run's results folder ...
  std::vector<std::uint64_t> keep;  // ... or those of these points
};

struct SweepFile {
  SweepSpec spec;
  std::vector<std::string> errors;  // "file:line:col: error: ...", every one found
  bool ok() const { return errors.empty(); }
};

// Reads and checks a sweep file, and the base scenario, targets and points files it names:
// every parameter and set path must lead somewhere in the base scenario, and the base with
// the set overrides must be a valid scenario. Never throws for bad input.
SweepFile read_sweep(const std::string& path);
SweepFile read_sweep_text(const std::string& text, const std::string& path);

// One run of a sweep.
struct SweepRun {
  std::uint64_t index = 0;  // point * replicates + replicate: the row of points.csv
  std::uint64_t point = 0;
  std::uint32_t replicate = 0;
  std::uint64_t seed = 0;
  std::vector<std::string> values;     // one per parameter, as the override has it
  std::vector<std::string> overrides;  // set, then "path=value" per parameter
};

// Every run, in order. The seed of a run is derive_seed(derive_seed(sweep seed, point),
// replicate), or derive_seed(sweep seed, replicate) with common_seeds: a pure function of the
// sweep file, whatever ranks, threads or interruptions. Throws std::invalid_argument if the
// design cannot be made (read_sweep has already checked that it can).
std::vector<SweepRun> plan_sweep(const SweepSpec& spec);

class Dispatch;  // dispatch.hpp

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

// The coordinator of `migsim sweep`: opens the journal, runs what is missing through `dispatch`, records
// each run as it finishes, and writes the tables. Returns sweep_all_ok, sweep_some_failed
// or sweep_interrupted (when `stopping()` turned true before every run finished). Throws
// std::runtime_error with a message for the user if DIR cannot be used.
int coordinate_sweep(const SweepSpec& spec, const SweepOptions& options, Dispatch& dispatch,
                     const std::function<bool()>& stopping, std::ostream& log);

}  // namespace migsim::study
