// The Flee scenario's invariants that the run relies on, and Flee's spawn rule.
#include <algorithm>
#include <cmath>
#include <string>

#include "migsim/core/flee.hpp"

namespace migsim::flee {

std::vector<std::int64_t> spawn_from_displaced(const std::vector<std::int64_t>& displaced,
                                               std::vector<std::int64_t>* debt) {
  std::vector<std::int64_t> spawn(displaced.size(), 0);
  if (debt != nullptr) debt->assign(displaced.size(), 0);
  std::int64_t owed = 0;
  for (std::size_t t = 1; t < displaced.size(); ++t) {
    std::int64_t d = displaced[t] - displaced[t - 1];
    if (d < 0) {
      owed -= d;  // fewer displaced than yesterday: nobody is removed, later increases pay it back
      d = 0;
    } else {
      const std::int64_t paid = std::min(d, owed);
      owed -= paid;
      d -= paid;
    }
    spawn[t] = d;
    if (debt != nullptr) (*debt)[t] = owed;
  }
  return spawn;
}

std::vector<std::string> check(const FleeScenario& s) {
  std::vector<std::string> bad;
  auto fail = [&bad](std::string m) { bad.push_back(std::move(m)); };
  const std::size_t n = s.locations.size();
  if (n == 0) fail("no locations");
  if (s.days <= 0 || s.days > 65535) fail("days " + std::to_string(s.days) + ": expected 1..65535");
  if (n + 2 * s.routes.size() >= 0xFFFF)
    fail("locations + 2 x routes = " + std::to_string(n + 2 * s.routes.size()) + ": expected at most 65534");
  if (s.country_of.size() != n)
    fail("country_of has " + std::to_string(s.country_of.size()) + " entries, expected one per location");
  for (std::uint16_t c : s.country_of)
    if (c >= s.countries.size()) fail("country index " + std::to_string(c) + " out of range");
  for (const Route& r : s.routes) {
    if (r.from >= n || r.to >= n) fail("route with a location index out of range");
    if (!(r.distance_km > 0) || !std::isfinite(r.distance_km))
      fail("route distance " + std::to_string(r.distance_km) + ": expected a finite number > 0");
  }
  for (const Closure& c : s.closures) {
    const std::size_t limit = c.type == ClosureType::country ? s.countries.size() : n;
    if (c.a >= limit || (c.type != ClosureType::location && c.type != ClosureType::camp && c.b >= limit))
      fail("closure with an index out of range");
    if (c.end_day <= c.start_day)
      fail("closure from day " + std::to_string(c.start_day) + " to " + std::to_string(c.end_day) +
           ": expected the end after the start");
  }
  for (const ConflictSeries& c : s.conflicts)
    if (c.location >= n) fail("conflict series for a location index out of range");
  const Settings& g = s.settings;
  if (!(g.max_move_speed > 0)) fail("max_move_speed: expected > 0");
  if (g.awareness_level < 1 || g.awareness_level > 3)
    fail("awareness_level " + std::to_string(g.awareness_level) + ": expected 1, 2 or 3");
  if (!(g.capacity_buffer > 0 && g.capacity_buffer < 1)) fail("capacity_buffer: expected 0 < value < 1");
  if (!(g.capacity_scaling > 0)) fail("capacity_scaling: expected > 0");
  for (double p : {g.conflict_movechance, g.camp_movechance, g.idpcamp_movechance, g.default_movechance})
    if (!(p >= 0 && p <= 1)) fail("move chance " + std::to_string(p) + ": expected 0..1");
  if (!(g.max_walk_speed > 0) || !std::isfinite(g.max_walk_speed)) fail("max_walk_speed: expected a number > 0");
  if (!(g.pruning_threshold >= 0) || !std::isfinite(g.pruning_threshold))
    fail("pruning_threshold: expected a number >= 0");
  if (!(g.movechance_pop_base > 0) || !std::isfinite(g.movechance_pop_base))
    fail("movechance_pop_base: expected a number > 0");
  if (!std::isfinite(g.movechance_pop_scale_factor)) fail("movechance_pop_scale_factor: expected a finite number");
  for (double d : g.conflict_spawn_decay)
    if (!(d >= 0) || !std::isfinite(d)) fail("conflict_spawn_decay entry " + std::to_string(d) + ": expected >= 0");
  if (g.conflict_spawn_decay_interval < 1)
    fail("conflict_spawn_decay_interval " + std::to_string(g.conflict_spawn_decay_interval) + ": expected >= 1");
  if (g.hasten < 1) fail("hasten " + std::to_string(g.hasten) + ": expected a whole number >= 1");
  // Flee raises 0 to the factor's power: below 0 it stops there (ZeroDivisionError).
  if (g.movechance_pop_scale_factor < 0)
    for (const Location& loc : s.locations)
      if (!(std::max(loc.population, loc.capacity) > 0))
        fail("movechance_pop_scale_factor " + std::to_string(g.movechance_pop_scale_factor) + " with '" + loc.name +
             "', whose population and capacity are 0: expected a factor >= 0 (Flee divides by 0 there)");
  if (s.spawn.size() != static_cast<std::size_t>(std::max(s.days, 0)))
    fail("spawn has " + std::to_string(s.spawn.size()) + " days, expected " + std::to_string(s.days));
  if (s.displaced.size() != s.spawn.size()) fail("displaced and spawn differ in length");
  std::int64_t total = 0;
  for (std::size_t t = 0; t < s.spawn.size(); ++t) {
    if (s.spawn[t] < 0) fail("negative spawn on day " + std::to_string(t));
    total += s.spawn[t];
    if (s.spawn[t] <= 0 || n == 0) continue;
    // Someone must be able to spawn: a location in conflict with people (Flee: p ~ pop * conflict).
    bool any = false;
    for (std::size_t k = 0; k < n && !any; ++k) {
      const Location& loc = s.locations[k];
      double intensity = loc.type == LocationType::conflict_zone && loc.conflict_date <= static_cast<int>(t) ? 1 : 0;
      for (const ConflictSeries& c : s.conflicts)
        if (c.location == k && !c.intensity.empty()) intensity = c.intensity[std::min(t, c.intensity.size() - 1)];
      any = intensity > 0 && loc.population > 0;
    }
    if (!any)
      fail("day " + std::to_string(t) + " spawns " + std::to_string(s.spawn[t]) +
           " people but no location is in conflict with a population > 0");
  }
  std::size_t camps = 0;
  for (const Location& loc : s.locations)
    camps += loc.type == LocationType::camp || loc.type == LocationType::idpcamp ? 1 : 0;
  if (!s.day0_camp_people.empty() && s.day0_camp_people.size() != camps)
    fail("day0_camp_people has " + std::to_string(s.day0_camp_people.size()) + " entries, expected one per camp (" +
         std::to_string(camps) + ")");
  for (std::int64_t p : s.day0_camp_people) {
    if (p < 0) fail("negative day-0 camp population " + std::to_string(p));
    total += std::max<std::int64_t>(p, 0);
  }
  if (total >= 0xFFFFFFFFll) fail("more than 4,294,967,294 agents");
  return bad;
}

}  // namespace migsim::flee
