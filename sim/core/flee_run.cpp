// Flee's rules (../shared/peers/flee/RULES.md) as a migsim run: one day is
//
//   conflicts_spawn_closures -> tables -> move (parallel) -> resolve (serial, agent order) -> observe
//
// Agents are a struct of arrays: pos (a location id, or node_count + link id while on a
// link) and days_left (advances until the link is done); with awareness level >= 2 also the
// rest of the chosen route (up to two locations). Nothing else is stored per agent.
//
// Deterministic equivalent of Flee's serial day. Flee walks its agents in creation order
// twice: pass 1 (stationary agents draw a move and step onto a link; the counts they read
// change only by earlier agents *leaving*, since arrivals happen in pass 2) and pass 2
// (agents on links advance; an arrival updates the count at once, and an agent with budget
// left draws again at the new location — reading counts that include earlier agents'
// arrivals — and may hop on). Here:
//  * move (parallel): pass 1 for everyone, reading the counts as they stood after spawning
//    (the start-of-day snapshot), plus every agent's first advance of pass 2, which reads no
//    counts. Departures are tallied per thread and applied after the loop. Agents whose link
//    is done are listed per fixed block of agent ids, so the lists join in id order.
//  * resolve (serial): the listed agents, in agent id = creation order = Flee's pass-2
//    order, arrive (updating the counts at once) and do their chained hops reading live
//    counts, exactly as Flee's pass 2 does. It touches only today's arrivals, not everyone.
//  The one difference from Flee: in pass 1, Flee's route weights and 95 % abort see the
//  departures of earlier agents of the same pass (from camps: camp_movechance = 0.1 % of a
//  camp a day), the snapshot does not. The ARD test (tests/flee) shows this is inside Flee's
//  own seed-to-seed noise.
//
// Random numbers: migsim::Rng (Philox) keyed (seed, agent, day, purpose), with this rule
// set's own purposes >= 100 (FleePurpose below). The daily stay-or-move draw of four
// consecutive agents shares one Philox block (32 bits each; counter = agent / 4), since that
// draw is the whole cost of a day for the many who stay.
//
// Intended behaviour built where Flee has defects (RULES.md), also listed in README.md:
//  * `link` closures close both directions (Flee: only name2->name1, or nothing at all when
//    the names are not interned Python strings); all closures are active on [start, end).
//  * Overlapping closures of one link keep it closed until the last one ends.
//  * A location with no open link (all closed) keeps its people (Flee has no rule for it).
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/info.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <stdexcept>

#include "flee_net.hpp"
#include "migsim/flee.hpp"
#include "migsim/rng.hpp"

namespace migsim::flee {
namespace detail {
namespace {

using Clock = std::chrono::steady_clock;

// Agents per block of the move phase. Fixed (not a function of threads), a multiple of 4.
constexpr std::uint32_t block = 16384;

// This rule set's purposes for migsim::Rng, beyond migsim::Purpose's own values.
enum FleePurpose : std::uint32_t {
  stay_or_move = 100,  // counter agent = agent / 4; word agent % 4: pass-1 move draw
  route_choice = 101,  // pass-1 route choice of a mover
  spawn_place = 102,   // where a new agent appears, when several locations are in conflict
  chained = 110,       // + hop (1, 2, ...): draws of the hop-th chained evolve of a day
};
Purpose purpose(std::uint32_t p) { return static_cast<Purpose>(p); }

struct Tally {
  std::vector<std::int64_t> departures;  // [location]
  std::int64_t at_locations = 0;         // agents found at a location (not on a link)
};

class FleeRun {
 public:
  FleeRun(const FleeScenario& s, const RunOptions& o, Observer* obs)
      : s_(s), net_(s), rng_(o.seed), observer_(obs), n_(static_cast<std::uint16_t>(s.locations.size())) {
    const std::int64_t total = std::accumulate(s.spawn.begin(), s.spawn.end(), std::int64_t{0});
    pos_.resize(static_cast<std::size_t>(total));
    left_.resize(static_cast<std::size_t>(total));
    aware_ = s.settings.awareness_level >= 2;
    if (aware_) {
      rlen_.resize(static_cast<std::size_t>(total));
      r0_.resize(static_cast<std::size_t>(total));
      r1_.resize(static_cast<std::size_t>(total));
    }
    arrivals_.resize(static_cast<std::size_t>(total) / block + 1);
    count_.assign(n_, 0);
    thr_.assign(n_, 0);
    cdf_.assign(n_, {});
    tally_ = tbb::enumerable_thread_specific<Tally>(Tally{std::vector<std::int64_t>(n_, 0), 0});
    for (std::uint16_t k = 0; k < n_; ++k)
      if (s.locations[k].type == LocationType::camp || s.locations[k].type == LocationType::idpcamp)
        result_.camps.push_back(k);
    std::vector<std::int64_t> debt;
    spawn_from_displaced(s.displaced, &debt);
    result_.refugee_debt = debt;
  }

