// The run: one simulated day is a fixed list of named phases (DESIGN.md section 2).
//
//   apply_policies -> spawn -> decide (parallel) -> resolve -> commit (parallel) -> asylum -> observe
//
// Determinism: every random number is a pure function of (seed, agent, day, purpose);
// parallel loops only touch the agent they are given plus thread-local integer counters
// (integer sums do not depend on the order of addition); contended crossings are resolved
// after the parallel loop by a total order (random priority, then agent id).
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <stdexcept>
#include <unordered_map>

#include "model.hpp"
#include "population.hpp"
#include "routing.hpp"

namespace migsim {
namespace {

using namespace detail;
using Clock = std::chrono::steady_clock;

struct CapacityRequest {
  EdgeId edge;
  std::uint32_t priority;
  std::uint32_t agent;
  bool operator<(const CapacityRequest& o) const {
    if (edge != o.edge) return edge < o.edge;
    if (priority != o.priority) return priority < o.priority;
    return agent < o.agent;
  }
};

// Counters one thread accumulates during a parallel phase; summed after it.
struct ThreadTally {
  std::vector<std::uint64_t> edge_entries;  // agents
  std::vector<std::uint64_t> stock;         // agents, [node * status_count + status]
  std::vector<CapacityRequest> requests;
  std::uint64_t replanned = 0, invalid = 0;
  void reset() {
    std::fill(edge_entries.begin(), edge_entries.end(), 0);
    std::fill(stock.begin(), stock.end(), 0);
    requests.clear();
    replanned = 0;
    invalid = 0;
  }
};

constexpr std::uint32_t grain = 8192;

class Run {
 public:
  Run(const Model& model, const RunOptions& options, Observer* observer)
      : m_(model), w_(model.world), rng_(options.seed), observer_(observer),
        tally_(ThreadTally{std::vector<std::uint64_t>(model.world.edges.size(), 0),
                           std::vector<std::uint64_t>(model.world.nodes.size() * status_count, 0), {}, 0, 0}) {
    pop_.reserve(agent_total(model));
    policy_active_.assign(m_.policies.size(), 0);
    capped_.resize(w_.edges.size());
    for (EdgeId e = 0; e < w_.edge_count(); ++e) capped_[e] = w_.edges[e].capacity_per_day >= 0 ? 1 : 0;
  }

  RunResult execute() {
    RunResult result;
    const auto t0 = Clock::now();
    for (int d = 0; d < m_.days(); ++d) {
      const auto day = static_cast<DayIndex>(d);
      const Date date = m_.start + d;
      timed(result, Phase::apply_policies, [&] { apply_policies(date); });
      timed(result, Phase::spawn, [&] { spawn(day); });
      timed(result, Phase::decide, [&] { decide(day); });
      timed(result, Phase::resolve, [&] { resolve(day); });
      timed(result, Phase::commit, [&] { commit(); });
      timed(result, Phase::asylum, [&] { /* asylum procedures: the next issue */ });
      timed(result, Phase::observe, [&] { observe(date, day); });
      result.agent_steps += pop_.spawned;
    }
    finish();
    result.agents = pop_.spawned;
    result.wall_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return result;
  }

 private:
  template <class F>
  void timed(RunResult& r, Phase phase, F&& f) {
    const auto t = Clock::now();
    f();
    r.phase_seconds[static_cast<int>(phase)] += std::chrono::duration<double>(Clock::now() - t).count();
  }

  // Compiles today's policy set into route tables, only when it changed.
  void apply_policies(Date date) {
    bool changed = false;
    for (std::size_t p = 0; p < m_.policies.size(); ++p) {
      const std::uint8_t on = m_.policies[p].active_on(date) ? 1 : 0;
      changed |= on != policy_active_[p];
      policy_active_[p] = on;
    }
    if (changed)
      for (std::size_t c = 0; c < tables_.size(); ++c) build_route_table(m_, class_keys_[c], policy_active_, tables_[c]);
  }

