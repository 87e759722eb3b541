#pragma once
// The results folder: written into a temporary sibling folder and renamed into place only
// when complete, so a reader never sees half a result and a crash leaves no debris behind
// under the final name. An existing folder is refused unless overwriting was asked for.
#include "migsim/io/layer.hpp"

#include <cstdint>
#include <filesystem>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "migsim/core/engine.hpp"

namespace migsim::io {

class ResultsFolder {
 public:
  // Throws std::runtime_error (with the path and what to do) if `final_path` exists and
  // !overwrite, or if the temporary folder cannot be made.
  ResultsFolder(std::filesystem::path final_path, bool overwrite);
  ~ResultsFolder();  // removes the temporary folder if commit() was not reached
  ResultsFolder(const ResultsFolder&) = delete;
  ResultsFolder& operator=(const ResultsFolder&) = delete;

  const std::filesystem::path& staging() const { return staging_; }  // write files here
  const std::filesystem::path& final_path() const { return final_; }
  void commit();  // atomically moves staging to final (replacing it when overwrite)

 private:
  std::filesystem::path final_, staging_;
  bool overwrite_ = false, committed_ = false;
};

// Writes daily.csv, flows.csv (countries, monthly), outcomes.csv, asylum.csv (monthly sums
// per country, backlog on the month's last day, non-zero rows), waits.csv (per year and
// `all`), transitions.csv (monthly sums per country and event, non-zero rows) and dublin.csv
// (monthly requests and transfers per pair of states, non-zero rows) into
// `folder`, with the columns migsim/io/tables.hpp describes. daily.csv is written as the run
// goes, the others in on_finish, at the end of run(). Places roll up into their country
// everywhere but daily.csv and outcomes.csv.
class CsvWriter : public Observer {
 public:
  explicit CsvWriter(std::filesystem::path folder);
  ~CsvWriter() override;
  void on_day(const Model& model, const DayStats& day) override;
  void on_finish(const Model& model, const FinalStats& final_stats) override;
  const FinalStats& final_stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

struct ManifestInfo {
  std::string scenario_path;
  std::string scenario_sha256;
  // --set-file: applied before `overrides`; path empty = none (written as null).
  std::string overrides_file;
  std::string overrides_file_sha256;
  std::vector<std::string> overrides_file_entries;  // "path=value", in the file's order
  std::vector<std::string> overrides;               // --set arguments, in order
  std::uint64_t seed = 0;
  std::string command_line;
};

// `spec` is the scenario `model` was built from, overrides applied: its policies are recorded
// as they were in force (the report draws them as a timeline).
void write_manifest(const std::filesystem::path& folder, const ScenarioSpec& spec, const Model& model,
                    const ManifestInfo& info, const RunResult& result);

// Lowercase hex SHA-256 of a file's bytes. Throws std::runtime_error if it cannot be read.
std::string sha256_file(const std::filesystem::path& file);
// Lowercase hex SHA-256 of bytes already in memory (an overrides file as it was read).
std::string sha256_text(std::string_view bytes);

// The short human summary: where people ended up (by country and status, and by profile),
// how long applicants waited for a first and a final decision per country, and, when the
// whole stays within about 45 lines, how long the journeys took.
void print_summary(std::ostream& out, const Model& model, const FinalStats& final_stats, const RunResult& result);

}  // namespace migsim::io
