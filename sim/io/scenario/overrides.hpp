#pragma once
// --set path=value: edits the YAML tree before it is read, so an override's value goes
// through exactly the checks a value in the file does.
//
// Locations: an override is its own source. spec.sources[k] is "--set <override>" and a
// Loc {k, 1, col} counts columns in the override text as typed after --set, so
// "--set people.total=-5" reports the value at column 14:
//   --set people.total=-5:1:14: error: people.total '-5' is negative; ...
// An overrides file (--set-file, migsim/io/overrides_file.hpp) is one source; its entries
// carry the file's own line:col, so a bad value is reported where it is in that file.
#include "migsim/io/layer.hpp"

#include <string>
#include <string_view>
#include <vector>

#include "migsim/core/scenario.hpp"
#include "migsim/io/yaml_tree.hpp"

namespace migsim::io::detail {

// Items of countries, places, crossings and profiles are addressed by id, policies by name,
// departures and age bands by position from 0. A path may end at a known optional key the
// file leaves out (it is added), or at a key of an id -> number map such as
// profiles.<id>.documents.<document>. Appends one entry per override to `sources`.
void apply_overrides(Node& root, const std::vector<std::string>& overrides, std::vector<std::string>& sources,
                     std::vector<Diagnostic>& diags);

// One override already split into path and value, with where each is (an overrides file's
// entry). Path steps are located at path_loc.col plus their offset in `path`.
struct OverrideAt {
  std::string path;  // dotted.path
  std::string value;
  bool null = false;  // no value at all (the reader then reports what is missing)
  Loc path_loc;
  Loc value_loc;
};

// Applies `o` as apply_overrides applies one --set; `who` names the setter in messages
// ("an overrides file sets single values only").
void apply_override(Node& root, const OverrideAt& o, std::string_view who, std::vector<Diagnostic>& diags);

}  // namespace migsim::io::detail
