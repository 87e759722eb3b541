#include "migsim/io/flee_out.hpp"

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstdlib>
#include <ctime>
#include <nlohmann/json.hpp>

#include "migsim/io/out_file.hpp"
#include "migsim/io/text_format.hpp"
#include "migsim/version.hpp"
#include "results/manifest_json.hpp"

namespace migsim::io {

std::string python_float(double v) {
  if (std::isnan(v)) return "nan";
  if (std::isinf(v)) return v > 0 ? "inf" : "-inf";
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  char buf[64];
  const auto res = std::to_chars(buf, buf + sizeof buf, v, std::chars_format::scientific);
  const std::string sci(buf, res.ptr);  // "-d.ddde+XX", shortest round-trip digits
  const bool neg = sci[0] == '-';
  const std::size_t e = sci.find('e');
  std::string digits;
  for (std::size_t i = neg ? 1 : 0; i < e; ++i)
    if (sci[i] != '.') digits += sci[i];
  const int exp = std::atoi(sci.c_str() + e + 1);
  std::string out = neg ? "-" : "";
  if (exp >= -4 && exp < 16) {
    if (exp < 0) {
      out += "0." + std::string(static_cast<std::size_t>(-exp - 1), '0') + digits;
    } else if (static_cast<std::size_t>(exp) + 1 >= digits.size()) {
      out += digits + std::string(static_cast<std::size_t>(exp) + 1 - digits.size(), '0') + ".0";
    } else {
      out +=
          digits.substr(0, static_cast<std::size_t>(exp) + 1) + "." + digits.substr(static_cast<std::size_t>(exp) + 1);
    }
    return out;
  }
  out += digits.substr(0, 1);
  if (digits.size() > 1) out += "." + digits.substr(1);
  char ex[16];
  std::snprintf(ex, sizeof ex, "e%c%02d", exp < 0 ? '-' : '+', std::abs(exp));
  return out + ex;
}

void write_flee_out_csv(const std::filesystem::path& file, const flee::FleeScenario& s, const flee::Result& r) {
  detail::OutFile out(file);
  std::string line = "Day,Date";
  for (std::uint16_t c : r.camps) {
    const std::string& n = s.locations[c].name;
    line += "," + n + " sim," + n + " data," + n + " error";
  }
  line +=
      ",Total error,refugees in camps (UNHCR),total refugees (simulation),raw UNHCR refugee count,"
      "refugees in camps (simulation),refugee_debt\n";
  out.write(line);
  const std::size_t camps = r.camps.size();
  for (std::size_t t = 0; t < r.alive.size(); ++t) {
    line = std::to_string(t) + "," + detail::iso_date(s.start + static_cast<Date>(t) + 1);
    std::int64_t data_sum = 0;
    double abs_error = 0;
    for (std::size_t c = 0; c < camps; ++c) {
      const std::int64_t sim = r.camp_people[t * camps + c];
      const std::int64_t data = s.camp_data.empty() || s.camp_data[c].size() <= t ? 0 : s.camp_data[c][t];
      // Flee writes round(rel_error, 4).
      const double rel =
          data > 0 ? std::round(std::abs(static_cast<double>(sim) / static_cast<double>(data) - 1.0) * 1e4) / 1e4 : 0.0;
      data_sum += data;
      abs_error += std::abs(static_cast<double>(sim - data));
      line += "," + std::to_string(sim) + "," + std::to_string(data) + "," + python_float(rel);
    }
    const std::int64_t raw = t < s.displaced.size() ? s.displaced[t] : 0;
    const double total_error = raw > 0 ? abs_error / static_cast<double>(raw) : 0.0;
    const std::int64_t debt = t < r.refugee_debt.size() ? r.refugee_debt[t] : 0;
    line += "," + python_float(total_error) + "," + std::to_string(data_sum) + "," + std::to_string(r.alive[t]) + "," +
            std::to_string(raw) + "," + std::to_string(r.in_camps[t]) + "," + std::to_string(debt) + "\n";
    out.write(line);
  }
  out.close();
}

void write_flee_manifest(const std::filesystem::path& folder, const flee::FleeScenario& s, const FleeManifestInfo& info,
                         const flee::Result& r) {
  nlohmann::ordered_json j;
  j["migsim_version"] = build::version;
  j["git_commit"] = build::git_commit;
  j["rule_set"] = flee_rule_set;
  j["flee_folder"] = info.folder;
  nlohmann::ordered_json inputs = nlohmann::ordered_json::object();
  for (const auto& [name, sha] : info.inputs) inputs[name] = sha;
  j["inputs_sha256"] = std::move(inputs);
  j["overrides"] = info.overrides;
  j["overrides_file"] =
      detail::overrides_file_json(info.overrides_file, info.overrides_file_sha256, info.overrides_file_entries);
  j["seed"] = info.seed;
  j["start"] = detail::iso_date(s.start);
  j["days"] = s.days;
  j["locations"] = s.locations.size();
  j["routes"] = s.routes.size();
  j["awareness_level"] = s.settings.awareness_level;
  j["agents"] = r.agents;
  j["agent_steps"] = r.agent_steps;
  nlohmann::ordered_json phases = nlohmann::ordered_json::object();
  for (std::size_t p = 0; p < flee::phase_names.size(); ++p) phases[flee::phase_names[p]] = r.phase_seconds[p];
  nlohmann::ordered_json run;
  run["threads"] = r.threads;
  run["wall_seconds"] = r.wall_seconds;
  run["phase_seconds"] = std::move(phases);
  const std::time_t now = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now());
  std::tm tm{};
  gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  run["created_utc"] = buf;
  run["command_line"] = info.command_line;
  j["run"] = std::move(run);
  detail::OutFile file(folder / "manifest.json");
  file.write(j.dump(2) + "\n");
  file.close();
}

