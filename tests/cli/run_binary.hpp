#pragma once
// Running the migsim binary from a test, as a user would from a shell.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

namespace cli {

inline const std::string bin = std::string(MIGSIM_BINARY_DIR) + "/migsim";
inline const std::string toy = std::string(MIGSIM_SOURCE_DIR) + "/scenarios/toy/two-routes.yaml";

struct Result {
  int code = -1;
  std::string out;  // stdout and stderr together
};

// `<before> migsim <args>`: exit code and everything it printed. `before` is shell run first
// in the same shell ("cd DIR &&", "ulimit -v 4000000;").
inline Result sh_after(const std::string& before, const std::string& args) {
  Result r;
  const std::string cmd = before + " " + bin + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// `migsim <args>`: exit code and everything it printed.
inline Result sh(const std::string& args) {
  Result r;
  const std::string cmd = bin + " " + args + " 2>&1";
  FILE* p = popen(cmd.c_str(), "r");
  REQUIRE(p != nullptr);
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int status = pclose(p);
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return r;
}

// A folder of its own, removed with everything in it at the end of the test.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "migsim-cli-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
};

inline std::string text_of(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream b;
  b << in.rdbuf();
  return b.str();
}

inline void write(const std::filesystem::path& p, const std::string& text) {
  std::ofstream(p, std::ios::binary) << text;
}

inline std::size_t lines(const std::string& text) {
  return static_cast<std::size_t>(std::count(text.begin(), text.end(), '\n'));
}

// `mpirun -np N migsim`, as these tests run it. As root, Open MPI asks for the two ALLOW
// variables; on 2 cores, 3 ranks need --oversubscribe. Under the sanitizers (scripts/test's
// second build), LeakSanitizer reports Open MPI's own memory, held by plugins it has unloaded
// by the end, as leaks: leaks are not checked under mpirun, where only mpi.cpp is new —
// the one-process tests check the rest for them.
inline std::string mpirun(int ranks) {
  const char* asan = std::getenv("ASAN_OPTIONS");
  return "ASAN_OPTIONS=" + std::string(asan ? asan : "") +
         ":detect_leaks=0 OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun --oversubscribe -np " +
         std::to_string(ranks) + " " + bin;
}

// Starts `migsim <args...>`, sends it SIGTERM once `ready()` is true (or after two minutes),
// and returns its exit code (-1 if it did not exit).
inline int stopped_when(const std::vector<std::string>& args, const std::function<bool()>& ready) {
  const pid_t pid = fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    std::vector<char*> argv{const_cast<char*>(bin.c_str())};
    for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(bin.c_str(), argv.data());
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(120);
  while (!ready() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  kill(pid, SIGTERM);
  int status = 0;
  waitpid(pid, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

}  // namespace cli
