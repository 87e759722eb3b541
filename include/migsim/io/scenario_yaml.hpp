#pragma once
// Reading a scenario file (YAML) into a ScenarioSpec, with every problem reported at once.
#include "migsim/io/layer.hpp"

#include <memory>
#include <string>
#include <vector>

#include "migsim/core/scenario.hpp"
#include "migsim/io/diagnostic_text.hpp"
#include "migsim/io/overrides_file.hpp"

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

// Same, with an overrides file (read_overrides_file) applied first, then each --set in
// `overrides`, so a --set wins over the file's entry for the same path. spec.sources is the
// scenario, the overrides file, then one per --set; the file's problems (its form, and paths
// or values the scenario refuses) point into the file at their line:col.
// (Its own name, not an overload: load_scenario(path, {}) must stay unambiguous.)
LoadResult load_scenario_with_file(const std::string& path, const OverridesFile& file,
                                   const std::vector<std::string>& overrides = {});

// Same, from text already in memory; `path` is only used in messages.
LoadResult load_scenario_text(const std::string& text, const std::string& path,
                              const std::vector<std::string>& overrides = {});

// A scenario file parsed once, to be loaded many times with different overrides (a sweep's
// points): each load copies the parsed tree, applies its overrides and reads and checks it as
// load_scenario does, without reading or parsing the file again.
class ParsedScenario {
 public:
  // Reads and parses `path`; problems() says why it cannot be loaded, if it cannot.
  static ParsedScenario read(const std::string& path);
  static ParsedScenario from_text(const std::string& text, const std::string& path);
  ParsedScenario(ParsedScenario&&) noexcept;
  ParsedScenario& operator=(ParsedScenario&&) noexcept;
  ~ParsedScenario();

  // Problems that stop every load (the file unreadable, not YAML, empty); empty otherwise.
  const std::vector<Diagnostic>& problems() const;
  // The spec with these overrides, every problem at once, as load_scenario(path, overrides).
  LoadResult load(const std::vector<std::string>& overrides = {}) const;
  // The spec with an overrides file's entries and then these overrides, as
  // load_scenario_with_file(path, file, overrides).
  LoadResult load_with_file(const OverridesFile& file, const std::vector<std::string>& overrides = {}) const;
  // The problems of the override paths alone — unknown keys, no item of that id — whatever
  // the values: what a sweep file can be checked for before anything runs. One list per path.
  std::vector<std::vector<Diagnostic>> path_problems(const std::vector<std::string>& paths) const;

 private:
  struct Impl;
  explicit ParsedScenario(std::unique_ptr<Impl> impl);
  LoadResult load_impl(const OverridesFile* file, const std::vector<std::string>& overrides) const;
  std::unique_ptr<Impl> impl_;
};

}  // namespace migsim::io
