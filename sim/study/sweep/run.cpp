// A sweep's runs in one process, the journal that keeps what finished, and the tables made
// from it. Nothing here knows about MPI: a rank is a number it is given.
#include "lower_layers.hpp"
#include "migsim/study/runs.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>

#include "migsim/core/engine.hpp"
#include "migsim/io/csv_reader.hpp"
#include "migsim/io/out_file.hpp"
#include "migsim/io/results.hpp"
#include "migsim/io/scenario_yaml.hpp"
#include "migsim/io/targets.hpp"
#include "tables.hpp"

namespace migsim::study {
namespace {

namespace fs = std::filesystem;

using detail::csv_cell;
using detail::number_text;

std::optional<double> number_of(const std::string& text) {
  if (text.empty()) return std::nullopt;
  double v = 0;
  const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
  if (res.ec != std::errc() || res.ptr != text.data() + text.size()) throw std::runtime_error("");
  return v;
}

constexpr const char* journal_header_start = "index,status,rank,wall_s,engine_s,error";
constexpr std::size_t journal_fixed_columns = 6;

std::string journal_header(const SweepSpec& spec) {
  std::string h = journal_header_start;
  for (const std::string& id : metric_ids(spec)) h += "," + id;
  return h;
}

}  // namespace

std::vector<std::string> metric_ids(const SweepSpec& spec) {
  std::vector<std::string> ids;
  if (spec.targets.empty()) return ids;
  const TargetsFile t = read_targets(spec.targets);
  for (const Target& target : t.targets) ids.push_back(target.id);
  return ids;
}

struct SweepWorker::Impl {
  const SweepSpec& spec;
  std::string out_dir;
  int threads = 0, rank = 0;
  ParsedScenario base;
  TargetsFile targets;
  std::string scenario_sha256;
};

SweepWorker::SweepWorker(const SweepSpec& spec, const std::string& out_dir, int threads, int rank)
    : impl_(std::make_unique<Impl>(Impl{spec, out_dir, threads, rank, ParsedScenario::read(spec.scenario),
                                        spec.targets.empty() ? TargetsFile{} : read_targets(spec.targets),
                                        sha256_file(spec.scenario)})) {}

SweepWorker::~SweepWorker() = default;

RunRecord SweepWorker::run(const SweepRun& run) {
  const Impl& s = *impl_;
  RunRecord r;
  r.index = run.index;
  r.rank = s.rank;
  r.metrics.assign(s.targets.targets.size(), std::nullopt);
  const auto t0 = std::chrono::steady_clock::now();
  try {
    const LoadResult loaded = s.base.load(run.overrides);
    if (!loaded.ok()) {
      // The first problem, as `migsim check` would print it: the point's values are at fault.
      r.error = format_diagnostic(loaded.diagnostics.front(), loaded.spec.sources);
      if (loaded.diagnostics.size() > 1) r.error += " (and " + std::to_string(loaded.diagnostics.size() - 1) + " more)";
    } else {
      const auto model = build_model(loaded.spec);
      TargetMetrics metrics(s.targets);
      std::vector<Observer*> observers{&metrics};
      const bool keep =
          s.spec.keep_all || std::find(s.spec.keep.begin(), s.spec.keep.end(), run.point) != s.spec.keep.end();
      std::unique_ptr<ResultsFolder> folder;
      std::unique_ptr<CsvWriter> writer;
      if (keep) {
        folder = std::make_unique<ResultsFolder>(fs::path(s.out_dir) / "runs" / std::to_string(run.index), true);
        writer = std::make_unique<CsvWriter>(folder->staging());
        observers.push_back(writer.get());
      }
      Fanout fanout(observers);
      RunOptions options;
      options.seed = run.seed;
      options.threads = s.threads;
      const RunResult result = migsim::run(*model, options, &fanout);
      r.engine_seconds = result.wall_seconds;
      if (keep) {
        ManifestInfo info;
        info.scenario_path = s.spec.scenario;
        info.scenario_sha256 = s.scenario_sha256;
        info.overrides = run.overrides;
        info.seed = run.seed;
        info.command_line = "migsim sweep " + s.spec.file + " (run " + std::to_string(run.index) + ")";
        write_manifest(folder->staging(), loaded.spec, *model, info, result);
        folder->commit();
      }
      std::vector<std::string> errors;
      // A target this run cannot answer (a period outside it) fails the run: its column would
      // be empty for a reason the table could not show.
      for (const Comparison& c : metrics.evaluate(errors))
        r.metrics[static_cast<std::size_t>(c.target - s.targets.targets.data())] = c.model;
      if (!errors.empty()) throw std::runtime_error(errors.front());
      r.ok = true;
    }
  } catch (const std::exception& e) {
    r.ok = false;
    r.error = e.what();
  }
  r.wall_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  return r;
}

Journal::Journal(const std::string& dir, const SweepSpec& spec, bool resume)
    : path_((fs::path(dir) / "journal.csv").string()) {
  const std::string header = journal_header(spec);
  const std::size_t metrics = metric_ids(spec).size();
  std::error_code ec;
  fs::create_directories(dir, ec);
  const bool exists = fs::exists(path_);
  if (exists && !resume)
    throw StudyFolderError(path_ +
                           ": a sweep was already run into this folder; expected --resume to finish it, "
                           "or another --out folder");
  if (exists) {
    std::ifstream in(path_, std::ios::binary);
    std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    // A line cut short by a crash (no newline at its end) is dropped: that run runs again.
    text.resize(text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1);
    detail::CsvReader reader(text);
    detail::Row row;
    if (reader.next(row)) {
      std::string got;
      for (const auto& c : row.cells) got += (got.empty() ? "" : ",") + c.text;
      if (got != header)
        throw StudyFolderError(path_ + ": its header is '" + got + "'; expected '" + header +
                               "' (the journal of another sweep file?)");
    }
    while (reader.next(row)) {
      if (row.cells.size() != journal_fixed_columns + metrics)
        throw StudyFolderError(path_ + ":" + std::to_string(row.line) + ": " + std::to_string(row.cells.size()) +
                               " cells; expected " + std::to_string(journal_fixed_columns + metrics));
      RunRecord r;
      try {
        r.index = std::stoull(row.cells[0].text);
        r.ok = row.cells[1].text == "ok";
        r.rank = std::stoi(row.cells[2].text);
        r.wall_seconds = std::stod(row.cells[3].text);
        r.engine_seconds = std::stod(row.cells[4].text);
        r.error = row.cells[5].text;
        for (std::size_t m = 0; m < metrics; ++m)
          r.metrics.push_back(number_of(row.cells[journal_fixed_columns + m].text));
      } catch (const std::exception&) {
        throw StudyFolderError(path_ + ":" + std::to_string(row.line) + ": not a journal line; expected " + header);
      }
      finished_.push_back(std::move(r));
    }
    // Rewrite it without a cut-short line, so that appending starts on a line of its own.
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out << text;
  }
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error(path_ + ": cannot open for appending: " + std::strerror(errno));
  if (!exists || fs::file_size(path_) == 0) {
    const std::string line = header + "\n";
    if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()) || ::fsync(fd_) != 0)
      throw std::runtime_error(path_ + ": cannot write: " + std::strerror(errno));
  }
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

