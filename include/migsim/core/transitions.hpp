#pragma once
// What happens to people's legal stay where they live, and their moves after settling, as the
// engine counts them per node and day. One list: the engine counts by it, DayStats stores by
// it, and transitions.csv's `event` values and the README take their names and meanings from
// it. A new event is one enumerator and one row here.
#include "migsim/core/layer.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace migsim {

enum class Transition : std::uint8_t {
  permit_granted,
  permit_renewed,
  permit_refused,
  stay_expired,
  moved_on,
  returned_home,
  left_again,
  became_irregular,
  regularised,
  absconded,
  visited_home,
  temporary_protection_ended,
};

struct TransitionInfo {
  std::string_view name;     // the `event` value in transitions.csv
  std::string_view meaning;  // for the README's outputs table
};

// In enumerator order.
inline constexpr std::array transitions = {
    TransitionInfo{"permit_granted", "a first residence permit in the country (residence_permit)"},
    TransitionInfo{"permit_renewed", "a permit renewed when it ran out"},
    TransitionInfo{"permit_refused", "a first permit or a renewal refused: the person's legal stay ends"},
    TransitionInfo{"stay_expired",
                   "a visa-free stay used up (stay_limit): the person must leave, or applies for asylum there "
                   "(its then_apply)"},
    TransitionInfo{"moved_on",
                   "people living in the country (settled or irregular) who set out for another destination: "
                   "onward movement, or after their stay ended"},
    TransitionInfo{"returned_home",
                   "people who went back to the origin of their own accord, counted at the country they left "
                   "(removals are in asylum.csv)"},
    TransitionInfo{"left_again", "people who had gone home and left the origin again, counted at the origin"},
    TransitionInfo{"became_irregular", "people who began to stay without a legal status"},
    TransitionInfo{"regularised", "irregular people granted a residence permit"},
    TransitionInfo{"absconded",
                   "applicants who left the country before a first decision (absconding): their case there is "
                   "discontinued"},
    TransitionInfo{"visited_home",
                   "people living in the country who made a short visit to the origin and came back (visit_home), "
                   "counted at the country they live in"},
    TransitionInfo{"temporary_protection_ended",
                   "beneficiaries of temporary protection whose protection ended where they live (no "
                   "temporary_protection policy covers them there any more): settled from that day"},
};
inline constexpr std::size_t transition_count = transitions.size();
static_assert(static_cast<std::size_t>(Transition::temporary_protection_ended) + 1 == transition_count,
              "transitions must have one row per Transition, in order");

constexpr std::string_view name_of(Transition e) {
  return transitions[static_cast<std::size_t>(e)].name;
}

}  // namespace migsim
