// Loading a scenario: text checks, guarded YAML parse, --set overrides, form checks, then
// semantic validation, all problems collected and sorted by where they are.
//
// Cascades: form errors come first and semantic checks run on the whole spec afterwards,
// but the reader tells validate() which entities and keys it could not read (Unread), and
// validate() skips the checks those would only make fail again (a departure window whose
// date was impossible is not also "outside the scenario"; profile shares are not summed when
// one of them was "abc"). Ids of entities with errors still count, so references to them
// are not reported as unknown.
#include "migsim/io/scenario_yaml.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <system_error>

#include "migsim/io/validate.hpp"
#include "scenario/overrides.hpp"
#include "scenario/scenario_read.hpp"
#include "scenario/yaml_tree.hpp"

namespace migsim::io {
namespace {

constexpr std::size_t kMaxDiagnostics = 200;

void finish(LoadResult& r) {
  std::stable_sort(r.diagnostics.begin(), r.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.loc.source, a.loc.line, a.loc.col) < std::tie(b.loc.source, b.loc.line, b.loc.col);
  });
  if (r.diagnostics.size() > kMaxDiagnostics) {
    r.diagnostics.resize(kMaxDiagnostics);
    r.diagnostics.push_back({Loc{}, "too many errors; stopped after the first " + std::to_string(kMaxDiagnostics)});
  }
}

}  // namespace

LoadResult load_scenario_text(const std::string& text, const std::string& path,
                              const std::vector<std::string>& overrides) {
  LoadResult r;
  r.spec.sources.push_back(path);
  try {
    if (std::string problem = detail::text_problem(text); !problem.empty()) {
      // Binary data goes nowhere near yaml-cpp.
      r.diagnostics.push_back({Loc{0, 1, 1}, std::move(problem)});
      return r;
    }
    detail::ParseResult parsed = detail::parse_yaml(text, 0);
    r.diagnostics = std::move(parsed.diagnostics);
    if (!parsed.ok) {
      finish(r);
      return r;
    }
    if (parsed.root.kind == detail::Node::Kind::null) {
      r.diagnostics.push_back({Loc{0, 1, 1},
                               "file is empty; expected a scenario (a map with keys such as scenario, "
                               "people, countries)"});
      return r;
    }
    detail::apply_overrides(parsed.root, overrides, r.spec.sources, r.diagnostics);
    const Unread unread = detail::read_spec(parsed.root, r.spec, r.diagnostics);
    for (Diagnostic& d : validate(r.spec, unread)) r.diagnostics.push_back(std::move(d));
  } catch (const std::exception& e) {
    // Only resource exhaustion should get here; report rather than escape the promise.
    r.diagnostics.push_back({Loc{0, 0, 0}, std::string("cannot load scenario: ") + e.what()});
  }
  finish(r);
  return r;
}

LoadResult load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  auto fail = [&](const std::string& why) {
    LoadResult r;
    r.spec.sources.push_back(path);
    r.diagnostics.push_back({Loc{0, 0, 0}, why});
    return r;
  };
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return fail("cannot open: no such file; expected a scenario YAML file");
  if (!std::filesystem::is_regular_file(status))
    return fail("cannot open: not a regular file; expected a scenario YAML file");
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > detail::kMaxBytes)
    return fail("file is " + std::to_string(size) + " bytes; expected a scenario of at most 64 MiB");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot open: permission denied or unreadable; expected a readable scenario YAML file");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return fail("cannot read the file; expected a readable scenario YAML file");
  return load_scenario_text(buf.str(), path, overrides);
}

}  // namespace migsim::io
