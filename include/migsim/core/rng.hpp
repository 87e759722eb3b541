#pragma once
// Counter-based random numbers (Random123 Philox4x32-10). A draw is a pure function of
// (run seed, agent, day, purpose): no generator state, so agents can be processed in any
// order on any number of threads and see the same numbers.
#include <Random123/philox.h>

#include <array>
#include <cstdint>

namespace migsim {

// Why a number is drawn. Each purpose gets its own stream; never reuse one for two things.
enum class Purpose : std::uint32_t {
  profile = 1,
  sex,
  age,
  documents,
  record,
  savings,  // attributes at spawn
  destination,
  capacity_priority,
  replan,  // unused; kept so that the purposes after it keep their streams
  asylum_decision,
  appeal,
  dublin,
  pushback,
  extradition,
  deportation,
  exit_ban,
  lodging,
  detention,
  after_refusal,
  visa_priority,
  case_refusal,          // what someone does after their case was rejected (keyed by the case)
  permit,                // residence permits granted or renewed
  life_event,            // the day a hazard of life after settling next acts, and which one
  onward,                // where people living somewhere move on to
  leave_again,           // whether, and when, people who went home leave again
  sweep_design,          // coordinates of migsim sweep's random and Latin-hypercube designs (keyed by point, parameter)
  sobol_scramble,        // the digital shift of the Saltelli design's Sobol' points (keyed by dimension)
  morris_trajectory,     // a Morris trajectory's start levels and order of parameters (keyed by trajectory, parameter)
  bootstrap,             // the rows of a sensitivity bootstrap resample (keyed by resample, row)
  abc_smc,               // migsim calibrate's candidates (keyed by candidate index, generation)
  posterior_predictive,  // migsim calibrate's draws of particles for fit.csv (keyed by draw, generation)
  entry_record,          // whether an irregular entry into a Dublin state is recorded without an intention
  absconding,            // whether an applicant leaves before a first decision, and where to
  temporary_protection,  // whether someone covered by temporary protection asks for asylum instead (apply_share)
  life_event_after,      // after a visit home, the day a hazard of life after settling next acts, from tomorrow
  origin_place,          // which place of the origin someone sets off from (departures[].places; keyed by spawn day)
  then_apply,            // whether someone whose stay limit is used up applies for asylum where they are
  days_used_before,      // the days of a stay limit someone had used on arrival (keyed by the arrival day)
};

class Rng {
 public:
  explicit Rng(std::uint64_t seed) : key_{{static_cast<std::uint32_t>(seed), static_cast<std::uint32_t>(seed >> 32)}} {}

  // Four independent 32-bit words for (agent, day, purpose). `block` numbers further sets
  // of four for the same triple (0 is the plain draw); a choice among many alternatives
  // takes one word per alternative from blocks 1, 2, ...
  std::array<std::uint32_t, 4> words(std::uint32_t agent, std::uint32_t day, Purpose purpose,
                                     std::uint32_t block = 0) const {
    r123::Philox4x32::ctr_type ctr = {{agent, day, static_cast<std::uint32_t>(purpose), block}};
    const auto out = philox_(ctr, key_);
    return {out[0], out[1], out[2], out[3]};
  }

  // Uniform in [0, 1) with 53 random bits.
  double uniform(std::uint32_t agent, std::uint32_t day, Purpose purpose) const {
    const auto w = words(agent, day, purpose);
    return to_unit(w[0], w[1]);
  }

  // Uniform in [0, 1) from one 32-bit word (where 32 bits of resolution are plenty).
  static double to_unit(std::uint32_t w) { return static_cast<double>(w) * 0x1.0p-32; }

  // Uniform in (0, 1), never 0 or 1, with 24 bits from one 32-bit word: for -log(u) in
  // single precision.
  static float to_open_unit(std::uint32_t w) { return (static_cast<float>(w >> 8) + 0.5f) * 0x1.0p-24f; }

  static double to_unit(std::uint32_t hi, std::uint32_t lo) {
    const std::uint64_t bits = (static_cast<std::uint64_t>(hi) << 21) ^ (lo >> 11);
    return static_cast<double>(bits & ((1ULL << 53) - 1)) * 0x1.0p-53;
  }

 private:
  r123::Philox4x32::key_type key_;
  r123::Philox4x32 philox_;
};

// Seed of replicate `index` of an ensemble with base seed `base`: a SplitMix64 hash, so
// replicates of neighbouring base seeds do not share streams (as base + i would).
constexpr std::uint64_t derive_seed(std::uint64_t base, std::uint64_t index) {
  std::uint64_t z = base ^ (0x9E3779B97F4A7C15ULL * (index + 1));
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

}  // namespace migsim
