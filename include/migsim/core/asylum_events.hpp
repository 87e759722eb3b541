#pragma once
// The asylum events the engine counts per country and day. One list: the engine counts by
// it, AsylumDay stores by it, and asylum.csv's columns, `migsim compare` and the README's
// outputs table take their names and meanings from it. A new event is one enumerator and
// one row here.
#include "migsim/core/layer.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace migsim {

enum class AsylumEvent : std::uint8_t {
  registrations,
  applications,
  decisions_positive,
  decisions_negative,
  dublin_requests,
  dublin_transfers,
  pushbacks,
  deportations,
  extraditions,
  people_pushed_back,
  temporary_protection_granted,
};

struct AsylumEventInfo {
  std::string_view name;     // the column name in asylum.csv
  std::string_view meaning;  // for the README's outputs table
};

// In enumerator order.
inline constexpr std::array asylum_events = {
    AsylumEventInfo{"registrations", "intentions to apply recorded"},
    AsylumEventInfo{"applications", "applications lodged"},
    AsylumEventInfo{"decisions_positive", "first-instance and appeal decisions granting protection"},
    AsylumEventInfo{"decisions_negative", "first-instance and final appeal rejections"},
    AsylumEventInfo{"dublin_requests",
                    "take-back requests the country received as the responsible state, about the simulated people "
                    "(dublin.csv has them by requesting state, with other nationalities)"},
    AsylumEventInfo{"dublin_transfers", "simulated people transferred into the country"},
    AsylumEventInfo{"pushbacks",
                    "returns across the country's border, every attempt (one person may be returned "
                    "several times)"},
    AsylumEventInfo{"deportations", "rejected people removed from the country"},
    AsylumEventInfo{"extraditions", "people handed over to the origin from the country"},
    AsylumEventInfo{"people_pushed_back",
                    "people pushed back for the first time, by any country, counted at the country that did it: "
                    "summed over countries and months, the number of people ever pushed back"},
    AsylumEventInfo{"temporary_protection_granted",
                    "registrations for temporary protection, outside the asylum procedure (one person may register "
                    "again in each state they move on to)"},
};
inline constexpr std::size_t asylum_event_count = asylum_events.size();
static_assert(static_cast<std::size_t>(AsylumEvent::temporary_protection_granted) + 1 == asylum_event_count,
              "asylum_events must have one row per AsylumEvent, in order");

constexpr std::string_view name_of(AsylumEvent e) {
  return asylum_events[static_cast<std::size_t>(e)].name;
}

}  // namespace migsim
