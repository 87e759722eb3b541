#pragma once
// Helpers for the scenario reader tests: the toy scenario as text, one-place edits of it,
// and finding a diagnostic by what its message says.
#include <doctest/doctest.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "migsim/io/scenario_yaml.hpp"

namespace migsim::test {

inline std::string toy_path() {
  return MIGSIM_SOURCE_DIR "/scenarios/toy/two-routes.yaml";
}

// The toy with asylum procedures and one policy of each type.
inline std::string asylum_path() {
  return MIGSIM_SOURCE_DIR "/scenarios/toy/asylum.yaml";
}

inline std::string file_text(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream buf;
  buf << in.rdbuf();
  return buf.str();
}

inline std::string toy_text() {
  return file_text(toy_path());
}

// `text` with `from` replaced by `to`; `from` must occur exactly once.
inline std::string edit(std::string text, const std::string& from, const std::string& to) {
  const auto at = text.find(from);
  REQUIRE_MESSAGE(at != std::string::npos, "not in the toy: " << from);
  REQUIRE_MESSAGE(text.find(from, at + 1) == std::string::npos, "more than once in the toy: " << from);
  return text.replace(at, from.size(), to);
}

// The 1-based line of the asylum toy on which `needle` (found once) starts, so that tests of
// what lies below its policies do not move when an example is added above.
inline int asylum_line_of(const std::string& needle) {
  const std::string text = file_text(asylum_path());
  const auto at = text.find(needle);
  REQUIRE_MESSAGE(at != std::string::npos, "not in the toy: " << needle);
  REQUIRE_MESSAGE(text.find(needle, at + 1) == std::string::npos, "more than once in the toy: " << needle);
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + static_cast<std::ptrdiff_t>(at), '\n'));
}

inline std::string toy_with(const std::string& from, const std::string& to) {
  return edit(toy_text(), from, to);
}

inline std::string asylum_with(const std::string& from, const std::string& to) {
  return edit(file_text(asylum_path()), from, to);
}

inline io::LoadResult load(const std::string& text, const std::vector<std::string>& overrides = {}) {
  return io::load_scenario_text(text, "t.yaml", overrides);
}

// Every diagnostic formatted, one per line, for failure messages.
inline std::string all(const io::LoadResult& r) {
  std::string out;
  for (const auto& d : r.diagnostics) out += io::format_diagnostic(d, r.spec.sources) + "\n";
  return out;
}

// The only diagnostic; fails the test unless there is exactly one.
inline Diagnostic only(const io::LoadResult& r) {
  REQUIRE_MESSAGE(r.diagnostics.size() == 1, all(r));
  return r.diagnostics.front();
}

// The diagnostics whose message contains `needle`.
inline std::vector<Diagnostic> find(const io::LoadResult& r, const std::string& needle) {
  std::vector<Diagnostic> out;
  for (const auto& d : r.diagnostics)
    if (d.message.find(needle) != std::string::npos) out.push_back(d);
  return out;
}

inline bool has(const Diagnostic& d, const std::string& needle) {
  return d.message.find(needle) != std::string::npos;
}

// A diagnostic from the scenario file itself (source 0) at 1-based line and column.
inline void check_at(const Diagnostic& d, int line, int col) {
  CHECK_MESSAGE(d.loc.source == 0, d.message);
  CHECK_MESSAGE(d.loc.line == line, d.message);
  CHECK_MESSAGE(d.loc.col == col, d.message);
}

}  // namespace migsim::test
