#pragma once
// `migsim report RESULTS`: one self-contained HTML file of charts from a results folder, to
// open in any browser, offline. The page carries everything inline: the data (JSON, from the
// folder's CSVs and manifest), the chart library (ECharts, embedded into migsim at build time
// from node_modules/, see package.json) and the small scripts that draw each chart from the
// data. Nothing is fetched from anywhere when it is written or opened, and the page's
// Content-Security-Policy refuses any request.
//
// The charts: where people are over time, by country or status (daily.csv); where they ended
// up, by profile (outcomes.csv); flows between countries for chosen months (flows.csv);
// monthly asylum events per country with the published figures (asylum.csv, the targets);
// waiting times per country (waits.csv); the model against every target (with a targets file,
// as `migsim compare` scores them); the policies as a timeline and the manifest as a table
// (manifest.json). With a sweep's folder (--sweep): each target's
// median and 5 %–95 % band over each point's replicates (points.csv), and, where the sweep
// kept its runs' folders, the ensemble of people who have left by country (their daily.csv).
// With a calibration's folder instead: the weighted posterior histogram of each parameter
// with its 90 % interval (posterior.csv, intervals.csv), epsilon by generation
// (generations.csv), and the posterior-predictive fit per target beside the scenario as it
// was (fit.csv).
//
// A Flee run's folder (`migsim run --flee`, known by its manifest.json's "rule_set": "flee")
// is drawn as FabFlee plots a run: each camp's population against the UNHCR data, one small
// chart per camp ("<camp> sim" and "<camp> data" of out.csv); the refugees in all camps,
// simulation against UNHCR, with the total spawned and the raw UNHCR count; the error by day
// (FabFlee's validation error from out.csv's camp columns, by the rule of the
// averaged_relative_difference target, and out.csv's own "Total error"); the Flee targets
// (camp_population, averaged_relative_difference) measured on out.csv as a sweep measures
// them; and the manifest as a table. out.csv is read whole, every cell checked. A Flee sweep's
// kept runs (--sweep) are drawn by camp instead of by country.
#include "migsim/report/layer.hpp"

#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace migsim::io {
struct TargetsFile;
}

namespace migsim::report {

// How many days daily.csv may span before the stock chart keeps one day a week; the caption
// says which.
inline constexpr int report_daily_limit = 400;
// The stock chart shows this many countries by their peak, the rest summed as "other".
inline constexpr int report_top_countries = 8;

// The page for `results_dir`, with the targets chart when `targets` is given (it must be
// ok()), and the charts of a sweep's or a calibration's folder when `sweep_dir` is not empty.
// Problems with the folders or the targets against them go to `errors`
// ("file[:line]: error: ..."), and the result is then empty.
std::string report_html(const std::string& results_dir, const io::TargetsFile* targets, const std::string& sweep_dir,
                        std::vector<std::string>& errors);

struct ReportArgs {
  std::string results_dir;
  std::string targets_path;  // empty: no targets chart
  std::string sweep_dir;     // a sweep's or a calibration's folder; empty: none
  std::string out;           // the HTML file (-o) ...
  bool out_given = false;    // ... when given (an empty one is refused); else RESULTS/report.html
  bool force = false;        // replace an existing regular file (and nothing else)
};

// The whole command: writes the page atomically (a hidden sibling renamed into place), and
// refuses an existing file unless `force`, and anything at the path but a regular file even
// with it. The path is checked, and the sibling made, before any folder is read. Prints the
// path written to `out`, or every problem to `err`. Returns 0 when written, 2 on bad input.
int report(const ReportArgs& args, std::ostream& out, std::ostream& err);

// The embedded ECharts' version (package.json's pin).
std::string_view echarts_version();

}  // namespace migsim::report
