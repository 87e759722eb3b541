// migsim report of a Flee run's folder (`migsim run --flee DIR --out RESULTS`): manifest.json
// and out.csv read into the JSON flee.js draws, as FabFlee's plots show a run: each camp's
// population against the UNHCR data, the totals, and the error over time. See data.hpp.
#include <algorithm>
#include <string>
#include <vector>

#include "data.hpp"
#include "lower_layers.hpp"
#include "migsim/io/flee_out.hpp"
#include "migsim/io/paths.hpp"
#include "migsim/io/targets.hpp"

namespace migsim::report::detail {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

std::string located(const fs::path& path, const std::string& message) {
  return results_located(path.string(), Loc{}, message);
}

// manifest.json's text as JSON, or why not ("manifest.json: error: ...").
json manifest_json(const fs::path& dir) {
  const fs::path path = dir / "manifest.json";
  std::string problem;
  const auto text = read_input_file(path, problem);
  if (!text) throw BadResults(located(path, problem + "; expected a results folder written by migsim run"));
  try {
    return json::parse(*text);
  } catch (const json::exception& e) {
    throw BadResults(located(path, e.what() + std::string("; expected a manifest written by migsim run")));
  }
}

// The manifest as rows of the run's table (name, value), every key write_flee_manifest writes.
json manifest_rows(const json& j) {
  json rows = json::array();
  auto text = [](const json& v) { return v.is_string() ? v.get<std::string>() : v.is_null() ? "—" : v.dump(); };
  auto row = [&](const std::string& name, const char* key) {
    rows.push_back({name, j.contains(key) ? text(j.at(key)) : "—"});
  };
  row("migsim version", "migsim_version");
  row("git commit", "git_commit");
  row("rule set", "rule_set");
  row("Flee scenario folder", "flee_folder");
  if (j.contains("inputs_sha256") && j.at("inputs_sha256").is_object())
    for (const auto& [file, sha] : j.at("inputs_sha256").items()) rows.push_back({"SHA-256 of " + file, text(sha)});
  std::string sets;
  if (j.contains("overrides") && j.at("overrides").is_array())
    for (const auto& s : j.at("overrides")) sets += (sets.empty() ? "" : "; ") + text(s);
  rows.push_back({"overrides (--set)", sets.empty() ? "none" : sets});
  // --set-file: its path, SHA-256 and entries (write_flee_manifest's overrides_file).
  if (j.contains("overrides_file") && j.at("overrides_file").is_object()) {
    const json& f = j.at("overrides_file");
    std::string entries;
    if (f.contains("entries") && f.at("entries").is_array())
      for (const auto& e : f.at("entries")) entries += (entries.empty() ? "" : "; ") + text(e);
    rows.push_back({"overrides file (--set-file)", f.contains("path") ? text(f.at("path")) : "—"});
    rows.push_back({"SHA-256 of the overrides file", f.contains("sha256") ? text(f.at("sha256")) : "—"});
    rows.push_back({"overrides file's entries", entries.empty() ? "none" : entries});
  } else {
    rows.push_back({"overrides file (--set-file)", "none"});
  }
  row("seed", "seed");
  row("StartDate", "start");
  row("days", "days");
  row("locations", "locations");
  row("routes", "routes");
  row("awareness level", "awareness_level");
  row("agents", "agents");
  row("agent steps", "agent_steps");
  if (j.contains("run") && j.at("run").is_object()) {
    const json& r = j.at("run");
    const std::pair<const char*, const char*> keys[] = {{"threads", "threads"},
                                                        {"wall_seconds", "wall time (s)"},
                                                        {"created_utc", "run at (UTC)"},
                                                        {"command_line", "command line"}};
    for (const auto& [key, name] : keys)
      if (r.contains(key)) rows.push_back({name, text(r.at(key))});
  }
  return rows;
}

// The page's data from the run read (read_flee_run).
json flee_page_data(const FleeRun& run, const fs::path& dir, const TargetsFile* targets,
                    std::vector<std::string>& errors) {
  const json& j = run.manifest;
  const FleeOutCsv& out = run.out;
  const std::size_t days = run.days;
  json camps = json::array();
  for (std::size_t c = 0; c < out.camps.size(); ++c) {
    json sim = json::array(), data = json::array();
    for (std::size_t t = 0; t < days; ++t) sim.push_back(out.sim[t][c]), data.push_back(out.data[t][c]);
    camps.push_back({{"name", out.camps[c]}, {"sim", sim}, {"data", data}});
  }
  // FabFlee's validation error, day by day and over the run, from out.csv's camp columns by the
  // one rule the Flee targets use (io's averaged_relative_difference).
  json rescaled = json::array(), normal = json::array();
  for (std::size_t t = 0; t < days; ++t) {
    const Ard a = averaged_relative_difference(out.sim, out.data, t, t);
    rescaled.push_back(a.rescaled), normal.push_back(a.normal);
  }
  const Ard whole = averaged_relative_difference(out.sim, out.data, 0, days - 1);
  bool has_data = false;
  for (double v : out.data_in_camps) has_data = has_data || v > 0;

  json data;
  data["kind"] = "flee";
  data["title"] = j.at("flee_folder");
  data["flee"] = {{"dates", out.dates},
                  {"has_data", has_data},
                  {"camps", camps},
                  {"totals",
                   {{"sim_in_camps", out.sim_in_camps},
                    {"data_in_camps", out.data_in_camps},
                    {"total_refugees", out.total_refugees},
                    {"raw_unhcr", out.raw_unhcr}}},
                  {"total_error", out.total_error},
                  {"ard", {{"rescaled", rescaled}, {"normal", normal}}},
                  {"ard_mean", {{"rescaled", whole.rescaled}, {"normal", whole.normal}}}};
  data["manifest"] = manifest_rows(j);
  data["targets"] = nullptr;
  if (targets) {
    const auto rows = flee_targets(*targets, out, run.start, "the Flee run " + dir.string(), errors);
    data["targets"] = target_rows(*targets, rows);
  }
  return data;
}

}  // namespace

