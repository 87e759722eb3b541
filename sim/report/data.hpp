#pragma once
// migsim report's data: what each part of the page is drawn from, read from the folders into
// one JSON document (page.cpp inlines it into the page; run.js and study.js draw it).
// Bad input throws BadResults ("file[:line]: error: ..."); problems found against a targets
// file go to `errors`.
#include "migsim/report/layer.hpp"

#include <cstdint>
#include <filesystem>
#include <map>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "lower_layers.hpp"
#include "migsim/core/date.hpp"
#include "migsim/io/flee_out.hpp"
#include "migsim/io/table_reader.hpp"
#include "migsim/io/tables.hpp"

namespace migsim::report::detail {

// One run's results folder: "title", "stock", "outcomes", "flows", "asylum", "waits",
// "policies", "manifest", and "targets" (null without a targets file). Read by run.js. Every
// table of the folder is read whole and checked: ending with a line end, holding the rows
// manifest.json counts, every cell valid for its column (a status migsim has, a node of the
// manifest, a count, a date of the run, ...), transitions.csv too though no chart draws it.
nlohmann::json run_report_data(const std::filesystem::path& dir, const TargetsFile* targets,
                               std::vector<std::string>& errors);

// Whether `dir` holds a Flee run (`migsim run --flee`): its manifest.json's "rule_set" is
// io::flee_rule_set. The one place a results folder's kind is decided; false for a manifest
// that cannot be read (run_report_data then says why).
bool is_flee_run(const std::filesystem::path& dir);

// A Flee run's folder: "kind" ("flee"), "title", "flee" (out.csv's dates; each camp's "sim"
// and "data" series; the totals in camps and overall; out.csv's "Total error" and FabFlee's
// validation error by day and over the run, from out.csv's camp columns), "manifest" (rows of
// the run's table) and "targets" (null without a targets file; Flee metrics measured on
// out.csv as a sweep measures them). Read by flee.js. out.csv is read whole, every cell checked
// (read_flee_out_csv).
nlohmann::json flee_report_data(const std::filesystem::path& dir, const TargetsFile* targets,
                                std::vector<std::string>& errors);

// A Flee run's folder read whole: manifest.json (its "start", "days" and "flee_folder" checked)
// and out.csv (read_flee_out_csv against them). Throws BadResults.
struct FleeRun {
  nlohmann::json manifest;
  Date start = 0;  // StartDate
  std::size_t days = 0;
  FleeOutCsv out;
};
FleeRun read_flee_run(const std::filesystem::path& dir);

// The targets chart's rows: every target scored as migsim compare scores it (run.js's and
// flee.js's "The model against published figures").
nlohmann::json target_rows(const TargetsFile& targets, const std::vector<Comparison>& rows);

// A sweep's or a calibration's folder (`--sweep DIR`), recognised by what it holds: "kind"
// ("sweep" or "calibration") and what that kind's charts need. Read by study.js.
// Throws BadResults for a folder of neither kind or a bad table.
nlohmann::json sweep_report_data(const std::filesystem::path& dir);

// What the run's and the sweep's charts share: a results folder's manifest.json, as the report
// reads it (its period, which country each node is in, country names).
struct RunManifest {
  nlohmann::json j;
  std::filesystem::path path;  // the manifest.json read
  Date start = 0, end = 0;
  std::map<std::string, std::string> country_of;  // node id -> country id
  std::map<std::string, std::string> name_of;     // country id -> name
  std::string origin;                             // country id
  std::vector<std::string> profiles;              // profile ids, outcomes.csv's
  std::map<std::string, std::uint64_t> rows;      // table -> its rows ("rows"; one per registry table)
  // The rows `table` must have, as manifest.json says: for ResultsTable.
  io::detail::ExpectedRows expected(Output table) const;
};
RunManifest read_run_manifest(const std::filesystem::path& dir);
// The country's name from the manifest, or its id.
std::string country_name(const RunManifest& m, const std::string& id);

// People who have left, on each day of the run (daily.csv; not those at the origin, home or
// returned): one value a day from the manifest's start, by the country they are in (places
// count in their country, people on a crossing where it starts) and by their status; only
// countries and statuses that had anyone.
struct PeopleLeft {
  std::map<std::string, std::vector<double>> by_country, by_status;
};
PeopleLeft people_left(const std::filesystem::path& dir, const RunManifest& m);

// The days (from 0) a daily chart of a `days`-day run shows: every day, or one a week when the
// run is longer than report_daily_limit, and always the last.
std::vector<int> report_days(int days);

}  // namespace migsim::report::detail
