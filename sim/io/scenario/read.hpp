#pragma once
// From a checked YAML tree to a ScenarioSpec: the form checks of every key, section by
// section. Returns what could not be read, for validate() to skip (see migsim/io/validate.hpp).
#include "migsim/io/layer.hpp"

#include <vector>

#include "migsim/core/scenario.hpp"
#include "migsim/io/validate.hpp"
#include "migsim/io/yaml_tree.hpp"

namespace migsim::io::detail {

Unread read_spec(const Node& root, ScenarioSpec& spec, std::vector<Diagnostic>& diags);

}  // namespace migsim::io::detail
