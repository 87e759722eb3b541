#pragma once
// Semantic validation: every problem of a spec at once (unknown references, duplicate ids,
// shares that do not sum to 1, windows the wrong way round, an origin that can reach
// nothing, ...), in the words of the scenario file. It lives in io because its messages and
// the keys it skips are the file's vocabulary (sim/io/scenario/schema.cpp); the core only checks the
// invariants a built model needs (build_model). Checks of form (types, ranges, unknown keys,
// syntax) belong to the reader, which knows the text. An empty result means build_model(spec)
// will succeed.
//
// A spec that a reader could only partly read:
//
// A reader that has already reported a form error (a bad value, a missing key) passes what
// it could not read; validate() then skips the checks that would only restate that error in
// other words (cascades): checks made *from* an unread entity, and checks that add up or
// connect a whole group (profile shares, the departure schedule, the world graph) when a
// member of that group is unread. Ids of unread entities still count as defined, so other
// entities that refer to them are not flagged. validate(spec) is validate(spec, {}).
#include "migsim/io/layer.hpp"

#include <cstddef>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "migsim/core/scenario.hpp"

namespace migsim::io {

struct Unread {
  // Dotted keys that were missing or unreadable: "scenario.start", "people.origin",
  // "documents", or a whole top-level list ("countries") that was not a list.
  std::set<std::string, std::less<>> keys;
  // Indices into the spec's lists of entities with any form error.
  std::set<std::size_t> countries, places, crossings, profiles, departures, policies;

  bool has(std::string_view key) const { return keys.count(key) != 0; }
  bool empty() const {
    return keys.empty() && countries.empty() && places.empty() && crossings.empty() && profiles.empty() &&
           departures.empty() && policies.empty();
  }
};

std::vector<Diagnostic> validate(const ScenarioSpec& spec, const Unread& unread);
std::vector<Diagnostic> validate(const ScenarioSpec& spec);

}  // namespace migsim::io
