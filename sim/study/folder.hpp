#pragma once
// A study's folder (internal to sim/study): what made it, recorded before anything else, and
// one process at a time writing into it. Every coordinator (sweep, calibrate, sensitivity)
// opens its folder through StudyFolder before its journal, so that --resume can never put
// the runs of one study under the points of another.
#include "migsim/study/layer.hpp"

#include <cstdint>
#include <functional>
#include <nlohmann/json.hpp>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "migsim/study/dispatch.hpp"
#include "migsim/study/sweep.hpp"

namespace migsim::study::detail {

// DIR/study.json: what made the folder. Written (atomically) when the folder is made, before
// the journal or any run, and never rewritten.
inline constexpr const char* identity_file = "study.json";
// DIR/.lock: held (flock) by the process writing the folder. The kernel drops the lock when
// that process ends, however it ends, so a crash never leaves a folder locked.
inline constexpr const char* lock_file = ".lock";

// A scenario's SHA-256: a scenario file's bytes', or a Flee scenario folder's inputs'
// (io::flee_folder_sha256).
std::string scenario_sha256(const std::string& scenario);

// What made a study: "command" (sweep, calibrate, sensitivity), then each file it read by
// SHA-256 ("file_sha256", "scenario_sha256", "targets_sha256", ...), the seed, the design and
// its size. The paths as given ("file", "scenario", "targets", "points") and migsim's version
// are noted for a reader but not compared: a study may be resumed from another folder, or
// after moving its files, as long as their bytes are the same.
nlohmann::ordered_json study_identity(std::string_view command, const std::string& file, const std::string& scenario,
                                      const std::string& targets);

class StudyFolder {
 public:
  // Opens DIR for the study `identity` describes. Without `resume`, DIR must be absent or an
  // empty folder: it is made and study.json written. With `resume`, DIR must hold a study.json
  // equal to `identity` but for the noted keys; what an interrupted process left half-written
  // (DIR/*.part, DIR/runs/.*.tmp-* and .*.old-* of a kept run's folder) is removed, and a line
  // says so on `log`. Either way DIR is locked against any other process until this object
  // is gone. Throws StudyFolderError ("DIR: error: ...; expected ...") if DIR cannot be used,
  // listing every key that differs.
  StudyFolder(const std::string& dir, const nlohmann::ordered_json& identity, bool resume, std::ostream& log);
  ~StudyFolder();
  StudyFolder(const StudyFolder&) = delete;
  StudyFolder& operator=(const StudyFolder&) = delete;

 private:
  int lock_fd_ = -1;
};

// A sweep's identity (sweep/run.cpp): study_identity's, then the points file's SHA-256 (design
// points), the seed, the design, its samples and replicates, common_seeds, the parameters'
// paths, keep, and `runs`, the plan's size.
nlohmann::ordered_json sweep_identity(const SweepSpec& spec, std::uint64_t runs);
// coordinate_sweep's work once its folder is open (a StudyFolder held by the caller): the
// journal, the runs of `runs` (plan_sweep(spec)) not yet in it, and the tables. Sensitivity
// runs its design through it, in a folder opened with its own identity.
int sweep_in_folder(const SweepSpec& spec, const std::vector<SweepRun>& runs, const SweepOptions& options,
                    Dispatch& dispatch, const std::function<bool()>& stopping, std::ostream& log);

// Why DIR cannot be the --out of a study, before anything is read or run: "" when it can.
// New: DIR may not be used as a folder (migsim/io/paths.hpp) or already hold something; with
// resume: DIR must hold a study.json. StudyFolder checks again, under the lock.
std::string study_folder_problem(const std::string& dir, bool resume);

}  // namespace migsim::study::detail
