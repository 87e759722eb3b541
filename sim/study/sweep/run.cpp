// `migsim sweep`'s coordinator: the plan's runs through a dispatch, each recorded in the
// journal as it finishes, and the tables made from the journal.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <nlohmann/json.hpp>

#include "folder.hpp"
#include "lower_layers.hpp"
#include "migsim/io/results.hpp"
#include "migsim/study/dispatch.hpp"
#include "migsim/study/journal.hpp"
#include "migsim/study/sweep.hpp"
#include "migsim/study/worker.hpp"
#include "tables.hpp"

namespace migsim::study {

using detail::csv_cell;
using detail::number_text;

void write_sweep_tables(const std::string& dir, const SweepSpec& spec, const std::vector<SweepRun>& runs,
                        const std::vector<RunRecord>& records, const SweepAbout& about) {
  std::map<std::uint64_t, const RunRecord*> by_index;  // the last record of a run wins
  for (const RunRecord& r : records) by_index[r.index] = &r;
  const auto ids = metric_ids(spec);

  std::string points = "point,replicate,seed";
  for (const SweepParameter& p : spec.parameters) points += "," + csv_cell(p.path);
  points += ",status,error";
  for (const std::string& id : ids) points += "," + csv_cell(id);
  points += "\n";
  std::string timings = "run,rank,wall_s,engine_s\n";
  for (const SweepRun& run : runs) {
    const auto it = by_index.find(run.index);
    if (it == by_index.end()) continue;  // not run yet: --resume runs it
    const RunRecord& r = *it->second;
    points += std::to_string(run.point) + "," + std::to_string(run.replicate) + "," + std::to_string(run.seed);
    for (const std::string& v : run.values) points += "," + csv_cell(v);
    points += std::string(r.ok ? ",ok," : ",failed,") + csv_cell(r.error);
    for (std::size_t m = 0; m < ids.size(); ++m)
      points += "," + (m < r.metrics.size() ? number_text(r.metrics[m]) : "");
    points += "\n";
    timings += std::to_string(run.index) + "," + std::to_string(r.rank) + "," + number_text(r.wall_seconds) + "," +
               number_text(r.engine_seconds) + "\n";
  }
  // Each table whole or not at all.
  auto write = [&](const std::string& name, const std::string& text) { detail::write_atomically(dir, name, text); };
  write("points.csv", points);
  write("timings.csv", timings);

  nlohmann::json j = detail::study_json("sweep", spec.file, spec.scenario);
  j["design"] = std::string(sweep::name_of(spec.design));
  j["samples"] = spec.samples;
  j["replicates"] = spec.replicates;
  j["seed"] = spec.seed;
  j["runs"] = about.runs;
  j["finished"] = about.finished;
  j["failed"] = about.failed;
  j["complete"] = about.complete;
  j["ranks"] = about.ranks;
  j["threads_per_rank"] = about.threads;
  j["wall_seconds"] = about.wall_seconds;
  j["started_utc"] = about.started_utc;
  j["ended_utc"] = about.ended_utc;
  j["command_line"] = about.command_line;
  // The rows of the tables beside it (a row per finished run in each): readers (migsim report)
  // refuse a table with other than these, cut short or from another sweep.
  j["rows"] = {{"points.csv", about.finished}, {"timings.csv", about.finished}};
  write("sweep.json", j.dump(2) + "\n");
}

namespace {

// "run 12 of 40 done, 1 failed, about 30 s left" on a terminal, at most five times a second.
class SweepProgress {
 public:
  SweepProgress(bool enabled, std::uint64_t total, std::uint64_t already)
      : enabled_(enabled), total_(total), done_(already), start_done_(already) {}
  ~SweepProgress() {
    if (drawn_) std::fputs("\r\033[K", stderr);
  }
  void finished(bool ok) {
    ++done_;
    failed_ += ok ? 0 : 1;
    if (!enabled_) return;
    const auto now = std::chrono::steady_clock::now();
    if (drawn_ && now - last_ < std::chrono::milliseconds(200) && done_ != total_) return;
    last_ = now;
    drawn_ = true;
    const double elapsed = std::chrono::duration<double>(now - start_).count();
    const double per_run = elapsed / static_cast<double>(std::max<std::uint64_t>(1, done_ - start_done_));
    std::fprintf(stderr, "\r\033[K%llu of %llu runs done, %llu failed, about %.0f s left",
                 static_cast<unsigned long long>(done_), static_cast<unsigned long long>(total_),
                 static_cast<unsigned long long>(failed_), per_run * static_cast<double>(total_ - done_));
    std::fflush(stderr);
  }