  Result execute() {
    const auto t0 = Clock::now();
    auto timed = [this](int phase, auto&& f) {
      const auto t = Clock::now();
      f();
      result_.phase_seconds[phase] += std::chrono::duration<double>(Clock::now() - t).count();
    };
    for (int d = 0; d < s_.days; ++d) {
      const auto day = static_cast<std::uint32_t>(d);
      timed(0, [&] {
        net_.set_day(d);
        spawn(day);
      });
      timed(1, [&] { tables(); });
      timed(2, [&] { move(day); });
      timed(3, [&] { resolve(day); });
      timed(4, [&] { observe(d); });
      result_.agent_steps += spawned_;
    }
    result_.agents = spawned_;
    result_.wall_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
    return std::move(result_);
  }

 private:
  // Flee: a new agent appears at a location drawn with p ~ population x conflict intensity.
  void spawn(std::uint32_t day) {
    const std::int64_t today = s_.spawn[day];
    if (today <= 0) return;
    weights_.assign(n_, 0.0);
    double sum = 0;
    std::uint16_t only = 0;
    int places = 0;
    for (std::uint16_t k = 0; k < n_; ++k) {
      if (net_.conflict(k) > 0 && s_.locations[k].population > 0) {
        sum += s_.locations[k].population * net_.conflict(k);
        only = k;
        ++places;
      }
      weights_[k] = sum;
    }
    if (places == 0) throw std::logic_error("people to spawn but no location in conflict (check() missed it)");
    for (std::int64_t i = 0; i < today; ++i) {
      const std::uint32_t a = spawned_++;
      std::uint16_t at = only;
      if (places > 1) {
        const double x = rng_.uniform(a, day, purpose(spawn_place)) * sum;
        at = static_cast<std::uint16_t>(std::upper_bound(weights_.begin(), weights_.end(), x) - weights_.begin());
        at = std::min<std::uint16_t>(at, static_cast<std::uint16_t>(n_ - 1));
      }
      pos_[a] = at;
      left_[a] = 0;
      if (aware_) rlen_[a] = 0;
      ++count_[at];
    }
  }

  // Route weight (RULES.md 5.1): ((WeightSoftening + score) / (Softening + km)^DistancePower
  // x capacity multiplier)^WeightPower, scoring the route's final location.
  double weight(const Option& o, std::int64_t people_at_final) const {
    const Settings& g = s_.settings;
    const double dist = g.distance_power == 1.0 ? g.softening + o.km : std::pow(g.softening + o.km, g.distance_power);
    const double w = (g.weight_softening + net_.score(o.final)) / dist * net_.cap_multiplier(o.final, people_at_final);
    return g.weight_power == 1.0 ? w : std::pow(w, g.weight_power);
  }

  // Today's stay thresholds and the move phase's route choice tables, from the counts after
  // spawning (the snapshot pass 1 reads).
  void tables() {
    for (std::uint16_t k = 0; k < n_; ++k) {
      const double mc = net_.move_chance(k);
      // u32 / 2^32 < mc  <=>  u32 < ceil(mc * 2^32)
      thr_[k] = mc >= 1.0 ? (1ull << 32) : static_cast<std::uint64_t>(std::ceil(std::max(mc, 0.0) * 0x1.0p32));
      auto& cdf = cdf_[k];
      cdf.clear();
      double sum = 0;
      for (const Option& o : net_.options(k)) {
        sum += weight(o, count_[o.final]);
        cdf.push_back(sum);
      }
    }
  }

  static std::size_t pick(const std::vector<double>& cdf, double u) {
    const std::size_t n = cdf.size();
    if (cdf.back() <= 0) return std::min(static_cast<std::size_t>(u * static_cast<double>(n)), n - 1);  // all 0: equal
    const auto i = static_cast<std::size_t>(std::upper_bound(cdf.begin(), cdf.end(), u * cdf.back()) - cdf.begin());
    return std::min(i, n - 1);
  }

