// Throughput and memory of the Flee rule set on synth31_100k (tests/data/flee) and on
// its 1,000,000-person variant, made here from the imported scenario: ten times the people
// spawned a day (100,000 on days 1-10) and CapacityScaling 10, as Flee's 1M benchmark.
//
// Prints one key=value per line: agent_steps_per_s, bytes_per_agent (peak resident memory,
// VmHWM, over agents), wall_s (the run, not the import), threads, ... Run one variant per
// process so the peak is its own.
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "peak_memory.hpp"

#include "migsim/io/flee_import.hpp"

int main(int argc, char** argv) {
  int threads = 0;
  std::uint64_t seed = 1;
  double scale = 1;
  std::string folder;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--threads") && i + 1 < argc)
      threads = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--seed") && i + 1 < argc)
      seed = std::strtoull(argv[++i], nullptr, 10);
    else if (!std::strcmp(argv[i], "--people-x") && i + 1 < argc)
      scale = std::atof(argv[++i]);
    else if (argv[i][0] != '-' && folder.empty())
      folder = argv[i];
    else {
      std::cerr << "usage: migsim_bench_flee [--threads N] [--seed N] [--people-x K] [FLEE_FOLDER]\n"
                   "  FLEE_FOLDER: a Flee input folder (default: tests/data/flee/synth31_100k)\n"
                   "  --people-x K: K times the people spawned a day and CapacityScaling x K (10: the 1M variant)\n";
      return 2;
    }
  }
  if (folder.empty()) folder = std::string(MIGSIM_SOURCE_DIR) + "/tests/data/flee/synth31_100k";
  try {
    auto imported = migsim::io::import_flee(folder);
    for (const auto& d : imported.diagnostics) std::cerr << migsim::io::format_diagnostic(d, imported.sources) << '\n';
    if (!imported.ok()) return 2;
    auto& s = imported.scenario;
    if (scale != 1) {
      for (auto& v : s.displaced) v = static_cast<std::int64_t>(static_cast<double>(v) * scale);
      s.spawn = migsim::flee::spawn_from_displaced(s.displaced);
      s.settings.capacity_scaling *= scale;
      for (auto& camp : s.camp_data)
        for (auto& v : camp) v = static_cast<std::int64_t>(static_cast<double>(v) * scale);
    }
    migsim::flee::RunOptions options;
    options.seed = seed;
    options.threads = threads;
    const auto r = migsim::flee::run(s, options);
    const long rss = peak_rss_bytes();
    std::printf("scenario=%s people_x=%g locations=%zu routes=%zu days=%d\n", s.name.c_str(), scale, s.locations.size(),
                s.routes.size(), s.days);
    std::printf("threads=%d\nagents=%llu\nagent_steps=%llu\nwall_s=%.3f\n", r.threads,
                static_cast<unsigned long long>(r.agents), static_cast<unsigned long long>(r.agent_steps),
                r.wall_seconds);
    std::printf("agent_steps_per_s=%.0f\n", static_cast<double>(r.agent_steps) / r.wall_seconds);
    std::printf("peak_rss_bytes=%ld\nbytes_per_agent=%.1f\n", rss,
                static_cast<double>(rss) / static_cast<double>(r.agents));
    std::printf("in_camps_last_day=%lld\n", static_cast<long long>(r.in_camps.empty() ? 0 : r.in_camps.back()));
    // FNV-1a of every camp's count on every day: equal results of two builds, at a glance.
    std::uint64_t hash = 14695981039346656037ULL;
    for (const std::int64_t c : r.camp_people) hash = (hash ^ static_cast<std::uint64_t>(c)) * 1099511628211ULL;
    std::printf("camp_people_hash=%016llx\n", static_cast<unsigned long long>(hash));
    for (int p = 0; p < migsim::flee::phase_count; ++p)
      std::printf("phase_%s_s=%.3f\n", migsim::flee::phase_names[p], r.phase_seconds[p]);
  } catch (const std::exception& e) {
    std::cerr << "migsim_bench_flee: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
