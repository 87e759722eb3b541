// Flee's rules (docs/flee-rules.md) as a migsim run: one day is
//
//   conflicts_spawn_closures -> tables -> move (parallel) -> resolve (parallel, then counted in
//   agent order) -> observe
//
// Agents are a struct of arrays: pos (a location id, or node_count + link id while on a
// link) and next (the day of the agent's next event: the day its link is done, or the day
// its daily move draw next succeeds); with awareness level >= 2 also the rest of the chosen
// route (up to two locations). Nothing else is stored per agent.
//
// Move draws as waiting times. Flee draws u < movechance for every stationary agent every
// day; the day of the first success is geometric. So a stationary agent draws that day once
// (F ~ Geometric(movechance) failures, by inversion) and the day loop only looks at agents
// whose `next` is today. Same distribution as Flee's daily draws while the movechance of the
// location stays the same; when it changes (a conflict starts or ends, a camp is closed or
// reopened), everyone at that location draws again from that day, which by memorylessness
// keeps the distribution exact. Agents with a route (awareness >= 2) have movechance 1.
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
//  * resolve: the listed agents, in agent id = creation order = Flee's pass-2 order, arrive
//    (updating the counts at once) and do their chained hops reading live counts, exactly as
//    Flee's pass 2 does: in parallel, yet draw for draw what walking them in that order
//    gives (resolve() says how: travel from a snapshot, count in agent order, check or redo
//    the trips whose reads changed). It touches only today's arrivals, not everyone.
//  The one difference from Flee: in pass 1, Flee's route weights and 95 % abort see the
//  departures of earlier agents of the same pass (from camps: camp_movechance = 0.1 % of a
//  camp a day), the snapshot does not. The ARD test (tests/flee) shows this is inside Flee's
//  own seed-to-seed noise.
//
// Random numbers: migsim::Rng (Philox) keyed (seed, agent, day, purpose), with this rule
// set's own purposes >= 100 (FleePurpose below). A draw takes one 32-bit word (the move
// chances and route weights need no finer steps), so one Philox call serves two chained
// hops (move_day says why its log is single precision).
//
// Intended behaviour built where Flee has defects (RULES.md), also listed in README.md:
//  * `link` closures close both directions (Flee: only name2->name1, or nothing at all when
//    the names are not interned Python strings); all closures are active on [start, end).
//  * Overlapping closures of one link keep it closed until the last one ends.
//  * A location with no open link (all closed) keeps its people (Flee has no rule for it).
#include <tbb/enumerable_thread_specific.h>
#include <tbb/global_control.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_pipeline.h>
#include <tbb/task_arena.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>

#include "equal_lanes.hpp"
#include "migsim/core/flee.hpp"
#include "migsim/core/rng.hpp"
#include "net.hpp"
#include "with_threads.hpp"

namespace migsim::flee {
namespace detail {
namespace {

using Clock = std::chrono::steady_clock;

// Agents per block of the move and resolve phases. Fixed (not a function of threads).
constexpr std::uint32_t block = 4096;

// This rule set's purposes for migsim::Rng, beyond migsim::Purpose's own values.
enum FleePurpose : std::uint32_t {
  wait_again = 100,    // the next move day of an agent whose location's movechance changed
  route_choice = 101,  // pass-1 route choice of a mover (word 0); word 1: next move day if it stays
  spawn_place = 102,   // where a new agent appears (words 0-1), its first move day (word 2)
  bounced = 103,       // next move day after being sent back from a closed link
  stayed = 104,        // next move day after a chained hop found nowhere to go
  chained = 110,       // + (hop + 1) / 2: the hop-th chained evolve of a day (odd hops words 0-1, even 2-3)
};

constexpr std::uint16_t never = 0xFFFF;

// The first day >= `from` on which daily draws with probability mc succeed, given a random
// word w: `from` + F, P(F = k) = (1 - mc)^k mc, by inversion of v = Rng::to_open_unit(w),
// uniform in (0, 1). inv_log_stay = 1 / log(1 - mc). Single precision: 24 bits of v cut the
// tail only beyond 16.6 / -log(1 - mc) days (16,600 at a camp's 0.001), and log1p was 15 %
// of the run (perf, synth31 with 1M people).
double waiting(double inv_log_stay, std::uint32_t w) {
  return std::floor(static_cast<double>(std::log(Rng::to_open_unit(w))) * inv_log_stay);
}
std::uint16_t move_day(std::uint32_t from, double mc, double inv_log_stay, std::uint32_t w) {
  if (mc >= 1.0) return static_cast<std::uint16_t>(std::min<std::uint32_t>(from, never));
  if (mc <= 0.0) return never;
  const double day = static_cast<double>(from) + waiting(inv_log_stay, w);
  return day >= never ? never : static_cast<std::uint16_t>(day);
}

// move_day() at one location, with the waits most draws give looked up rather than taken
// from a log (the log and its move_day were 20 % of the run: perf, synth31 with 1M
// people). Only the 24 bits m = w >> 8 enter waiting(), and the wait falls as m rises, so
// first_[F], the least m whose wait is at most F, splits the draws by their wait; waits
// past the table take the log. The table is found with waiting() itself, so it gives what
// it gives. That the wait falls with m rests on log's monotony, which a correctly rounded
// or sub-ULP log (glibc's logf: < 1 ULP) can only break within an ULP, that is next to a
// split: build() checks every split's neighbours and, if one disagrees, never looks up.
// Most draws need not even count the splits: where a 256th of the range of m holds no
// split, the wait of all of it is kept (a town's 0.3: 94 % of draws; the counting was 8 %
// of the run).
class Waits {
 public:
  void build(double mc, double inv_log_stay) {
    mc_ = mc;
    inv_log_stay_ = inv_log_stay;
    usable_ = mc > 0 && mc < 1;
    for (std::size_t f = 0; f < size && usable_; ++f) {
      first_[f] = least_m_waiting_at_most(static_cast<double>(f));
      for (std::uint32_t m = first_[f] - std::min(first_[f], near); m < std::min(first_[f] + near, ms); ++m)
        if ((waiting(inv_log_stay, m << 8) <= static_cast<double>(f)) != (m >= first_[f])) usable_ = false;
    }
    for (std::uint32_t j = 0; j < parts; ++j) {  // m in [j, j + 1) x part: one wait, or mixed
      const std::uint32_t lo = j * part, hi = lo + part - 1;
      part_wait_[j] = usable_ && lo >= first_[size - 1] && counted(lo) == counted(hi)
                          ? static_cast<std::uint8_t>(counted(lo))
                          : mixed;
    }
  }

