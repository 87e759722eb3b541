#pragma once
// A problem found in an input file, as plain numbers and text: which file (an index into the
// reader's list of sources), where in it, and what is wrong. No IO here; the text form
// "file:line:col: error: message" is made in one place, migsim/io/diagnostic_text.hpp.
#include "migsim/core/layer.hpp"

#include <cstdint>
#include <string>

namespace migsim {

// Where a value came from: sources[source] at 1-based line and column (0 = unknown).
struct Loc {
  std::uint16_t source = 0;
  std::int32_t line = 0;
  std::int32_t col = 0;
};

// A warning names what migsim reads but does not act on; an error stops the run.
enum class Severity : std::uint8_t { error, warning };

struct Diagnostic {
  Loc loc;
  std::string message;  // "<what> <bad value>: expected <what was expected>"
  Severity severity = Severity::error;
};

}  // namespace migsim
