#pragma once
// The built model: everything a run needs, as plain tables, immutable during a run.
#include <array>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "migsim/core/engine.hpp"
#include "migsim/core/scenario.hpp"
#include "migsim/core/world.hpp"
#include "policy.hpp"

namespace migsim {

inline constexpr int max_documents = 8;
inline constexpr int max_profiles = 64;
inline constexpr int max_targeted_policies = 48;  // policies with a `who` that close crossings

struct ProfileModel {
  std::string id;
  float male_share = 0.5f;
  std::vector<std::uint8_t> age_from, age_to;  // bands
  std::vector<double> age_cum;                 // cumulative band shares, last = 1
  std::array<double, max_documents> document_probability{};
  double criminal_record = 0, ex_combatant = 0;
  double log_savings_median = 0, savings_sigma = 0;  // log USD
};

// A dated series in engine units: the value from each date on (sorted), 0 before the first.
inline double value_on(const std::vector<std::pair<Date, double>>& series, Date d) {
  double value = 0;
  for (const auto& [from, v] : series)
    if (from <= d) value = v;
  return value;
}

// A country's asylum procedure in engine units (per day, people).
struct AsylumModel {
  bool present = false;
  double decisions_per_day = 0;   // base first-instance capacity, all nationalities
  double background_pending = 0;  // other nationalities pending on the start date
  double background_per_day = 0;  // other nationalities' new applications, from the start date ...
  std::vector<std::pair<Date, double>> background_changes;  // ... and from these dates on (sorted)
  double background_on(Date d) const {
    double per_day = background_per_day;
    for (const auto& [from, value] : background_changes)
      if (from <= d) per_day = value;
    return per_day;
  }
  // Other nationalities' intentions registered here, people per day from these dates on
  // (sorted), none before the first.
  std::vector<std::pair<Date, double>> other_registrations;
  double other_registrations_on(Date d) const { return value_on(other_registrations, d); }
  double lodging_share = 1;
  double recorded_at_entry = 0;
  int days_to_lodge = 0;
  double recognition = 0;
  double appeal_share = 0, appeal_success = 0;
  int appeal_days = 0;
  double detention = 0;
};

struct Model {
  World world;
  std::vector<ProfileModel> profiles;
  std::vector<std::string> profile_ids;
  std::vector<std::string> documents;
  Date start = 0, end = 0;
  double scale = 1;
  BehaviourSpec behaviour;

  // Departure schedule, per day index: agents spawned by the end of that day (cumulative),
  // and which profile-share table applies (index into share_tables).
  std::vector<std::uint32_t> agents_by_day;
  std::vector<double> departure_share_by_day;  // the schedule's weight up to that day, of its total
  std::vector<std::uint16_t> share_table_of_day;
  std::vector<std::vector<double>> share_tables;  // cumulative profile shares, last = 1
  // Where people set off from: [0] the origin, then the places in it that a window names
  // (departures[].places); per day, which cumulative table of shares over them applies.
  // Table 0 puts everyone at the origin.
  std::vector<NodeId> origin_places;
  std::vector<std::uint16_t> place_table_of_day;
  std::vector<std::vector<double>> place_tables;

  std::vector<AsylumModel> asylum;  // [node]: a place uses its country's entry
  // [node]: crossings by people not simulated between the origin and this country, per day in
  // each direction, from these dates on (countries[].other_traffic); empty for places.
  std::vector<std::vector<std::pair<Date, double>>> other_traffic;
  DocMask settle_with = 0;                    // documents that let people settle without asylum
  std::array<double, 4> after_refusal_cum{};  // cumulative shares: move_on, non_eu, hide, go_home

  std::vector<detail::CompiledPolicy> policies;
  std::vector<int> policy_bit;  // [policy]: bit in an agent's class key, -1 if it hits everyone
  std::vector<Date> change_dates;

  int days() const { return end - start + 1; }
  const AsylumModel& asylum_at(NodeId n) const { return asylum[world.nodes[n].country]; }
  bool in_eu(NodeId n, Date d) const {
    const auto& since = world.nodes[world.nodes[n].country].eu_since;
    return since && *since <= d;
  }
  bool in_dublin(NodeId n, Date d) const {
    const auto& since = world.nodes[world.nodes[n].country].dublin_since;
    return since && *since <= d;
  }
};

}  // namespace migsim
