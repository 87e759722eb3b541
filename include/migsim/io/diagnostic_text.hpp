#pragma once
// The one text form of a Diagnostic, for every file migsim reads (scenario YAML and --set
// overrides, Flee folders, targets files):
//   file:line:col: error: message    (or "warning: ")
// with ":col", or ":line:col", left out when unknown (0).
#include "migsim/io/layer.hpp"

#include <span>
#include <string>

#include "migsim/core/diagnostic.hpp"

namespace migsim::io {

// `sources` is what Loc::source indexes (file paths, or a --set argument); an index outside
// it is written as "<unknown>".
std::string format_diagnostic(const Diagnostic& d, std::span<const std::string> sources);

}  // namespace migsim::io
