#pragma once
// Reading a Flee scenario folder (input_csv/, source_data/, simsetting.yml) into a
// flee::FleeScenario, with every problem reported at once as "file:line:col: error: ..."
// (or "warning: ..." for what migsim reads but does not act on).
#include "migsim/io/layer.hpp"

#include <filesystem>
#include <string>
#include <vector>

#include "migsim/core/diagnostic.hpp"
#include "migsim/core/flee.hpp"
#include "migsim/io/diagnostic_text.hpp"

namespace migsim::io {

struct FleeImport {
  flee::FleeScenario scenario;
  std::vector<Diagnostic> diagnostics;       // errors and warnings, in file order
  std::vector<std::string> sources;          // the files diagnostics name: format_diagnostic(d, sources)
  std::vector<std::filesystem::path> files;  // files read, for the manifest's hash
  bool ok() const {
    for (const auto& d : diagnostics)
      if (d.severity == Severity::error) return false;
    return true;
  }
};

// Never throws for bad input: all problems come back as diagnostics.
FleeImport import_flee(const std::filesystem::path& folder);

}  // namespace migsim::io
