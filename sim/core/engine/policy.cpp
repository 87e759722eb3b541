#include "policy.hpp"

#include <algorithm>
#include <array>
#include <stdexcept>
#include <type_traits>
#include <utility>
#include <variant>

namespace migsim::detail {
namespace {

int index_of(const std::vector<std::string>& names, const std::string& name) {
  auto it = std::find(names.begin(), names.end(), name);
  if (it == names.end()) throw std::invalid_argument("unknown name '" + name + "' (validate() should have caught it)");
  return static_cast<int>(it - names.begin());
}

DocMask doc_mask(const std::vector<std::string>& docs, const ScenarioSpec& scenario) {
  DocMask m = 0;
  for (const auto& d : docs) m = static_cast<DocMask>(m | (1u << index_of(scenario.documents, d)));
  return m;
}

Selector compile_selector(const SelectorSpec& s, const ScenarioSpec& scenario) {
  Selector out;
  std::vector<std::string> profile_ids;
  for (const auto& p : scenario.profiles) profile_ids.push_back(p.id);
  if (!s.profiles.empty()) {
    out.profiles = 0;
    for (const auto& p : s.profiles) out.profiles |= 1ULL << index_of(profile_ids, p);
    out.everyone = false;
  }
  if (s.male) {
    out.male = *s.male ? 1 : 0;
    out.everyone = false;
  }
  if (s.age_from) {
    out.age_from = static_cast<std::uint8_t>(*s.age_from);
    out.everyone = false;
  }
  if (s.age_to) {
    out.age_to = static_cast<std::uint8_t>(*s.age_to);
    out.everyone = false;
  }
  out.documents_all = doc_mask(s.documents, scenario);
  out.documents_none = doc_mask(s.lacking, scenario);
  if (out.documents_all || out.documents_none) out.everyone = false;
  if (s.ex_combatant) {
    out.ex_combatant = *s.ex_combatant ? 1 : 0;
    out.everyone = false;
  }
  if (s.criminal_record) {
    out.criminal_record = *s.criminal_record ? 1 : 0;
    out.everyone = false;
  }
  return out;
}

NodeId index_of_node(const World& world, const std::string& id) {
  for (std::size_t n = 0; n < world.nodes.size(); ++n)
    if (world.nodes[n].id == id) return static_cast<NodeId>(n);
  throw std::invalid_argument("unknown node '" + id + "' (validate() should have caught it)");
}

bool contains(const std::vector<std::string>& v, const std::string& x) {
  return std::find(v.begin(), v.end(), x) != v.end();
}

}  // namespace

CompiledPolicy compile_policy(const PolicySpec& spec, const World& world, const ScenarioSpec& scenario) {
  CompiledPolicy p;
  p.type = spec.type();
  p.from = spec.from;
  p.until = spec.until.value_or(scenario.end);
  p.who = compile_selector(spec.who, scenario);
  p.stream = 2166136261u;  // FNV-1a
  for (const unsigned char c : spec.name) p.stream = (p.stream ^ c) * 16777619u;
  p.edge_hit.assign(world.edges.size(), 0);
  for (std::size_t e = 0; e < world.edges.size(); ++e) {
    const Edge& edge = world.edges[e];
    const std::string& from_country = world.nodes[world.nodes[edge.from].country].id;
    const std::string& to_country = world.nodes[world.nodes[edge.to].country].id;
    const bool crosses_border = from_country != to_country;
    bool hit = contains(spec.where.crossings, edge.id);
    if (crosses_border) {
      // An entry ban stops people entering a country; a border closure shuts the border
      // both ways, as Finland's closure and Flee's country closures do.
      if (contains(spec.where.countries, to_country)) hit = true;
      if (spec.type() == PolicyType::border_closure && contains(spec.where.countries, from_country)) hit = true;
      // (pushback: arrivals into the countries, as for an entry ban)
    }
    if (hit && !spec.where.modes.empty() &&
        std::find(spec.where.modes.begin(), spec.where.modes.end(), edge.mode) == spec.where.modes.end())
      hit = false;
    p.edge_hit[e] = hit ? 1 : 0;
  }
  p.in_where.assign(world.nodes.size(), 0);
  for (std::size_t n = 0; n < world.nodes.size(); ++n)
    p.in_where[n] = contains(spec.where.countries, world.nodes[world.nodes[n].country].id) ? 1 : 0;
  p.params = spec.params;
  std::visit(
      [&](const auto& params) {
        using Params = std::decay_t<decltype(params)>;
        for_each_field<Params>([&](const auto& field) {
          if constexpr (std::is_same_v<std::decay_t<decltype(params.*field.member)>, std::string>) {
            const std::string& id = params.*field.member;
            if (id.empty()) return;
            if (field.refers == Refers::country) p.to = world.nodes[index_of_node(world, id)].country;
            if (field.refers == Refers::document) p.document = doc_mask({id}, scenario);
          }
        });
      },
      spec.params);
  return p;
}

namespace {
template <std::size_t... I>
PolicyParams make_params(std::size_t type, std::index_sequence<I...>) {
  static const std::array<PolicyParams, sizeof...(I)> defaults = {PolicyParams(std::in_place_index<I>)...};
  return defaults.at(type);
}
}  // namespace

std::vector<Date> policy_change_dates(const std::vector<CompiledPolicy>& policies) {
  std::vector<Date> dates;
  for (const auto& p : policies) {
    dates.push_back(p.from);
    dates.push_back(p.until + 1);
  }
  std::sort(dates.begin(), dates.end());
  dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
  return dates;
}

}  // namespace migsim::detail

namespace migsim {

PolicyParams default_params(PolicyType t) {
  return detail::make_params(static_cast<std::size_t>(t), std::make_index_sequence<policy_type_count>{});
}

}  // namespace migsim
