#pragma once
// `migsim sensitivity SA.yaml --out DIR`: which parameters of a scenario move which outputs.
// A Morris screening or a Sobol' variance decomposition (migsim/inference/sensitivity.hpp, the math) over
// ranges of scenario parameters, each target of a targets file an output analysed. The design's
// points are run as a sweep with design `points` (migsim/study/sweep.hpp: journal, --resume,
// SIGTERM, points.csv, timings.csv, sweep.json), then the indices are computed from points.csv
// into DIR/indices.csv.
//
// The file (YAML; every problem at once, as file:line:col: error: ...):
//   scenario: ../russia-2022.yaml        the base scenario, relative to this file; or a Flee
//                                        scenario folder, as a sweep's (sweep.hpp)
//   set: {people.scale: 200}             overrides of every run (as --set)
//   targets: ../targets/published.yaml   each target's metric is an output analysed
//   parameters:                          ranges only
//     - {path: behaviour.logit.travel_days, min: -0.2, max: -0.05, scale: linear}
//   method: morris                       morris | sobol
//   samples: 10                          morris: trajectories r; sobol: base rows n (a power of 2)
//   levels: 4                            morris only: grid levels per parameter, even (default 4)
//   replicates: 1                        runs per point; the output at a point is their mean (default 1)
//   seed: 1                              the design's, the bootstrap's and the runs' seeds
//   bootstrap: 1000                      resamples for the 95 % intervals; 0: none (default 1000)
//
// Replicate r has the same seed at every point (common random numbers): the difference
// between two points is then the parameters' effect, not two draws of the noise, and a
// parameter that changes nothing gets effects of exactly 0.
#include "migsim/study/layer.hpp"

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "migsim/inference/sensitivity.hpp"
#include "migsim/study/dispatch.hpp"
#include "migsim/study/sweep.hpp"

namespace migsim::study {

// The defaults of the optional keys, written into DIR/sensitivity.json with every run.
inline constexpr std::uint32_t default_morris_levels = 4, default_replicates = 1, default_bootstrap = 1000;

struct SensitivitySpec {
  std::string file;                        // the sensitivity file as given
  std::string scenario;                    // resolved against the file's folder
  std::vector<std::string> set;            // "path=value", in file order
  std::string targets;                     // resolved
  std::vector<SweepParameter> parameters;  // ranges (values empty)
  sensitivity::Method method = sensitivity::Method::morris;
  std::uint64_t samples = 0;  // morris: trajectories; sobol: base rows
  std::uint32_t levels = default_morris_levels;
  std::uint32_t replicates = default_replicates;
  std::uint64_t seed = 0;
  std::uint32_t bootstrap = default_bootstrap;
};

struct SensitivityFile {
  SensitivitySpec spec;
  std::vector<std::string> errors;  // "file:line:col: error: ...", every one found
  bool ok() const { return errors.empty(); }
};

// Reads and checks a sensitivity file and the scenario and targets it names (as read_sweep
// does), and that the method can make its design. Never throws for bad input.
SensitivityFile read_sensitivity(const std::string& path);
SensitivityFile read_sensitivity_text(const std::string& text, const std::string& path);

// The design: its points in unit coordinates and as values. Throws std::invalid_argument if it
// cannot be made (read_sensitivity has already checked that it can).
sensitivity::Design sensitivity_design(const SensitivitySpec& spec);
// The sweep that runs the design's points: design points, the points' values as --set writes
// them, common seeds.
SweepSpec sensitivity_sweep(const SensitivitySpec& spec);

// coordinate_sweep on sensitivity_sweep(spec), then, when every run has finished, the indices
// from DIR/points.csv into DIR/indices.csv (metric,parameter,method,index,value,lo,hi: a row per
// target, parameter and index; numbers in shortest round-trip form, empty where undefined) and
// DIR/sensitivity.json (the settings used, levels included, and per metric whether its indices
// were computed and why not), a line per metric whose indices cannot be computed on `log`, and
// the largest effects per metric on `summary` (if given). A metric is analysed at the mean of
// its replicates at each point; a point where a run failed or left it undefined leaves it
// without indices (its rows are empty), never with invented values. Returns coordinate_sweep's code: sweep_all_ok,
// sweep_some_failed (some runs failed: the metrics they leave without a value have no indices) or sweep_interrupted (no
// indices: --resume finishes). Throws std::runtime_error if DIR cannot be used.
int coordinate_sensitivity(const SensitivitySpec& spec, const SweepOptions& options, Dispatch& dispatch,
                           const std::function<bool()>& stopping, std::ostream& log, std::ostream* summary = nullptr);

}  // namespace migsim::study
