#pragma once
// --set path=value: edits the YAML tree before it is read, so an override's value goes
// through exactly the checks a value in the file does.
//
// Locations: an override is its own source. spec.sources[k] is "--set <override>" and a
// Loc {k, 1, col} counts columns in the override text as typed after --set, so
// "--set people.total=-5" reports the value at column 14:
//   --set people.total=-5:1:14: error: people.total '-5' is negative; ...
#include "migsim/io/layer.hpp"

#include <string>
#include <vector>

#include "migsim/scenario.hpp"
#include "scenario/yaml_tree.hpp"

namespace migsim::io::detail {

// Items of countries, places, crossings and profiles are addressed by id, policies by name,
// departures and age bands by position from 0. A path may end at a known optional key the
// file leaves out (it is added), or at a key of an id -> number map such as
// profiles.<id>.documents.<document>. Appends one entry per override to `sources`.
void apply_overrides(Node& root, const std::vector<std::string>& overrides, std::vector<std::string>& sources,
                     std::vector<Diagnostic>& diags);

}  // namespace migsim::io::detail
