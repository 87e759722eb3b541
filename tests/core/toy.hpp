#pragma once
// Tiny scenarios built in code, and an observer that records every day, for exact tests.
#include <map>
#include <string>
#include <vector>

#include "migsim/core/engine.hpp"
#include "migsim/core/scenario.hpp"

namespace toy {

using namespace migsim;

inline const Date day0 = date_from_ymd(2022, 3, 1);

// An origin "O" and no other country; everyone holds document "pass" and has ample savings.
inline ScenarioSpec base(int days, double people, double scale = 1) {
  ScenarioSpec s;
  s.sources = {"<toy>"};
  s.name = "toy";
  s.start = day0;
  s.end = day0 + days - 1;
  s.origin = "O";
  s.total_people = people;
  s.scale = scale;
  s.documents = {"pass", "visa"};
  CountrySpec o;
  o.id = "O";
  o.destination = false;
  s.countries.push_back(o);
  ProfileSpec p;
  p.id = "all";
  p.share = 1;
  p.age = {AgeBand{18, 60, 1.0, {}}};
  p.documents = {{"pass", 1.0}};
  p.savings_median = 1e6;
  p.savings_sigma = 0;
  s.profiles.push_back(p);
  s.behaviour.attractiveness_coef = 1;
  s.behaviour.cost_coef = 0;
  s.behaviour.days_coef = 0;
  return s;
}

inline void country(ScenarioSpec& s, const std::string& id, double attractiveness, bool destination = true) {
  CountrySpec c;
  c.id = id;
  c.attractiveness = attractiveness;
  c.destination = destination;
  s.countries.push_back(c);
}

// An asylum procedure deciding exactly `per_day` cases a day (all nationalities).
inline AsylumSpec& asylum(ScenarioSpec& s, const std::string& id, double per_day, double recognition) {
  for (auto& c : s.countries)
    if (c.id == id) {
      c.asylum = AsylumSpec{};
      c.asylum->decisions_per_month = per_day * (365.25 / 12);
      c.asylum->recognition = recognition;
      return *c.asylum;
    }
  throw std::out_of_range("no country " + id);
}

inline void member(ScenarioSpec& s, const std::string& id) {  // EU, Schengen and Dublin since 2000
  for (auto& c : s.countries)
    if (c.id == id) c.eu_since = c.schengen_since = c.dublin_since = date_from_ymd(2000, 1, 1);
}

inline void place(ScenarioSpec& s, const std::string& id, const std::string& in_country) {
  PlaceSpec p;
  p.id = id;
  p.country = in_country;
  s.places.push_back(p);
}

inline CrossingSpec& crossing(ScenarioSpec& s, const std::string& id, const std::string& from, const std::string& to,
                              int days, double cost = 0, std::vector<std::string> requires_documents = {"pass"},
                              double capacity = -1, bool both_ways = false) {
  CrossingSpec x;
  x.id = id;
  x.from = from;
  x.to = to;
  x.days = days;
  x.cost = cost;
  x.requires_documents = std::move(requires_documents);
  if (capacity >= 0) x.capacity_per_day = capacity;
  x.both_ways = both_ways;
  s.crossings.push_back(x);
  return s.crossings.back();
}

// People leave evenly on days [first, last] (day indices from the start).
inline void departures(ScenarioSpec& s, int first, int last) {
  DepartureSpec d;
  d.from = s.start + first;
  d.until = s.start + last;
  d.weight = 1;
  s.departures.push_back(d);
}

// After a refusal (or the end of a stay), everyone goes home.
inline void everyone_refused_goes_home(ScenarioSpec& s) {
  s.behaviour.after_refusal = {};
  s.behaviour.after_refusal.go_home = 1.0;
  s.behaviour.after_refusal.hide = 0.0;
}

// The parameters of a policy of the type P::type.
template <class P>
P& params(PolicySpec& p) {
  return std::get<P>(p.params);
}

// After a refusal (or the end of a stay), everyone moves on to another destination.
inline void everyone_refused_moves_on(ScenarioSpec& s) {
  s.behaviour.after_refusal = {};
  s.behaviour.after_refusal.move_on = 1.0;
  s.behaviour.after_refusal.hide = 0.0;
}

// A policy of `type` with its default parameters, in force on days [from, until]; set its
// parameters through params<Struct>(policy).
inline PolicySpec& policy(ScenarioSpec& s, const std::string& name, PolicyType type, int from, int until) {
  PolicySpec p;
  p.name = name;
  p.params = default_params(type);
  p.from = s.start + from;
  p.until = s.start + until;
  s.policies.push_back(p);
  return s.policies.back();
}

// Humanitarian visas (document "visa") issued by `issuer`, `per_day` a day on days
// [from, until].
inline PolicySpec& visas_per_day(ScenarioSpec& s, const std::string& name, const std::string& issuer, int from,
                                 int until, double per_day) {
  auto& p = policy(s, name, PolicyType::humanitarian_visa, from, until);
  p.where.countries = {issuer};
  params<HumanitarianVisa>(p).document = "visa";
  params<HumanitarianVisa>(p).per_month = per_day * (365.25 / 12);
  return p;
}

struct Recorder : Observer {
  std::vector<DayStats> days;
  FinalStats final_stats;
  const World* world = nullptr;
  void on_day(const Model& m, const DayStats& d) override {
    world = &world_of(m);
    days.push_back(d);
  }
  void on_finish(const Model&, const FinalStats& f) override { final_stats = f; }

