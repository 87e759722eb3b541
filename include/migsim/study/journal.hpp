#pragma once
// DIR/journal.csv: one line per finished run, appended and flushed to disk as each finishes,
// so that an interrupted study loses nothing it finished: --resume reads it and runs only
// what is missing.
#include "migsim/study/layer.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include "migsim/study/runs.hpp"
#include "migsim/study/sweep.hpp"

namespace migsim::study {

// The journal of DIR: what has finished, durably.
class Journal {
 public:
  // Opens DIR/journal.csv for appending. With `resume`, reads what it holds (a last line cut
  // short by a crash is dropped: that run runs again); without, DIR must hold no journal.
  // Every line read must be whole and valid: a run index below `runs`, a status ok or failed
  // (an ok run without an error), a rank, times of 0 or more, and a number or nothing per
  // metric. Throws StudyFolderError if DIR holds another study's or a damaged journal, and
  // std::runtime_error if the file cannot be opened or written.
  Journal(const std::string& dir, const SweepSpec& spec, bool resume, std::uint64_t runs);
  ~Journal();
  const std::vector<RunRecord>& finished() const { return finished_; }
  void record(const RunRecord& r);  // appended and flushed to disk before it returns

 private:
  std::string path_;
  std::vector<RunRecord> finished_;
  int fd_ = -1;
};

}  // namespace migsim::study