bool is_flee_run(const fs::path& dir) {
  try {
    const json j = manifest_json(dir);
    return j.is_object() && j.contains("rule_set") && j.at("rule_set") == flee_rule_set;
  } catch (const BadResults&) {
    return false;  // not a Flee run's; read_run_manifest says what is wrong with it
  }
}

FleeRun read_flee_run(const fs::path& dir) {
  const fs::path manifest_path = dir / "manifest.json";
  FleeRun run;
  run.manifest = manifest_json(dir);
  const json& j = run.manifest;
  auto bad = [&](const std::string& what) {
    return BadResults(located(manifest_path, what + "; expected a manifest written by migsim run --flee"));
  };
  if (!j.is_object()) throw bad("is not a JSON object");
  for (const char* key : {"start", "days", "flee_folder"})
    if (!j.contains(key)) throw bad(std::string("no \"") + key + "\"");
  const auto start = j.at("start").is_string() ? parse_iso_date(j.at("start").get<std::string>()) : std::nullopt;
  if (!start) throw bad("\"start\" is not a date YYYY-MM-DD");
  if (!j.at("days").is_number_unsigned() || j.at("days").get<std::uint64_t>() == 0)
    throw bad("\"days\" is not a number of days above 0");
  if (!j.at("flee_folder").is_string()) throw bad("\"flee_folder\" is not a path");
  run.start = *start;
  run.days = j.at("days").get<std::size_t>();
  run.out = read_flee_out_csv(dir / "out.csv", run.start, run.days);
  return run;
}

json flee_report_data(const fs::path& dir, const TargetsFile* targets, std::vector<std::string>& errors) {
  try {
    return flee_page_data(read_flee_run(dir), dir, targets, errors);
  } catch (const json::exception& e) {  // a manifest value of another type than migsim writes
    throw BadResults(located(dir / "manifest.json", e.what() + std::string("; expected a manifest written by "
                                                                           "migsim run --flee")));
  }
}

}  // namespace migsim::report::detail