  NodeId node(const std::string& id) const {
    for (NodeId n = 0; n < world->node_count(); ++n)
      if (world->nodes[n].id == id) return n;
    throw std::out_of_range("no node " + id);
  }
  // People at `node` in `status` at the end of day index d.
  std::uint64_t at(int d, const std::string& node_id, Status st) const {
    return days.at(static_cast<std::size_t>(d)).stock[node(node_id) * status_count + static_cast<int>(st)];
  }
  const AsylumDay& asylum(int d, const std::string& node_id) const {
    return days.at(static_cast<std::size_t>(d)).asylum[node(node_id)];
  }
  // Sum of one asylum event over all days.
  template <class F>
  std::uint64_t total(const std::string& node_id, F field) const {
    std::uint64_t sum = 0;
    for (const auto& d : days) sum += field(d.asylum[node(node_id)]);
    return sum;
  }
  // People at `node_id` who went through transition e on day d, and on all days.
  std::uint64_t transition(int d, const std::string& node_id, Transition e) const {
    return days.at(static_cast<std::size_t>(d))
        .transitions[node(node_id) * transition_count + static_cast<std::size_t>(e)];
  }
  std::uint64_t total(const std::string& node_id, Transition e) const {
    std::uint64_t sum = 0;
    for (std::size_t d = 0; d < days.size(); ++d) sum += transition(static_cast<int>(d), node_id, e);
    return sum;
  }
  std::uint64_t entries(int d, const std::string& edge_id) const {
    std::uint64_t sum = 0;
    for (EdgeId e = 0; e < world->edge_count(); ++e)
      if (world->edges[e].id == edge_id) sum += days.at(static_cast<std::size_t>(d)).edge_entries[e];
    return sum;
  }
};

struct Outcome {
  std::shared_ptr<const Model> model;
  Recorder rec;
  RunResult result;
};

inline Outcome run(const ScenarioSpec& s, std::uint64_t seed = 1, int threads = 1) {
  Outcome o;
  o.model = build_model(s);
  RunOptions opt;
  opt.seed = seed;
  opt.threads = threads;
  opt.recount_every_days = 1;  // the stock kept by changes checked against a full count every day
  o.result = migsim::run(*o.model, opt, &o.rec);
  return o;
}

}  // namespace toy
