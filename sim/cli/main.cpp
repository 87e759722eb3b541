// migsim: the command line. The only main; it wires the IO layer to the core.
// Exit codes: 0 success, 2 invalid input (scenario, options, existing results), 1 internal error.
#include <unistd.h>
#include <CLI/CLI.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <iostream>
#include <memory>
#include <string>
#include <vector>

#include "migsim/core/engine.hpp"
#include "migsim/core/flee.hpp"
#include "migsim/io/date_text.hpp"
#include "migsim/io/flee_import.hpp"
#include "migsim/io/flee_out.hpp"
#include "migsim/io/overrides_file.hpp"
#include "migsim/io/paths.hpp"
#include "migsim/io/results.hpp"
#include "migsim/io/scenario_yaml.hpp"
#include "migsim/io/schema.hpp"
#include "migsim/io/targets.hpp"
#include "migsim/report/page.hpp"
#include "migsim/version.hpp"
#include "study_commands.hpp"

namespace {

constexpr int exit_ok = 0, exit_internal = 1, exit_invalid = 2;

struct InvalidInput : std::runtime_error {
  using std::runtime_error::runtime_error;
};
// Invalid input whose message is already "path: error: ...; expected ...": printed as it is.
struct InvalidPath : InvalidInput {
  using InvalidInput::InvalidInput;
};

// The one rule for a results folder to create (--out of run and flee; the studies and report
// -o follow it too, migsim/io/paths.hpp): not empty, not under a file, in a folder this process
// can write in; checked before the scenario is built or anything runs. Whether it may exist
// already is ResultsFolder's (--force).
void check_results_out(const std::string& out, bool given) {
  const std::string expected = "a results folder to create";
  if (given && out.empty())
    throw InvalidPath(migsim::io::detail::path_error(out, "--out", "is empty", expected + " (or no --out at all)"));
  if (const std::string p = migsim::io::detail::output_path_problem(out); !p.empty())
    throw InvalidPath(migsim::io::detail::path_error(out, "--out", p, expected));
}

// A progress line on a terminal, redrawn at most five times a second; nothing in a pipe.
class Progress : public migsim::Observer {
 public:
  explicit Progress(bool enabled) : enabled_(enabled) {}
  ~Progress() override { clear(); }
  // The run is over: take the line away before the summary is printed.
  void on_finish(const migsim::Model&, const migsim::FinalStats&) override { clear(); }
  void on_day(const migsim::Model& m, const migsim::DayStats& d) override {
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    const int days = migsim::end_of(m) - migsim::start_of(m) + 1;
    if (drawn_ && now - last_ < std::chrono::milliseconds(200) && d.day_index + 1 != days) return;
    last_ = now;
    drawn_ = true;
    std::fprintf(stderr, "\r\033[Kday %d/%d  %s  %llu people spawned", d.day_index + 1, days,
                 migsim::io::iso_date(d.date).c_str(), static_cast<unsigned long long>(d.spawned_people));
    std::fflush(stderr);
  }

