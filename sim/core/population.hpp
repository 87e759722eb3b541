#pragma once
// Agents as a struct of arrays of small integers, indexed by agent id. Sized once for every
// agent the schedule will spawn; agents [0, spawned) exist. No pointers, no per-agent heap.
#include <cstdint>
#include <vector>

#include "migsim/rng.hpp"
#include "migsim/status.hpp"
#include "model.hpp"
#include "routing.hpp"

namespace migsim::detail {

using DayIndex = std::uint16_t;  // days since the scenario's start

struct Population {
  // State
  std::vector<NodeId> node;         // where they are (the start node while travelling)
  std::vector<EdgeId> edge;         // crossing they are on, no_edge otherwise
  std::vector<DestIndex> dest;      // where they are heading, no_dest if nowhere now
  std::vector<Status> status;
  std::vector<std::uint16_t> days_left;  // days until the current crossing is done
  std::vector<float> savings;       // USD left
  std::vector<DayIndex> spawn_day;
  std::vector<DayIndex> since;      // day they arrived at `node`
  std::vector<std::uint16_t> mobility_class;  // index into the run's route tables
  // Attributes (fixed at spawn)
  std::vector<std::uint8_t> profile, age, flags;  // flags: bit0 male, bit1 ex-combatant, bit2 criminal record
  std::vector<DocMask> documents;
  // Today's intent: the crossing the agent wants to start, no_edge if none.
  std::vector<EdgeId> intent;

  std::uint32_t spawned = 0;

  void reserve(std::uint32_t agents);
  Traits traits(std::uint32_t a) const {
    return {profile[a], age[a], documents[a], (flags[a] & 1) != 0, (flags[a] & 2) != 0, (flags[a] & 4) != 0};
  }
};

// Draws agent a's attributes for a departure on `day`, using the day's profile shares.
// Writes the attribute arrays and the initial state (at origin, no destination yet).
void spawn_agent(const Model& model, const Rng& rng, std::uint32_t a, DayIndex day, Population& pop);

// The class key of agent a: profile, documents and which targeted crossing policies apply.
ClassKey class_key_of(const Model& model, const Population& pop, std::uint32_t a);

}  // namespace migsim::detail
