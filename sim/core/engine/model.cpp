// build_model: a validated ScenarioSpec -> the immutable tables a run reads.
#include "model.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <stdexcept>
#include <string>

namespace migsim {
namespace {

World build_world(const ScenarioSpec& spec) {
  World w;
  std::map<std::string, NodeId> index;
  for (const auto& c : spec.countries) {
    Node n;
    n.id = c.id;
    n.name = c.name;
    n.country = static_cast<NodeId>(w.nodes.size());
    n.is_country = true;
    n.destination = c.destination && c.id != spec.origin;
    n.attractiveness = c.attractiveness;
    n.eu_since = c.eu_since;
    n.schengen_since = c.schengen_since;
    n.dublin_since = c.dublin_since;
    index[c.id] = static_cast<NodeId>(w.nodes.size());
    w.nodes.push_back(std::move(n));
  }
  for (const auto& p : spec.places) {
    Node n;
    n.id = p.id;
    n.name = p.name;
    n.country = index.at(p.country);
    n.is_country = false;
    n.destination = false;
    index[p.id] = static_cast<NodeId>(w.nodes.size());
    w.nodes.push_back(std::move(n));
  }
  auto doc_bit = [&](const std::string& d) {
    auto it = std::find(spec.documents.begin(), spec.documents.end(), d);
    return static_cast<DocMask>(1u << (it - spec.documents.begin()));
  };
  for (const auto& c : spec.crossings) {
    Edge e;
    e.id = c.id;
    e.from = index.at(c.from);
    e.to = index.at(c.to);
    e.mode = c.mode;
    e.days = static_cast<std::uint16_t>(c.days);
    e.cost = static_cast<float>(c.cost);
    for (const auto& d : c.requires_documents)
      e.requires_documents = static_cast<DocMask>(e.requires_documents | doc_bit(d));
    e.capacity_per_day = c.capacity_per_day.value_or(-1.0);
    w.edges.push_back(e);
    if (c.both_ways) {
      std::swap(e.from, e.to);
      w.edges.push_back(e);
    }
  }
  if (w.edges.size() >= no_edge || w.nodes.size() >= no_node)
    throw std::invalid_argument("too many crossings or places for 16-bit ids");
  w.graph = Graph(w.nodes.size());
  for (std::size_t i = 0; i < w.edges.size(); ++i)
    boost::add_edge(w.edges[i].from, w.edges[i].to, static_cast<EdgeId>(i), w.graph);
  w.origin = index.at(spec.origin);
  for (NodeId n = 0; n < w.node_count(); ++n)
    if (w.nodes[n].destination) w.destinations.push_back(n);
  return w;
}

ProfileModel build_profile(const ProfileSpec& p, const ScenarioSpec& spec) {
  ProfileModel m;
  m.id = p.id;
  m.male_share = static_cast<float>(p.male_share);
  double cum = 0;
  for (const auto& band : p.age) {
    m.age_from.push_back(static_cast<std::uint8_t>(band.from));
    m.age_to.push_back(static_cast<std::uint8_t>(band.to));
    cum += band.share;
    m.age_cum.push_back(cum);
  }
  if (!m.age_cum.empty()) m.age_cum.back() = 1.0;  // shares sum to 1 within tolerance; make the last exact
  for (std::size_t d = 0; d < spec.documents.size(); ++d) {
    auto it = p.documents.find(spec.documents[d]);
    m.document_probability[d] = it == p.documents.end() ? 0.0 : it->second;
  }
  m.criminal_record = p.criminal_record;
  m.ex_combatant = p.ex_combatant;
  m.log_savings_median = std::log(std::max(p.savings_median, 1e-9));
  m.savings_sigma = p.savings_sigma;
  return m;
}

std::vector<double> cumulative(const std::vector<double>& shares) {
  std::vector<double> cum(shares.size());
  std::partial_sum(shares.begin(), shares.end(), cum.begin());
  if (!cum.empty()) cum.back() = 1.0;
  return cum;
}

// Where each window's people set off from (departures[].places), as cumulative tables over
// Model::origin_places, with the window's days pointing at its table.
void build_origin_places(const ScenarioSpec& spec, Model& m) {
  const auto node_of = [&](const std::string& id) {
    const auto it = std::find_if(m.world.nodes.begin(), m.world.nodes.end(), [&](const Node& n) { return n.id == id; });
    return static_cast<NodeId>(it - m.world.nodes.begin());
  };
  m.origin_places = {m.world.origin};
  for (const auto& dep : spec.departures)
    for (const auto& [place, share] : dep.place_shares)
      if (std::find(m.origin_places.begin(), m.origin_places.end(), node_of(place)) == m.origin_places.end())
        m.origin_places.push_back(node_of(place));
  m.place_tables = {std::vector<double>(m.origin_places.size(), 1.0)};
  m.place_table_of_day.assign(static_cast<std::size_t>(m.days()), 0);
  for (const auto& dep : spec.departures) {
    if (dep.place_shares.empty()) continue;
    std::vector<double> shares(m.origin_places.size(), 0.0);
    for (const auto& [place, share] : dep.place_shares)
      shares[static_cast<std::size_t>(std::find(m.origin_places.begin(), m.origin_places.end(), node_of(place)) -
                                      m.origin_places.begin())] += share;
    const auto t = static_cast<std::uint16_t>(m.place_tables.size());
    m.place_tables.push_back(cumulative(shares));
    for (Date d = std::max(dep.from, m.start); d <= std::min(dep.until, m.end); ++d)
      m.place_table_of_day[d - m.start] = t;
  }
}

// Spawned agents by the end of each day: round(total agents x cumulative weight share), so
// the schedule's shape is kept exactly and the total is hit exactly, with no randomness.
void build_schedule(const ScenarioSpec& spec, Model& m) {
  const int days = m.days();
  std::vector<double> weight(days, 0.0);
  std::vector<std::uint16_t> table(days, 0);
  std::vector<double> base;
  for (const auto& p : spec.profiles) base.push_back(p.share);
  m.share_tables.push_back(cumulative(base));
  for (const auto& dep : spec.departures) {
    std::uint16_t t = 0;
    if (!dep.profile_shares.empty()) {
      std::vector<double> shares;
      for (const auto& p : spec.profiles) {
        auto it = dep.profile_shares.find(p.id);
        shares.push_back(it == dep.profile_shares.end() ? 0.0 : it->second);
      }
      t = static_cast<std::uint16_t>(m.share_tables.size());
      m.share_tables.push_back(cumulative(shares));
    }
    for (Date d = std::max(dep.from, m.start); d <= std::min(dep.until, m.end); ++d) {
      weight[d - m.start] = dep.weight;
      table[d - m.start] = t;
    }
  }
  const double total_weight = std::accumulate(weight.begin(), weight.end(), 0.0);
  const double total_agents = std::round(spec.total_people / spec.scale);
  m.agents_by_day.assign(days, 0);
  m.departure_share_by_day.assign(days, 0.0);
  double cum = 0;
  for (int d = 0; d < days; ++d) {
    cum += weight[d];
    m.departure_share_by_day[d] = total_weight > 0 ? cum / total_weight : 0.0;
    m.agents_by_day[d] =
        total_weight > 0 ? static_cast<std::uint32_t>(std::llround(total_agents * (cum / total_weight))) : 0;
  }
  m.share_table_of_day = std::move(table);
  build_origin_places(spec, m);
}

constexpr double days_per_month = 365.25 / 12;

void build_asylum(const ScenarioSpec& spec, Model& m) {
  m.asylum.assign(m.world.nodes.size(), AsylumModel{});
  for (std::size_t c = 0; c < spec.countries.size(); ++c) {  // countries are the first nodes, in order
    if (!spec.countries[c].asylum) continue;
    const AsylumSpec& a = *spec.countries[c].asylum;
    AsylumModel& out = m.asylum[c];
    out.present = true;
    out.decisions_per_day = a.decisions_per_month / days_per_month;
    out.background_pending = a.background_pending;
    out.background_per_day = a.background_per_month / days_per_month;
    for (const BackgroundChange& change : a.background_changes)
      out.background_changes.emplace_back(change.from, change.per_month / days_per_month);
    for (const BackgroundChange& change : a.other_registrations)
      out.other_registrations.emplace_back(change.from, change.per_month / days_per_month);
    out.lodging_share = a.lodging_share;
    out.recorded_at_entry = a.recorded_at_entry;
    out.days_to_lodge = a.days_to_lodge;
    out.recognition = a.recognition;
    out.appeal_share = a.appeal.share;
    out.appeal_days = a.appeal.days;
    out.appeal_success = a.appeal.success;
    out.detention = a.detention;
  }
  for (const auto& d : spec.behaviour.settle_with) {
    const auto it = std::find(spec.documents.begin(), spec.documents.end(), d);
    m.settle_with = static_cast<DocMask>(m.settle_with | (1u << (it - spec.documents.begin())));
  }
  const auto& r = spec.behaviour.after_refusal;
  m.after_refusal_cum = {r.move_on, r.move_on + r.non_eu, r.move_on + r.non_eu + r.hide, 1.0};
}

// The invariants a built model needs, for specs that did not come through a reader
// (tests, benchmarks, embedding code). A file's problems are found, all at once and with
// their locations, by io::validate before this is called; here the first one throws.
void check_buildable(const ScenarioSpec& spec) {
  auto fail = [](const std::string& what) { throw std::invalid_argument("build_model: " + what); };
  if (spec.end < spec.start) fail("the scenario ends before it starts");
  if (spec.end - spec.start + 1 > max_scenario_days) fail("the scenario is longer than 100 years");
  if (spec.documents.size() > max_documents) fail("at most 8 document kinds");
  if (spec.profiles.size() > max_profiles) fail("at most 64 profiles");
  if (spec.total_people / spec.scale > 4.0e9) fail("more than 4e9 agents; raise people.scale");
  // Routes maximise the logit's utility, so cost and days must weigh against a crossing: a
  // positive coefficient would make a negative edge weight, which no shortest-path search handles.
  if (!(spec.behaviour.cost_coef <= 0)) fail("the logit's cost coefficient is positive; route weights must be >= 0");
  if (!(spec.behaviour.days_coef <= 0)) fail("the logit's days coefficient is positive; route weights must be >= 0");
  auto known = [](const auto& names, const std::string& id) {
    return std::find(names.begin(), names.end(), id) != names.end();
  };
  std::vector<std::string> countries, vertices;
  for (const auto& c : spec.countries) countries.push_back(c.id);
  vertices = countries;
  for (const auto& p : spec.places) vertices.push_back(p.id);
  if (!known(countries, spec.origin)) fail("the origin '" + spec.origin + "' is not a country");
  for (const auto& p : spec.places)
    if (!known(countries, p.country)) fail("place '" + p.id + "' lies in an unknown country");
  for (const auto& d : spec.departures) {
    double sum = 0;
    for (const auto& [place, share] : d.place_shares) {
      sum += share;
      const auto p = std::find_if(spec.places.begin(), spec.places.end(), [&](const auto& x) { return x.id == place; });
      if (place != spec.origin && (p == spec.places.end() || p->country != spec.origin))
        fail("a departure window sets off from '" + place + "', neither the origin nor a place in it");
    }
    if (!d.place_shares.empty() && std::fabs(sum - 1) > 1e-6) fail("a departure window's places do not sum to 1");
  }
  for (const auto& c : spec.crossings) {
    if (!known(vertices, c.from) || !known(vertices, c.to)) fail("crossing '" + c.id + "' joins an unknown place");
    for (const auto& d : c.requires_documents)
      if (!known(spec.documents, d)) fail("crossing '" + c.id + "' requires an unknown document");
  }
  const auto by_date = [](const auto& x, const auto& y) { return x.from < y.from; };
  for (const auto& c : spec.countries) {
    if (!c.asylum) continue;
    if (!std::is_sorted(c.asylum->background_changes.begin(), c.asylum->background_changes.end(), by_date))
      fail("country '" + c.id + "': background changes out of date order");
    if (!std::is_sorted(c.asylum->other_registrations.begin(), c.asylum->other_registrations.end(), by_date))
      fail("country '" + c.id + "': other registrations out of date order");
  }
  for (const auto& c : spec.countries) {
    if (!std::is_sorted(c.other_traffic.begin(), c.other_traffic.end(), by_date))
      fail("country '" + c.id + "': other traffic out of date order");
    if (!c.other_traffic.empty() && c.id == spec.origin) fail("country '" + c.id + "': the origin has other traffic");
  }
  double shares = 0;
  for (const auto& p : spec.profiles) shares += p.share;
  if (!spec.profiles.empty() && std::fabs(shares - 1) > 1e-6) fail("profile shares do not sum to 1");
  const auto& r = spec.behaviour.after_refusal;
  if (std::fabs(r.move_on + r.non_eu + r.hide + r.go_home - 1) > 1e-6) fail("after-refusal shares do not sum to 1");
}

}  // namespace

std::shared_ptr<const Model> build_model(const ScenarioSpec& spec) {
  check_buildable(spec);

  auto m = std::make_shared<Model>();
  m->world = build_world(spec);
  m->documents = spec.documents;
  m->start = spec.start;
  m->end = spec.end;
  m->scale = spec.scale;
  m->behaviour = spec.behaviour;
  for (const auto& p : spec.profiles) {
    m->profiles.push_back(build_profile(p, spec));
    m->profile_ids.push_back(p.id);
  }
  build_schedule(spec, *m);
  build_asylum(spec, *m);
  m->other_traffic.assign(m->world.nodes.size(), {});
  for (std::size_t c = 0; c < spec.countries.size(); ++c)  // countries are the first nodes, in order
    for (const BackgroundChange& change : spec.countries[c].other_traffic)
      m->other_traffic[c].emplace_back(change.from, change.per_month / days_per_month);
  int next_bit = 0;
  for (const auto& p : spec.policies) {
    if (!p.enabled) continue;  // validated with the rest, then left out of the run
    m->policies.push_back(detail::compile_policy(p, m->world, spec));
    // Only crossing policies shape routes, so only they get a bit in the class key; the
    // others test the selector when they act.
    const bool targeted = m->policies.back().closes_crossings() && !m->policies.back().who.everyone;
    if (targeted && next_bit >= max_targeted_policies)
      throw std::invalid_argument("at most 48 crossing policies with a `who` selector");
    m->policy_bit.push_back(targeted ? next_bit++ : -1);
  }
  m->change_dates = detail::policy_change_dates(m->policies);
  return m;
}

const World& world_of(const Model& model) {
  return model.world;
}
const std::vector<std::string>& profile_names(const Model& model) {
  return model.profile_ids;
}
Date start_of(const Model& model) {
  return model.start;
}
Date end_of(const Model& model) {
  return model.end;
}
double scale_of(const Model& model) {
  return model.scale;
}
std::uint32_t agent_total(const Model& model) {
  return model.agents_by_day.empty() ? 0 : model.agents_by_day.back();
}

}  // namespace migsim
