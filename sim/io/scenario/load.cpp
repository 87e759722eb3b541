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
#include "migsim/io/yaml_tree.hpp"
#include "overrides.hpp"
#include "read.hpp"

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

struct ParsedScenario::Impl {
  std::string path;
  detail::Node root;                 // the parsed file, never changed
  std::vector<Diagnostic> problems;  // why it cannot be loaded, if it cannot
};

ParsedScenario::ParsedScenario(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
ParsedScenario::ParsedScenario(ParsedScenario&&) noexcept = default;
ParsedScenario& ParsedScenario::operator=(ParsedScenario&&) noexcept = default;
ParsedScenario::~ParsedScenario() = default;

const std::vector<Diagnostic>& ParsedScenario::problems() const {
  return impl_->problems;
}

ParsedScenario ParsedScenario::from_text(const std::string& text, const std::string& path) {
  auto impl = std::make_unique<Impl>();
  impl->path = path;
  try {
    if (std::string problem = detail::text_problem(text); !problem.empty()) {
      // Binary data goes nowhere near yaml-cpp.
      impl->problems.push_back({Loc{0, 1, 1}, std::move(problem)});
    } else {
      detail::ParseResult parsed = detail::parse_yaml(text, 0);
      impl->problems = std::move(parsed.diagnostics);
      if (parsed.ok && parsed.root.kind == detail::Node::Kind::null)
        impl->problems.push_back({Loc{0, 1, 1},
                                  "file is empty; expected a scenario (a map with keys such as scenario, "
                                  "people, countries)"});
      else if (parsed.ok)
        impl->root = std::move(parsed.root);
      else if (impl->problems.empty())
        impl->problems.push_back({Loc{0, 1, 1}, "cannot parse the file; expected YAML"});
    }
  } catch (const std::exception& e) {
    impl->problems.push_back({Loc{0, 0, 0}, std::string("cannot load scenario: ") + e.what()});
  }
  return ParsedScenario(std::move(impl));
}

LoadResult ParsedScenario::load(const std::vector<std::string>& overrides) const {
  return load_impl(nullptr, overrides);
}

LoadResult ParsedScenario::load_with_file(const OverridesFile& file, const std::vector<std::string>& overrides) const {
  return load_impl(&file, overrides);
}

LoadResult ParsedScenario::load_impl(const OverridesFile* file, const std::vector<std::string>& overrides) const {
  LoadResult r;
  r.spec.sources.push_back(impl_->path);
  r.diagnostics = impl_->problems;
  // The overrides file is source 1: its own problems, and its entries' locations, move there.
  constexpr std::uint16_t file_source = 1;
  if (file) {
    r.spec.sources.push_back(file->path);
    for (Diagnostic d : file->diagnostics) {
      d.loc.source = file_source;
      r.diagnostics.push_back(std::move(d));
    }
  }
  if (impl_->problems.empty()) {
    try {
      detail::Node root = impl_->root;
      if (file) {
        for (const OverrideEntry& e : file->entries) {
          detail::OverrideAt o{e.path, e.value, false, e.path_loc, e.value_loc};
          o.path_loc.source = o.value_loc.source = file_source;
          detail::apply_override(root, o, "an overrides file", r.diagnostics);
        }
      }
      detail::apply_overrides(root, overrides, r.spec.sources, r.diagnostics);
      const Unread unread = detail::read_spec(root, r.spec, r.diagnostics);
      for (Diagnostic& d : validate(r.spec, unread)) r.diagnostics.push_back(std::move(d));
    } catch (const std::exception& e) {
      // Only resource exhaustion should get here; report rather than escape the promise.
      r.diagnostics.push_back({Loc{0, 0, 0}, std::string("cannot load scenario: ") + e.what()});
    }
  }
  finish(r);
  return r;
}

std::vector<std::vector<Diagnostic>> ParsedScenario::path_problems(const std::vector<std::string>& paths) const {
  std::vector<std::vector<Diagnostic>> out(paths.size());
  for (std::size_t i = 0; i < paths.size(); ++i) {
    detail::Node root = impl_->root;
    std::vector<std::string> sources{impl_->path};
    // Only where the path leads is checked here; the value (empty) is the reader's business.
    detail::apply_overrides(root, {paths[i] + "="}, sources, out[i]);
  }
  return out;
}

LoadResult load_scenario_text(const std::string& text, const std::string& path,
                              const std::vector<std::string>& overrides) {
  return ParsedScenario::from_text(text, path).load(overrides);
}

LoadResult load_scenario(const std::string& path, const std::vector<std::string>& overrides) {
  return ParsedScenario::read(path).load(overrides);
}

LoadResult load_scenario_with_file(const std::string& path, const OverridesFile& file,
                                   const std::vector<std::string>& overrides) {
  return ParsedScenario::read(path).load_with_file(file, overrides);
}

ParsedScenario ParsedScenario::read(const std::string& path) {
  auto fail = [&](const std::string& why) {
    auto impl = std::make_unique<Impl>();
    impl->path = path;
    impl->problems.push_back({Loc{0, 0, 0}, why});
    return ParsedScenario(std::move(impl));
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
  return from_text(buf.str(), path);
}

}  // namespace migsim::io
