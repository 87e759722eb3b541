// Every run in this process, one after another (LocalDispatch); under MPI,
// sim/study/launch/mpi.cpp hands the same runs out to the ranks.
#include "migsim/study/dispatch.hpp"

namespace migsim::study {

void LocalDispatch::run_all(const std::vector<SweepRun>& runs, const std::vector<std::uint64_t>& pending,
                            const std::function<void(const RunRecord&)>& done, const std::function<bool()>& stopping) {
  for (const std::uint64_t i : pending) {
    if (stopping()) return;
    done(worker_.run(runs[i]));
  }
}

}  // namespace migsim::study