  std::uint16_t day(std::uint32_t from, std::uint32_t w) const {
    const std::uint32_t m = w >> 8;
    const std::uint8_t f = part_wait_[m / part];
    if (f != mixed) return static_cast<std::uint16_t>(std::min<std::uint32_t>(from + f, never));
    if (!usable_ || m < first_[size - 1]) return move_day(from, mc_, inv_log_stay_, w);
    return static_cast<std::uint16_t>(std::min<std::uint32_t>(from + counted(m), never));
  }

 private:
  static constexpr std::size_t size = 32;  // waits looked up: 0..31 days (a town's 0.3: all but 1e-5)
  static constexpr std::uint32_t ms = 1u << 24, near = 16, parts = 256, part = ms / parts;
  static constexpr std::uint8_t mixed = 0xFF;

  // The wait of m >= first_[size - 1]: the splits above m, counted without a branch to
  // miss; mostly in the first half.
  std::uint32_t counted(std::uint32_t m) const {
    const std::size_t half = m < first_[size / 2] ? size / 2 : 0;
    std::uint32_t f = static_cast<std::uint32_t>(half);
    for (std::size_t k = half; k < half + size / 2; ++k) f += m < first_[k] ? 1 : 0;
    return f;
  }

  std::uint32_t least_m_waiting_at_most(double f) const {
    std::uint32_t lo = 0, hi = ms;  // the answer is in [lo, hi]
    while (lo < hi) {
      const std::uint32_t mid = lo + (hi - lo) / 2;
      if (waiting(inv_log_stay_, mid << 8) <= f)
        hi = mid;
      else
        lo = mid + 1;
    }
    return lo;
  }

