// The keys every study file has, read with one message each, and the checks against the files
// it names (see reader.hpp).
#include "reader.hpp"
#include "lower_layers.hpp"

#include <algorithm>
#include <charconv>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <set>

#include "migsim/core/engine.hpp"
#include "migsim/io/diagnostic_text.hpp"
#include "migsim/io/flee_import.hpp"
#include "migsim/io/paths.hpp"
#include "migsim/io/scenario_yaml.hpp"
#include "migsim/io/targets.hpp"

namespace migsim::study::detail {

namespace fs = std::filesystem;

std::optional<std::string> read_file(const std::string& path, std::string& problem) {
  return read_input_file(path, problem);
}

StudyReader::StudyReader(std::string file, std::vector<std::string>& errors)
    : file_(std::move(file)), errors_(errors), folder_(fs::path(file_).parent_path()) {}

void StudyReader::error(Loc loc, std::string message) {
  errors_.push_back(format_diagnostic({loc, std::move(message)}, {&file_, 1}));
}

std::string StudyReader::resolve(const std::string& relative) const {
  return (folder_ / relative).lexically_normal().string();
}

const Node* StudyReader::scalar(const Node& map, std::string_view key, const std::string& expected) {
  return scalar_at(map, key, expected, [this](Loc loc, std::string m) { error(loc, std::move(m)); });
}

bool StudyReader::root_keys(const Node& root, std::string_view what, std::span<const std::string_view> keys) {
  if (root.kind != Node::Kind::map) {
    error(root.loc, "the file is " + std::string(kind_name(root.kind)) + "; expected a " + std::string(what) +
                        ": a map with keys " + joined(keys));
    return false;
  }
  for (const auto& e : root.entries)
    if (!choice(e.key, keys))
      error(e.key_loc, "unknown key " + quoted_text(e.key) + " in the " + std::string(what) +
                           "; expected one of: " + joined(keys));
  return true;
}

void StudyReader::required(const Node& root, std::string_view what, std::initializer_list<const char*> keys) {
  for (const char* key : keys)
    if (!root.find(key)) error(root.loc, "the " + std::string(what) + " has no key '" + key + "'");
}

std::optional<std::uint64_t> StudyReader::whole_number(const Node& map, std::string_view key,
                                                       const std::string& expected, std::uint64_t lo,
                                                       std::uint64_t hi) {
  const Node* n = scalar(map, key, expected);
  if (!n) return std::nullopt;
  const auto v = whole(n->text);
  if (!v || *v < lo || *v > hi) {
    error(n->loc, std::string(key) + " " + quoted_text(n->text) + " is not a whole number from " + std::to_string(lo) +
                      " to " + std::to_string(hi));
    return std::nullopt;
  }
  return v;
}

std::optional<std::uint64_t> StudyReader::seed(const Node& root) {
  const Node* n = scalar(root, "seed", "a whole number");
  if (!n) return std::nullopt;
  const auto v = whole(n->text);
  if (!v) error(n->loc, "seed " + quoted_text(n->text) + " is not a whole number; expected 0 to 18446744073709551615");
  return v;
}

std::vector<std::string> StudyReader::set(const Node& root) {
  std::vector<std::string> out;
  const Node* n = root.find("set");
  if (!n) return out;
  if (n->kind != Node::Kind::map) {
    error(n->loc, "set is " + std::string(kind_name(n->kind)) +
                      "; expected a map of scenario paths to values, e.g. {people.scale: 20}");
    return out;
  }
  for (const auto& e : n->entries) {
    if (e.node().kind != Node::Kind::scalar) {
      error(e.node().loc, "set." + e.key + " is " + std::string(kind_name(e.node().kind)) +
                              "; expected a single value, as --set takes it");
      continue;
    }
    out.push_back(e.key + "=" + e.node().text);
    set_locs_.push_back(e.key_loc);
  }
  return out;
}

std::string StudyReader::targets(const Node& root) {
  const Node* n = scalar(root, "targets", "a path to a targets file");
  return n ? resolve(n->text) : "";
}

std::vector<SweepParameter> StudyReader::parameters(const Node& root, const std::string& shape,
                                                    std::span<const std::string_view> keys, const ReadItem& rest) {
  std::vector<SweepParameter> out;
  const Node* n = root.find("parameters");
  if (!n) return out;
  if (n->kind != Node::Kind::list || n->items.empty()) {
    error(n->loc, "parameters is " + std::string(kind_name(n->kind)) + "; expected a list of " + shape);
    return out;
  }
  std::set<std::string> seen;
  for (std::size_t i = 0; i < n->items.size(); ++i) {
    const Node& item = n->items[i];
    const std::string what = "parameter " + std::to_string(i + 1);
    if (item.kind != Node::Kind::map) {
      error(item.loc, what + " is " + std::string(kind_name(item.kind)) + "; expected a map with keys " + joined(keys));
      continue;
    }
    for (const auto& e : item.entries)
      if (!choice(e.key, keys))
        error(e.key_loc, "unknown key " + quoted_text(e.key) + " in " + what + "; expected one of: " + joined(keys));
    SweepParameter p;
    p.loc = item.loc;
    if (const Node* path = scalar(item, "path", "a scenario path, as --set takes it")) {
      p.path = path->text;
      if (!seen.insert(p.path).second) error(path->loc, "path " + quoted_text(p.path) + " is swept twice");
    } else if (!item.find("path")) {
      error(item.loc, what + " has no key 'path'");
    }
    rest(item, what, p);
    out.push_back(std::move(p));
  }
  return out;
}

void StudyReader::range(const Node& item, const std::string& what, SweepParameter& p) {
  for (const char* key : {"min", "max"}) {
    const Node* b = scalar(item, key, "a number");
    if (!item.find(key)) {
      error(item.loc, what + " has no key '" + key + "'; a range needs min and max");
    } else if (b) {
      const auto v = finite_number(b->text);
      if (!v)
        error(b->loc, what + " " + key + " " + quoted_text(b->text) + " is not a number");
      else
        (std::string_view(key) == "min" ? p.min : p.max) = *v;
    }
  }
  if (const Node* s = scalar(item, "scale", "linear or log")) {
    if (const auto v = choice(s->text, sweep::scale_names))
      p.scale = static_cast<sweep::Scale>(*v);
    else
      error(s->loc,
            what + " scale " + quoted_text(s->text) + " is not known; expected one of: " + joined(sweep::scale_names));
  }
}

void StudyReader::check_targets(const Node& root, const std::string& path) {
  const Node* n = root.find("targets");
  if (!n || n->kind != Node::Kind::scalar) return;
  const TargetsFile targets = read_targets(path);
  for (const std::string& e : targets.errors) error(n->loc, "targets " + quoted_text(n->text) + ": " + e);
}

bool StudyReader::memory_fits(Loc loc, const std::string& what, double units, double bytes_each,
                              const std::string& unit) {
  const double usable = static_cast<double>(usable_memory());
  const double need = units * bytes_each;
  if (need <= usable / 2) return true;
  const auto most = static_cast<std::uint64_t>(usable / 2 / bytes_each);
  error(loc, what + " would take about " + bytes_text(need) + " of memory for the study's own bookkeeping (about " +
                 bytes_text(bytes_each) + " a " + unit + "), more than half of the " + bytes_text(usable) +
                 " this process may use (the machine's memory, its ulimit and cgroup; the runs need the rest); "
                 "expected at most " +
                 std::to_string(most) + " " + unit + "s here, or a machine with more memory");
  return false;
}

void StudyReader::check_scenario(const Node& root, const std::string& path, const std::vector<std::string>& set,
                                 const std::vector<SweepParameter>& parameters, const std::string& targets) {
  const Node* scenario = root.find("scenario");
  if (!scenario || scenario->kind != Node::Kind::scalar) return;
  if (is_flee_folder(path)) {
    const Node* t = root.find("targets");
    check_flee_scenario(*scenario, path, set, parameters, t && t->kind == Node::Kind::scalar ? t : nullptr, targets);
    return;
  }
  const ParsedScenario base = ParsedScenario::read(path);
  if (!base.problems().empty()) {
    for (const Diagnostic& d : base.problems())
      error(scenario->loc, "scenario " + quoted_text(scenario->text) + ": " + format_diagnostic(d, {&path, 1}));
    return;
  }
  std::vector<std::string> paths;
  for (const SweepParameter& p : parameters) paths.push_back(p.path);
  const auto problems = base.path_problems(paths);
  for (std::size_t i = 0; i < paths.size(); ++i)
    for (const Diagnostic& d : problems[i])
      error(parameters[i].loc, "path " + quoted_text(paths[i]) + ": " + d.message);
  const LoadResult with_set = base.load(set);
  for (const Diagnostic& d : with_set.diagnostics) {
    const std::size_t k = d.loc.source;  // 0: the scenario file; i + 1: set entry i
    if (k >= 1 && k <= set_locs_.size())
      error(set_locs_[k - 1], "set: " + d.message);
    else
      error(scenario->loc,
            "scenario " + quoted_text(scenario->text) + " with set: " + format_diagnostic(d, with_set.spec.sources));
  }
  const Node* t = root.find("targets");
  if (!with_set.ok() || targets.empty() || !t || t->kind != Node::Kind::scalar) return;
  const TargetsFile file = read_targets(targets);
  if (!file.ok()) return;  // check_targets tells
  std::shared_ptr<const Model> model;
  try {
    model = build_model(with_set.spec);
  } catch (const std::exception& e) {
    error(scenario->loc, "scenario " + quoted_text(scenario->text) + " with set: " + e.what());
    return;
  }
  for (const std::string& e : target_problems(file, *model, "the scenario " + path + (set.empty() ? "" : " with set")))
    error(t->loc, "targets " + quoted_text(t->text) + ": " + e);
}

void StudyReader::check_flee_scenario(const Node& scenario, const std::string& path,
                                      const std::vector<std::string>& set,
                                      const std::vector<SweepParameter>& parameters, const Node* targets_at,
                                      const std::string& targets) {
  for (const SweepParameter& p : parameters)
    if (const std::string problem = flee_setting_problem(p.path); !problem.empty())
      error(p.loc, "path " + quoted_text(p.path) + ": " + problem);
  const FleeImport base = import_flee(path, set);
  // A location's or a route's attribute must name one the folder has: imported once with the
  // path at a value every attribute takes, its own problems told at the parameter.
  for (const SweepParameter& p : parameters) {
    if (!flee_setting_problem(p.path).empty() || !is_flee_attribute_path(p.path)) continue;
    std::vector<std::string> with = {p.path + "=1"};
    with.insert(with.end(), set.begin(), set.end());
    for (const Diagnostic& d : import_flee(path, with).diagnostics)
      if (d.severity == Severity::error && d.loc.source == 0)
        error(p.loc, "path " + quoted_text(p.path) + ": " + d.message);
  }
  bool good = true;
  for (const Diagnostic& d : base.diagnostics) {
    if (d.severity != Severity::error) continue;
    good = false;
    if (d.loc.source < set.size())  // an override's problem: told at its entry
      error(set_locs_[d.loc.source], "set: " + d.message);
    else
      error(scenario.loc, "scenario " + quoted_text(scenario.text) + (set.empty() ? "" : " with set") + ": " +
                              format_diagnostic(d, base.sources));
  }
  if (!good || targets.empty() || !targets_at) return;
  const TargetsFile file = read_targets(targets);
  if (!file.ok()) return;  // check_targets tells
  for (const std::string& e :
       flee_target_problems(file, base.scenario, "the Flee scenario " + path + (set.empty() ? "" : " with set")))
    error(targets_at->loc, "targets " + quoted_text(targets_at->text) + ": " + e);
}

void read_study_text(const std::string& text, const std::string& path, std::string_view what,
                     std::vector<std::string>& errors, const std::function<void(const Node& root)>& read) {
  if (const std::string problem = text_problem(text); !problem.empty()) {
    errors.push_back(format_diagnostic({Loc{}, problem}, {&path, 1}));
    return;
  }
  auto parsed = parse_yaml(text, 0);
  for (const auto& d : parsed.diagnostics) errors.push_back(format_diagnostic(d, {&path, 1}));
  if (!parsed.ok) return;
  if (parsed.root.kind == Node::Kind::null) {
    errors.push_back(format_diagnostic({Loc{0, 1, 1}, "file is empty; expected a " + std::string(what)}, {&path, 1}));
    return;
  }
  read(parsed.root);
  // In the order of the file, as a scenario's problems are (problems of other files after).
  auto position = [&path](const std::string& e) {
    int line = 1 << 30, col = 0;
    if (e.rfind(path + ":", 0) == 0) std::sscanf(e.c_str() + path.size(), ":%d:%d:", &line, &col);
    return std::pair{line, col};
  };
  std::stable_sort(errors.begin(), errors.end(),
                   [&](const std::string& a, const std::string& b) { return position(a) < position(b); });
}

std::optional<std::string> study_text(const std::string& path, std::string_view expected,
                                      std::vector<std::string>& errors) {
  std::string problem;
  auto text = read_file(path, problem);
  if (!text) errors.push_back(format_diagnostic({Loc{}, problem + "; expected " + std::string(expected)}, {&path, 1}));
  return text;
}

}  // namespace migsim::study::detail
