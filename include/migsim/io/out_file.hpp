#pragma once
// An output file whose every failure is an exception naming the path (io's toolkit, for
// the layers above it too).
// stdio rather than ofstream: fclose reports the error of the final flush, which is where a
// full disk shows up, and errno then says why.
#include "migsim/io/layer.hpp"

#include <cstdio>
#include <filesystem>
#include <string_view>

namespace migsim::io::detail {

// A name beside `final_path` (same folder, so a rename into place stays on one filesystem and
// is atomic), hidden, tagged, and unique enough that two processes writing the same result at
// once never share it: ".<name>.<tag>-<pid>-<random>". The random part is for the file name
// only, never a simulation's.
std::filesystem::path hidden_sibling(const std::filesystem::path& final_path, const char* tag);

class OutFile {
 public:
  explicit OutFile(std::filesystem::path path);  // creates or truncates; throws on failure
  ~OutFile();                                    // closes without reporting: call close()
  OutFile(const OutFile&) = delete;
  OutFile& operator=(const OutFile&) = delete;

  void write(std::string_view bytes);
  void close();  // flushes; throws if any byte did not reach the file
  const std::filesystem::path& path() const { return path_; }

 private:
  [[noreturn]] void fail(const char* what, int err) const;
  std::filesystem::path path_;
  std::FILE* file_ = nullptr;
};

}  // namespace migsim::io::detail