  double mc_ = 0, inv_log_stay_ = 0;
  bool usable_ = false;
  std::array<std::uint32_t, size> first_{};
  std::array<std::uint8_t, parts> part_wait_{};
};

Purpose purpose(std::uint32_t p) {
  return static_cast<Purpose>(p);
}

// Bits of Travel::reads: a capped location's bit is its number among the capped, mod this.
// Shared bits only cause needless checks.
constexpr int read_bits = 48;

// What travel() reports: the capped locations whose counts it read (a bit each). Where the
// agent ended (a location, or node_count + link on a link) is its pos_ after the trip: the
// trip's whole effect on the counts, since it left every place it passed through.
struct Travel {
  std::uint64_t reads = 0;
  bool unlisted = false;  // some reads are not in its Choices (a route's final, awareness >= 2)
};

// A route choice travel() made (selectRoute where the agent had no route): where, with which
// random word, and the option taken. The rest of a trip depends on the counts only through
// these (and Travel::unlisted reads).
struct Choice {
  std::uint32_t word = 0;
  std::uint16_t at = 0;
  std::uint16_t taken = 0;  // the option's index + 1, or 0: stays, as the route aborts
};

// One agent's pass 2 as travelled from the snapshot, kept for counting it in agent order:
// what travel() reported, where the agent was before (to travel again) and where it ended,
// and the number of its route choices (which follow each other in its run's list). 16
// bytes: resolve writes one per arrival that reads or enters a capped location.
struct Trip {
  std::uint64_t reads : read_bits = 0;
  std::uint64_t choice_len : 8 = 0;
  std::uint64_t unlisted : 1 = 0;  // Travel::unlisted
  std::uint32_t agent = 0;
  std::uint16_t pos = 0, end = 0;
};
static_assert(sizeof(Trip) == 16);

// Trip::choice_len of a trip whose choices are too many to keep (hundreds of hops in a day
// on very short links): that agent travels again in the ordered pass.
constexpr std::uint8_t overlong = 255;

// The rest of the route of a Trip's agent before it travelled (awareness >= 2 only).
struct Route {
  std::uint16_t r0 = 0, r1 = 0;
  std::uint8_t rlen = 0;
};

// What one run of blocks of resolve() keeps for counting in agent order (see Trip). On a
// cache line of its own: runs next to each other travel on different threads.
// What else a Trip's agent was before it travelled, with avoid_short_stints or start_on_foot.
struct Memory {
  float recent = 0;
  std::uint16_t since = 0;
  std::uint8_t walked = 0;
};

struct alignas(64) Kept {
  std::vector<Trip> trips;
  std::vector<Choice> choices;
  std::vector<Route> routes;   // [trip] awareness >= 2 only
  std::vector<Memory> memory;  // [trip] avoid_short_stints or start_on_foot only
};

struct Tally {
  std::vector<std::uint32_t> due;        // [block] the move phase's agents of the day in a block
  std::vector<std::int64_t> departures;  // [location]
  std::vector<std::int64_t> arrivals;    // [location] pass 2's moves that need no order
  std::int64_t on_links = 0;             // and their change of the number on links
};

class FleeRun {
 public:
  FleeRun(const FleeScenario& s, const RunOptions& o, Observer* obs)
      : s_(s),
        net_(s),
        rng_(o.seed),
        observer_(obs),
        n_(static_cast<std::uint16_t>(s.locations.size())),
        check_(o.check_lookups) {
    const std::int64_t total = std::accumulate(s.spawn.begin(), s.spawn.end(), std::int64_t{0}) +
                               std::accumulate(s.day0_camp_people.begin(), s.day0_camp_people.end(), std::int64_t{0});
    pos_.resize(static_cast<std::size_t>(total));
    next_.resize(static_cast<std::size_t>(total));
    aware_ = s.settings.awareness_level >= 2;
    stints_ = s.settings.avoid_short_stints;
    foot_ = s.settings.start_on_foot;
    remembers_ = stints_ || foot_;
    prune_ = s.settings.pruning_threshold >= 1.001;
    pops_read_ = s.settings.take_from_population &&
                 (s.settings.movechance_pop_scale_factor != 0 || s.settings.use_pop_for_loc_weight);
    if (stints_) {
      recent_.resize(static_cast<std::size_t>(total));
      since_.resize(static_cast<std::size_t>(total));
    }
    if (foot_) walked_.resize(static_cast<std::size_t>(total));
    if (aware_) {
      rlen_.resize(static_cast<std::size_t>(total));
      r0_.resize(static_cast<std::size_t>(total));
      r1_.resize(static_cast<std::size_t>(total));
    }
    arrivals_.resize(static_cast<std::size_t>(total) / block + 1);
    read_bit_.assign(n_, 0);
    option_reads_.assign(n_, 0);
    full_.assign(n_, 0);
    by_part_.assign(n_, {});
    same_until_.assign(n_, 0);
    counted_cdf_.assign(n_, {});
    counted_cdf_ok_.assign(n_, 0);
    readers_.assign(n_, {});
    count_.assign(n_, 0);
    cdf_.assign(n_, {});
    base_.assign(n_, {});
    tally_ = tbb::enumerable_thread_specific<Tally>(Tally{
        std::vector<std::uint32_t>(block), std::vector<std::int64_t>(n_, 0), std::vector<std::int64_t>(n_, 0), 0});
    last_mc_.assign(n_, -1.0);
    inv_log_stay_.assign(n_, 0.0);
    waits_.assign(n_, Waits{});
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
        // Today's people are placed first (take_from_population lowers populations as they
        // spawn, and Flee's move chances and scores read them after the day's spawning); then
        // whoever was there before and whose move chance changed draws again; then the new
        // people draw their first move day.
        const std::uint32_t first_new = spawned_;
        spawn(day);
        if (pops_read_) net_.refresh_from_populations();
        base_weights();
        redraw_changed(day, first_new);
        first_move_days(day, first_new);
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
  // A new agent at `at`; first_move_days() draws its first move day.
  void place(std::uint32_t a, std::uint32_t day, std::uint16_t at) {
    pos_[a] = at;
    if (aware_) rlen_[a] = 0;
    if (stints_) recent_[a] = 0, since_[a] = static_cast<std::uint16_t>(day);
    if (foot_) walked_[a] = 0;
    ++count_[at];
  }

  // The first move day of the agents placed today, [first, spawned_): new agents may move
  // today, by their location's move chance after the day's spawning.
  void first_move_days(std::uint32_t day, std::uint32_t first) {
    for (std::uint32_t a = first; a < spawned_; ++a)
      next_[a] = next_day(day, pos_[a], rng_.words(a, day, purpose(spawn_place))[2]);
  }

  // Flee's insert_day0 (spawning.add_initial_refugees): each camp's day-0 data as people in
  // it, created before the day's spawns, so first in agent order.
  void insert_day0() {
    for (std::size_t c = 0; c < s_.day0_camp_people.size(); ++c)
      for (std::int64_t i = 0; i < s_.day0_camp_people[c]; ++i) {
        place(spawned_++, 0, result_.camps[c]);
      }
  }

  // Flee: a new agent appears at a location drawn with p ~ population x conflict intensity,
  // the weights as they stood before the day's spawning (Flee refreshes them once a day).
  void spawn(std::uint32_t day) {
    if (day == 0) insert_day0();
    const std::int64_t today = s_.spawn[day];
    if (today <= 0) return;
    weights_.assign(n_, 0.0);
    double sum = 0;
    std::uint16_t only = 0;
    int places = 0;
    for (std::uint16_t k = 0; k < n_; ++k) {
      if (net_.conflict(k) > 0 && net_.population(k) > 0 && net_.spawn_decay(k) > 0) {
        sum += net_.population(k) * net_.conflict(k) * net_.spawn_decay(k);
        only = k;
        ++places;
      }
      weights_[k] = sum;
    }
    if (places == 0 && (s_.settings.take_from_population || !s_.settings.conflict_spawn_decay.empty()))
      throw std::runtime_error("flee: day " + std::to_string(day) + " spawns " + std::to_string(today) +
                               " people, but no location in conflict has a spawn weight above 0 (population x "
                               "intensity x conflict_spawn_decay; take_from_population lowers the populations): "
                               "Flee stops here too (its pick_spawn_locations asserts a total weight above 0)");
    if (places == 0) throw std::logic_error("people to spawn but no location in conflict (check() missed it)");
    const bool take = s_.settings.take_from_population;
    for (std::int64_t i = 0; i < today; ++i) {
      const std::uint32_t a = spawned_++;
      std::uint16_t at = only;
      if (places > 1) {
        const auto w = rng_.words(a, day, purpose(spawn_place));
        const double x = Rng::to_unit(w[0], w[1]) * sum;
        at = static_cast<std::uint16_t>(std::upper_bound(weights_.begin(), weights_.end(), x) - weights_.begin());
        at = std::min<std::uint16_t>(at, static_cast<std::uint16_t>(n_ - 1));
      }
      place(a, day, at);
      if (take) net_.take_one(at);  // Flee's addAgent: pop -= 1 at a location in conflict, while above 0
    }
  }

  // The next move day of someone at location `at` (with a route: movechance 1).
  std::uint16_t next_day(std::uint32_t from, std::uint16_t at, std::uint32_t w) const {
    const std::uint16_t day = waits_[at].day(from, w);
    if (check_)
      agrees(day == move_day(from, net_.move_chance(at), inv_log_stay_[at], w),
             "a move day from the tables differs from move_day()");
    return day;
  }
  std::uint16_t next_day(std::uint32_t from, std::uint16_t at, bool routed, std::uint32_t w) const {
    return routed ? static_cast<std::uint16_t>(from) : next_day(from, at, w);
  }

  // RunOptions::check_lookups: stops if a looked-up or kept answer differs from the plain one.
  static void agrees(bool same, const char* what) {
    if (!same) throw std::logic_error(std::string("flee (check_lookups): ") + what);
  }

  // Where a location's movechance changed today, its people draw their next move day again
  // (memoryless: the same distribution as Flee's daily draws from today on).
  void redraw_changed(std::uint32_t day, std::uint32_t agents) {
    bool any = false;
    changed_.assign(n_, 0);
    for (std::uint16_t k = 0; k < n_; ++k) {
      const double mc = net_.move_chance(k);
      inv_log_stay_[k] = mc > 0 && mc < 1 ? 1.0 / std::log1p(-mc) : 0.0;
      if (last_mc_[k] != mc) waits_[k].build(mc, inv_log_stay_[k]);
      if (last_mc_[k] >= 0 && net_.move_chance(k) != last_mc_[k]) changed_[k] = 1, any = true;
      last_mc_[k] = net_.move_chance(k);
    }
    if (!any) return;
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, agents, block),
                      [&](const tbb::blocked_range<std::uint32_t>& r) {
                        for (std::uint32_t a = r.begin(); a != r.end(); ++a) {
                          const std::uint16_t p = pos_[a];
                          if (p >= n_ || changed_[p] == 0 || (aware_ && rlen_[a] != 0)) continue;
                          next_[a] = next_day(day, p, rng_.words(a, day, purpose(wait_again))[0]);
                        }
                      });
  }