std::vector<std::vector<double>> flee_camp_table(const flee::Result& r) {
  const std::size_t camps = r.camps.size();
  std::vector<std::vector<double>> t(r.alive.size(), std::vector<double>(camps));
  for (std::size_t d = 0; d < t.size(); ++d)
    for (std::size_t c = 0; c < camps; ++c) t[d][c] = static_cast<double>(r.camp_people[d * camps + c]);
  return t;
}

std::vector<std::vector<double>> flee_data_table(const flee::FleeScenario& s) {
  std::vector<std::vector<double>> t(static_cast<std::size_t>(s.days), std::vector<double>(s.camp_data.size()));
  for (std::size_t c = 0; c < s.camp_data.size(); ++c)
    for (std::size_t d = 0; d < t.size() && d < s.camp_data[c].size(); ++d)
      t[d][c] = static_cast<double>(s.camp_data[c][d]);
  return t;
}

Ard averaged_relative_difference(const std::vector<std::vector<double>>& S, const std::vector<std::vector<double>>& R,
                                 std::size_t first, std::size_t last) {
  Ard a;
  if (last < first || last >= std::min(S.size(), R.size())) return a;
  for (std::size_t t = first; t <= last; ++t) {
    double ref = 0, sim = 0, dn = 0, dr = 0;
    for (std::size_t i = 0; i < R[t].size(); ++i) ref += R[t][i], sim += S[t][i];
    const double den = std::max(ref, 1.0);
    const double scale = sim > 0 ? ref / sim : 0.0;
    for (std::size_t i = 0; i < R[t].size(); ++i) {
      dn += std::abs(S[t][i] - R[t][i]);
      dr += std::abs(S[t][i] * scale - R[t][i]);
    }
    a.normal += dn / den;
    a.rescaled += dr / den;
  }
  const double days = static_cast<double>(last - first + 1);
  a.normal /= days;
  a.rescaled /= days;
  return a;
}

}  // namespace migsim::io