  // Flee's abort: the route's final location is a camp more than 95 % full.
  bool aborts(std::uint16_t final) const {
    return net_.acts_as_camp(final) && net_.cap_multiplier(final, count_[final]) < 0.5;
  }

  // take_next_step for an agent at `at` that has a route (awareness >= 2): -1 = stays and
  // forgets the route (its next link is closed, or its destination is full).
  int step_on_route(std::uint32_t a, std::uint16_t at) {
    int link = -1;
    for (std::uint16_t l : net_.open_out(at))
      if (net_.link(l).to == r0_[a]) {
        link = l;
        break;
      }
    const std::uint16_t final = rlen_[a] == 2 ? r1_[a] : r0_[a];
    if (link < 0 || aborts(final)) {
      rlen_[a] = 0;
      return -1;
    }
    r0_[a] = r1_[a];
    --rlen_[a];
    return link;
  }

  // selectRoute then take_next_step; `cdf` holds the weights of at's options.
  int choose(std::uint32_t a, std::uint16_t at, const std::vector<double>& cdf, double u) {
    const auto& opts = net_.options(at);
    if (opts.empty()) return -1;
    const Option& o = opts[pick(cdf, u)];
    if (aborts(o.final)) return -1;
    if (aware_) {
      rlen_[a] = static_cast<std::uint8_t>(o.hops - 1);
      r0_[a] = o.later[0];
      r1_[a] = o.later[1];
    }
    return o.first_link;
  }

  // Pass 1 and the first advance of pass 2, for the agents of one block.
  void move_block(std::size_t b, std::uint32_t day, Tally& t) {
    auto& arrived = arrivals_[b];
    arrived.clear();
    const std::uint32_t a0 = static_cast<std::uint32_t>(b) * block;
    const std::uint32_t a1 = std::min<std::uint32_t>(spawned_, a0 + block);
    std::uint16_t* pos = pos_.data();
    std::uint16_t* left = left_.data();
    const std::uint16_t n = n_;
    auto depart = [&](std::uint32_t i, std::uint16_t at, int link) {
      if (link < 0) return;
      ++t.departures[at];
      pos[i] = static_cast<std::uint16_t>(n + link);
      left[i] = static_cast<std::uint16_t>(net_.link(static_cast<std::uint16_t>(link)).days - 1);
      if (left[i] == 0) arrived.push_back(i);
    };
    for (std::uint32_t a = a0; a < a1; a += 4) {
      const std::uint32_t m = std::min<std::uint32_t>(4, a1 - a);
      std::array<std::uint32_t, 4> w{};
      bool drawn = false;
      for (std::uint32_t k = 0; k < m; ++k) {
        const std::uint32_t i = a + k;
        const std::uint16_t p = pos[i];
        if (p >= n) {  // on a link: advance a day
          if (--left[i] == 0) arrived.push_back(i);
          continue;
        }
        ++t.at_locations;
        if (aware_ && rlen_[i] != 0) {  // on a route: move chance 1
          depart(i, p, step_on_route(i, p));
          continue;
        }
        if (!drawn) {
          w = rng_.words(a >> 2, day, purpose(stay_or_move));
          drawn = true;
        }
        if (w[k] >= thr_[p]) continue;  // stays
        depart(i, p, choose(i, p, cdf_[p], rng_.uniform(i, day, purpose(route_choice))));
      }
    }
  }

  void move(std::uint32_t day) {
    for (auto& t : tally_) {
      std::fill(t.departures.begin(), t.departures.end(), 0);
      t.at_locations = 0;
    }
    const std::size_t blocks = (spawned_ + block - 1) / block;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, blocks, 1), [&](const tbb::blocked_range<std::size_t>& r) {
      Tally& t = tally_.local();
      for (std::size_t b = r.begin(); b != r.end(); ++b) move_block(b, day, t);
    });
    std::int64_t at_locations = 0, before = 0;
    for (std::uint16_t k = 0; k < n_; ++k) before += count_[k];
    for (const auto& t : tally_) {
      at_locations += t.at_locations;
      for (std::uint16_t k = 0; k < n_; ++k) {
        count_[k] -= t.departures[k];
        on_links_ += t.departures[k];
      }
    }
    if (at_locations != before) throw std::logic_error("flee: location counts disagree with the agents");
    blocks_ = blocks;
  }