  // Route weight (RULES.md 5.1): ((WeightSoftening + score) / (Softening + km)^DistancePower
  // x capacity multiplier)^WeightPower, scoring the route's final location. Of it, what
  // does not depend on the count is the same all day: base_weights() keeps it per option.
  void base_weights() {
    const Settings& g = s_.settings;
    for (std::uint16_t k = 0; k < n_; ++k) {
      base_[k].clear();
      for (const Option& o : net_.options(k)) {
        const double dist =
            g.distance_power == 1.0 ? g.softening + o.km : std::pow(g.softening + o.km, g.distance_power);
        base_[k].push_back((g.weight_softening + net_.score(o.final)) / dist);
      }
    }
  }
  double weight(double base, std::uint16_t final, std::int64_t people_at_final) const {
    const double w = base * net_.cap_multiplier(final, people_at_final);
    return s_.settings.weight_power == 1.0 ? w : std::pow(w, s_.settings.weight_power);
  }

  // The running sums of the route weights of `at`'s options, from the counts as they are.
  void fill_cdf(std::uint16_t at, std::vector<double>& cdf) const {
    const std::vector<Option>& options = net_.options(at);
    cdf.clear();
    double sum = 0;
    if (!prune_) {
      for (std::size_t j = 0; j < options.size(); ++j) {
        const std::uint16_t final = options[j].final;
        cdf.push_back(sum += weight(base_[at][j], final, count_[final]));
      }
      return;
    }
    // pruning_threshold (moving.pruneRoutes): options weighing less than the heaviest's weight
    // / threshold are dropped, that is weigh 0 here (never picked; when all weigh 0, none is
    // below the heaviest's 0 and Flee's equal weights stand, as here).
    double heaviest = 0;
    for (std::size_t j = 0; j < options.size(); ++j) {
      const std::uint16_t final = options[j].final;
      cdf.push_back(weight(base_[at][j], final, count_[final]));
      heaviest = std::max(heaviest, cdf.back());
    }
    const double least = heaviest / s_.settings.pruning_threshold;
    for (double& c : cdf) c = sum += c < least ? 0.0 : c;
  }

  // Every location's route weights and 95 % aborts, from the counts as they are now: what a
  // phase that reads a snapshot of the counts (the move phase, and the resolve phase's
  // travel from the snapshot) looks up instead of computing them per agent.
  void tables() {
    for (std::uint16_t k = 0; k < n_; ++k) {
      fill_cdf(k, cdf_[k]);
      full_[k] = aborts(k) ? 1 : 0;
    }
    for (std::uint16_t k = 0; k < n_; ++k) fill_by_part(k);
  }

  // option_taken() from the tables by the route's random word: looked up where the word's
  // 256th of the range of u takes one option (pick and count were 12 % of the run: perf,
  // synth31 with 1M people).
  int option_from_tables(std::uint16_t at, std::uint32_t word) const {
    const std::uint8_t t = by_part_[at][word >> 24];
    if (t == part_mixed) return option_taken(at, cdf_[at], Rng::to_unit(word), true);
    const int i = t == part_stays ? -1 : t;
    if (check_)
      agrees(i == option_taken(at, cdf_[at], Rng::to_unit(word), true),
             "a route choice from the tables differs from option_taken()");
    return i;
  }

  // by_part_[k]: for each 256th of the range of the word, what option_taken() gives for
  // every word in it, if it gives one thing. pick() rises with u where the running sums
  // rise (weights >= 0, none NaN), so its value at both ends of a part is its value
  // throughout; and walking the parts in order finds the ends' values in one pass.
  void fill_by_part(std::uint16_t k) {
    auto& by_part = by_part_[k];
    const std::vector<double>& cdf = cdf_[k];
    const std::size_t n = cdf.size();
    const bool rises = n > 0 && n < part_stays && std::is_sorted(cdf.begin(), cdf.end()) &&
                       std::none_of(cdf.begin(), cdf.end(), [](double c) { return std::isnan(c); });
    if (!rises) {
      by_part.fill(part_mixed);
      return;
    }
    std::size_t above = 0;  // entries <= x so far
    auto picked = [&](std::uint32_t word) {
      const double u = Rng::to_unit(word);
      if (cdf.back() <= 0) return pick(cdf, u);
      const double x = u * cdf.back();
      while (above < n && cdf[above] <= x) ++above;
      return std::min(above, n - 1);
    };
    for (std::uint32_t j = 0; j < by_part.size(); ++j) {
      const std::size_t first = picked(j << 24), last = picked((j << 24) | 0xFFFFFF);
      by_part[j] = first != last                                ? part_mixed
                   : aborts(net_.options(k)[first].final, true) ? part_stays
                                                                : static_cast<std::uint8_t>(first);
    }
  }

  static std::size_t pick(const std::vector<double>& cdf, double u) {
    const std::size_t n = cdf.size();
    if (cdf.back() <= 0) return std::min(static_cast<std::size_t>(u * static_cast<double>(n)), n - 1);  // all 0: equal
    const double x = u * cdf.back();
    std::size_t i = 0;
    if (n <= 16) {  // the first entry > x by counting those <= x: no branch to miss, as a search has
      for (const double c : cdf) i += c <= x ? 1 : 0;
    } else {
      i = static_cast<std::size_t>(std::upper_bound(cdf.begin(), cdf.end(), x) - cdf.begin());
    }
    return std::min(i, n - 1);
  }

  // Flee's abort: the route's final location is a camp more than 95 % full.
  bool aborts(std::uint16_t final) const {
    return net_.acts_as_camp(final) && net_.cap_multiplier(final, count_[final]) < 0.5;
  }
  // The same from the tables (`snapshot`: the counts have not changed since tables()).
  bool aborts(std::uint16_t final, bool snapshot) const { return snapshot ? full_[final] != 0 : aborts(final); }

