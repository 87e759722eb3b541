// Input and output paths checked before any work (migsim/io/paths.hpp).
#include "migsim/io/paths.hpp"

#include <fcntl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iterator>
#include <system_error>

namespace migsim::io::detail {

namespace fs = std::filesystem;

namespace {

std::string kind_of(mode_t mode) {
  if (S_ISDIR(mode)) return "a folder";
  if (S_ISREG(mode)) return "a regular file";
  if (S_ISLNK(mode)) return "a symbolic link";
  if (S_ISFIFO(mode)) return "a FIFO";
  if (S_ISSOCK(mode)) return "a socket";
  if (S_ISCHR(mode) || S_ISBLK(mode)) return "a device";
  return "not a regular file";
}

// A name longer than the system takes is refused by every call with ENAMETOOLONG; said once,
// here, in words.
std::string length_problem(const fs::path& path) {
  if (path.native().size() >= PATH_MAX) return "is longer than " + std::to_string(PATH_MAX - 1) + " bytes";
  for (const fs::path& part : path)
    if (part.native().size() > NAME_MAX)
      return "has a name longer than " + std::to_string(NAME_MAX) + " bytes ('" + part.native().substr(0, 16) + "...')";
  return "";
}

}  // namespace

std::string input_file_problem(const fs::path& path) {
  if (path.empty()) return "is empty";
  if (const std::string p = length_problem(path); !p.empty()) return p;
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) {
    if (errno == ENOENT) return "does not exist";
    if (errno == ENOTDIR) return "does not exist (a part of the path above it is a file)";
    return std::string("cannot be read: ") + std::strerror(errno);
  }
  if (!S_ISREG(st.st_mode)) return "is " + kind_of(st.st_mode) + ", not a regular file";
  if (::access(path.c_str(), R_OK) != 0) return std::string("cannot be read: ") + std::strerror(errno);
  return "";
}

std::optional<std::string> read_input_file(const fs::path& path, std::string& problem) {
  problem = input_file_problem(path);
  if (!problem.empty()) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    problem = std::string("cannot be read: ") + std::strerror(errno);
    return std::nullopt;
  }
  std::string text{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  if (in.bad()) {
    problem = "cannot be read to its end";
    return std::nullopt;
  }
  return text;
}

std::string output_path_problem(const fs::path& path) {
  if (path.empty()) return "is empty";
  if (const std::string p = length_problem(path); !p.empty()) return p;
  // The nearest folder above that exists must be a folder this process can write in.
  fs::path above = path.has_filename() ? path.parent_path() : path.parent_path().parent_path();
  if (above.empty()) above = ".";
  for (;;) {
    struct stat st {};
    if (::stat(above.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode)) return "'" + above.string() + "' above it is " + kind_of(st.st_mode) + ", not a folder";
      if (::access(above.c_str(), W_OK | X_OK) != 0)
        return "cannot create anything in '" + above.string() + "': " + std::strerror(errno);
      return "";
    }
    if (errno == ENOTDIR) {  // a file further up: find it, to name it
      fs::path up = above.parent_path();
      while (!up.empty() && ::stat(up.c_str(), &st) != 0) up = up.parent_path();
      return "'" + (up.empty() ? above : up).string() + "' above it is " +
             (up.empty() ? std::string("not a folder") : kind_of(st.st_mode)) + ", not a folder";
    }
    if (errno != ENOENT) return "cannot reach '" + above.string() + "': " + std::strerror(errno);
    if (!above.has_parent_path() || above.parent_path() == above) return "";
    above = above.parent_path();
  }
}

std::string create_folder(const fs::path& path) {
  // One folder at a time, so that the one that refuses is named with errno's words.
  fs::path made;
  for (const fs::path& part : path) {
    made /= part;
    struct stat st {};
    if (::stat(made.c_str(), &st) == 0) {
      if (!S_ISDIR(st.st_mode)) return "cannot be created: '" + made.string() + "' is " + kind_of(st.st_mode);
      continue;
    }
    if (::mkdir(made.c_str(), 0777) == 0 || errno == EEXIST) continue;
    const int err = errno;
    const std::string in = made.has_parent_path() ? made.parent_path().string() : std::string(".");
    // mkdir says ENOENT where the folder above exists but its filesystem makes nothing (/proc).
    if (err == ENOENT) return "cannot be created in '" + in + "': its filesystem makes no folders there";
    return "cannot be created in '" + in + "': " + std::strerror(err);
  }
  return "";
}

std::string path_error(const fs::path& path, const std::string& option, const std::string& problem,
                       const std::string& expected) {
  return (path.empty() ? option + " ''" : path.string()) + ": error: " + problem + "; expected " + expected;
}

std::string what_is_at(const fs::path& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return "";
  return kind_of(st.st_mode);
}

std::uint64_t usable_memory() {
  std::uint64_t bytes = UINT64_MAX;
  const long pages = ::sysconf(_SC_PHYS_PAGES), page = ::sysconf(_SC_PAGE_SIZE);
  if (pages > 0 && page > 0) bytes = static_cast<std::uint64_t>(pages) * static_cast<std::uint64_t>(page);
  for (const int resource : {RLIMIT_AS, RLIMIT_DATA}) {
    struct rlimit r {};
    if (::getrlimit(resource, &r) == 0 && r.rlim_cur != RLIM_INFINITY)
      bytes = std::min<std::uint64_t>(bytes, static_cast<std::uint64_t>(r.rlim_cur));
  }
  // A container's limit (cgroup v2, then v1); "max" or a huge number means none.
  for (const char* file : {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
    std::ifstream in(file);
    unsigned long long v = 0;
    if (in >> v && v > 0) bytes = std::min<std::uint64_t>(bytes, v);
  }
  return bytes;
}

std::string bytes_text(double bytes) {
  const char* units[] = {"bytes", "kB", "MB", "GB", "TB", "PB"};
  int u = 0;
  while (bytes >= 1000 && u < 5) bytes /= 1000, ++u;
  char buf[32];
  std::snprintf(buf, sizeof buf, u == 0 ? "%.0f %s" : "%.3g %s", bytes, units[u]);
  return buf;
}

}  // namespace migsim::io::detail
