#pragma once
// Who runs a study's runs: this process one after another (LocalDispatch), or the ranks of an
// MPI job (sim/study/launch/mpi.cpp's MpiDispatch), behind one interface.
#include "migsim/study/layer.hpp"

#include <cstdint>
#include <functional>
#include <vector>

#include "migsim/study/runs.hpp"
#include "migsim/study/sweep.hpp"
#include "migsim/study/worker.hpp"

namespace migsim::study {

// Who runs what. A sweep is a coordinator that hands out run indices and records results
// (one journal, one writer), and workers that run them: in one process both are here
// (LocalDispatch); under MPI, sim/study/launch/mpi.cpp passes the same calls between ranks.
class Dispatch {
 public:
  virtual ~Dispatch() = default;
  // Runs every run of `pending` (indices into `runs`) somewhere, calling `done` in this
  // process for each record as it finishes, in the order they finish; stops handing out runs
  // once `stopping()` is true, and returns when every run handed out has come back.
  virtual void run_all(const std::vector<SweepRun>& runs, const std::vector<std::uint64_t>& pending,
                       const std::function<void(const RunRecord&)>& done, const std::function<bool()>& stopping) = 0;
  virtual int ranks() const = 0;
};

// Every run in this process, one after another, in index order.
class LocalDispatch : public Dispatch {
 public:
  explicit LocalDispatch(SweepWorker& worker) : worker_(worker) {}
  void run_all(const std::vector<SweepRun>& runs, const std::vector<std::uint64_t>& pending,
               const std::function<void(const RunRecord&)>& done, const std::function<bool()>& stopping) override;
  int ranks() const override { return 1; }

 private:
  SweepWorker& worker_;
};

}  // namespace migsim::study