  // take_next_step for an agent at `at` that has a route (awareness >= 2): -1 = stays and
  // forgets the route (its next link is closed, or its destination is full).
  int step_on_route(std::uint32_t a, std::uint16_t at, bool snapshot) {
    int link = -1;
    for (std::uint16_t l : net_.open_out(at))
      if (net_.link(l).to == r0_[a]) {
        link = l;
        break;
      }
    const std::uint16_t final = rlen_[a] == 2 ? r1_[a] : r0_[a];
    if (link < 0 || aborts(final, snapshot)) {
      rlen_[a] = 0;
      return -1;
    }
    r0_[a] = r1_[a];
    --rlen_[a];
    return link;
  }

  // selectRoute from the tables with the random word `word`, then take_next_step.
  int choose(std::uint32_t a, std::uint16_t at, std::uint32_t word) {
    if (net_.options(at).empty()) return -1;
    const int i = option_from_tables(at, word);
    return i < 0 ? -1 : take(a, net_.options(at)[static_cast<std::size_t>(i)]);
  }

  // selectRoute at a location with options: the index of the option drawn, or -1 if the
  // agent stays because that route aborts.
  int option_taken(std::uint16_t at, const std::vector<double>& cdf, double u, bool snapshot) const {
    const std::size_t i = pick(cdf, u);
    return aborts(net_.options(at)[i].final, snapshot) ? -1 : static_cast<int>(i);
  }

  // take_next_step onto option o's first link, remembering the rest of its route.
  int take(std::uint32_t a, const Option& o) {
    if (aware_) {
      rlen_[a] = static_cast<std::uint8_t>(o.hops - 1);
      r0_[a] = o.later[0];
      r1_[a] = o.later[1];
    }
    return o.first_link;
  }

  // Pass 1 and the first advance of pass 2, for the agents of one block: only agents whose
  // event day is today do anything. The settings are read once, before the loop (a template
  // on them, as travel() has, made GCC stop inlining the random draws here: 4 % slower).
  void move_block(std::size_t b, std::uint32_t day, Tally& t) {
    const bool foot = foot_, stints = stints_;
    auto& arrived = arrivals_[b];
    arrived.clear();
    const std::uint32_t a0 = static_cast<std::uint32_t>(b) * block;
    const std::uint32_t a1 = std::min<std::uint32_t>(spawned_, a0 + block);
    // Most agents have nothing to do on most days: find those whose day it is first.
    const std::uint32_t due = equal_lanes(next_.data(), a0, a1, static_cast<std::uint16_t>(day), t.due.data());
    for (std::uint32_t k = 0; k < due; ++k) {
      const std::uint32_t i = t.due[k];
      const std::uint16_t p = pos_[i];
      if (p >= n_) {  // its link is done today
        arrived.push_back(i);
        continue;
      }
      const auto w = rng_.words(i, day, purpose(route_choice));
      const int link = aware_ && rlen_[i] != 0 ? step_on_route(i, p, true) : choose(i, p, w[0]);
      if (link < 0) {  // stays (no open link, or the destination is over 95 % full): draw again from tomorrow
        next_[i] = next_day(day + 1, p, w[1]);
        continue;
      }
      ++t.departures[p];
      const Link& l = net_.link(static_cast<std::uint16_t>(link));
      // start_on_foot: the first link someone ever takes is walked.
      const std::uint16_t days = foot && walked_[i] == 0 ? net_.foot(static_cast<std::uint16_t>(link)).days : l.days;
      if (stints) {  // recent_travel_distance as it stood last night; every day on the link adds to it
        recent_[i] = static_cast<float>(stationary_recent(i, day));
        since_[i] = static_cast<std::uint16_t>(day);
      }
      pos_[i] = static_cast<std::uint16_t>(n_ + link);
      next_[i] = static_cast<std::uint16_t>(day + days - 1);  // the first advance is today's
      if (days == 1) arrived.push_back(i);
    }
  }

  void move(std::uint32_t day) {
    for (auto& t : tally_) std::fill(t.departures.begin(), t.departures.end(), 0);
    const std::size_t blocks = (spawned_ + block - 1) / block;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, blocks, 1), [&](const tbb::blocked_range<std::size_t>& r) {
      Tally& t = tally_.local();
      for (std::size_t b = r.begin(); b != r.end(); ++b) move_block(b, day, t);
    });
    for (const auto& t : tally_)
      for (std::uint16_t k = 0; k < n_; ++k) {
        count_[k] -= t.departures[k];
        on_links_ += t.departures[k];
      }
    blocks_ = blocks;
  }

