#pragma once
// An overrides file (`migsim run SCENARIO --set-file FILE`): YAML, a flat map of
//   dotted.path: value
// each entry the same as `--set dotted.path=value`, for many at once, e.g.
//   policies.croatia_recognition.rate: 0.163
//   crossings.ru_lars.capacity_per_day: 4000
// `migsim calibrate` writes its posterior medians as one (calibrated.yaml). The file's entries
// apply before any --set, so a --set on the command line overrides one of them.
#include "migsim/io/layer.hpp"

#include <string>
#include <utility>
#include <vector>

#include "migsim/core/diagnostic.hpp"

namespace migsim::io {

// One `path: value` of the file, with where each half is (Loc::source 0 = the file).
struct OverrideEntry {
  std::string path;   // dotted.path, as written
  std::string value;  // the scalar, as written (after YAML unquoting)
  Loc path_loc;
  Loc value_loc;
};

struct OverridesFile {
  std::string path;
  std::string sha256;                   // lowercase hex of the bytes read; empty if unreadable
  std::vector<OverrideEntry> entries;   // in file order; the well-formed ones, even when there are problems
  std::vector<Diagnostic> diagnostics;  // Loc::source 0 = `path`: format_diagnostic(d, {&path, 1})
  bool ok() const { return diagnostics.empty(); }
};

// Reads the file's form, every problem at once: unreadable or not YAML, empty, not a map, a
// value that is a list, a map or nothing, a path given twice. Whether the paths exist in a
// scenario and the values fit them is the scenario loader's check (load_scenario_with_file in
// migsim/io/scenario_yaml.hpp), reported at the entry's line:col in this file. Never throws
// for bad input. The one reader of these files: migsim run/check --set-file and calibrate.
OverridesFile read_overrides_file(const std::string& path);
// Same, from text already in memory; `path` is only used in messages.
OverridesFile overrides_file_from_text(const std::string& text, const std::string& path);
// Its entries as "path=value", in the file's order: what a --set of each would say, and what a
// manifest lists under overrides_file.entries.
std::vector<std::string> override_texts(const OverridesFile& file);

// The text of an overrides file setting each (path, value) in order, values quoted where YAML
// would read them otherwise ("null", "", "a: b"); overrides_file_from_text reads it back as
// given. `comment`, if not empty, goes first as '# ' lines.
std::string overrides_file_text(const std::vector<std::pair<std::string, std::string>>& entries,
                                const std::string& comment = "");

}  // namespace migsim::io
