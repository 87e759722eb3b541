#include "migsim/io/diagnostic_text.hpp"

namespace migsim::io {

std::string format_diagnostic(const Diagnostic& d, std::span<const std::string> sources) {
  std::string out = d.loc.source < sources.size() ? sources[d.loc.source] : std::string("<unknown>");
  if (d.loc.line > 0) {
    out += ":" + std::to_string(d.loc.line);
    if (d.loc.col > 0) out += ":" + std::to_string(d.loc.col);
  }
  return out + (d.severity == Severity::warning ? ": warning: " : ": error: ") + d.message;
}

}  // namespace migsim::io