 private:
  void clear() {
    if (drawn_) std::fputs("\r\033[K", stderr);
    drawn_ = false;
  }

  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point last_{};
};

// What --set-file and --set apply, in that order: the file's entries first, so that a --set
// overrides one of them.
struct Overrides {
  std::string file;               // --set-file; empty: none
  std::vector<std::string> sets;  // --set
};

struct Loaded {
  migsim::io::LoadResult result;
  migsim::io::OverridesFile file;  // read from Overrides::file, when given
};

Loaded load_or_report(const std::string& path, const Overrides& overrides) {
  Loaded loaded;
  if (overrides.file.empty()) {
    loaded.result = migsim::io::load_scenario(path, overrides.sets);
  } else {
    loaded.file = migsim::io::read_overrides_file(overrides.file);
    loaded.result = migsim::io::load_scenario_with_file(path, loaded.file, overrides.sets);
  }
  const auto& r = loaded.result;
  for (const auto& d : r.diagnostics) std::cerr << migsim::io::format_diagnostic(d, r.spec.sources) << '\n';
  if (!r.ok()) throw InvalidInput(path + ": " + std::to_string(r.diagnostics.size()) + " problem(s); nothing was run");
  return loaded;
}

std::string joined_command_line(int argc, char** argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
  return s;
}

struct RunArgs {
  std::string scenario, out;
  Overrides overrides;
  std::uint64_t seed = 0;
  bool seed_given = false;
  bool out_given = false;  // --out was given (empty or not): no default then
  int threads = 0;
  bool force = false, quiet = false;
};

int do_run(const RunArgs& a, const std::string& command_line) {
  const Loaded both = load_or_report(a.scenario, a.overrides);
  const auto& loaded = both.result;
  std::string out = a.out;
  if (!a.out_given) out = "results/" + (loaded.spec.name.empty() ? std::string("run") : loaded.spec.name);
  check_results_out(out, a.out_given);

  // The folder (its temporary sibling) is made before the model: a path that cannot be used
  // is told before any work.
  std::unique_ptr<migsim::io::ResultsFolder> folder;
  try {
    folder = std::make_unique<migsim::io::ResultsFolder>(out, a.force);
  } catch (const std::runtime_error& e) {
    throw InvalidPath(e.what());  // "OUT: error: ...", as every output path's problem
  }
  const auto model = migsim::build_model(loaded.spec);
  migsim::io::CsvWriter writer(folder->staging());
  Progress progress(!a.quiet && isatty(STDERR_FILENO));
  migsim::Fanout observers({&writer, &progress});

  migsim::RunOptions options;
  options.seed = a.seed_given ? a.seed : loaded.spec.seed;
  options.threads = a.threads;
  const auto result = migsim::run(*model, options, &observers);

  migsim::io::ManifestInfo info;
  info.scenario_path = a.scenario;
  info.scenario_sha256 = migsim::io::sha256_file(a.scenario);
  if (!a.overrides.file.empty()) {
    info.overrides_file = both.file.path;
    info.overrides_file_sha256 = both.file.sha256;  // of the bytes that were applied
    info.overrides_file_entries = migsim::io::override_texts(both.file);
  }
  info.overrides = a.overrides.sets;
  info.seed = options.seed;
  info.command_line = command_line;
  migsim::io::write_manifest(folder->staging(), loaded.spec, *model, info, result);
  folder->commit();
  if (!a.quiet) {
    migsim::io::print_summary(std::cout, *model, writer.final_stats(), result);
    std::cout << "results: " << folder->final_path().string() << '\n';
  }
  return exit_ok;
}

int do_check(const std::string& scenario, const Overrides& overrides) {
  const auto model = migsim::build_model(load_or_report(scenario, overrides).result.spec);
  const auto& world = migsim::world_of(*model);
  std::cout << scenario << ": ok: " << world.nodes.size() << " countries and places, " << world.edges.size()
            << " crossings, " << migsim::profile_names(*model).size() << " profiles, " << migsim::agent_total(*model)
            << " agents of " << migsim::scale_of(*model) << " people\n";
  return exit_ok;
}

struct FleeArgs {
  std::string folder, out;
  Overrides overrides;  // simsetting.yml keys and location or route attributes (import_flee)
  bool out_given = false;
  std::uint64_t seed = 1;
  int threads = 0;
  bool force = false, quiet = false;
};

// A Flee scenario folder run under Flee's rules: out.csv in Flee's layout and a manifest.
int do_flee(const FleeArgs& a, const std::string& command_line) {
  // --set-file's entries, then each --set: a later one wins (import_flee).
  migsim::io::OverridesFile file;
  std::vector<std::string> overrides;
  if (!a.overrides.file.empty()) {
    file = migsim::io::read_overrides_file(a.overrides.file);
    for (const auto& d : file.diagnostics) std::cerr << migsim::io::format_diagnostic(d, {&file.path, 1}) << '\n';
    if (!file.ok()) throw InvalidInput(file.path + ": there are errors (above); nothing was run");
    overrides = migsim::io::override_texts(file);
  }
  overrides.insert(overrides.end(), a.overrides.sets.begin(), a.overrides.sets.end());
  const auto imported = migsim::io::import_flee(a.folder, overrides);
  for (const auto& d : imported.diagnostics) {
    // A file entry's problem at its line:col in the file; a --set's under its own text.
    if (d.loc.source < file.entries.size()) {
      const migsim::io::OverrideEntry& e = file.entries[d.loc.source];
      migsim::Diagnostic at = d;
      at.loc = e.path_loc;
      at.loc.source = 0;
      at.message = e.path + ": " + d.message;
      std::cerr << migsim::io::format_diagnostic(at, {&file.path, 1}) << '\n';
    } else {
      std::cerr << migsim::io::format_diagnostic(d, imported.sources) << '\n';
    }
  }
  if (!imported.ok()) throw InvalidInput(a.folder + ": there are errors (above); nothing was run");
  const auto& scenario = imported.scenario;
  const std::string out = a.out_given ? a.out : "results/" + scenario.name + "-flee";
  check_results_out(out, a.out_given);
  std::unique_ptr<migsim::io::ResultsFolder> folder;
  try {
    folder = std::make_unique<migsim::io::ResultsFolder>(out, a.force);
  } catch (const std::runtime_error& e) {
    throw InvalidPath(e.what());  // "OUT: error: ...", as every output path's problem
  }
  migsim::flee::RunOptions options;
  options.seed = a.seed;
  options.threads = a.threads;
  const auto result = migsim::flee::run(scenario, options);
  migsim::io::write_flee_out_csv(folder->staging() / "out.csv", scenario, result);
  migsim::io::FleeManifestInfo info;
  info.folder = a.folder;
  info.inputs = migsim::io::flee_input_hashes(imported, a.folder);
  info.overrides = a.overrides.sets;
  info.overrides_file = file.path;
  info.overrides_file_sha256 = file.sha256;
  info.overrides_file_entries = migsim::io::override_texts(file);
  info.seed = options.seed;
  info.command_line = command_line;
  migsim::io::write_flee_manifest(folder->staging(), scenario, info, result);
  folder->commit();
  if (!a.quiet) {
    const std::int64_t in_camps = result.in_camps.empty() ? 0 : result.in_camps.back();
    std::cout << "flee rules: " << result.agents << " people, " << scenario.days << " days, " << result.threads
              << " threads, " << result.wall_seconds << " s ("
              << static_cast<double>(result.agent_steps) / std::max(result.wall_seconds, 1e-9)
              << " agent-steps/s)\nin camps on the last day: " << in_camps << " of " << result.agents
              << "\nresults: " << folder->final_path().string() << '\n';
  }
  return exit_ok;
}

// What each study command (sweep, calibrate, sensitivity) says of the options they all take.
struct StudyHelp {
  const char *file_name, *file, *out, *resume, *quiet;
};

void add_study_options(CLI::App* command, migsim::study::StudyArgs& a, const StudyHelp& help) {
  // No CLI::ExistingFile: the reader refuses a missing file, a folder or a FIFO as `PATH: error:
  // ...; expected ...` (migsim/io/paths.hpp), as every input path.
  command->add_option(help.file_name, a.file, help.file)->required();
  command
      ->add_option("--out,-o", a.out,
                   std::string(help.out) +
                       ". A new (or empty) folder; its study.json, written first, records what made it. An empty or "
                       "unusable path, or an existing one that is not an empty folder (without --resume), is refused "
                       "(exit 2) before anything runs, and so is a folder another migsim is writing (its .lock)")
      ->required();
  command->add_flag("--resume", a.resume,
                    std::string(help.resume) +
                        ". Refused (exit 2, naming what differs) if the folder's study.json says it was made by "
                        "another study: another file, scenario, targets, seed or design, or another command. What "
                        "a killed process left half-written (DIR/*.part, a kept run's DIR/runs/.N.tmp-*) is removed "
                        "and run again");
  command
      ->add_option("--threads,-j", a.threads,
                   "Engine threads per rank (default: the rank's share of the cores); results do not depend on it")
      ->check(CLI::Range(1, 1024));
  command->add_flag("--quiet,-q", a.quiet, help.quiet);
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{
      "migsim: an agent-based simulator of emigration and asylum-seeking under changing border and asylum policies"};
  app.set_version_flag("--version",
                       std::string("migsim ") + migsim::build::version + " (" + migsim::build::git_commit + ")");
  app.require_subcommand(1);

  RunArgs run_args;
  auto* run = app.add_subcommand("run", "Run a scenario and write a results folder");
  auto* run_scenario = run->add_option("scenario", run_args.scenario, "Scenario file (YAML)");
  std::string run_flee_folder;
  auto* run_flee = run->add_option("--flee", run_flee_folder,
                                   "Run a Flee scenario folder under Flee's rules instead (same as `migsim flee DIR`)")
                       ->check(CLI::ExistingDirectory)
                       ->excludes(run_scenario);
  run_scenario->excludes(run_flee);
  run->add_option("--out,-o", run_args.out,
                  "Results folder to create (default: results/<scenario name>); an empty or unusable path, or an "
                  "existing one without --force, is refused (exit 2) before the run");
  run->add_option("--seed", run_args.seed, "Random seed (default: scenario.seed from the file)");
  run->add_option("--threads,-j", run_args.threads, "Worker threads (default: all cores); results do not depend on it")
      ->check(CLI::Range(1, 1024));
  run->add_option("--set", run_args.overrides.sets,
                  "Override a scalar: dotted.path=value (e.g. policies.baltic_ban.from=2022-10-01; with --flee, a "
                  "simsetting.yml key or a location's or route's attribute, as migsim flee --set); repeatable; "
                  "applied after --set-file, so it wins over the file's entry for the same path");
  run->add_option("--set-file", run_args.overrides.file,
                  "Overrides file (YAML): a flat map of dotted.path: value, each as a --set (e.g. calibrated.yaml "
                  "from migsim calibrate); applied first, then any --set; its path and SHA-256 go into the manifest");
  run->add_flag("--force", run_args.force,
                "Replace the results folder if it exists: only a migsim results folder (with its manifest.json) or "
                "an empty folder is replaced; anything else there is refused (exit 2)");
  run->add_flag("--quiet,-q", run_args.quiet, "Print nothing but errors");

  std::string check_scenario;
  Overrides check_overrides;
  auto* check = app.add_subcommand("check", "Validate a scenario and print every problem; exit 2 if there are any");
  check->add_option("scenario", check_scenario, "Scenario file (YAML)")->required();
  check->add_option("--set", check_overrides.sets,
                    "Override a scalar: dotted.path=value; repeatable; applied after --set-file");
  check->add_option("--set-file", check_overrides.file,
                    "Overrides file (YAML): a flat map of dotted.path: value, each as a --set; applied first");

  std::string compare_results, compare_targets;
  auto* compare = app.add_subcommand(
      "compare", "Compare a results folder with published figures (a targets file); exit 2 on bad input");
  compare->add_option("results", compare_results, "Results folder written by migsim run")->required();
  compare->add_option("targets", compare_targets, "Targets file (YAML), e.g. scenarios/targets/published.yaml")
      ->required();

  migsim::report::ReportArgs report_args;
  auto* report = app.add_subcommand(
      "report",
      "Write one self-contained HTML page of interactive charts from a results folder: where people are over time "
      "and where they ended up, flows between countries, monthly asylum events and waiting times per country, the "
      "model against every target (with --targets), the policies in force, and the run's manifest; with --sweep, a "
      "sweep's ensemble bands or a calibration's posterior and fit. A Flee run's folder (migsim run --flee) gets "
      "FabFlee's plots instead: each camp against the UNHCR data, the camps' totals, the validation error by day, "
      "its manifest. It works offline: data, styles and the chart "
      "library (ECharts, built into migsim) are inline, and the page requests nothing. Every table is read whole: one "
      "cut short, with other rows than its folder's json counts, or with a cell no migsim writes is refused. Exit 0: "
      "written; 2: bad input (not a results folder, a --sweep folder of neither kind, a bad table or "
      "targets file, the file exists)");
  report->add_option("results", report_args.results_dir, "Results folder written by migsim run (or run --flee)")
      ->required();
  report->add_option(
      "--targets", report_args.targets_path,
      "Targets file (YAML), e.g. scenarios/targets/published.yaml: adds the model-against-targets chart");
  report->add_option("--sweep", report_args.sweep_dir,
                     "A sweep's or a calibration's output folder: adds, for a sweep, each target's median and 90% band "
                     "over each point's replicates and (where it kept runs) the ensemble of people who have left by "
                     "country (of each camp, for a sweep over a Flee folder); for a calibration, the weighted "
                     "posterior histograms, epsilon by generation and the "
                     "posterior-predictive fit per target, and each kept-aside target's band beside its published "
                     "value");
  report->add_option("-o,--out", report_args.out,
                     "HTML file to write (default: RESULTS/report.html); an empty or unusable path is refused (exit "
                     "2) before any table is read");
  report->add_flag("--force", report_args.force,
                   "Replace the HTML file if it exists and is a regular file (a folder, a symbolic link, a FIFO or a "
                   "device never is)");

  FleeArgs flee_args;
  auto* flee = app.add_subcommand(
      "flee", "Run a Flee scenario folder under Flee's movement rules; writes Flee's out.csv and a manifest");
  flee->add_option("folder", flee_args.folder, "Flee scenario folder (input_csv/, source_data/, simsetting.yml)")
      ->required()
      ->check(CLI::ExistingDirectory);
  flee->add_option("--out,-o", flee_args.out,
                   "Results folder to create (default: results/<folder name>-flee); an empty or unusable path, or "
                   "an existing one without --force, is refused (exit 2) before the run");
  flee->add_option("--seed", flee_args.seed, "Random seed (default 1)");
  flee->add_option("--set", flee_args.overrides.sets,
                   "Override a simsetting.yml key (section.key=value, e.g. move_rules.camp_weight=2), a location's "
                   "pop/cap (locations.<name>.population=N) or a route's length (routes.<name1>.<name2>.distance=KM); "
                   "repeatable; applied after --set-file, so it wins over the file's entry for the same path");
  flee->add_option("--set-file", flee_args.overrides.file,
                   "Overrides file (YAML): a flat map of path: value, each as a --set (e.g. calibrated.yaml from "
                   "migsim calibrate over a Flee folder); applied first; its path and SHA-256 go into the manifest");
  flee->add_option("--threads,-j", flee_args.threads,
                   "Worker threads (default: all cores); results do not depend on it")
      ->check(CLI::Range(1, 1024));
  flee->add_flag("--force", flee_args.force,
                 "Replace the results folder if it exists: only a migsim results folder (with its manifest.json) or "
                 "an empty folder is replaced; anything else there is refused (exit 2)");
  flee->add_flag("--quiet,-q", flee_args.quiet, "Print nothing but errors and warnings");

  migsim::study::StudyArgs sweep_args;
  auto* sweep = app.add_subcommand(
      "sweep",
      "Run a sweep: a design of points over scenario parameters, with replicates, each run's target metrics in "
      "DIR/points.csv. The same command under mpirun or srun spreads the runs over the ranks. Exit 0: every run "
      "ok; 3: some runs failed (recorded); 2: bad sweep file or options; 143: interrupted (--resume finishes); 1: "
      "internal error");
  add_study_options(sweep, sweep_args,
                    {"sweep", "Sweep file (YAML); see README, \"Sweeps\"",
                     "Folder for points.csv, timings.csv, sweep.json, journal.csv",
                     "Finish an interrupted sweep in --out: run only what is missing", "No progress line"});

  migsim::study::StudyArgs calibrate_args;
  auto* calibrate = app.add_subcommand(
      "calibrate",
      "Fit scenario parameters to published figures by ABC-SMC: posterior, intervals, calibrated.yaml (the "
      "posterior medians, for run --set-file) and fit.csv (the posterior predictive against every target, kept-aside "
      "ones included) in DIR; with cross_validate in the file, a refit per fold with the fold's targets held out "
      "(DIR/folds/K/) and crossval.csv, every fitted target scored by the fit that did not see it. The same command "
      "under mpirun or srun spreads the runs over the ranks. Exit 0: done; "
      "3: done, but some runs failed (recorded), or stopped at a generation in which no run succeeded (no posterior "
      "is written for it; in a cross-validation fold too, and crossval.csv is then not written); 2: bad calibration "
      "file or options; 143: interrupted (--resume carries on, to the same result); 1: internal error");
  add_study_options(calibrate, calibrate_args,
                    {"calibration", "Calibration file (YAML); see README, \"Calibration\"",
                     "Folder for generations.csv, posterior*.csv, intervals.csv, calibrated.yaml, fit.csv, "
                     "calibration.json, state.txt, journal.csv; with cross_validate, crossval.csv and folds/K/",
                     "Carry on with the calibration in --out from its last generation and journal (and each "
                     "cross-validation fold from its own)",
                     "No line per generation: only errors and the end"});
  migsim::study::StudyArgs sensitivity_args;
  auto* sensitivity = app.add_subcommand(
      "sensitivity",
      "Run a sensitivity analysis: a Morris screening or Sobol' indices of each target's metric to ranges of "
      "scenario parameters, into DIR/indices.csv (and the sweep's points.csv). The same command under mpirun or srun "
      "spreads the runs over the ranks. Exit 0: every run ok; 3: some runs failed (recorded; the metrics they leave "
      "without a value have no indices); 2: bad sensitivity file or options; 143: interrupted (--resume finishes); 1: "
      "internal error");
  add_study_options(sensitivity, sensitivity_args,
                    {"file", "Sensitivity file (YAML); see README, \"Sensitivity\"",
                     "Folder for indices.csv, sensitivity.json, points.csv, timings.csv, sweep.json, journal.csv",
                     "Finish an interrupted analysis in --out: run only what is missing",
                     "No progress line, no table of the largest effects"});

  auto* docs = app.add_subcommand("docs", "Print the scenario file reference (every key, type, unit, default, range)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? exit_ok : exit_invalid;
  }

  try {
    run_args.seed_given = run->count("--seed") > 0;
    run_args.out_given = run->count("--out") > 0;
    flee_args.out_given = flee->count("--out") > 0;
    report_args.out_given = report->count("--out") > 0;
    if (*run && !run_flee_folder.empty()) {
      FleeArgs f;
      f.folder = run_flee_folder;
      f.overrides = run_args.overrides;
      f.out = run_args.out;
      f.out_given = run_args.out_given;
      if (run_args.seed_given) f.seed = run_args.seed;
      f.threads = run_args.threads;
      f.force = run_args.force;
      f.quiet = run_args.quiet;
      return do_flee(f, joined_command_line(argc, argv));
    }
    if (*run && run_args.scenario.empty())
      throw InvalidInput("run needs a scenario file or --flee DIR; see migsim run --help");
    if (*run) return do_run(run_args, joined_command_line(argc, argv));
    if (*check) return do_check(check_scenario, check_overrides);
    if (*flee) return do_flee(flee_args, joined_command_line(argc, argv));
    if (*compare) return migsim::io::compare(compare_results, compare_targets, std::cout, std::cerr);
    if (*report) return migsim::report::report(report_args, std::cout, std::cerr);
    if (*sweep) return migsim::cli::do_sweep(sweep_args, argc, argv);
    if (*calibrate) return migsim::cli::do_calibrate(calibrate_args, argc, argv);
    if (*sensitivity) return migsim::cli::do_sensitivity(sensitivity_args, argc, argv);
    if (*docs) {
      migsim::io::print_scenario_reference(std::cout);
      return exit_ok;
    }
  } catch (const InvalidPath& e) {
    std::cerr << e.what() << '\n';
    return exit_invalid;
  } catch (const InvalidInput& e) {
    std::cerr << "migsim: error: " << e.what() << '\n';
    return exit_invalid;
  } catch (const std::exception& e) {
    std::cerr << "migsim: internal error: " << e.what() << '\n';
    return exit_internal;
  }
  return exit_internal;
}
