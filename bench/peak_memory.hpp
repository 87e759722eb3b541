#pragma once
// Peak resident memory of this process (VmHWM from /proc/self/status), in bytes; -1 if
// unknown. Benchmarks run one case per process so the peak is that case's own.
#include <cstdlib>
#include <fstream>
#include <string>

inline long peak_rss_bytes() {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line))
    if (line.rfind("VmHWM:", 0) == 0) return std::atol(line.c_str() + 6) * 1024L;
  return -1;
}