  // Flee's pass 2 after the first advance, in agent order: arrive, then chained hops.
  void resolve(std::uint32_t day) {
    const double speed = s_.settings.max_move_speed;
    for (std::size_t b = 0; b < blocks_; ++b)
      for (const std::uint32_t a : arrivals_[b]) {
        const auto l = static_cast<std::uint16_t>(pos_[a] - n_);
        const Link& link = net_.link(l);
        --on_links_;
        if (net_.closed(l)) {  // closed while on it: back where it started, done for today
          pos_[a] = link.from;
          ++count_[link.from];
          if (aware_) rlen_[a] = 0;
          continue;
        }
        pos_[a] = link.to;
        ++count_[link.to];
        double moved = link.last_day_km;
        for (std::uint32_t hop = 1; moved < speed; ++hop) {
          const std::uint16_t at = pos_[a];
          const auto w = rng_.words(a, day, purpose(chained + hop));
          const bool routed = aware_ && rlen_[a] != 0;
          if (!(Rng::to_unit(w[0], w[1]) < (routed ? 1.0 : net_.move_chance(at)))) break;
          int next = -1;
          if (routed) {
            next = step_on_route(a, at);
          } else if (!net_.options(at).empty()) {
            live_.clear();
            double sum = 0;
            for (const Option& o : net_.options(at)) live_.push_back(sum += weight(o, count_[o.final]));
            next = choose(a, at, live_, Rng::to_unit(w[2], w[3]));
          }
          if (next < 0) break;
          const Link& hopl = net_.link(static_cast<std::uint16_t>(next));
          --count_[at];
          if (hopl.days > 1) {  // a fresh max_move_speed does not finish it: on the link overnight
            pos_[a] = static_cast<std::uint16_t>(n_ + next);
            left_[a] = static_cast<std::uint16_t>(hopl.days - 1);
            ++on_links_;
            break;
          }
          pos_[a] = hopl.to;
          ++count_[hopl.to];
          moved += hopl.km;
        }
      }
  }

  void observe(int day) {
    std::int64_t at_locations = 0, in_camps = 0;
    for (std::uint16_t k = 0; k < n_; ++k) at_locations += count_[k];
    if (at_locations + on_links_ != static_cast<std::int64_t>(spawned_))
      throw std::logic_error("flee: people not conserved on day " + std::to_string(day));
    for (std::uint16_t c : result_.camps) {
      result_.camp_people.push_back(count_[c]);
      in_camps += count_[c];
    }
    result_.alive.push_back(spawned_);
    result_.in_camps.push_back(in_camps);
    if (observer_ != nullptr) {
      DayView v;
      v.day = day;
      v.at_location = count_.data();
      v.alive = spawned_;
      v.on_links = on_links_;
      observer_->on_day(s_, v);
    }
  }

  const FleeScenario& s_;
  Net net_;
  Rng rng_;
  Observer* observer_;
  std::uint16_t n_;
  bool aware_ = false;
  std::vector<std::uint16_t> pos_, left_, r0_, r1_;
  std::vector<std::uint8_t> rlen_;
  std::uint32_t spawned_ = 0;
  std::int64_t on_links_ = 0;
  std::vector<std::int64_t> count_;
  std::vector<std::uint64_t> thr_;
  std::vector<std::vector<double>> cdf_;
  std::vector<double> weights_, live_;
  std::vector<std::vector<std::uint32_t>> arrivals_;
  std::size_t blocks_ = 0;
  tbb::enumerable_thread_specific<Tally> tally_;
  Result result_;
};

}  // namespace
}  // namespace detail

Result run(const FleeScenario& scenario, const RunOptions& options, Observer* observer) {
  const auto problems = check(scenario);
  if (!problems.empty()) {
    std::string all;
    for (const auto& p : problems) all += (all.empty() ? "" : "; ") + p;
    throw std::invalid_argument("flee scenario: " + all);
  }
  const int threads = options.threads > 0 ? options.threads : tbb::info::default_concurrency();
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism, static_cast<std::size_t>(threads));
  detail::FleeRun r(scenario, options, observer);
  Result result = r.execute();
  result.threads = threads;
  return result;
}

}  // namespace migsim::flee
