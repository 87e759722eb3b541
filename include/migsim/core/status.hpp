#pragma once
// The statuses a person can be in. Every person spawned is in exactly one of them every day.
#include "migsim/core/layer.hpp"

#include <array>
#include <cstdint>
#include <string_view>

namespace migsim {

enum class Status : std::uint8_t {
  at_origin,       // spawned but not (yet) left: staying, or no open route
  travelling,      // on a crossing; counted at the crossing's start node
  in_transit,      // at a node that is not their destination
  registered,      // intention to apply recorded, application not lodged (asylum issue)
  applicant,       // waiting for a first decision (asylum issue)
  appealing,       // waiting for an appeal decision (asylum issue)
  protected_,      // refugee or subsidiary protection (asylum issue)
  rejected,        // removable (asylum issue)
  dublin_pending,  // transfer to the responsible state pending (asylum issue)
  detained,        // (asylum issue)
  returned,        // deported, extradited or pushed back (asylum issue)
  settled,         // at their destination without asylum: residence, work, tolerated stay
  irregular,       // abroad without a legal status, making no plans: hid after a refusal or an expired stay
  home,            // back at the origin after leaving, of their own accord (not removed: returned)
  temporary,       // holds temporary protection where they are (policy temporary_protection)
};
inline constexpr auto status_names = std::to_array<std::string_view>(
    {"at_origin", "travelling", "in_transit", "registered", "applicant", "appealing", "protected", "rejected",
     "dublin_pending", "detained", "returned", "settled", "irregular", "home", "temporary"});
inline constexpr int status_count = static_cast<int>(status_names.size());
static_assert(static_cast<int>(Status::temporary) + 1 == status_count, "status_names must name every Status, in order");

constexpr std::string_view name_of(Status s) {
  return status_names[static_cast<int>(s)];
}

}  // namespace migsim
