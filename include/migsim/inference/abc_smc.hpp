#pragma once
// ABC-SMC, the algorithm of `migsim calibrate`: approximate Bayesian computation by sequential
// Monte Carlo (Beaumont et al. 2009) with an adaptive epsilon (the alpha-quantile of the last
// generation's distances, as pyABC's median epsilon). Core, no IO: a state machine that an outer
// runner drives. The runner asks for candidates (next_batch), simulates them anywhere (ranks,
// threads), and reports each one's distance to the published targets (report), in any order.
// Everything is a pure function of (parameters, settings, seed): a candidate's values and run
// seed are Philox draws keyed by (seed, candidate index, generation, Purpose::abc_smc), and a
// generation keeps the first `particles` accepted candidates in *index* order, never in finish
// order (finish order would favour fast simulations). The state at a generation boundary is a
// plain struct with a line-based text form, so a calibration can be saved and resumed with
// byte-identical results. Public because the io and cli layers call it.
#include "migsim/inference/layer.hpp"

#include <array>
#include <cstdint>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace migsim::abc {

inline constexpr double infinity = std::numeric_limits<double>::infinity();

enum class Prior : std::uint8_t {
  uniform,      // uniform on [min, max]
  log_uniform,  // log(x) uniform on [log min, log max]; 0 < min
  normal,       // normal(mean, sd), truncated to [min, max] (infinite bounds: not truncated)
};
inline constexpr auto prior_names = std::to_array<std::string_view>({"uniform", "log_uniform", "normal"});
static_assert(static_cast<std::size_t>(Prior::normal) + 1 == prior_names.size(),
              "prior_names must name every Prior, in order");

struct Parameter {
  std::string path;  // the scenario key, as --set takes it
  Prior prior = Prior::uniform;
  double min = -infinity, max = infinity;  // the support (a normal prior's truncation)
  double mean = 0, sd = 1;                 // a normal prior's
  // log of the prior density at x, up to a constant (a truncated normal's mass is left out:
  // it is the same for every x); -infinity outside the support.
  double log_density(double x) const;
};

struct Settings {
  std::size_t particles = 1000;  // accepted candidates per generation
  // Generation 0 simulates this many prior draws and keeps the `particles` closest; 0 (or
  // `particles`) keeps them all, with epsilon infinity.
  std::size_t initial_batch = 0;
  double alpha = 0.5;  // epsilon_t = the alpha-quantile of generation t-1's weighted distances
  std::uint64_t seed = 0;
  // Stopping, checked after each generation (wall time is the runner's):
  std::size_t max_generations = 10;
  double min_epsilon = 0;                      // stop once a generation's epsilon is at most this
  double min_acceptance_rate = 0;              // stop once a generation accepts fewer than this share
  std::uint64_t max_simulations = UINT64_MAX;  // issue no more candidates than the generations count in all
};

// One simulation to run. Its distance is reported with its generation and index.
struct Candidate {
  std::size_t generation = 0;
  std::uint32_t index = 0;     // within its generation
  std::vector<double> values;  // one per parameter, in parameter order
  std::uint64_t run_seed = 0;  // the simulation's seed
};

struct Particle {
  std::vector<double> values;
  double weight = 0;  // importance weight; a generation's sum to 1
  double distance = 0;
};

// A weighted posterior summary of one parameter.
struct Summary {
  double mean = 0, median = 0, q05 = 0, q95 = 0;
};

struct GenerationReport {
  std::size_t generation = 0;
  double epsilon = 0;              // the threshold that was applied
  std::uint64_t simulations = 0;   // candidates this generation needed: up to its last accepted one
  double acceptance_rate = 0;      // particles / simulations
  double ess = 0;                  // effective sample size, 1 / sum of squared weights
  std::uint64_t resampled = 0;     // perturbations outside the prior's support, drawn again
  std::vector<Summary> summaries;  // one per parameter
};

// Everything adaptive, at the start of generation `generation` (no candidate of it issued):
// what a resumed calibration needs, with the parameters and settings, to carry on.
struct State {
  std::uint64_t seed = 0;
  std::size_t generation = 0;       // generations done so far
  double epsilon = infinity;        // the threshold of the generation under way
  std::uint64_t simulations = 0;    // the generations done's, in all
  std::vector<Particle> particles;  // the last generation done's, by candidate index
  std::vector<double> covariance;   // the kernel's of the generation under way, row-major; empty in generation 0
  std::vector<GenerationReport> history;
};

// The state as lines of text, every double in the shortest form that reads back exactly.
std::string to_text(const State& state);
// Throws std::invalid_argument if `text` is not what to_text writes.
State state_from_text(std::string_view text);

enum class Stop : std::uint8_t { running, max_generations, min_epsilon, min_acceptance_rate, max_simulations };
inline constexpr auto stop_names = std::to_array<std::string_view>(
    {"running", "max_generations", "min_epsilon", "min_acceptance_rate", "max_simulations"});
static_assert(static_cast<std::size_t>(Stop::max_simulations) + 1 == stop_names.size(),
              "stop_names must name every Stop, in order");

class AbcSmc {
 public:
  // A new calibration, or one resumed from a saved state (its seed and widths must match).
  // Throws std::invalid_argument on a parameter or setting it cannot run with.
  AbcSmc(std::vector<Parameter> params, Settings settings, std::optional<State> resumed = std::nullopt);

  // Up to n more candidates of the generation under way, by increasing index. Issuing more
  // than the generation turns out to need is harmless: the surplus's distances are ignored.
  // Fewer (or none) when generation 0's batch or the simulation budget is all issued.
  std::vector<Candidate> next_batch(std::size_t n);

  // The distance of a candidate (NaN: the simulation failed; never accepted). Reports of an
  // earlier generation are ignored. Returns true if this report completed the generation:
  // state() is then the new boundary, to save. Throws std::invalid_argument on a candidate
  // that was never issued or is reported twice.
  bool report(std::size_t generation, std::uint32_t index, double distance);

  Stop stop() const;
  bool done() const { return stop() != Stop::running; }
  const State& state() const { return state_; }
  const std::vector<Parameter>& parameters() const { return params_; }

 private:
  struct Pending {
    Candidate candidate;
    std::uint64_t resampled = 0;
    std::optional<double> distance;
  };
  Candidate draw(std::uint32_t index, std::uint64_t& resampled) const;
  void end_generation(std::vector<std::size_t> kept, std::uint64_t simulations, double epsilon);
  void prepare_kernel();
  std::uint64_t budget() const;

  std::vector<Parameter> params_;
  Settings settings_;
  State state_;
  // The generation under way: its candidates by index, and how far the in-order scan got.
  std::vector<Pending> pending_;
  std::size_t reported_ = 0, scanned_ = 0, accepted_ = 0;
  // Derived from state_ at each boundary: the kernel's Cholesky factor (row-major, lower) and
  // the cumulative weights that pick an ancestor.
  std::vector<double> chol_, cumulative_;
};

}  // namespace migsim::abc
