#pragma once
// Reading a Flee scenario folder (input_csv/, source_data/, simsetting.yml) into a
// flee::FleeScenario, with every problem reported at once as "file:line:col: error: ..."
// (or "warning: ..." for what migsim reads but does not act on).
#include "migsim/io/layer.hpp"

#include <filesystem>
#include <string>
#include <vector>

#include "migsim/flee.hpp"

namespace migsim::io {

struct FleeDiagnostic {
  std::string file;       // as opened: the folder joined with the file's relative path
  int line = 0, col = 0;  // 1-based; 0 = unknown
  bool warning = false;
  std::string message;  // "<what> <bad value>: expected <what was expected>"
};

// "file:line:col: error: message" (line:col left out when unknown).
std::string format_diagnostic(const FleeDiagnostic& d);

struct FleeImport {
  flee::FleeScenario scenario;
  std::vector<FleeDiagnostic> diagnostics;   // errors and warnings, in file order
  std::vector<std::filesystem::path> files;  // files read, for the manifest's hash
  bool ok() const {
    for (const auto& d : diagnostics)
      if (!d.warning) return false;
    return true;
  }
};

// Never throws for bad input: all problems come back as diagnostics.
FleeImport import_flee(const std::filesystem::path& folder);

}  // namespace migsim::io
