// A study's folder: its identity (study.json), its lock, and what --resume clears away. See
// folder.hpp.
#include "folder.hpp"
#include "lower_layers.hpp"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <array>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <set>
#include <string>
#include <vector>

#include "migsim/io/flee_import.hpp"
#include "migsim/io/paths.hpp"
#include "migsim/io/results.hpp"
#include "migsim/study/runs.hpp"
#include "migsim/version.hpp"
#include "tables.hpp"

namespace migsim::study::detail {
namespace {

namespace fs = std::filesystem;
using nlohmann::ordered_json;

// The keys recorded for a reader only; every other key of study.json must be equal on --resume.
constexpr std::array<std::string_view, 7> noted_keys = {"file",           "scenario",   "targets",    "points",
                                                        "migsim_version", "git_commit", "created_utc"};

bool noted(const std::string& key) {
  for (const std::string_view k : noted_keys)
    if (k == key) return true;
  return false;
}

std::string sha_or_empty(const std::string& path) {
  return path.empty() ? std::string() : sha256_file(path);
}

// A value for a message: short, on one line.
std::string shown(const nlohmann::json& v) {
  std::string s = v.is_string() ? v.get<std::string>() : v.dump();
  if (s.size() > 80) s = s.substr(0, 77) + "...";
  return s;
}

[[noreturn]] void refuse(const std::string& dir, const std::string& what) {
  throw StudyFolderError(dir + ": error: " + what);
}

// Everything in DIR but the lock.
bool holds_anything(const fs::path& dir) {
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().filename() != lock_file) return true;
  return false;
}

}  // namespace

std::string scenario_sha256(const std::string& scenario) {
  return is_flee_folder(scenario) ? flee_folder_sha256(scenario) : sha256_file(scenario);
}

ordered_json study_identity(std::string_view command, const std::string& file, const std::string& scenario,
                            const std::string& targets) {
  ordered_json j;
  j["command"] = std::string(command);
  j["file"] = file;
  j["file_sha256"] = sha256_file(file);
  j["scenario"] = scenario;
  j["scenario_sha256"] = scenario_sha256(scenario);
  j["targets"] = targets.empty() ? ordered_json(nullptr) : ordered_json(targets);
  j["targets_sha256"] = targets.empty() ? ordered_json(nullptr) : ordered_json(sha_or_empty(targets));
  return j;
}

std::string study_folder_problem(const std::string& dir, bool resume) {
  if (const std::string p = output_path_problem(dir); !p.empty())
    return path_error(dir, "--out", p, "a folder to write the study into");
  const std::string what = what_is_at(dir);
  if (resume) {
    if (what != "a folder" || !fs::exists(fs::path(dir) / identity_file))
      return dir + ": error: nothing to resume here (" +
             (what.empty()         ? std::string("no such folder")
              : what != "a folder" ? "it is " + what
                                   : "no study.json") +
             "); expected the --out folder of an interrupted study";
    return "";
  }
  if (what.empty()) return "";
  if (what != "a folder")
    return dir + ": error: exists and is " + what + "; expected a new folder (or an empty one) to write the study into";
  if (holds_anything(dir))
    return dir + ": error: exists and is not empty; expected a new folder, or --resume to finish the study it holds";
  return "";
}

