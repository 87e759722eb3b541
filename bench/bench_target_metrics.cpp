// What computing the targets' metrics in memory (io::TargetMetrics, as a sweep does) adds
// to a run: the same scenario run alternately with no observer and with TargetMetrics
// alone, each --repeat times, in one process so the model is built once.
//
// Prints each run's wall time (and, with metrics, the time spent inside the observer's
// calls and evaluate), then per mode the fastest and the median, the overhead of the medians
// (and of the fastest) in percent, and the observer's own time as a share of the bare run:
// on a loaded machine the wall times are noisy, the observer's own time much less so.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <string>
#include <vector>

#include "migsim/core/engine.hpp"
#include "migsim/io/scenario_yaml.hpp"
#include "migsim/io/targets.hpp"

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

// Forwards to TargetMetrics and adds up the time spent inside it.
class Timed : public migsim::Observer {
 public:
  explicit Timed(migsim::Observer& inner) : inner_(inner) {}
  void on_day(const migsim::Model& m, const migsim::DayStats& d) override {
    const auto t0 = Clock::now();
    inner_.on_day(m, d);
    seconds += seconds_since(t0);
  }
  void on_finish(const migsim::Model& m, const migsim::FinalStats& f) override {
    const auto t0 = Clock::now();
    inner_.on_finish(m, f);
    seconds += seconds_since(t0);
  }
  double seconds = 0;

 private:
  migsim::Observer& inner_;
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  const std::size_t n = v.size();
  return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 0, repeat = 5;
  std::vector<std::string> sets;
  std::string scenario = std::string(MIGSIM_SOURCE_DIR) + "/scenarios/russia-2022.yaml";
  std::string targets_path = std::string(MIGSIM_SOURCE_DIR) + "/scenarios/targets/published.yaml";
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--threads") && i + 1 < argc)
      threads = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--repeat") && i + 1 < argc)
      repeat = std::atoi(argv[++i]);
    else if (!std::strcmp(argv[i], "--set") && i + 1 < argc)
      sets.emplace_back(argv[++i]);
    else if (argv[i][0] != '-')
      positional.emplace_back(argv[i]);
    else {
      std::cerr << "usage: migsim_bench_metrics [--threads N] [--repeat K] [--set k=v]... [SCENARIO [TARGETS]]\n"
                   "  defaults: scenarios/russia-2022.yaml scenarios/targets/published.yaml, 5 repeats\n";
      return 2;
    }
  }
  if (positional.size() > 0) scenario = positional[0];
  if (positional.size() > 1) targets_path = positional[1];

  const auto loaded = migsim::io::load_scenario(scenario, sets);
  for (const auto& d : loaded.diagnostics) std::cerr << migsim::io::format_diagnostic(d, loaded.spec.sources) << '\n';
  if (!loaded.ok()) return 2;
  const auto targets = migsim::io::read_targets(targets_path);
  for (const auto& e : targets.errors) std::cerr << e << '\n';
  if (!targets.ok()) return 2;
  const auto model = migsim::build_model(loaded.spec);
  migsim::RunOptions options;
  options.seed = loaded.spec.seed;
  options.threads = threads;

  std::vector<double> bare, with, inside;
  int used_threads = 0;
  for (int r = 0; r < repeat; ++r) {
    for (bool metrics : {false, true}) {
      migsim::io::TargetMetrics observer(targets);
      Timed timed(observer);
      const auto t0 = Clock::now();
      used_threads = migsim::run(*model, options, metrics ? &timed : nullptr).threads;
      if (metrics) {
        const auto t1 = Clock::now();
        std::vector<std::string> errors;
        observer.evaluate(errors);
        timed.seconds += seconds_since(t1);
        inside.push_back(timed.seconds);
      }
      const double s = seconds_since(t0);
      (metrics ? with : bare).push_back(s);
      if (metrics)
        std::printf("run %d metrics      wall_s=%.3f observer_s=%.4f\n", r + 1, s, timed.seconds);
      else
        std::printf("run %d no_observer  wall_s=%.3f\n", r + 1, s);
    }
  }
  const double mb = median(bare), mw = median(with), mi = median(inside);
  const double fb = *std::min_element(bare.begin(), bare.end()), fw = *std::min_element(with.begin(), with.end());
  std::printf("scenario=%s targets=%zu threads=%d repeat=%d\n", scenario.c_str(), targets.targets.size(), used_threads,
              repeat);
  std::printf("no_observer_median_s=%.3f no_observer_min_s=%.3f\n", mb, fb);
  std::printf("metrics_median_s=%.3f metrics_min_s=%.3f observer_median_s=%.4f\n", mw, fw, mi);
  std::printf("overhead_median_pct=%.2f overhead_min_pct=%.2f observer_share_pct=%.2f\n", 100 * (mw - mb) / mb,
              100 * (fw - fb) / fb, 100 * mi / mb);
  return 0;
}
