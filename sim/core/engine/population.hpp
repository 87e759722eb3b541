#pragma once
// Agents as a struct of arrays of small integers, indexed by agent id. Sized once for every
// agent the schedule will spawn; agents [0, spawned) exist. No pointers, no per-agent heap.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "engine/model.hpp"
#include "engine/routing.hpp"
#include "migsim/rng.hpp"
#include "migsim/status.hpp"

namespace migsim::detail {

using DayIndex = std::uint16_t;  // days since the scenario's start
inline constexpr DayIndex no_day = 0xFFFF;

// An earlier stay in a country, as a block of `used` days ending on day `left`.
struct PriorStay {
  NodeId country = no_node;
  int used = 0, left = 0;
  // Its days that fall within the `window` days up to `day` (0 if it was elsewhere).
  int days_within(NodeId c, int day, int window) const {
    if (country != c || window <= 0) return 0;
    return std::max(0, left - std::max(left - used, day - window));
  }
};

// Agent flag bits.
inline constexpr std::uint8_t flag_male = 1, flag_ex_combatant = 2, flag_criminal = 4;
// In their own country for good, making no plans: gone home, or hid there after a pushback
// (abroad, the same choice is the status irregular).
inline constexpr std::uint8_t flag_hiding = 8;
inline constexpr std::uint8_t flag_dublin_transfer =
    16;  // dublin_pending ends in a transfer (else the deadline passes)
// Irregular after their case was rejected: still a rejected applicant, so deportation applies
// and they are in limbo until removed.
inline constexpr std::uint8_t flag_removable = 32;
// Pushed back at least once, anywhere: pushbacks are counted per person as well as per attempt.
inline constexpr std::uint8_t flag_pushed_back = 64;
// Living somewhere (settled or irregular): a hazard of life after settling acts on the day in
// next_change, drawn ahead (Run::live); without it that day is only when things change.
inline constexpr std::uint8_t flag_life_due = 128;

struct Population {
  // State
  std::vector<NodeId> node;     // where they are (the start node while travelling)
  std::vector<EdgeId> edge;     // crossing they are on, no_edge otherwise
  std::vector<DestIndex> dest;  // where they are heading, no_dest if nowhere now
  std::vector<Status> status;
  // Countdown while travelling, lodging, appealing or awaiting a Dublin transfer. Otherwise the
  // run's tables_version_ when what they do next was settled under today's policies: held at
  // the origin or with nowhere to go, or a day drawn ahead for someone living somewhere.
  std::vector<std::uint16_t> days_left;
  std::vector<float> savings;  // USD left
  std::vector<DayIndex> spawn_day;
  std::vector<DayIndex> since;                // day they arrived at `node`
  std::vector<std::uint16_t> mobility_class;  // index into the run's route tables
  std::vector<NodeId> arrived_from;           // start node of the crossing that brought them to `node`
  // Asylum (the last case; no_node / no_day where none)
  std::vector<NodeId> asylum_node;  // where they last registered
  std::vector<NodeId> responsible;  // the Dublin state responsible for them (a country node)
  std::vector<DayIndex> registered_day, applied_day, first_decision_day, final_decision_day;
  std::vector<std::uint32_t> ticket;  // place in asylum_node's first-instance queue, people of all nationalities
  // The last stay in a country a stay limit covers, for "90 days in any 180": the country
  // (no_node if none), the days it counted when they left, and the day they left. The days
  // are taken as one block ending that day (exact for one stay, or stays back to back).
  std::vector<NodeId> stay_country;
  std::vector<DayIndex> stay_used, stay_left;
  // Life after settling: the day a residence permit in the country they live in runs out
  // (no_day: none decided there), and the next day something is due for them (Run::live): a
  // permit's end, a hazard's drawn day, or, at the origin, the day people who went home leave
  // again. next_change holds while days_left == the run's tables_version_ (policies unchanged).
  std::vector<DayIndex> permit_until, next_change;
  // The first day the decide phase needs to look at them (Run::wake_after); 0 for new people.
  std::vector<DayIndex> wake;
  // Attributes (fixed at spawn)
  std::vector<std::uint8_t> profile, age, flags;  // flags: the flag_ bits above
  std::vector<DocMask> documents;

  std::uint32_t spawned = 0;

  void allocate(std::uint32_t agents);  // sizes every array for all agents the run will spawn
  PriorStay prior_stay(std::uint32_t a) const { return {stay_country[a], stay_used[a], stay_left[a]}; }
  Traits traits(std::uint32_t a) const {
    return {profile[a],
            age[a],
            documents[a],
            (flags[a] & flag_male) != 0,
            (flags[a] & flag_ex_combatant) != 0,
            (flags[a] & flag_criminal) != 0};
  }
};

// Draws agent a's attributes for a departure on `day`, using the day's profile shares.
// Writes the attribute arrays and the initial state (at origin, no destination yet).
void spawn_agent(const Model& model, const Rng& rng, std::uint32_t a, DayIndex day, Population& pop);

// The class key of agent a: profile, documents and which targeted crossing policies apply.
ClassKey class_key_of(const Model& model, const Population& pop, std::uint32_t a);

}  // namespace migsim::detail