StudyFolder::StudyFolder(const std::string& dir, const ordered_json& identity, bool resume, std::ostream& log) {
  if (const std::string p = study_folder_problem(dir, resume); !p.empty()) throw StudyFolderError(p);
  if (const std::string p = create_folder(dir); !p.empty())
    refuse(dir, p + "; expected a folder to write the study into");
  const fs::path lock = fs::path(dir) / lock_file;
  lock_fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (lock_fd_ < 0) refuse(dir, "cannot create its lock file " + lock.string() + ": " + std::strerror(errno));
  if (::flock(lock_fd_, LOCK_EX | LOCK_NB) != 0) {
    const int err = errno;
    char pid[32] = {};
    const ssize_t n = ::pread(lock_fd_, pid, sizeof pid - 1, 0);
    ::close(lock_fd_);
    lock_fd_ = -1;
    if (err == EWOULDBLOCK)
      refuse(dir, "another migsim process" +
                      (n > 0 ? " (pid " + std::string(pid, static_cast<std::size_t>(n)) + ")" : std::string()) +
                      " is writing this folder (it holds " + lock.string() +
                      "); expected one process per folder: wait for it to end, or choose another --out");
    refuse(dir, "cannot lock " + lock.string() + ": " + std::strerror(err));
  }
  // Who holds it, for the message of a process refused: the lock itself is the flock.
  const std::string me = std::to_string(::getpid());
  if (::ftruncate(lock_fd_, 0) != 0 || ::pwrite(lock_fd_, me.data(), me.size(), 0) < 0) {
    // Not fatal: the flock is held whatever the file says.
  }

  const fs::path id_path = fs::path(dir) / identity_file;
  if (!resume) {
    // Another process may have made the study between the check and the lock.
    if (holds_anything(dir))
      refuse(dir, "exists and is not empty; expected a new folder, or --resume to finish the study it holds");
    ordered_json j = identity;
    j["migsim_version"] = build::version;
    j["git_commit"] = build::git_commit;
    j["created_utc"] = utc_now();
    write_atomically(dir, identity_file, j.dump(2) + "\n");
    return;
  }

  std::string problem;
  const auto text = read_input_file(id_path, problem);
  if (!text) refuse(id_path.string(), problem + "; expected the study.json migsim writes into a study's folder");
  nlohmann::json held;
  try {
    held = nlohmann::json::parse(*text);
  } catch (const nlohmann::json::exception& e) {
    refuse(id_path.string(), std::string(e.what()) + "; expected the study.json migsim writes into a study's folder");
  }
  if (!held.is_object() || !held.contains("command"))
    refuse(id_path.string(), "has no \"command\"; expected the study.json migsim writes into a study's folder");
  if (held.at("command") != identity.at("command"))
    refuse(dir, "holds a study of `migsim " + shown(held.at("command")) + "`, not of `migsim " +
                    shown(identity.at("command")) +
                    "` (study.json); expected the --out folder of this command's study, or another --out");
  // Compared as plain JSON (objects by key, not by the order they were written in).
  const nlohmann::json wanted = nlohmann::json::parse(identity.dump());
  std::set<std::string> keys;
  for (const auto& [k, v] : held.items()) keys.insert(k);
  for (const auto& [k, v] : wanted.items()) keys.insert(k);
  std::string differs;
  int count = 0;
  for (const std::string& k : keys) {
    if (noted(k)) continue;
    const nlohmann::json was = held.contains(k) ? held.at(k) : nlohmann::json("(none)");
    const nlohmann::json now = wanted.contains(k) ? wanted.at(k) : nlohmann::json("(none)");
    if (was == now) continue;
    differs += (count++ ? "; " : "") + k + " " + shown(was) + " in the folder, " + shown(now) + " now";
  }
  if (count > 0)
    refuse(dir, "was made by another study than the one to resume (" + std::to_string(count) + " difference" +
                    (count > 1 ? "s" : "") + " with " + id_path.string() + ": " + differs +
                    "); expected the same study file, scenario and targets, unchanged, or another --out folder");

  // What a process stopped mid-write left behind: it is redone, so its pieces go.
  std::uintmax_t removed = 0;
  std::error_code ec;
  for (const auto& e : fs::directory_iterator(dir, ec))
    if (e.path().extension() == ".part") removed += fs::remove_all(e.path(), ec) > 0 ? 1 : 0;
  if (fs::is_directory(fs::path(dir) / "runs", ec))
    for (const auto& e : fs::directory_iterator(fs::path(dir) / "runs", ec)) {
      const std::string name = e.path().filename().string();
      if (name.size() > 1 && name[0] == '.' &&
          (name.find(".tmp-") != std::string::npos || name.find(".old-") != std::string::npos))
        removed += fs::remove_all(e.path(), ec) > 0 ? 1 : 0;
    }
  if (removed > 0)
    log << dir << ": removed " << removed << " file" << (removed > 1 ? "s" : "")
        << " or folder(s) an interrupted process left half-written\n";
}

StudyFolder::~StudyFolder() {
  if (lock_fd_ >= 0) ::close(lock_fd_);  // closing drops the flock
}

}  // namespace migsim::study::detail
