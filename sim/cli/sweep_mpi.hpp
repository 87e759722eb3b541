#pragma once
// The one place MPI is used (sim/cli/sweep_mpi.cpp): a sweep's runs handed out over the
// ranks of MPI_COMM_WORLD. Rank 0 coordinates — a thread of its own answers the other ranks,
// hands out the next run as soon as a rank asks and records what comes back — and every rank,
// rank 0 included, runs runs. Slow and fast runs mix without idle ranks.
#include <functional>
#include <memory>
#include <string>

#include "migsim/io/sweep_run.hpp"

namespace migsim::cli {

// True when this process was started by mpirun or srun (their environment says so): only
// then is MPI initialised, so `migsim` runs without MPI otherwise.
bool launched_by_mpi();

class MpiSession {
 public:
  MpiSession(int& argc, char**& argv);  // MPI_Init_thread (MPI_THREAD_MULTIPLE)
  ~MpiSession();                        // MPI_Finalize
  int rank() const { return rank_; }
  int size() const { return size_; }
  // Every rank: rank 0's status (the sweep's exit code), broadcast.
  int agree(int status) const;
  // Broadcasts rank 0's bool to all.
  bool broadcast(bool value) const;
  // Ends every rank at once (an internal error on one would leave the others waiting).
  [[noreturn]] void abort(int code) const;

 private:
  int rank_ = 0, size_ = 1;
};

// Rank 0: runs `coordinate` (which calls run_all on the dispatch returned). Other ranks:
// serve() runs what rank 0 hands out until it says stop.
class MpiDispatch : public io::Dispatch {
 public:
  MpiDispatch(const MpiSession& session, io::SweepWorker& worker);
  void run_all(const std::vector<io::SweepRun>& runs, const std::vector<std::uint64_t>& pending,
               const std::function<void(const io::RunRecord&)>& done, const std::function<bool()>& stopping) override;
  int ranks() const override { return session_.size(); }
  // Ranks other than 0: run what rank 0 hands out until it says stop (rank 0 sees the same
  // signals and decides when to stop; this rank finishes the run it has).
  void serve(const std::vector<io::SweepRun>& runs);

 private:
  const MpiSession& session_;
  io::SweepWorker& worker_;
};

}  // namespace migsim::cli
