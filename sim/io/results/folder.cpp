// ResultsFolder: build the result under a hidden sibling name, then rename it into place.
// A sibling, not /tmp, so the rename stays within one filesystem and is atomic.
#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <stdexcept>
#include <string>
#include <system_error>

#include "migsim/io/out_file.hpp"
#include "migsim/io/paths.hpp"
#include "migsim/io/results.hpp"

namespace fs = std::filesystem;

namespace migsim::io {
namespace {

using detail::hidden_sibling;

bool exists_no_follow(const fs::path& p) {
  std::error_code ec;
  return fs::exists(fs::symlink_status(p, ec));
}

// --force removes what is at the final path; refuse anything that is not plainly an earlier
// result, so a mistyped --out (a home folder, a source tree) is never deleted.
void check_replaceable(const fs::path& p) {
  std::error_code ec;
  const auto st = fs::symlink_status(p, ec);
  const bool looks_like_result = fs::is_directory(st) && (fs::exists(p / "manifest.json", ec) || fs::is_empty(p, ec));
  if (!looks_like_result)
    throw std::runtime_error(p.string() +
                             ": error: exists but is not a migsim results folder (no manifest.json); refusing to "
                             "replace it: expected another --out");
}

std::string already_exists(const fs::path& p) {
  return p.string() + ": error: already exists; pass --force to replace it, or choose another --out";
}

[[noreturn]] void throw_errno(const std::string& what, int err) {
  throw std::system_error(err, std::generic_category(), what);
}

// Linux can swap or place atomically and without ever leaving the final name empty; other
// systems (or filesystems that lack the flags) fall back to plain renames.
enum class Rename { no_replace, exchange };

bool rename2(const fs::path& from, const fs::path& to, [[maybe_unused]] Rename how, int& err) {
#if defined(RENAME_EXCHANGE) && defined(RENAME_NOREPLACE)
  const unsigned flags = how == Rename::exchange ? RENAME_EXCHANGE : RENAME_NOREPLACE;
  if (::renameat2(AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), flags) == 0) return true;
  err = errno;
  return false;
#else
  err = EINVAL;
  return false;
#endif
}

bool unsupported(int err) {
  return err == EINVAL || err == ENOSYS || err == ENOTSUP;
}

}  // namespace

ResultsFolder::ResultsFolder(fs::path final_path, bool overwrite) : overwrite_(overwrite) {
  if (final_path.empty()) throw std::runtime_error("--out '': error: is empty; expected a results folder to create");
  if (!final_path.has_filename()) final_path = final_path.parent_path();  // "out/" -> "out"
  final_ = std::move(final_path);

  if (exists_no_follow(final_)) {
    if (!overwrite_) throw std::runtime_error(already_exists(final_));
    check_replaceable(final_);
  }

  const std::string expected = "; expected a results folder to create";
  if (final_.has_parent_path())
    if (const std::string p = detail::create_folder(final_.parent_path()); !p.empty())
      throw std::runtime_error(final_.string() + ": error: the folder above it " + p + expected);
  std::error_code ec;
  for (int attempt = 0; attempt < 8; ++attempt) {
    fs::path candidate = hidden_sibling(final_, "tmp");
    if (fs::create_directory(candidate, ec)) {
      staging_ = std::move(candidate);
      return;
    }
    if (ec) {
      const std::string in = final_.has_parent_path() ? final_.parent_path().string() : std::string(".");
      // mkdir says ENOENT where the folder above exists but its filesystem makes nothing (/proc).
      const std::string why = ec == std::errc::no_such_file_or_directory
                                  ? std::string("its filesystem makes no folders there")
                                  : ec.message();
      throw std::runtime_error(final_.string() + ": error: cannot be created in '" + in + "': " + why + expected);
    }
  }
  throw std::runtime_error("cannot find a free temporary name next to '" + final_.string() + "'");
}

ResultsFolder::~ResultsFolder() {
  if (committed_ || staging_.empty()) return;
  std::error_code ec;
  fs::remove_all(staging_, ec);  // best effort: a destructor may run while unwinding
}

void ResultsFolder::commit() {
  if (committed_) throw std::logic_error("ResultsFolder::commit called twice");
  const std::string final_str = final_.string();
  int err = 0;

  if (!exists_no_follow(final_)) {
    // NOREPLACE: a folder someone made meanwhile is not silently replaced (plain rename(2)
    // would replace an empty one).
    if (rename2(staging_, final_, Rename::no_replace, err)) {
      committed_ = true;
      return;
    }
    if (err == EEXIST && !overwrite_) throw std::runtime_error(already_exists(final_));
    if (unsupported(err)) {
      std::error_code ec;
      fs::rename(staging_, final_, ec);
      if (ec) throw std::runtime_error("cannot move results into '" + final_str + "': " + ec.message());
      committed_ = true;
      return;
    }
    if (err != EEXIST) throw_errno("cannot move results into '" + final_str + "'", err);
    // It appeared meanwhile and we may overwrite: fall through.
  }
  if (!overwrite_) throw std::runtime_error(already_exists(final_));
  check_replaceable(final_);

  // Swap in one step: the final path holds the old result, then the new one, never neither.
  if (rename2(staging_, final_, Rename::exchange, err)) {
    committed_ = true;
    std::error_code ec;
    fs::remove_all(staging_, ec);  // now the old result; leftover debris is harmless
    return;
  }
  if (!unsupported(err)) throw_errno("cannot replace '" + final_str + "'", err);

  // No atomic swap here: move the old one aside, the new one in, then delete the old one.
  const fs::path aside = hidden_sibling(final_, "old");
  std::error_code ec;
  fs::rename(final_, aside, ec);
  if (ec) throw std::runtime_error("cannot move old results '" + final_str + "' aside: " + ec.message());
  fs::rename(staging_, final_, ec);
  if (ec) {
    std::error_code restore;
    fs::rename(aside, final_, restore);
    throw std::runtime_error("cannot move results into '" + final_str + "': " + ec.message());
  }
  committed_ = true;
  fs::remove_all(aside, ec);
}

}  // namespace migsim::io
