#pragma once
// Reading a Flee scenario folder (input_csv/, source_data/, simsetting.yml) into a
// flee::FleeScenario, with every problem reported at once as "file:line:col: error: ..."
// (or "warning: ..." for what migsim reads but does not act on).
#include "migsim/io/layer.hpp"

#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "migsim/core/diagnostic.hpp"
#include "migsim/core/flee.hpp"
#include "migsim/io/diagnostic_text.hpp"

namespace migsim::io {

struct FleeImport {
  flee::FleeScenario scenario;
  std::vector<Diagnostic> diagnostics;       // errors and warnings, in file order
  std::vector<std::string> sources;          // the files diagnostics name: format_diagnostic(d, sources)
  std::vector<std::filesystem::path> files;  // files read, for the manifest's hash
  bool ok() const {
    for (const auto& d : diagnostics)
      if (d.severity == Severity::error) return false;
    return true;
  }
};

// Never throws for bad input: all problems come back as diagnostics. `overrides`
// ("section.key=value", a simsetting.yml key as dotted path: move_rules.camp_weight=2) apply
// after simsetting.yml as if it ended with them, before the other files are read (hasten and
// the spawn rules shape what they give). An override may instead set a cell of the inputs, as
// if the file said so: locations.<name>.population=<n> (locations.csv's pop/cap: a town's
// population, a camp's capacity, before hasten divides it) or
// routes.<name1>.<name2>.distance=<km> (every routes.csv row between the two, either order); a
// name may hold dots. Later overrides win. sources[i] is override i's text, for i below
// overrides.size(), so a caller tells the diagnostics of its own overrides by their source.
FleeImport import_flee(const std::filesystem::path& folder, const std::vector<std::string>& overrides = {});

// Whether `path` is a Flee scenario folder rather than a migsim scenario file: a folder. (What
// it holds is import_flee's to check.)
bool is_flee_folder(const std::filesystem::path& path);

// "" when `dotted` ("move_rules.camp_weight") is a simsetting.yml key a run acts on, or a
// location's or a route's attribute of import_flee's form, so that an override of it can change
// the run; else what is wrong, and what is expected. (Whether an attribute's location or route
// exists is import_flee's to say.)
std::string flee_setting_problem(std::string_view dotted);

// Whether `dotted` is a location's or a route's attribute (locations.*, routes.*) rather than a
// simsetting.yml key.
bool is_flee_attribute_path(std::string_view dotted);

// A Flee folder's identity: the SHA-256 of "<file relative to the folder> <its SHA-256>\n" for
// every file import_flee reads, in the order it reads them (what `migsim flee`'s manifest lists
// under inputs). Throws std::runtime_error if one cannot be read.
std::string flee_folder_sha256(const std::filesystem::path& folder);
// Those files and their SHA-256, relative to `folder`.
std::vector<std::pair<std::string, std::string>> flee_input_hashes(const FleeImport& imported,
                                                                   const std::filesystem::path& folder);

}  // namespace migsim::io
