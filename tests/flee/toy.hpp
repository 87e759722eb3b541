#pragma once
// Tiny Flee scenarios built in code, where probabilities are 0 or 1 and outcomes are exact.
#include <string>
#include <vector>

#include "migsim/core/flee.hpp"

namespace flee_toy {

using namespace migsim::flee;

// Origin (conflict zone, country A) and further locations given as (name, type, country, cap).
struct Place {
  std::string name;
  LocationType type;
  std::string country;
  double cap_or_pop;
};

inline FleeScenario make(const std::vector<Place>& places, const std::vector<Route>& routes,
                         const std::vector<std::int64_t>& displaced) {
  FleeScenario s;
  s.name = "toy";
  s.start = migsim::date_from_ymd(2024, 1, 1);
  s.days = static_cast<int>(displaced.size());
  for (const Place& p : places) {
    Location l;
    l.name = p.name;
    l.country = p.country;
    l.type = p.type;
    if (p.type == LocationType::camp || p.type == LocationType::idpcamp)
      l.capacity = p.cap_or_pop;
    else
      l.population = p.cap_or_pop;
    std::size_t c = 0;
    while (c < s.countries.size() && s.countries[c] != p.country) ++c;
    if (c == s.countries.size()) s.countries.push_back(p.country);
    s.country_of.push_back(static_cast<std::uint16_t>(c));
    s.locations.push_back(l);
  }
  s.routes = routes;
  s.displaced = displaced;
  s.spawn = spawn_from_displaced(displaced);
  // Deterministic movement: towns always move on, camps never, the origin scores 0 so
  // nobody chooses to go back.
  s.settings.default_movechance = 1.0;
  s.settings.camp_movechance = 0.0;
  s.settings.conflict_weight = 0.0;
  return s;
}

// Cumulative displaced: `n` people spawned on day 1, over `days` days.
inline std::vector<std::int64_t> once(std::int64_t n, int days) {
  std::vector<std::int64_t> d(static_cast<std::size_t>(days), n);
  d[0] = 0;
  return d;
}

inline std::int64_t camp(const Result& r, std::size_t c, int day) {
  return r.camp_people[static_cast<std::size_t>(day) * r.camps.size() + c];
}

}  // namespace flee_toy
