#include "migsim/io/out_file.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <random>
#include <stdexcept>
#include <string>

namespace migsim::io::detail {

std::filesystem::path hidden_sibling(const std::filesystem::path& final_path, const char* tag) {
  static thread_local std::mt19937_64 gen{std::random_device{}()};
  char suffix[32];
  std::snprintf(suffix, sizeof suffix, "%08llx", static_cast<unsigned long long>(gen() & 0xFFFFFFFFull));
  return final_path.parent_path() /
         ("." + final_path.filename().string() + "." + tag + "-" + std::to_string(::getpid()) + "-" + suffix);
}

OutFile::OutFile(std::filesystem::path path) : path_(std::move(path)) {
  file_ = std::fopen(path_.c_str(), "wb");
  if (file_ == nullptr) fail("cannot create", errno);
  // Rows arrive a few dozen bytes at a time; a larger buffer means fewer write calls.
  std::setvbuf(file_, nullptr, _IOFBF, 1 << 16);
}

OutFile::~OutFile() {
  if (file_ != nullptr) std::fclose(file_);
}

void OutFile::write(std::string_view bytes) {
  if (file_ == nullptr) throw std::logic_error("write to closed file '" + path_.string() + "'");
  if (bytes.empty()) return;
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) fail("cannot write", errno);
}

void OutFile::close() {
  if (file_ == nullptr) return;
  std::FILE* f = file_;
  file_ = nullptr;
  // Both checked: an earlier buffered write may have failed without fwrite noticing.
  const bool had_error = std::ferror(f) != 0;
  errno = 0;
  const bool close_failed = std::fclose(f) != 0;
  if (had_error || close_failed) fail("cannot write", errno);
}

void OutFile::fail(const char* what, int err) const {
  std::string msg = std::string(what) + " '" + path_.string() + "'";
  if (err != 0) msg += std::string(": ") + std::strerror(err);
  throw std::runtime_error(msg);
}

}  // namespace migsim::io::detail
