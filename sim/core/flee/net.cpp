#include "net.hpp"

#include <algorithm>
#include <cmath>

namespace migsim::flee::detail {

Net::Net(const FleeScenario& s) : s_(s), n_(static_cast<std::uint16_t>(s.locations.size())) {
  buffer_ = s.settings.capacity_buffer;
  const double speed = s.settings.max_move_speed;
  out_.resize(n_);
  for (const Route& r : s.routes) {
    for (int dir = 0; dir < 2; ++dir) {
      Link l;
      l.from = dir == 0 ? r.from : r.to;
      l.to = dir == 0 ? r.to : r.from;
      l.km = r.distance_km;
      l.days = static_cast<std::uint16_t>(std::floor(r.distance_km / speed) + 1);
      l.last_day_km = r.distance_km - (l.days - 1) * speed;
      const double walk = s.settings.max_walk_speed;
      FootLink f;
      f.days = static_cast<std::uint16_t>(std::min(std::floor(r.distance_km / walk) + 1, 65535.0));
      f.last_day_km = r.distance_km - (f.days - 1) * walk;
      out_[l.from].push_back(static_cast<std::uint16_t>(links_.size()));
      links_.push_back(l);
      foot_.push_back(f);
    }
  }
  link_closed_.assign(links_.size(), 0);
  last_link_closed_.assign(links_.size(), 0);
  camp_closed_.assign(n_, 0);
  conflict_.assign(n_, 0);
  move_chance_.assign(n_, 0);
  score_.assign(n_, 1);
  capacity_.assign(n_, -1);
  camp_today_.assign(n_, 0);
  town_.assign(n_, 0);
  began_.assign(n_, 0);
  spawn_decay_.assign(n_, 1.0);
  base_score_.assign(n_, 1.0);
  pop_.resize(n_);
  for (std::uint16_t n = 0; n < n_; ++n) pop_[n] = s.locations[n].population;
  series_.assign(n_, nullptr);
  for (const ConflictSeries& c : s.conflicts) series_[c.location] = &c.intensity;
}

bool Net::set_day(int day) {
  std::fill(link_closed_.begin(), link_closed_.end(), 0);
  std::fill(camp_closed_.begin(), camp_closed_.end(), 0);
  const auto& cof = s_.country_of;
  // Intended two-way semantics for every type (RULES.md section 7): Flee's `link` closure
  // closes only name2->name1, or nothing when the names are not interned strings.
  for (const Closure& c : s_.closures) {
    if (day < c.start_day || day >= c.end_day) continue;
    if (c.type == ClosureType::camp) {
      camp_closed_[c.a] = 1;
      continue;
    }
    for (std::size_t l = 0; l < links_.size(); ++l) {
      const Link& k = links_[l];
      bool hit = false;
      switch (c.type) {
        case ClosureType::country:
          hit = (cof[k.from] == c.a && cof[k.to] == c.b) || (cof[k.from] == c.b && cof[k.to] == c.a);
          break;
        case ClosureType::location:
          hit = k.from == c.a || k.to == c.a;
          break;
        case ClosureType::link:
          hit = (k.from == c.a && k.to == c.b) || (k.from == c.b && k.to == c.a);
          break;
        case ClosureType::camp:
          break;
      }
      if (hit) link_closed_[l] = 1;
    }
  }
  const bool changed = first_day_ || link_closed_ != last_link_closed_;
  last_link_closed_ = link_closed_;
  first_day_ = false;

  const Settings& g = s_.settings;
  const std::uint16_t home = cof.empty() ? 0 : cof[0];  // Flee: the first row's country is home
  bool zones_changed = false;  // a conflict began or ended today (Flee refreshes its spawn weights then)
  for (std::uint16_t n = 0; n < n_; ++n) {
    const Location& loc = s_.locations[n];
    const bool was = conflict_[n] > 0;
    if (series_[n] != nullptr) {
      // Flee's AddNewConflictZones: a location becomes a conflict zone, at that day's
      // intensity, on a day its value rises above 1e-6 from below it (or is above it on day 0),
      // and stops being one on a day it falls below 1e-6; a change between two values above it
      // is not applied (the zone keeps the intensity it started with). Flee removes a zone only
      // when the day before held exactly 1, a defect: here any fall to 0 ends it.
      const auto& v = *series_[n];
      const auto value = [&v](int d) {
        return v.empty() ? 0.0 : v[std::min<std::size_t>(static_cast<std::size_t>(d), v.size() - 1)];
      };
      constexpr double none = 0.000001;
      const double today = value(day);
      if (today > none && (day == 0 || value(day - 1) < none)) {
        conflict_[n] = today;
        began_[n] = day;
        zones_changed = true;
      } else if (today < none) {
        conflict_[n] = 0.0;
        zones_changed = zones_changed || was;
      }
    } else {
      conflict_[n] = loc.type == LocationType::conflict_zone && loc.conflict_date <= day ? 1.0 : 0.0;
      if (conflict_[n] > 0 && !was) began_[n] = day, zones_changed = true;
    }
    const bool camp = (loc.type == LocationType::camp || loc.type == LocationType::idpcamp) && camp_closed_[n] == 0;
    camp_today_[n] = camp ? 1 : 0;
    town_[n] = !camp && !(conflict_[n] > 0) && loc.type != LocationType::forwarding_hub ? 1 : 0;
    set_move_chance(n);
    double score = 1.0;
    if (cof[n] != home) score *= g.foreign_weight;
    if (camp) score *= g.camp_weight;
    if (conflict_[n] > 0) score *= std::pow(g.conflict_weight, decay(day - began_[n]) * conflict_[n]);
    base_score_[n] = score;
    set_score(n);
    capacity_[n] = camp && loc.capacity >= 0 ? loc.capacity * g.capacity_scaling : -1.0;
  }
  // Spawning on day t reads the weights Flee last refreshed: today's if a conflict began or
  // ended today (add_conflict_zone), else those of yesterday's evolve (e.time = t - 1).
  const int weighed = zones_changed || day == 0 ? day : day - 1;
  for (std::uint16_t n = 0; n < n_; ++n) spawn_decay_[n] = conflict_[n] > 0 ? decay(weighed - began_[n]) : 1.0;
  if (changed) rebuild_options();
  return changed;
}

double Net::decay(int days_in_conflict) const {
  const std::vector<double>& d = s_.settings.conflict_spawn_decay;
  if (d.empty()) return 1.0;
  const auto k = static_cast<std::size_t>(std::max(days_in_conflict, 0) / s_.settings.conflict_spawn_decay_interval);
  return d[std::min(k, d.size() - 1)];
}

void Net::set_move_chance(std::uint16_t n) {
  const Settings& g = s_.settings;
  const Location& loc = s_.locations[n];
  double mc = 0;
  if (conflict_[n] > 0)
    mc = g.conflict_movechance;
  else if (camp_today_[n] != 0)
    mc = loc.type == LocationType::idpcamp ? g.idpcamp_movechance : g.camp_movechance;
  else if (loc.type == LocationType::forwarding_hub)
    mc = 1.0;  // Flee: nobody stays at a "forward" location
  else
    mc = g.default_movechance;
  // moving.calculateMoveChance: x (max(pop, capacity) / base) ^ factor, with the location's
  // own capacity (not capacity_scaling's); a chance above 1 moves everyone, as 1 does.
  if (g.movechance_pop_scale_factor != 0 && mc > 0)
    mc = std::min(
        1.0, mc * std::pow(std::max(pop_[n], loc.capacity) / g.movechance_pop_base, g.movechance_pop_scale_factor));
  move_chance_[n] = mc;
}

void Net::set_score(std::uint16_t n) {
  const Settings& g = s_.settings;
  double score = base_score_[n];
  // moving.getEndPointScore: UsePopForLocWeight scales towns and conflict zones (not camps).
  if (g.use_pop_for_loc_weight && camp_today_[n] == 0)
    score *= std::pow(std::min(1.0, pop_[n]), g.pop_power_for_loc_weight);
  score_[n] = score;
}

void Net::refresh_from_populations() {
  for (std::uint16_t n = 0; n < n_; ++n) set_move_chance(n), set_score(n);
}

void Net::rebuild_options() {
  open_out_.assign(n_, {});
  for (std::uint16_t n = 0; n < n_; ++n)
    for (std::uint16_t l : out_[n])
      if (link_closed_[l] == 0) open_out_[n].push_back(l);
  options_.assign(n_, {});
  std::vector<std::uint16_t> visited;
  for (std::uint16_t n = 0; n < n_; ++n) {
    visited.assign(1, n);
    add_paths(n, n, 0, 0.0, Option{}, visited);
  }
}

// Every simple path of 1..awareness_level hops from `start`, prefixes included, in Flee's
// order (depth first over each location's links in file order).
void Net::add_paths(std::uint16_t start, std::uint16_t at, std::uint8_t hops, double km, Option partial,
                    std::vector<std::uint16_t>& visited) {
  for (std::uint16_t l : open_out_[at]) {
    const std::uint16_t to = links_[l].to;
    if (std::find(visited.begin(), visited.end(), to) != visited.end()) continue;
    Option o = partial;
    if (hops == 0)
      o.first_link = l;
    else
      o.later[hops - 1] = to;
    o.hops = static_cast<std::uint8_t>(hops + 1);
    o.final = to;
    o.km = km + links_[l].km;
    options_[start].push_back(o);
    if (o.hops < s_.settings.awareness_level) {
      visited.push_back(to);
      add_paths(start, to, o.hops, o.km, o, visited);
      visited.pop_back();
    }
  }
}

}  // namespace migsim::flee::detail
