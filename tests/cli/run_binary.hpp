#pragma once
// Running the migsim binary from a test, as a user would from a shell.
#include <doctest/doctest.h>
#include <sys/wait.h>

#include <cstdio>
#include <string>

namespace cli {

inline const std::string bin = std::string(MIGSIM_BINARY_DIR) + "/migsim";
inline const std::string toy = std::string(MIGSIM_SOURCE_DIR) + "/scenarios/toy/two-routes.yaml";

struct Result {
  int code = -1;
  std::string out;  // stdout and stderr together
};

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

}  // namespace cli