  // Flee's pass 2 for one agent after its first advance: arrive, then chained hops. Changes
  // only the agent's own state and reads the counts as they are (`count_`, never written
  // here; from the tables if `snapshot`, else from counted_cdf()); the caller counts where
  // it ended (pos_). The capped locations whose counts it reads are OR-ed into the returned
  // mask. Its own moves never change a count it reads (it reads the finals of its options,
  // never where it stands, and a location it passed through is back to where it was). Its
  // route choices go to `choices` if given.
  // Extras: avoid_short_stints or start_on_foot is on (a template argument, so that with both
  // off the per-agent code does not test them).
  template <bool Extras>
  Travel travel(std::uint32_t a, std::uint32_t day, bool snapshot, std::vector<Choice>* choices = nullptr) {
    const bool foot = Extras && foot_, stints = Extras && stints_;
    const double speed = s_.settings.max_move_speed;
    const auto l = static_cast<std::uint16_t>(pos_[a] - n_);
    const Link& link = net_.link(l);
    // start_on_foot: the first link an agent ever takes is walked; reaching its end (or being
    // sent back from it) ends that (Flee's places_travelled).
    const bool walked = foot && walked_[a] == 0;
    if (foot) walked_[a] = 1;
    double moved = walked ? net_.foot(l).last_day_km : link.last_day_km;
    // avoid_short_stints: recent_travel_distance as it stood last night.
    const double recent = stints ? link_recent(a, day, walked ? s_.settings.max_walk_speed / speed : 1.0) : 0.0;
    if (net_.closed(l)) {  // closed while on it: back where it started, done for today
      pos_[a] = link.from;
      if (aware_) rlen_[a] = 0;
      if (stints) settle(a, day, recent, moved);
      next_[a] = next_day(day + 1, link.from, rng_.words(a, day, purpose(bounced))[0]);
      return {};
    }
    Travel t;
    pos_[a] = link.to;
    // Flee goes on from the link's end while the day's km are under that link's speed, and
    // from every later stop while they are under max_move_speed.
    const double first_limit = walked ? s_.settings.max_walk_speed : speed;
    std::array<std::uint32_t, 4> w{};
    for (std::uint32_t hop = 1;; ++hop) {
      const std::uint16_t at = pos_[a];
      const bool routed = aware_ && rlen_[a] != 0;
      double mc = routed ? 1.0 : net_.move_chance(at);
      // avoid_short_stints (Flee's ForceTownMove): at a town, someone who has moved less than
      // half a day's max_move_speed a day of late moves on for sure.
      if (stints && !routed && net_.town(at) && (recent + moved / speed) / 2.0 < 0.5) mc = 1.0;
      // Two words a hop (whether it goes on; then the route, or its next move day), so one
      // call for two hops: most trips end by the second.
      if (hop % 2 == 1) w = rng_.words(a, day, purpose(chained + (hop + 1) / 2));
      const std::uint32_t go = w[hop % 2 == 1 ? 0 : 2], then = w[hop % 2 == 1 ? 1 : 3];
      // Stops here today: out of budget, a failed draw, or nowhere to go.
      if (!(moved < (hop == 1 ? first_limit : speed)) || !(Rng::to_unit(go) < mc)) {
        if (stints) settle(a, day, recent, moved);
        next_[a] = next_day(day + 1, at, routed && rlen_[a] != 0, then);
        return t;
      }
      int next = -1;
      if (routed) {
        const std::uint64_t read = read_bit_[rlen_[a] == 2 ? r1_[a] : r0_[a]];
        t.reads |= read;
        t.unlisted |= read != 0;
        next = step_on_route(a, at, snapshot);
      } else if (!net_.options(at).empty()) {
        t.reads |= option_reads_[at];
        // The route draw takes `then`: if it ends in staying, the next move day needs another.
        const int i =
            snapshot ? option_from_tables(at, then) : option_taken(at, counted_cdf(at), Rng::to_unit(then), false);
        if (choices != nullptr && i + 1 <= 0xFFFF)
          choices->push_back({then, at, static_cast<std::uint16_t>(i + 1)});
        else if (choices != nullptr)
          t.unlisted = true;  // more options than a Choice holds: checked by travelling again
        next = i < 0 ? -1 : take(a, net_.options(at)[static_cast<std::size_t>(i)]);
      }
      if (next < 0) {
        if (stints) settle(a, day, recent, moved);
        next_[a] = next_day(day + 1, at, rng_.words(a, day, purpose(stayed))[0]);
        return t;
      }
      const Link& hopl = net_.link(static_cast<std::uint16_t>(next));
      if (hopl.days > 1) {  // a fresh max_move_speed does not finish it: on the link overnight
        if (stints) settle(a, day, recent, moved + speed);  // Flee counts the day's advance on it
        pos_[a] = static_cast<std::uint16_t>(n_ + next);
        next_[a] = static_cast<std::uint16_t>(day + hopl.days - 1);
        return t;
      }
      pos_[a] = hopl.to;
      moved += hopl.km;
    }
  }

  // avoid_short_stints keeps, per agent, Flee's recent_travel_distance r as it stood at the
  // end of day since_ - 1 (recent_), updated only when the agent moves: Flee halves it and
  // adds the day's km / max_move_speed every night, so an agent at a location since then
  // has r / 2^k, and one on a link since then, which moved c = that link's speed /
  // max_move_speed a day, has c + (r - c) / 2^k, k days on.
  double stationary_recent(std::uint32_t a, std::uint32_t day) const {
    return std::ldexp(static_cast<double>(recent_[a]), -static_cast<int>(day - since_[a]));
  }
  double link_recent(std::uint32_t a, std::uint32_t day, double c) const {
    return c + std::ldexp(static_cast<double>(recent_[a]) - c, -static_cast<int>(day - since_[a]));
  }
  // The night after a day on which the agent moved `moved` km, from `recent` the night before.
  void settle(std::uint32_t a, std::uint32_t day, double recent, double moved) {
    recent_[a] = static_cast<float>((recent + moved / s_.settings.max_move_speed) / 2.0);
    since_[a] = static_cast<std::uint16_t>(day + 1);
  }

  // Counts one agent's pass 2 into `count` and `on_links`: it left its link and ended at
  // `end` (a location, or a link: node_count + link).
  void count_trip(std::uint16_t end, std::int64_t* count, std::int64_t& on_links) const {
    if (end < n_) {
      ++count[end];
      --on_links;
    }
  }

  // A capped location `end` now past the count up to which its multiplier is what travel()
  // read from the snapshot becomes stale, and so do the counted route weights that read it.
  void watch(std::uint16_t end) {
    if (end >= n_ || count_[end] <= same_until_[end]) return;
    stale_ |= read_bit_[end];
    for (const std::uint16_t k : readers_[end]) counted_cdf_ok_[k] = 0;
  }

  // Which capped locations' counts travel() must report reading, and up to which count
  // each one's multiplier stays what it is now. Counts only rise during resolve (an agent
  // leaves a location only after entering it there), and the multiplier only falls.
  void capped_snapshot() {
    stale_ = 0;
    int capped = 0;
    for (std::uint16_t k = 0; k < n_; ++k) {
      read_bit_[k] = 0;
      same_until_[k] = std::numeric_limits<std::int64_t>::max();
      const double cap = net_.capacity(k);
      const auto c = static_cast<double>(count_[k]);
      if (cap < 1 || c >= cap) continue;  // multiplier 1 at any count, or 0 from here on
      read_bit_[k] = std::uint64_t{1} << (capped++ % read_bits);
      const double buffered = s_.settings.capacity_buffer * cap;
      if (c <= buffered)
        same_until_[k] = static_cast<std::int64_t>(std::floor(buffered));  // 1 up to the buffer
      else
        same_until_[k] = count_[k];  // falls with every arrival
    }
    for (auto& r : readers_) r.clear();
    for (std::uint16_t k = 0; k < n_; ++k) {
      option_reads_[k] = 0;
      for (const Option& o : net_.options(k)) {
        option_reads_[k] |= read_bit_[o.final];
        auto& r = readers_[o.final];
        if (read_bit_[o.final] != 0 && (r.empty() || r.back() != k)) r.push_back(k);
      }
    }
    std::fill(counted_cdf_ok_.begin(), counted_cdf_ok_.end(), 0);
  }

