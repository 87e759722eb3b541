#pragma once
// Pieces of manifest.json that a migsim run's manifest (manifest.cpp) and a Flee run's
// (flee/out_csv.cpp) write alike (internal to sim/io).
#include "migsim/io/layer.hpp"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace migsim::io::detail {

// "overrides_file": the --set-file a run applied (its path, the SHA-256 of the bytes read, its
// entries as "path=value" in the file's order), or null when `path` is empty.
inline nlohmann::ordered_json overrides_file_json(const std::string& path, const std::string& sha256,
                                                  const std::vector<std::string>& entries) {
  if (path.empty()) return nullptr;
  nlohmann::ordered_json file;
  file["path"] = path;
  file["sha256"] = sha256;
  file["entries"] = entries;
  return file;
}

}  // namespace migsim::io::detail
