#pragma once
// Reading a scenario file (YAML) into a ScenarioSpec, with every problem reported at once.
#include "migsim/io/layer.hpp"

#include <string>
#include <vector>

#include "migsim/io/diagnostic_text.hpp"
#include "migsim/scenario.hpp"

namespace migsim::io {

struct LoadResult {
  ScenarioSpec spec;
  std::vector<Diagnostic> diagnostics;  // empty = the spec is valid; format_diagnostic(d, spec.sources)
  bool ok() const { return diagnostics.empty(); }
};

// Reads `path`, applies each override "dotted.path=value" (policies, countries, crossings and
// profiles are addressed by their name / id: policies.baltic_ban.from=2022-10-01), checks
// form (syntax, types, ranges, unknown keys, dates) and then validate(spec).
// Never throws for bad input; all problems come back as diagnostics.
LoadResult load_scenario(const std::string& path, const std::vector<std::string>& overrides = {});

// Same, from text already in memory; `path` is only used in messages.
LoadResult load_scenario_text(const std::string& text, const std::string& path,
                              const std::vector<std::string>& overrides = {});

}  // namespace migsim::io