  // Flee's pass 2 after the first advance, in agent order (arrive, then chained hops) with
  // live counts. Of the counts, travel() reads only those of capped locations (a camp's
  // multiplier and the 95 % abort), and a multiplier changes only while its count is in the
  // buffer zone or crosses into it. So, with two threads or more: every listed agent
  // travels in parallel reading the counts as they stand now (the snapshot), noting its
  // route choices; then, in agent order (a run of blocks as soon as it has travelled, while
  // later ones travel on), each one's arrival is counted. One that read a capped location
  // whose count had by then (in agent order) left the snapshot's multiplier first makes its
  // noted choices again from the live counts (the rest of a trip does not depend on them);
  // only if one comes out otherwise does it travel again from where it was, reading the
  // live counts. Equal, draw for draw, to travelling everyone in agent order (tests/flee: 1
  // and 2 threads, byte-identical out.csv).
  void resolve(std::uint32_t day) {
    capped_snapshot();
    if (tbb::global_control::active_value(tbb::global_control::max_allowed_parallelism) ==
        1) {  // one thread: nothing to gain from the snapshot
      for (std::size_t b = 0; b < blocks_; ++b)
        for (const std::uint32_t a : arrivals_[b]) {
          remembers_ ? travel<true>(a, day, false) : travel<false>(a, day, false);
          count_trip(pos_[a], count_.data(), on_links_);
          watch(pos_[a]);
        }
      return;
    }
    tables();  // the counts less today's departures: what travel() reads from the snapshot
    for (auto& t : tally_) std::fill(t.arrivals.begin(), t.arrivals.end(), 0), t.on_links = 0;
    // A pipeline of blocks in agent order: travelling is parallel; counting takes the blocks
    // one at a time, in order, as soon as each has travelled, so that it overlaps with the
    // travelling of later blocks (they read only the snapshot's tables, never what counting
    // writes: the counts, stale_, and the agents of the block being counted).
    // Blocks go through it in runs of `per`, so that each stage hands over enough work to
    // pay for passing it on, and the last run, counted while no other thread has work left,
    // is short: a sixteenth of the blocks per thread, but at least 8 blocks (32,768 agents)
    // unless that would leave a thread without a run. On synth31_1M (2 threads, 6 runs each,
    // alternating) resolve took 0.378-0.423 s with these runs, 0.402-0.458 s with runs of at
    // least 16 blocks and an eighth per thread, 0.424-0.427 s with runs of 1 block; on
    // synth31_100k 0.055-0.067 s, as with those runs of 16 (0.054-0.071 s).
    // A run keeps its trips in kept_[slot]: the pipeline holds at most kept_.size() runs at
    // once, so run k's slot k mod kept_.size() is free again when run k comes in.
    const auto threads = static_cast<std::size_t>(tbb::this_task_arena::max_concurrency());
    const std::size_t per =
        std::max<std::size_t>(std::min<std::size_t>(8, (blocks_ + threads - 1) / threads), blocks_ / (16 * threads));
    kept_.resize(4 * threads);
    struct Run {
      std::size_t first = 0, last = 0;  // blocks [first, last)
      Kept* kept = nullptr;
    };
    std::size_t next_block = 0, runs = 0;
    auto next_run = [&](tbb::flow_control& fc) -> Run {
      if (next_block == blocks_) fc.stop();
      const std::size_t first = next_block;
      next_block = std::min(blocks_, next_block + per);
      return {first, next_block, &kept_[runs++ % kept_.size()]};
    };
    auto travel_run = [&](Run r) {
      Tally& tally = tally_.local();
      r.kept->trips.clear();
      r.kept->choices.clear();
      r.kept->routes.clear();
      r.kept->memory.clear();
      for (std::size_t b = r.first; b != r.last; ++b)
        remembers_ ? travel_block<true>(b, day, tally, *r.kept) : travel_block<false>(b, day, tally, *r.kept);
      return r;
    };
    auto count_run = [&](Run r) { count_kept(*r.kept, day); };
    tbb::parallel_pipeline(kept_.size(), tbb::make_filter<void, Run>(tbb::filter_mode::serial_in_order, next_run) &
                                             tbb::make_filter<Run, Run>(tbb::filter_mode::parallel, travel_run) &
                                             tbb::make_filter<Run, void>(tbb::filter_mode::serial_in_order, count_run));
    // Trips that touched no capped location, in any order: they neither read nor change a
    // count that counting reads, so adding them after it changes nothing it decided.
    for (const auto& t : tally_) {
      for (std::uint16_t k = 0; k < n_; ++k) count_[k] += t.arrivals[k];
      on_links_ += t.on_links;
    }
  }

  Memory remembered(std::uint32_t a) const {
    Memory m;
    if (stints_) m.recent = recent_[a], m.since = since_[a];
    if (foot_) m.walked = walked_[a];
    return m;
  }

  // The parallel part of resolve() for the agents of block b: each travels from the
  // snapshot. Trips that touch no capped location are counted into `tally` (their order
  // does not matter); the others are kept, for counting in agent order.
  template <bool Extras>
  void travel_block(std::size_t b, std::uint32_t day, Tally& tally, Kept& kept) {
    for (const std::uint32_t a : arrivals_[b]) {
      const std::uint16_t pos = pos_[a];
      const Route before = aware_ ? Route{r0_[a], r1_[a], rlen_[a]} : Route{};
      const Memory memory = Extras ? remembered(a) : Memory{};
      const std::size_t choices_begin = kept.choices.size();
      const Travel t = travel<Extras>(a, day, true, &kept.choices);
      const std::uint16_t end = pos_[a];
      // Read no count that can change a multiplier, nor changed one.
      if ((t.reads | (end < n_ ? read_bit_[end] : 0)) == 0) {
        count_trip(end, tally.arrivals.data(), tally.on_links);
        kept.choices.resize(choices_begin);
        continue;
      }
      Trip trip;
      trip.reads = t.reads & ((std::uint64_t{1} << read_bits) - 1);  // read_bit_ has no higher bits
      trip.unlisted = t.unlisted ? 1 : 0;
      trip.agent = a;
      trip.pos = pos;
      trip.end = end;
      const std::size_t choices = kept.choices.size() - choices_begin;
      trip.choice_len = static_cast<std::uint8_t>(std::min<std::size_t>(choices, overlong));
      if (choices >= overlong) kept.choices.resize(choices_begin);  // kept as: travel again
      kept.trips.push_back(trip);
      if (aware_) kept.routes.push_back(before);
      if (Extras) kept.memory.push_back(memory);
    }
  }

