#pragma once
// Agents as a struct of arrays of small integers, indexed by agent id. Sized once for every
// agent the schedule will spawn; agents [0, spawned) exist. No pointers, no per-agent heap:
// what few people have lives in dossiers, kept per block of agents.
#include <algorithm>
#include <cstdint>
#include <vector>

#include "migsim/core/rng.hpp"
#include "migsim/core/status.hpp"
#include "model.hpp"
#include "routing.hpp"

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

// What the authorities hold on a person, which few people have: an asylum case, a stay a
// stay limit counts, a residence permit (which many have, but alone it needs no dossier: see
// Population::record). Kept out of the per-agent arrays: in the reference scenario at one
// agent per person, 72,395 of 1.04 M people register.
struct Dossier {
  // The last asylum case (no_node / no_day where none)
  NodeId asylum_node = no_node;                            // where they last registered
  NodeId responsible = no_node;                            // the Dublin state responsible for them (a country node)
  DayIndex responsible_since = no_day;                     // the day that state became responsible
  DublinBasis responsible_basis = DublinBasis::take_back;  // registered there, or only entered it
  DayIndex registered_day = no_day, applied_day = no_day, first_decision_day = no_day, final_decision_day = no_day;
  std::uint32_t ticket = 0;  // place in asylum_node's first-instance queue, people of all nationalities
  // The last stay in a country a stay limit covers, for "90 days in any 180": the country
  // (no_node if none), the days it counted when they left, and the day they left. The days
  // are taken as one block ending that day (exact for one stay, or stays back to back).
  NodeId stay_country = no_node;
  DayIndex stay_used = 0, stay_left = 0;
  // The day a residence permit in the country they live in runs out (no_day: none decided
  // there). Read and written through Population (permit_until, set_permit, end_permit):
  // someone whose only record is a permit has no dossier.
  DayIndex permit_until = no_day;
};

inline constexpr Dossier empty_dossier{};

struct Population {
  // State
  std::vector<NodeId> node;  // where they are (the start node while travelling)
  // The crossing they are on while travelling; otherwise the last one they took (no_edge if
  // none), whose start is where a pushback sends them back to.
  std::vector<EdgeId> edge;
  std::vector<DestIndex> dest;  // where they are heading, no_dest if nowhere now
  std::vector<Status> status;
  // Countdown while travelling, lodging, appealing or awaiting a Dublin transfer. Otherwise the
  // run's tables_version_ when what they do next was settled under today's policies: held at
  // the origin or with nowhere to go, or a day drawn ahead for someone living somewhere.
  std::vector<std::uint16_t> days_left;
  std::vector<float> savings;                 // USD left
  std::vector<DayIndex> since;                // day they arrived at `node`
  std::vector<std::uint16_t> mobility_class;  // index into the run's route tables; holds profile and documents
  // The next day something is due for someone living somewhere (Run::live): a permit's end, a
  // hazard's drawn day, or, at the origin, the day people who went home leave again. Holds
  // while days_left == the run's tables_version_ (policies unchanged).
  std::vector<DayIndex> next_change;
  // The first day the decide phase needs to look at them (Run::wake_after); 0 for new people.
  std::vector<DayIndex> wake;
  // Attributes fixed at spawn (profile and documents are in the mobility class)
  std::vector<std::uint8_t> age, flags;  // flags: the flag_ bits above

  // Dossiers, per block of dossier_block agents in id order. A block is written only by the
  // one thread working on its agents (Run::decide splits work by block) or serially, so
  // opening one needs no lock; its place in the block does not affect any result.
  //
  // record[a] says what agent a has on record, in 16 bits: nothing (no_record); a dossier,
  // dossiers[a / dossier_block][record[a]] (values below dossier_block); or, for someone whose
  // only record is a residence permit, that permit's end day, as permit_alone + day. With
  // life after settling most settled people hold a permit and nothing else: kept here it costs
  // them nothing. In a dossier of its own (28 bytes, in blocks that grow by doubling) it had
  // cost the engine benchmark with --life 14 MB for 313,496 people of 1 M, 41 bytes per agent
  // in all instead of 31. A permit ending too late to fit (after day 57,342) goes in a dossier.
  static constexpr std::uint32_t dossier_block = 8192;
  static constexpr std::uint16_t no_record = 0xFFFF;
  static constexpr std::uint16_t permit_alone = dossier_block;
  static_assert(dossier_block < no_record);
  std::vector<std::uint16_t> record;
  std::vector<std::vector<Dossier>> dossiers;

  std::uint32_t spawned = 0;

  void allocate(std::uint32_t agents);  // sizes every array for all agents the run will spawn
  bool has_dossier(std::uint32_t a) const { return record[a] < dossier_block; }
  // Agent a's dossier, or an empty one (every field "none") if they have none. Its
  // permit_until holds only for those with a dossier: read permit_until(a) instead.
  const Dossier& dossier_of(std::uint32_t a) const {
    return has_dossier(a) ? dossiers[a / dossier_block][record[a]] : empty_dossier;
  }
  Dossier& open_dossier(std::uint32_t a) {
    if (!has_dossier(a)) {
      const DayIndex permit = permit_until(a);  // a permit held alone moves into the dossier
      auto& block = dossiers[a / dossier_block];
      record[a] = static_cast<std::uint16_t>(block.size());
      block.emplace_back().permit_until = permit;
    }
    return dossiers[a / dossier_block][record[a]];
  }
  // The day agent a's residence permit runs out (no_day: none).
  DayIndex permit_until(std::uint32_t a) const {
    const std::uint16_t r = record[a];
    if (r == no_record) return no_day;
    if (r >= permit_alone) return static_cast<DayIndex>(r - permit_alone);
    return dossiers[a / dossier_block][r].permit_until;
  }
  void set_permit(std::uint32_t a, DayIndex until) {
    if (!has_dossier(a) && until < no_record - permit_alone)
      record[a] = static_cast<std::uint16_t>(permit_alone + until);
    else
      open_dossier(a).permit_until = until;
  }
  // Forgets a permit, without opening a dossier for someone who has none.
  void end_permit(std::uint32_t a) {
    if (has_dossier(a))
      dossiers[a / dossier_block][record[a]].permit_until = no_day;
    else
      record[a] = no_record;
  }
  PriorStay prior_stay(std::uint32_t a) const {
    const Dossier& d = dossier_of(a);
    return {d.stay_country, d.stay_used, d.stay_left};
  }
};

// Draws agent a's attributes for a departure on `day`, using the day's profile shares.
// Writes the attribute arrays and the initial state (at origin, no destination yet), and
// returns the key of their mobility class.
ClassKey spawn_agent(const Model& model, const Rng& rng, std::uint32_t a, DayIndex day, Population& pop);

// The place agent a set off from (Model::origin_places): drawn from their departure day's
// table, keyed by agent and day, so it can be told again later (Run::home_of) without being
// stored.
NodeId origin_place_of(const Model& model, const Rng& rng, std::uint32_t a, DayIndex day);

// The class key of someone with these traits: profile, documents and which targeted
// crossing policies apply.
ClassKey class_key_of(const Model& model, const Traits& traits);

}  // namespace migsim::detail
