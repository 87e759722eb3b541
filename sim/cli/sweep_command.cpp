// `migsim sweep SWEEP.yaml --out DIR [--resume] [--threads N]`: the same command alone and
// under mpirun or srun. Alone, the runs go one after another in this process; under MPI,
// rank 0 coordinates and every rank runs (sweep_mpi.cpp). SIGTERM and SIGINT (a walltime, a
// Ctrl-C) stop the handing out of runs: what finished is recorded, the tables written, and
// the exit code says to --resume.
#include "sweep_command.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <optional>
#include <thread>

#include "migsim/io/sweep.hpp"
#include "migsim/io/sweep_run.hpp"
#include "sweep_mpi.hpp"

namespace migsim::cli {
namespace {

std::atomic<bool> stop_requested{false};

extern "C" void on_stop_signal(int) {
  stop_requested.store(true);
}

void catch_stop_signals() {
  struct sigaction sa {};
  sa.sa_handler = on_stop_signal;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGTERM, &sa, nullptr);
  sigaction(SIGINT, &sa, nullptr);
}

std::string command_line(int argc, char** argv) {
  std::string s;
  for (int i = 0; i < argc; ++i) s += (i ? " " : "") + std::string(argv[i]);
  return s;
}

// The rank's share of this machine's cores when --threads is not given: under mpirun the
// ranks on one node split its cores.
int threads_per_rank(int given) {
  if (given > 0) return given;
  int local_ranks = 1;
  for (const char* v : {"OMPI_COMM_WORLD_LOCAL_SIZE", "MPI_LOCALNRANKS", "SLURM_NTASKS_PER_NODE"})
    if (const char* s = std::getenv(v)) {
      local_ranks = std::max(1, std::atoi(s));
      break;
    }
  const int cores = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  return std::max(1, cores / local_ranks);
}

// The sweep file, or its problems on stderr (rank 0 only prints).
std::optional<io::SweepFile> read_or_report(const SweepArgs& a, bool print) {
  io::SweepFile file = io::read_sweep(a.sweep_file);
  if (!file.ok()) {
    if (print) {
      for (const std::string& e : file.errors) std::cerr << e << '\n';
      std::cerr << "migsim: error: " << a.sweep_file << ": " << file.errors.size() << " problem(s); nothing was run\n";
    }
    return std::nullopt;
  }
  return file;
}

// DIR must be new (or hold this sweep's journal, with --resume).
std::string out_dir_problem(const SweepArgs& a) {
  namespace fs = std::filesystem;
  const fs::path journal = fs::path(a.out) / "journal.csv";
  if (a.resume && !fs::exists(journal))
    return a.out + ": no sweep to resume here (no journal.csv); expected the --out folder of an interrupted sweep";
  if (!a.resume && fs::exists(a.out) && !fs::is_empty(a.out))
    return a.out + ": exists and is not empty; expected a new folder, or --resume to finish the sweep it holds";
  return "";
}

int sweep_alone(const SweepArgs& a, const io::SweepSpec& spec, io::SweepOptions& options) {
  io::SweepWorker worker(spec, a.out, options.threads, 0);
  io::LocalDispatch dispatch(worker);
  return io::coordinate_sweep(
      spec, options, dispatch, [] { return stop_requested.load(); }, std::cerr);
}

// Every rank reads the sweep file (they all find the same problems; rank 0 prints them).
int sweep_mpi(const SweepArgs& a, io::SweepOptions& options, int& argc, char**& argv) {
  MpiSession mpi(argc, argv);
  const auto file = read_or_report(a, mpi.rank() == 0);
  if (!file) return io::sweep_invalid;
  int code = io::sweep_internal_error;
  try {
    const std::string problem = mpi.rank() == 0 ? out_dir_problem(a) : "";
    if (mpi.rank() == 0 && !problem.empty()) std::cerr << "migsim: error: " << problem << '\n';
    if (mpi.broadcast(!problem.empty())) return io::sweep_invalid;
    io::SweepWorker worker(file->spec, a.out, options.threads, mpi.rank());
    MpiDispatch dispatch(mpi, worker);
    options.progress = options.progress && mpi.rank() == 0;
    if (mpi.rank() == 0)
      code = io::coordinate_sweep(
          file->spec, options, dispatch, [] { return stop_requested.load(); }, std::cerr);
    else
      dispatch.serve(io::plan_sweep(file->spec));
  } catch (const std::exception& e) {
    std::cerr << "migsim: rank " << mpi.rank() << ": internal error: " << e.what() << '\n';
    mpi.abort(io::sweep_internal_error);
  }
  return mpi.agree(code);
}

}  // namespace

int do_sweep(const SweepArgs& a, int argc, char** argv) {
  catch_stop_signals();
  io::SweepOptions options;
  options.out = a.out;
  options.resume = a.resume;
  options.threads = threads_per_rank(a.threads);
  options.progress = !a.quiet && isatty(STDERR_FILENO);
  options.command_line = command_line(argc, argv);
  try {
    if (launched_by_mpi()) return sweep_mpi(a, options, argc, argv);
    // Several Slurm tasks without MPI would each run the whole sweep into one folder.
    if (const char* tasks = std::getenv("SLURM_NTASKS"); tasks && std::atoi(tasks) > 1 && std::getenv("SLURM_PROCID")) {
      std::cerr << "migsim: error: " << tasks << " Slurm tasks but no MPI environment; expected srun --mpi=pmix "
                << "(or pmi2), or mpirun, so that the tasks share one sweep\n";
      return io::sweep_invalid;
    }
    const auto file = read_or_report(a, true);
    if (!file) return io::sweep_invalid;
    if (const std::string problem = out_dir_problem(a); !problem.empty()) {
      std::cerr << "migsim: error: " << problem << '\n';
      return io::sweep_invalid;
    }
    return sweep_alone(a, file->spec, options);
  } catch (const std::exception& e) {
    std::cerr << "migsim: internal error: " << e.what() << '\n';
    return io::sweep_internal_error;
  }
}

}  // namespace migsim::cli
