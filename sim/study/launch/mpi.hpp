#pragma once
// The one place MPI is used (sim/study/launch/mpi.cpp): a study's runs (a sweep's, a
// calibration's, a sensitivity analysis's) handed out over the ranks of MPI_COMM_WORLD. Rank 0 coordinates — a thread
// of its own answers the other ranks, hands out the next run as soon as a rank asks and records what comes back — and
// every rank, rank 0 included, runs runs. Slow and fast runs mix without idle ranks.
#include "migsim/study/layer.hpp"

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "migsim/study/dispatch.hpp"

namespace migsim::study {

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

// Rank 0: the coordinator calls run_all once per batch of runs (a sweep has one batch, a
// calibration one after another), then finish(). Other ranks: serve() runs what rank 0 hands
// out until finish() tells them to stop.
class MpiDispatch : public Dispatch {
 public:
  MpiDispatch(const MpiSession& session, SweepWorker& worker);
  void run_all(const std::vector<SweepRun>& runs, const std::vector<std::uint64_t>& pending,
               const std::function<void(const RunRecord&)>& done, const std::function<bool()>& stopping) override;
  int ranks() const override { return session_.size(); }
  // Rank 0, after the last run_all: every other rank is told to stop.
  void finish();
  // Ranks other than 0: run what rank 0 hands out until it says stop (rank 0 sees the same
  // signals and decides when to stop; this rank finishes the run it has).
  void serve();

 private:
  void send_work(int rank, const SweepRun& run);
  const MpiSession& session_;
  SweepWorker& worker_;
  std::vector<int> parked_;  // ranks that asked for work when there was none, waiting
};

}  // namespace migsim::study
