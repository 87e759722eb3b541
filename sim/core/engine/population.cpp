#include "population.hpp"

#include <algorithm>
#include <cmath>

namespace migsim::detail {

void Population::allocate(std::uint32_t agents) {
  node.assign(agents, 0);
  edge.assign(agents, no_edge);
  dest.assign(agents, no_dest);
  status.assign(agents, Status::at_origin);
  days_left.assign(agents, 0);
  savings.assign(agents, 0.f);
  since.assign(agents, 0);
  mobility_class.assign(agents, 0);
  next_change.assign(agents, 0);
  wake.assign(agents, 0);
  age.assign(agents, 0);
  flags.assign(agents, 0);
  record.assign(agents, no_record);
  dossiers.assign((agents + dossier_block - 1) / dossier_block, {});
}

namespace {

std::size_t pick(const std::vector<double>& cumulative, double u) {
  const auto it = std::upper_bound(cumulative.begin(), cumulative.end(), u);
  return std::min(static_cast<std::size_t>(it - cumulative.begin()), cumulative.size() - 1);
}

}  // namespace

NodeId origin_place_of(const Model& model, const Rng& rng, std::uint32_t a, DayIndex day) {
  const std::uint16_t table = model.place_table_of_day[day];
  if (table == 0) return model.world.origin;  // no draw: a scenario without places keeps its streams
  return model.origin_places[pick(model.place_tables[table], rng.uniform(a, day, Purpose::origin_place))];
}

ClassKey spawn_agent(const Model& model, const Rng& rng, std::uint32_t a, DayIndex day, Population& pop) {
  // Attributes are keyed by agent id alone (day slot 0): an agent's draws do not depend on
  // when the schedule spawns it. Profile shares depend on the day, so that draw uses it.
  const auto& shares = model.share_tables[model.share_table_of_day[day]];
  const auto p = static_cast<std::uint8_t>(pick(shares, rng.uniform(a, day, Purpose::profile)));
  const ProfileModel& prof = model.profiles[p];

  const auto sex = rng.words(a, 0, Purpose::sex);
  const bool male = Rng::to_unit(sex[0]) < prof.male_share;
  const std::size_t band = pick(prof.age_cum, Rng::to_unit(sex[1]));
  const unsigned span = static_cast<unsigned>(prof.age_to[band] - prof.age_from[band]) + 1u;
  const auto years =
      static_cast<std::uint8_t>(prof.age_from[band] + static_cast<unsigned>(Rng::to_unit(sex[2]) * span));

  DocMask docs = 0;
  for (std::uint32_t batch = 0; batch < max_documents / 4; ++batch) {
    const auto w = rng.words(a, batch, Purpose::documents);
    for (std::uint32_t i = 0; i < 4; ++i)
      if (Rng::to_unit(w[i]) < prof.document_probability[batch * 4 + i])
        docs = static_cast<DocMask>(docs | (1u << (batch * 4 + i)));
  }
  const auto rec = rng.words(a, 0, Purpose::record);
  const bool ex_combatant = Rng::to_unit(rec[0]) < prof.ex_combatant;
  const bool criminal = Rng::to_unit(rec[1]) < prof.criminal_record;

  // Lognormal savings by Box-Muller on two 53-bit uniforms.
  const auto sw = rng.words(a, 0, Purpose::savings);
  const double u1 = 1.0 - Rng::to_unit(sw[0], sw[1]);  // (0, 1]
  const double u2 = Rng::to_unit(sw[2], sw[3]);
  const double z = std::sqrt(-2.0 * std::log(u1)) * std::cos(6.283185307179586 * u2);

  pop.age[a] = years;
  pop.flags[a] = static_cast<std::uint8_t>((male ? flag_male : 0) | (ex_combatant ? flag_ex_combatant : 0) |
                                           (criminal ? flag_criminal : 0));
  pop.savings[a] = static_cast<float>(std::exp(prof.log_savings_median + prof.savings_sigma * z));
  pop.node[a] = origin_place_of(model, rng, a, day);
  pop.edge[a] = no_edge;
  pop.dest[a] = no_dest;
  pop.status[a] = Status::at_origin;
  pop.since[a] = day;
  return class_key_of(model, Traits{p, years, docs, male, ex_combatant, criminal});
}

ClassKey class_key_of(const Model& model, const Traits& t) {
  std::uint64_t bits = 0;
  for (std::size_t p = 0; p < model.policies.size(); ++p) {
    const int bit = model.policy_bit[p];
    if (bit >= 0 && model.policies[p].who.matches(t)) bits |= 1ULL << bit;
  }
  return make_class_key(t.profile, t.documents, bits);
}

}  // namespace migsim::detail
