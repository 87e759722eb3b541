#pragma once
// The Flee rule set's network (internal to sim/core): directed links, which of them are
// open today, each location's route options (the paths an agent of awareness level k scores)
// and the per-location numbers of the day (score, move chance, capacity). No agents here.
#include <algorithm>
#include <array>
#include <cstdint>
#include <vector>

#include "migsim/core/flee.hpp"

namespace migsim::flee::detail {

// A directed link. Flee makes route r into links 2r (from->to) and 2r+1 (to->from).
struct Link {
  std::uint16_t from = 0, to = 0;
  double km = 0;
  // Days on the link when entered from a stop: Flee advances a fresh max_move_speed a day and
  // arrives once the distance is strictly exceeded, so floor(km / speed) + 1.
  std::uint16_t days = 1;
  // Distance covered on the day of arrival (km - (days - 1) * speed), < speed: what the
  // arrival day's budget is charged for this link.
  double last_day_km = 0;
};

// A link's days and last day's km on foot, at max_walk_speed (start_on_foot: a person's first
// link); apart from Link, which the hot loops read, so that it stays as small as it was.
struct FootLink {
  std::uint16_t days = 1;
  double last_day_km = 0;
};

// One route an agent at a location may choose: up to three hops (awareness level).
struct Option {
  std::uint16_t first_link = 0;
  std::uint16_t final = 0;               // the location scored (route[-1])
  std::uint8_t hops = 1;                 // 1..3
  std::array<std::uint16_t, 2> later{};  // nodes after the first hop, route order
  double km = 0;                         // cumulative distance
};

class Net {
 public:
  explicit Net(const FleeScenario& s);

  // Applies the closures active on `day` (and conflicts) to today's tables. Returns true if
  // the set of open links changed (route options were rebuilt).
  bool set_day(int day);

  std::uint16_t nodes() const { return n_; }
  std::uint16_t link_count() const { return static_cast<std::uint16_t>(links_.size()); }
  const Link& link(std::uint16_t l) const { return links_[l]; }
  const FootLink& foot(std::uint16_t l) const { return foot_[l]; }
  bool closed(std::uint16_t l) const { return link_closed_[l] != 0; }
  // Open links out of `n`, in Flee's order (file order of routes.csv).
  const std::vector<std::uint16_t>& open_out(std::uint16_t n) const { return open_out_[n]; }
  const std::vector<Option>& options(std::uint16_t n) const { return options_[n]; }

  // Today's per-location values.
  double conflict(std::uint16_t n) const { return conflict_[n]; }
  bool acts_as_camp(std::uint16_t n) const { return camp_today_[n] != 0; }
  double move_chance(std::uint16_t n) const { return move_chance_[n]; }
  // Flee's `town` flag (what avoid_short_stints forces on): not a camp today (a closed camp
  // is a town), not in conflict today, not a forwarding hub.
  bool town(std::uint16_t n) const { return town_[n] != 0; }
  // The population spawning reads (take_from_population lowers it) and, with
  // movechance_pop_scale_factor, the move chances.
  double population(std::uint16_t n) const { return pop_[n]; }
  // conflict_spawn_decay's multiplier of n's spawn weight today (1 without a list).
  double spawn_decay(std::uint16_t n) const { return spawn_decay_[n]; }
  // take_from_population: one person spawned at n leaves its population (while above 0).
  void take_one(std::uint16_t n) { pop_[n] = std::max(0.0, pop_[n] - 1.0); }
  // Works out the move chances and scores again from the populations as they are now (they
  // read them only with movechance_pop_scale_factor and use_pop_for_loc_weight).
  void refresh_from_populations();
  double score(std::uint16_t n) const { return score_[n]; }
  double capacity(std::uint16_t n) const { return capacity_[n]; }  // < 1 = unlimited

  // Flee's capacity multiplier of location n holding `people` (agents at it, not on links).
  double cap_multiplier(std::uint16_t n, std::int64_t people) const {
    const double cap = capacity_[n];
    if (cap < 1) return 1.0;
    const double p = static_cast<double>(people), buffered = buffer_ * cap;
    if (p <= buffered) return 1.0;
    if (p >= cap) return 0.0;
    return 1.0 - (p - buffered) / (cap - buffered);
  }

 private:
  void rebuild_options();
  void set_move_chance(std::uint16_t n);
  void set_score(std::uint16_t n);
  double decay(int days_in_conflict) const;  // conflict_spawn_decay's entry
  void add_paths(std::uint16_t start, std::uint16_t at, std::uint8_t hops, double km, Option partial,
                 std::vector<std::uint16_t>& visited);

  const FleeScenario& s_;
  std::uint16_t n_ = 0;
  double buffer_ = 0.9;
  std::vector<Link> links_;
  std::vector<FootLink> foot_;                   // [link]
  std::vector<std::vector<std::uint16_t>> out_;  // all links out of each node, Flee's order
  std::vector<std::uint8_t> link_closed_, camp_closed_, last_link_closed_;
  std::vector<std::vector<std::uint16_t>> open_out_;
  std::vector<std::vector<Option>> options_;
  std::vector<double> conflict_, move_chance_, score_, base_score_, capacity_, pop_, spawn_decay_;
  std::vector<int> began_;  // [node] the day its conflict began (Flee's time_of_conflict)
  std::vector<std::uint8_t> camp_today_, town_;
  std::vector<const std::vector<double>*> series_;  // [node] conflicts.csv intensity, or null
  bool first_day_ = true;
};

}  // namespace migsim::flee::detail
