// The plumbing the study commands share (launch.hpp): signals, the split of cores
// between ranks, the --out folder's checks, and running alone or under MPI.
#include "lower_layers.hpp"
#include "migsim/study/launch.hpp"

#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <thread>

#include "folder.hpp"
#include "mpi.hpp"

namespace migsim::study {
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

bool stopping() {
  return stop_requested.load();
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

// DIR must be a folder this process can make and write, and new (or empty), or hold an
// interrupted study with --resume: checked before anything is read or run. The coordinator
// checks again when it opens DIR (folder.hpp), under its lock, with what the study file makes.
std::string out_dir_problem(const StudyArgs& a) {
  return detail::study_folder_problem(a.out, a.resume);
}

int study_alone(const Study& study, SweepOptions& options) {
  SweepWorker worker(study.worker, options.out, options.threads, 0);
  LocalDispatch dispatch(worker);
  return study.coordinate(dispatch, options, stopping);
}

// Every rank reads the file (they all find the same problems; rank 0 prints them).
int study_mpi(const StudyArgs& a, const StudyReader& read, SweepOptions& options, int& argc, char**& argv) {
  MpiSession mpi(argc, argv);
  // DIR first: nothing is read or run for a study that has nowhere to go.
  const std::string problem = mpi.rank() == 0 ? out_dir_problem(a) : "";
  if (mpi.rank() == 0 && !problem.empty()) std::cerr << problem << '\n';
  if (mpi.broadcast(!problem.empty())) return sweep_invalid;
  const auto study = read(a.file, mpi.rank() == 0);
  if (!study) return sweep_invalid;
  int code = sweep_internal_error;
  try {
    SweepWorker worker(study->worker, a.out, options.threads, mpi.rank());
    MpiDispatch dispatch(mpi, worker);
    options.progress = options.progress && mpi.rank() == 0;
    if (mpi.rank() == 0) {
      try {
        code = study->coordinate(dispatch, options, stopping);
      } catch (const StudyFolderError& e) {
        std::cerr << e.what() << '\n';
        code = sweep_invalid;
      }
      dispatch.finish();
    } else {
      dispatch.serve();
    }
  } catch (const std::exception& e) {
    std::cerr << "migsim: rank " << mpi.rank() << ": internal error: " << e.what() << '\n';
    mpi.abort(sweep_internal_error);
  }
  return mpi.agree(code);
}

}  // namespace

void report_problems(const std::string& file, const std::vector<std::string>& errors) {
  for (const std::string& e : errors) std::cerr << e << '\n';
  std::cerr << "migsim: error: " << file << ": " << errors.size() << " problem(s); nothing was run\n";
}

int run_study(const StudyArgs& a, const StudyReader& read, int argc, char** argv) {
  catch_stop_signals();
  SweepOptions options;
  options.out = a.out;
  options.resume = a.resume;
  options.threads = threads_per_rank(a.threads);
  options.progress = !a.quiet && isatty(STDERR_FILENO);
  options.quiet = a.quiet;
  options.command_line = command_line(argc, argv);
  try {
    if (launched_by_mpi()) return study_mpi(a, read, options, argc, argv);
    // Several Slurm tasks without MPI would each run the whole study into one folder.
    if (const char* tasks = std::getenv("SLURM_NTASKS"); tasks && std::atoi(tasks) > 1 && std::getenv("SLURM_PROCID")) {
      std::cerr << "migsim: error: " << tasks << " Slurm tasks but no MPI environment; expected srun --mpi=pmix "
                << "(or pmi2), or mpirun, so that the tasks share one run\n";
      return sweep_invalid;
    }
    // DIR first: nothing is read or run for a study that has nowhere to go.
    if (const std::string problem = out_dir_problem(a); !problem.empty()) {
      std::cerr << problem << '\n';
      return sweep_invalid;
    }
    const auto study = read(a.file, true);
    if (!study) return sweep_invalid;
    return study_alone(*study, options);
  } catch (const StudyFolderError& e) {
    std::cerr << e.what() << '\n';
    return sweep_invalid;
  } catch (const std::exception& e) {
    std::cerr << "migsim: internal error: " << e.what() << '\n';
    return sweep_internal_error;
  }
}

}  // namespace migsim::study
