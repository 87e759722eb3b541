// manifest.json: what produced a result. Fields that differ between two runs of the same
// inputs (timings, clock, command line, thread count) sit under "run", so two manifests are
// compared by dropping that one key.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <nlohmann/json.hpp>
#include <optional>
#include <stdexcept>
#include <string>

#include "migsim/io/out_file.hpp"
#include "migsim/io/results.hpp"
#include "migsim/io/tables.hpp"
#include "migsim/io/text_format.hpp"
#include "migsim/version.hpp"
#include "results/manifest_json.hpp"

namespace migsim::io {
namespace {

std::string utc_now_iso() {
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// Each policy's window and place, in the scenario's order: what was in force when, and where.
nlohmann::ordered_json policy_windows(const ScenarioSpec& spec) {
  nlohmann::ordered_json out = nlohmann::ordered_json::array();
  for (const PolicySpec& p : spec.policies) {
    nlohmann::ordered_json e;
    e["name"] = p.name;
    e["type"] = name_of(p.type());
    e["from"] = detail::iso_date(p.from);
    e["until"] = detail::iso_date(p.until.value_or(spec.end));
    e["enabled"] = p.enabled;
    e["countries"] = p.where.countries;
    e["crossings"] = p.where.crossings;
    nlohmann::ordered_json modes = nlohmann::ordered_json::array();
    for (Mode m : p.where.modes) modes.push_back(name_of(m));
    e["modes"] = std::move(modes);
    out.push_back(std::move(e));
  }
  return out;
}

// The rows of a table as CsvWriter writes it (a line a row, under its header line), by its
// line ends; none when the file is not there.
std::optional<std::uint64_t> table_rows(const std::filesystem::path& file) {
  std::FILE* f = std::fopen(file.c_str(), "rb");
  if (f == nullptr) return std::nullopt;
  std::uint64_t lines = 0;
  char buf[1 << 16];
  for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, f)) > 0;)
    lines += static_cast<std::uint64_t>(std::count(buf, buf + n, '\n'));
  const bool failed = std::ferror(f) != 0;
  std::fclose(f);
  if (failed) throw std::runtime_error("cannot read '" + file.string() + "' to count its rows");
  return lines > 0 ? lines - 1 : 0;
}

}  // namespace

void write_manifest(const std::filesystem::path& folder, const ScenarioSpec& spec, const Model& model,
                    const ManifestInfo& info, const RunResult& result) {
  const World& world = world_of(model);
  // ordered_json: keys stay in the order below, which reads better than alphabetical.
  nlohmann::ordered_json j;
  j["migsim_version"] = build::version;
  j["git_commit"] = build::git_commit;
  j["scenario_path"] = info.scenario_path;
  j["scenario_sha256"] = info.scenario_sha256;
  // --set-file's entries applied first, then the --set overrides: everything that was applied.
  j["overrides_file"] =
      detail::overrides_file_json(info.overrides_file, info.overrides_file_sha256, info.overrides_file_entries);
  j["overrides"] = info.overrides;
  j["seed"] = info.seed;
  j["start"] = detail::iso_date(start_of(model));
  j["end"] = detail::iso_date(end_of(model));
  j["nodes"] = world.node_count();
  j["edges"] = world.edge_count();
  j["profiles"] = profile_names(model);
  // The geography of the result, so that a reader (migsim compare) can roll places up and
  // resolve "EU" on a date without the scenario file, which may have changed since.
  nlohmann::ordered_json countries = nlohmann::ordered_json::array();
  nlohmann::ordered_json places = nlohmann::ordered_json::array();
  auto date_or_null = [](const std::optional<Date>& d) {
    return d ? nlohmann::ordered_json(detail::iso_date(*d)) : nlohmann::ordered_json(nullptr);
  };
  for (const Node& n : world.nodes) {
    nlohmann::ordered_json e;
    e["id"] = n.id;
    e["name"] = n.name;
    if (n.is_country) {
      e["eu"] = date_or_null(n.eu_since);
      e["schengen"] = date_or_null(n.schengen_since);
      e["dublin"] = date_or_null(n.dublin_since);
      countries.push_back(std::move(e));
    } else {
      e["country"] = world.nodes[n.country].id;
      places.push_back(std::move(e));
    }
  }
  j["countries"] = std::move(countries);
  j["places"] = std::move(places);
  j["origin"] = world.nodes[world.origin].id;
  j["policies"] = policy_windows(spec);
  j["scale"] = scale_of(model);
  j["agents"] = result.agents;
  j["agent_steps"] = result.agent_steps;
  // Each table's rows as written (the manifest comes last, after them): a reader that finds
  // other than these has a table cut short, or one from another run.
  nlohmann::ordered_json rows = nlohmann::ordered_json::object();
  for (const OutputSpec& o : output_specs())
    if (!o.columns.empty())
      if (const auto n = table_rows(folder / o.file)) rows[o.file] = *n;
  j["rows"] = std::move(rows);

  nlohmann::ordered_json phases = nlohmann::ordered_json::object();
  for (std::size_t p = 0; p < phase_names.size(); ++p) phases[phase_names[p]] = result.phase_seconds[p];
  nlohmann::ordered_json run;
  run["threads"] = result.threads;
  run["wall_seconds"] = result.wall_seconds;
  run["phase_seconds"] = std::move(phases);
  run["created_utc"] = utc_now_iso();
  run["command_line"] = info.command_line;
  j["run"] = std::move(run);

  detail::OutFile file(folder / spec_of(Output::manifest).file);
  file.write(j.dump(2) + "\n");
  file.close();
}

}  // namespace migsim::io