 private:
  bool enabled_, drawn_ = false;
  std::uint64_t total_, done_, start_done_, failed_ = 0;
  std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now(), last_{};
};

}  // namespace

nlohmann::ordered_json detail::sweep_identity(const SweepSpec& spec, std::uint64_t runs) {
  nlohmann::ordered_json j = study_identity("sweep", spec.file, spec.scenario, spec.targets);
  const bool points = spec.design == sweep::Design::points;
  j["points"] = points ? nlohmann::ordered_json(spec.points_file) : nlohmann::ordered_json(nullptr);
  j["points_sha256"] = points ? nlohmann::ordered_json(sha256_file(spec.points_file)) : nlohmann::ordered_json(nullptr);
  j["seed"] = spec.seed;
  j["design"] = std::string(sweep::name_of(spec.design));
  j["samples"] = spec.samples;
  j["replicates"] = spec.replicates;
  j["common_seeds"] = spec.common_seeds;
  j["parameters"] = nlohmann::ordered_json::array();
  for (const SweepParameter& p : spec.parameters) j["parameters"].push_back(p.path);
  j["keep"] = spec.keep_all ? nlohmann::ordered_json("all") : nlohmann::ordered_json(spec.keep);
  j["runs"] = runs;
  return j;
}

int detail::sweep_in_folder(const SweepSpec& spec, const std::vector<SweepRun>& runs, const SweepOptions& options,
                            Dispatch& dispatch, const std::function<bool()>& stopping, std::ostream& log) {
  SweepAbout about;
  about.started_utc = detail::utc_now();
  const auto t0 = std::chrono::steady_clock::now();
  about.command_line = options.command_line;
  about.ranks = dispatch.ranks();
  about.threads = options.threads;
  about.runs = runs.size();
  Journal journal(options.out, spec, options.resume, runs.size());
  std::vector<bool> finished(runs.size(), false);
  for (const RunRecord& r : journal.finished())
    if (r.index < runs.size()) finished[r.index] = true;
  std::vector<std::uint64_t> pending;
  for (std::uint64_t i = 0; i < runs.size(); ++i)
    if (!finished[i]) pending.push_back(i);
  SweepProgress progress(options.progress, runs.size(), runs.size() - pending.size());
  dispatch.run_all(
      runs, pending,
      [&](const RunRecord& r) {
        journal.record(r);
        progress.finished(r.ok);
      },
      stopping);
  std::vector<bool> seen(runs.size(), false);
  std::vector<bool> ok(runs.size(), false);
  for (const RunRecord& r : journal.finished())
    if (r.index < runs.size()) seen[r.index] = true, ok[r.index] = r.ok;
  about.finished = static_cast<std::uint64_t>(std::count(seen.begin(), seen.end(), true));
  for (std::uint64_t i = 0; i < runs.size(); ++i) about.failed += seen[i] && !ok[i] ? 1 : 0;
  about.complete = about.finished == runs.size();
  about.ended_utc = detail::utc_now();
  about.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  write_sweep_tables(options.out, spec, runs, journal.finished(), about);
  log << options.command << ": " << about.finished << " of " << about.runs << " runs done, " << about.failed
      << " failed; " << options.out << "/points.csv\n";
  if (!about.complete) {
    log << options.command << ": stopped before the end; `migsim " << options.command << " " << spec.file << " --out "
        << options.out << " --resume` runs the " << (about.runs - about.finished) << " left\n";
    return sweep_interrupted;
  }
  return about.failed > 0 ? sweep_some_failed : sweep_all_ok;
}

int coordinate_sweep(const SweepSpec& spec, const SweepOptions& options, Dispatch& dispatch,
                     const std::function<bool()>& stopping, std::ostream& log) {
  const std::vector<SweepRun> runs = plan_sweep(spec);
  const detail::StudyFolder folder(options.out, detail::sweep_identity(spec, runs.size()), options.resume, log);
  return detail::sweep_in_folder(spec, runs, options, dispatch, stopping, log);
}

}  // namespace migsim::study
