#pragma once
// Flee's out.csv (the column layout of Flee's run.py, so Flee's tools and ard.py read it)
// and the manifest of a `migsim flee` result.
#include "migsim/io/layer.hpp"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "migsim/core/flee.hpp"

namespace migsim::io {

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
  std::uint64_t seed = 0;
  std::string command_line;
};

void write_flee_manifest(const std::filesystem::path& results_folder, const flee::FleeScenario& scenario,
                         const FleeManifestInfo& info, const flee::Result& result);

// Python's repr() of a float: shortest round-trip digits, "0.0", "1e-05", "0.0292".
std::string python_float(double v);

}  // namespace migsim::io