  // Counts a run's kept trips in agent order: a trip that read a stale location and whose
  // route choices come out otherwise from the live counts, or whose choices were too many
  // to keep, travels again from where it was, reading the live counts.
  void count_kept(const Kept& kept, std::uint32_t day) {
    const Choice* choices = kept.choices.data();
    for (std::size_t i = 0; i < kept.trips.size(); ++i) {
      const Trip& trip = kept.trips[i];
      const Choice* own_choices = choices;
      if (trip.choice_len != overlong) choices += trip.choice_len;
      if (trip.choice_len != overlong &&
          ((trip.reads & stale_) == 0 || (trip.unlisted == 0 && chooses_alike(own_choices, trip.choice_len)))) {
        count_trip(trip.end, count_.data(), on_links_);
        watch(trip.end);
        continue;
      }
      const std::uint32_t a = trip.agent;
      pos_[a] = trip.pos;
      if (aware_) r0_[a] = kept.routes[i].r0, r1_[a] = kept.routes[i].r1, rlen_[a] = kept.routes[i].rlen;
      if (remembers_) {
        const Memory& m = kept.memory[i];
        if (stints_) recent_[a] = m.recent, since_[a] = m.since;
        if (foot_) walked_[a] = m.walked;
      }
      remembers_ ? travel<true>(a, day, false) : travel<false>(a, day, false);
      count_trip(pos_[a], count_.data(), on_links_);
      watch(pos_[a]);
    }
  }

  // Whether a trip's route choices, made from the snapshot, come out the same from the live
  // counts: then so does the rest of the trip, and travelling it again would change nothing.
  bool chooses_alike(const Choice* choices, std::size_t len) {
    for (std::size_t i = 0; i < len; ++i) {
      const Choice& c = choices[i];
      if ((option_reads_[c.at] & stale_) == 0) continue;  // read no count that changed
      if (option_taken(c.at, counted_cdf(c.at), Rng::to_unit(c.word), false) + 1 != c.taken) return false;
    }
    return true;
  }

  // The route weights of `at`'s options from the live counts, for resolve()'s counting (and
  // travelling in agent order): computed again only once a count they read has changed its
  // multiplier (watch()), not for every choice.
  const std::vector<double>& counted_cdf(std::uint16_t at) {
    if (counted_cdf_ok_[at] == 0) {
      fill_cdf(at, counted_cdf_[at]);
      counted_cdf_ok_[at] = 1;
    } else if (check_) {
      fill_cdf(at, checked_cdf_);
      agrees(checked_cdf_ == counted_cdf_[at], "kept route weights differ from fill_cdf()");
    }
    return counted_cdf_[at];
  }

  void observe(int day) {
    std::int64_t at_locations = 0, in_camps = 0;
    for (std::uint16_t k = 0; k < n_; ++k) at_locations += count_[k];
    if (at_locations + on_links_ != static_cast<std::int64_t>(spawned_))
      throw std::logic_error("flee: people not conserved on day " + std::to_string(day));
    if (day % 32 == 31 || day + 1 == s_.days) {  // now and then, count the agents themselves
      std::vector<std::int64_t>& seen = weights_int_;
      seen.assign(n_, 0);
      for (std::uint32_t a = 0; a < spawned_; ++a)
        if (pos_[a] < n_) ++seen[pos_[a]];
      if (seen != count_)
        throw std::logic_error("flee: location counts disagree with the agents on day " + std::to_string(day));
    }
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
  bool check_;  // RunOptions::check_lookups
  bool aware_ = false;
  std::vector<std::uint16_t> pos_, next_, r0_, r1_;
  std::vector<std::uint8_t> rlen_;
  std::uint32_t spawned_ = 0;
  std::int64_t on_links_ = 0;
  std::vector<std::int64_t> count_;
  std::vector<double> last_mc_, inv_log_stay_;
  std::vector<Waits> waits_;  // [location] its move chance's move_day()
  std::vector<std::uint8_t> changed_;
  std::vector<std::vector<double>> base_;                              // [location][option] see base_weights()
  std::vector<std::vector<double>> cdf_;                               // [location] see tables()
  std::vector<std::uint8_t> full_;                                     // [location] see tables()
  std::vector<std::array<std::uint8_t, 256>> by_part_;                 // [location] see fill_by_part()
  static constexpr std::uint8_t part_stays = 0xFE, part_mixed = 0xFF;  // or the option's index
  std::vector<double> weights_;
  std::vector<std::vector<double>> counted_cdf_;     // [location] see counted_cdf()
  std::vector<double> checked_cdf_;                  // counted_cdf() worked out again, for check_
  std::vector<std::uint8_t> counted_cdf_ok_;         // [location] counted_cdf_ is up to date
  std::vector<std::vector<std::uint16_t>> readers_;  // [capped location] those with an option ending there
  std::vector<Kept> kept_;                           // [slot] see resolve()
  std::vector<std::uint64_t> read_bit_;              // [location] its bit in Travel::reads
  std::vector<std::uint64_t> option_reads_;          // [location] the bits of its options' finals
  std::vector<std::int64_t> same_until_;             // [location] see capped_snapshot()
  std::uint64_t stale_ = 0;                          // bits of locations past same_until_
  std::vector<std::int64_t> weights_int_;
  std::vector<std::vector<std::uint32_t>> arrivals_;
  std::size_t blocks_ = 0;
  tbb::enumerable_thread_specific<Tally> tally_;
  Result result_;
  // Issue 23's settings, last (the members above keep their places).
  bool stints_ = false, foot_ = false, remembers_ = false;  // avoid_short_stints, start_on_foot, either
  bool prune_ = false;                                      // pruning_threshold >= 1.001
  bool pops_read_ = false;            // take_from_population changes move chances or scores (which read populations)
  std::vector<float> recent_;         // [agent] avoid_short_stints: see stationary_recent()
  std::vector<std::uint16_t> since_;  // [agent]
  std::vector<std::uint8_t> walked_;  // [agent] start_on_foot: has reached the end of a link
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
  return migsim::detail::with_threads(options.threads,
                                      [&] { return detail::FleeRun(scenario, options, observer).execute(); });
}

}  // namespace migsim::flee