void Journal::record(const RunRecord& r) {
  std::string line = std::to_string(r.index) + (r.ok ? ",ok," : ",failed,") + std::to_string(r.rank) + "," +
                     number_text(r.wall_seconds) + "," + number_text(r.engine_seconds) + "," + csv_cell(r.error);
  for (const auto& m : r.metrics) line += "," + number_text(m);
  line += "\n";
  // One write of a whole line to a file opened O_APPEND, then fsync: a crash leaves at most a
  // last line without its newline, which the next --resume drops.
  if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()) || ::fsync(fd_) != 0)
    throw std::runtime_error(path_ + ": cannot record run " + std::to_string(r.index) + ": " + std::strerror(errno));
  finished_.push_back(r);
}

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
  write("sweep.json", j.dump(2) + "\n");
}

void LocalDispatch::run_all(const std::vector<SweepRun>& runs, const std::vector<std::uint64_t>& pending,
                            const std::function<void(const RunRecord&)>& done, const std::function<bool()>& stopping) {
  for (const std::uint64_t i : pending) {
    if (stopping()) return;
    done(worker_.run(runs[i]));
  }
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

int coordinate_sweep(const SweepSpec& spec, const SweepOptions& options, Dispatch& dispatch,
                     const std::function<bool()>& stopping, std::ostream& log) {
  SweepAbout about;
  about.started_utc = detail::utc_now();
  const auto t0 = std::chrono::steady_clock::now();
  about.command_line = options.command_line;
  about.ranks = dispatch.ranks();
  about.threads = options.threads;
  const std::vector<SweepRun> runs = plan_sweep(spec);
  about.runs = runs.size();
  Journal journal(options.out, spec, options.resume);
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

}  // namespace migsim::study
