#pragma once
// The worker limit of a run, for both rule sets: TBB runs at most `threads` workers while
// `execute` runs (0 = as many as the machine has), and the result says how many that was.
#include <tbb/global_control.h>
#include <tbb/info.h>

#include <cstddef>

namespace migsim::detail {

template <class Execute>
auto with_threads(int threads, Execute&& execute) {
  const int n = threads > 0 ? threads : tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(n));
  auto result = execute();
  result.threads = n;
  return result;
}

}  // namespace migsim::detail
