#pragma once
// The scenario file reference, generated from the same parameter table the reader checks
// files against, so the documentation cannot drift from what is accepted.
#include "migsim/io/layer.hpp"

#include <iosfwd>
#include <string>

namespace migsim::io {

// Markdown: every key of a scenario file with its type, unit, default, range, meaning and
// source. docs/scenario.md is exactly this text (a test keeps them equal).
std::string scenario_reference();

// Writes scenario_reference() to `out` (for `migsim docs`).
void print_scenario_reference(std::ostream& out);

}  // namespace migsim::io
