#pragma once
// Flee's out.csv (the column layout of Flee's run.py, so Flee's tools and ard.py read it)
// and the manifest of a `migsim flee` result.
#include "migsim/io/layer.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "migsim/core/date.hpp"
#include "migsim/core/flee.hpp"

namespace migsim::io {

// What write_flee_manifest writes under "rule_set": how a results folder is known to hold a
// Flee run rather than a migsim scenario's (migsim report tells them apart by it).
inline constexpr const char* flee_rule_set = "flee";

// Columns: Day,Date, then per camp "<name> sim,<name> data,<name> error", then Total error,
// refugees in camps (UNHCR), total refugees (simulation), raw UNHCR refugee count, refugees
// in camps (simulation), refugee_debt. Date = StartDate + day + 1 (as Flee writes it). Errors
// are relative (|sim/data - 1|, 0 where data is 0) per camp; Total error is
// sum |sim - data| / raw count (0 when it is 0). Floats as Python prints them.
void write_flee_out_csv(const std::filesystem::path& file, const flee::FleeScenario& scenario,
                        const flee::Result& result);

struct FleeManifestInfo {
  std::string folder;                                       // the Flee scenario folder as given
  std::vector<std::pair<std::string, std::string>> inputs;  // file (relative to folder) -> SHA-256
  std::vector<std::string> overrides;  // simsetting.yml keys or attributes set over the folder's (import_flee), as
                                       // section.key=value, from --set or a study's point
  std::string overrides_file;          // --set-file (applied before `overrides`); empty: none
  std::string overrides_file_sha256;
  std::vector<std::string> overrides_file_entries;  // "path=value", in the file's order
  std::uint64_t seed = 0;
  std::string command_line;
};

void write_flee_manifest(const std::filesystem::path& results_folder, const flee::FleeScenario& scenario,
                         const FleeManifestInfo& info, const flee::Result& result);

// A run's camp populations, and the scenario's UNHCR data (scenario.camp_data; no camps where
// it has none), as [day][camp]: out.csv's "<camp> sim" and "<camp> data" columns.
std::vector<std::vector<double>> flee_camp_table(const flee::Result& result);
std::vector<std::vector<double>> flee_data_table(const flee::FleeScenario& scenario);

// Flee's averaged relative difference (ard.py): per day sum_i |S_i - R_i| / max(sum_i R_i, 1)
// (normal), and the same with S rescaled to R's total (rescaled: FabFlee's validation error,
// extract-validation-results.py's "Error (rescaled)", VVP's "Ave. rel. diff."); both averaged
// over days first..last (both included, below the tables' days). [day][camp] inputs.
struct Ard {
  double normal = 0, rescaled = 0;
};
Ard averaged_relative_difference(const std::vector<std::vector<double>>& S, const std::vector<std::vector<double>>& R,
                                 std::size_t first, std::size_t last);

// out.csv read back (migsim report of a Flee run's folder; targets measured on it): every
// column write_flee_out_csv writes, by name, each cell checked. `start` is StartDate and
// `days` the run's days (manifest.json's "start" and "days"): row t must be Day t, dated
// start + t + 1, and there must be `days` rows. Throws detail::BadResults
// ("out.csv:line: error: ...") at the first problem.
struct FleeOutCsv {
  std::vector<std::string> dates;                     // each row's Date
  std::vector<std::string> camps;                     // the camps, in the file's order
  std::vector<std::vector<double>> sim, data, error;  // [day][camp]: "<camp> sim", "<camp> data", "<camp> error"
  // One per day: Total error, refugees in camps (UNHCR), total refugees (simulation), raw UNHCR
  // refugee count, refugees in camps (simulation), refugee_debt.
  std::vector<double> total_error, data_in_camps, total_refugees, raw_unhcr, sim_in_camps, refugee_debt;
};
FleeOutCsv read_flee_out_csv(const std::filesystem::path& file, Date start, std::size_t days);

// Python's repr() of a float: shortest round-trip digits, "0.0", "1e-05", "0.0292".
std::string python_float(double v);

}  // namespace migsim::io