  void spawn(DayIndex day) {
    const std::uint32_t first = pop_.spawned, last = m_.agents_by_day[day];
    if (last <= first) return;
    keys_.resize(last - first);
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(first, last, grain), [&](const auto& r) {
      for (std::uint32_t a = r.begin(); a != r.end(); ++a) {
        spawn_agent(m_, rng_, a, day, pop_);
        keys_[a - first] = class_key_of(m_, pop_, a);
      }
    });
    // Class ids in order of first appearance by agent id: deterministic, and serial
    // because it inserts into a shared map.
    for (std::uint32_t a = first; a < last; ++a) {
      const ClassKey key = keys_[a - first];
      auto [it, inserted] = class_index_.try_emplace(key, static_cast<std::uint16_t>(class_keys_.size()));
      if (inserted) {
        if (class_keys_.size() >= 0xFFFF) throw std::length_error("more than 65535 mobility classes");
        class_keys_.push_back(key);
        tables_.emplace_back();
        build_route_table(m_, key, policy_active_, tables_.back());
      }
      pop_.mobility_class[a] = it->second;
    }
    pop_.spawned = last;
  }

  // Each agent, from its own state and today's frozen tables: progress along a crossing,
  // arrive, and if free to move, pick (or re-pick) a destination and the next crossing.
  void decide(DayIndex day) {
    for (auto& t : tally_) t.reset();
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, pop_.spawned, grain), [&](const auto& r) {
      ThreadTally& tally = tally_.local();
      for (std::uint32_t a = r.begin(); a != r.end(); ++a) decide_agent(a, day, tally);
    });
  }

  void decide_agent(std::uint32_t a, DayIndex day, ThreadTally& tally) {
    Status s = pop_.status[a];
    if (s == Status::travelling) {
      if (--pop_.days_left[a] > 0) return;
      const Edge& e = w_.edges[pop_.edge[a]];
      pop_.node[a] = e.to;
      pop_.edge[a] = no_edge;
      pop_.since[a] = day;
      const bool home = pop_.dest[a] != no_dest && w_.destinations[pop_.dest[a]] == e.to;
      s = pop_.status[a] = home ? Status::settled : Status::in_transit;
      if (home) return;
    }
    if (s != Status::at_origin && s != Status::in_transit) return;

    const NodeId node = pop_.node[a];
    const RouteTable& table = tables_[pop_.mobility_class[a]];
    DestIndex dest = pop_.dest[a];
    const NodeId n = w_.node_count();
    const bool route_ok = dest != no_dest && table.next(dest, node, n) != no_edge &&
                          table.cost[static_cast<std::size_t>(dest) * n + node] <= pop_.savings[a];
    if (!route_ok) {
      // A route closed under them (or none chosen yet): choose again from here.
      if (dest != no_dest) ++tally.replanned;
      dest = table.choose(node, pop_.savings[a], rng_.uniform(a, day, Purpose::destination));
      pop_.dest[a] = dest;
      if (dest == no_dest) return;  // nowhere open and affordable today: stay, try tomorrow
      if (w_.destinations[dest] == node) {
        pop_.status[a] = Status::settled;
        return;
      }
    }
    const EdgeId e = table.next(dest, node, n);
    pop_.intent[a] = e;
    if (capped_[e]) tally.requests.push_back({e, rng_.words(a, day, Purpose::capacity_priority)[0], a});
  }

  // Crossings with a daily capacity take the requests with the lowest priority draws; the
  // rest wait where they are. Capacity in people is turned into agents per day without
  // drift: day d admits floor(c(d+1)/scale) - floor(cd/scale).
  void resolve(DayIndex day) {
    requests_.clear();
    for (auto& t : tally_) requests_.insert(requests_.end(), t.requests.begin(), t.requests.end());
    refused_ = 0;
    if (requests_.empty()) return;
    std::sort(requests_.begin(), requests_.end());
    for (std::size_t i = 0; i < requests_.size();) {
      std::size_t j = i;
      while (j < requests_.size() && requests_[j].edge == requests_[i].edge) ++j;
      const double cap = w_.edges[requests_[i].edge].capacity_per_day / m_.scale;
      const auto admit = static_cast<std::size_t>(std::floor(cap * (day + 1)) - std::floor(cap * day));
      for (std::size_t k = i + std::min(admit, j - i); k < j; ++k) {
        pop_.intent[requests_[k].agent] = no_edge;
        ++refused_;
      }
      i = j;
    }
  }

  void commit() {
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, pop_.spawned, grain), [&](const auto& r) {
      ThreadTally& tally = tally_.local();
      for (std::uint32_t a = r.begin(); a != r.end(); ++a) {
        const EdgeId e = pop_.intent[a];
        if (e == no_edge) continue;
        pop_.intent[a] = no_edge;
        pop_.edge[a] = e;
        pop_.status[a] = Status::travelling;
        pop_.days_left[a] = w_.edges[e].days;
        pop_.savings[a] -= w_.edges[e].cost;
        ++tally.edge_entries[e];
      }
    });
  }

  // Counts everyone by node and status and checks that nobody was lost or duplicated.
  void observe(Date date, DayIndex day) {
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, pop_.spawned, grain), [&](const auto& r) {
      ThreadTally& tally = tally_.local();
      const auto nodes = w_.node_count();
      for (std::uint32_t a = r.begin(); a != r.end(); ++a) {
        const auto s = static_cast<unsigned>(pop_.status[a]);
        const bool on_edge = pop_.edge[a] != no_edge;
        if (s >= status_count || pop_.node[a] >= nodes || on_edge != (pop_.status[a] == Status::travelling)) {
          ++tally.invalid;
          continue;
        }
        ++tally.stock[static_cast<std::size_t>(pop_.node[a]) * status_count + s];
      }
    });
    stats_.date = date;
    stats_.day_index = day;
    stats_.spawned_agents = pop_.spawned;
    stats_.spawned_people = people(pop_.spawned);
    stats_.stock.assign(w_.nodes.size() * status_count, 0);
    stats_.edge_entries.assign(w_.edges.size(), 0);
    std::uint64_t counted = 0, invalid = 0, replanned = 0;
    for (const auto& t : tally_) {
      for (std::size_t i = 0; i < t.stock.size(); ++i) stats_.stock[i] += t.stock[i];
      for (std::size_t i = 0; i < t.edge_entries.size(); ++i) stats_.edge_entries[i] += t.edge_entries[i];
      invalid += t.invalid;
      replanned += t.replanned;
    }
    for (auto& v : stats_.stock) {
      counted += v;
      v = people(v);
    }
    for (auto& v : stats_.edge_entries) v = people(v);
    stats_.refused_capacity = people(refused_);
    stats_.replanned = people(replanned);
    if (invalid != 0 || counted != pop_.spawned)
      throw std::logic_error("conservation broken on day " + std::to_string(day) + ": " + std::to_string(pop_.spawned) +
                             " agents spawned, " + std::to_string(counted) + " counted in a valid state, " +
                             std::to_string(invalid) + " in an invalid one");
    if (observer_) observer_->on_day(m_, stats_);
  }

  void finish() {
    FinalStats f;
    const std::size_t n = w_.nodes.size();
    f.outcomes.assign(m_.profiles.size() * n * status_count, 0);
    f.journey_days.assign(n, std::vector<std::uint64_t>(static_cast<std::size_t>(m_.days()), 0));
    for (std::uint32_t a = 0; a < pop_.spawned; ++a) {
      const auto s = pop_.status[a];
      ++f.outcomes[(pop_.profile[a] * n + pop_.node[a]) * status_count + static_cast<std::size_t>(s)];
      if (s != Status::travelling && s != Status::at_origin)
        ++f.journey_days[pop_.node[a]][static_cast<std::size_t>(pop_.since[a] - pop_.spawn_day[a])];
    }
    for (auto& v : f.outcomes) v = people(v);
    for (auto& row : f.journey_days)
      for (auto& v : row) v = people(v);
    if (observer_) observer_->on_finish(m_, f);
  }

  std::uint64_t people(std::uint64_t agents) const {
    return static_cast<std::uint64_t>(std::llround(static_cast<double>(agents) * m_.scale));
  }

  const Model& m_;
  const World& w_;
  Rng rng_;
  Observer* observer_;
  Population pop_;
  std::vector<std::uint8_t> policy_active_, capped_;
  std::vector<ClassKey> class_keys_, keys_;
  std::unordered_map<ClassKey, std::uint16_t> class_index_;
  std::vector<RouteTable> tables_;
  tbb::enumerable_thread_specific<ThreadTally> tally_;
  std::vector<CapacityRequest> requests_;
  std::uint64_t refused_ = 0;
  DayStats stats_;
};

}  // namespace

RunResult run(const Model& model, const RunOptions& options, Observer* observer) {
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  Run r(model, options, observer);
  RunResult result = r.execute();
  result.threads = threads;
  return result;
}

}  // namespace migsim
