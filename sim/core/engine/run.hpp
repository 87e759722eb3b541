#pragma once
// One run's state and its day. run.cpp holds the phases (what happens to everyone, in
// order); agent_rules.cpp holds what happens to one person (moving, registering, waiting,
// being decided, refused, removed). Both are parts of this one class.
#include <tbb/enumerable_thread_specific.h>

#include <array>
#include <bit>
#include <cstdint>
#include <tuple>
#include <unordered_map>
#include <vector>

#include "asylum.hpp"
#include "migsim/core/engine.hpp"
#include "migsim/core/rng.hpp"
#include "model.hpp"
#include "population.hpp"
#include "routing.hpp"

namespace migsim::detail {

// The day being simulated: its index (what random numbers are keyed by) and its date.
struct Today {
  DayIndex index;
  Date date;
};

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

// A thread's recount of the stock is counted with a power-of-two stride per node, so that
// the index is a shift: with 13 statuses, a stride of 13 made the recount 12% slower (bench).
inline constexpr std::size_t stock_stride = std::bit_ceil(static_cast<std::size_t>(status_count));

// What one thread accumulates during a parallel phase; merged after it. Integer counts
// only, so the merged totals do not depend on how work was split.
// A Dublin event of a simulated person, for FinalStats::dublin: a request, a transfer, or a
// state becoming responsible for someone who registered there (the others' denominator).
struct DublinEvent {
  enum Kind : std::uint8_t { request, transfer, responsible };
  DayIndex day = 0, since = 0;  // when it happened; when `to` became responsible
  NodeId from = 0, to = 0;      // requesting state (none for responsible), responsible state
  Kind kind = request;
  DublinBasis basis = DublinBasis::take_back;
  std::uint32_t agent = 0;  // a total order, so the log does not depend on threads
  auto key() const { return std::tuple(day, agent, kind); }
  bool operator<(const DublinEvent& o) const { return key() < o.key(); }
};

struct ThreadTally {
  std::vector<std::uint64_t> edge_entries;  // agents, [edge]
  std::vector<std::int64_t> moves;          // agents, [node * status_count + status]: today's net change
  std::vector<std::uint64_t> stock;         // agents, [node * stock_stride + status]: a recount
  std::vector<std::uint64_t> events;        // agents, [node * asylum_event_count + event]
  std::vector<std::uint64_t> transitions;   // agents, [node * transition_count + Transition]
  std::vector<CapacityRequest> requests;
  std::vector<std::uint32_t> lodgers;  // agents who lodged an application today
  std::vector<DublinEvent> dublin;     // today's Dublin events
  std::uint64_t replanned = 0, invalid = 0;
  void reset();
};

class Run {
 public:
  Run(const Model& model, const RunOptions& options, Observer* observer);
  RunResult execute();

 private:
  // Phases (run.cpp), in the order they run
  void apply_policies(Date date);
  bool see_queues();
  void spawn(DayIndex day);
  void decide(Today today);
  void resolve(DayIndex day);
  void commit(DayIndex day);
  void set_off(std::uint32_t a, EdgeId e, DayIndex day, ThreadTally& tally);
  void queue(Date date);
  void visas(Today today);
  void observe(Today today);
  void finish();

  // Parts of the phases (run.cpp)
  void remember_stay(std::uint32_t a, DayIndex day);
  DayIndex wake_after(std::uint32_t a, DayIndex day) const;
  bool visa_eligible(std::uint32_t a, const CompiledPolicy& policy, Date date, bool eu_issuer) const;
  bool issued_by_eu_state(const CompiledPolicy& policy, Date date) const;
  void grant_visa(std::uint32_t a, const CompiledPolicy& policy);
  void mark_visa_classes(const CompiledPolicy& policy);
  bool visa_class_reached(std::uint32_t a) const;
  const std::vector<std::uint32_t>& visa_pool(std::size_t p, const CompiledPolicy& policy);
  std::size_t visa_quota(const CompiledPolicy& policy, Date date) const;
  void count_everyone();
  void recount(DayIndex day);
  void check_conservation(DayIndex day) const;
  void merge_tallies();
  void report_day(Today today);
  std::uint16_t class_of(ClassKey key);  // serial: registers new classes and builds their tables
  void rebuild_table(std::size_t c);
  // Per destination, the utility today's policies add for class c's profile: the logit's
  // recognition term and attractiveness changes.
  std::vector<double> policy_utility_of(std::size_t c) const;

  // One person (agent_rules.cpp)
  void decide_agent(std::uint32_t a, Today today, ThreadTally& tally);
  void arrive(std::uint32_t a, Today today, ThreadTally& tally);
  void plan_move(std::uint32_t a, Today today, ThreadTally& tally);
  void register_intention(std::uint32_t a, Today today, ThreadTally& tally);
  // Who may register: anyone covered, or only those it covers from today (people already
  // settled, who were offered it before if it was in force before).
  enum class Offer : std::uint8_t { whenever_covered, on_its_first_day };
  NodeId home_of(std::uint32_t a) const;
  bool take_temporary_protection(std::uint32_t a, Today today, ThreadTally& tally,
                                 Offer offer = Offer::whenever_covered);
  void record_entry(std::uint32_t a, Today today, ThreadTally& tally);
  double lodging_probability(std::uint32_t a, NodeId here) const;
  void lodge(std::uint32_t a, Today today, ThreadTally& tally);
  void apply_in_place(std::uint32_t a, DayIndex day, ThreadTally& tally);
  bool abscond(std::uint32_t a, Today today, ThreadTally& tally);
  void first_decision(std::uint32_t a, Today today, ThreadTally& tally);
  enum class Refusal : std::uint8_t { of_case, at_border };  // a rejected case; a pushback or stay limit
  void after_refusal(std::uint32_t a, Today today, NodeId leave_country, Refusal refusal,
                     const std::array<double, 4>& cum, ThreadTally& tally);
  void hide(std::uint32_t a, ThreadTally& tally);

  // Life after settling (life.cpp)
  bool permit_valid(std::uint32_t a, DayIndex day) const;
  const CompiledPolicy* stay_used_up(std::uint32_t a, Today today) const;
  void stay_ended(std::uint32_t a, Today today, const CompiledPolicy& limit, ThreadTally& tally);
  // May they apply for asylum at n: a procedure there, and no document that lets them settle?
  bool may_apply_at(std::uint32_t a, NodeId n) const {
    return m_.asylum_at(n).present && !(documents(a) & m_.settle_with);
  }
  bool stays_before_applying(std::uint32_t a, NodeId n) const {
    return !rules_.active(PolicyType::stay_limit).empty() && rules_.stays_before_applying(m_, n, traits(a));
  }
  bool extradition_tested(std::uint32_t a) const;
  DayIndex stay_limit_due(std::uint32_t a, DayIndex from) const;
  void leave_where_they_live(std::uint32_t a, Today today, const std::array<double, 4>& cum, ThreadTally& tally);
  bool decide_permit(std::uint32_t a, Today today, ThreadTally& tally);
  void live(std::uint32_t a, Today today, ThreadTally& tally);
  // The first day from `from` on which a hazard of life after settling acts for agent a, drawn
  // with u in [0, 1) (acts), or the day the hazards or their permit (valid on `today`) next
  // change if that comes first (!acts); and that day written as the one to wake them on.
  struct NextLife {
    int day;
    bool acts;
  };
  NextLife draw_next_life(std::uint32_t a, int today, int from, const Traits& who, bool irregular, double u);
  void move_on_from(std::uint32_t a, Today today, ThreadTally& tally);
  void go_home(std::uint32_t a, Today today, double leave_again, ThreadTally& tally);
  void send_to(std::uint32_t a, NodeId node, Status status, DayIndex day);
  // A rejected applicant, in the procedure or irregular since: deportation applies.
  bool removable(std::uint32_t a) const {
    return pop_.status[a] == Status::rejected ||
           (pop_.status[a] == Status::irregular && (pop_.flags[a] & flag_removable) != 0);
  }
  bool removals(std::uint32_t a, DayIndex day, ThreadTally& tally);
  void count_pushback(std::uint32_t a, NodeId at, ThreadTally& tally);
  void count(ThreadTally& tally, NodeId node, AsylumEvent e) const {
    ++tally.events[node * asylum_event_count + static_cast<std::size_t>(e)];
  }
  void count(ThreadTally& tally, NodeId node, Transition e) const {
    ++tally.transitions[node * transition_count + static_cast<std::size_t>(e)];
  }
  NodeId country(NodeId n) const { return w_.nodes[n].country; }
  // Runs f, which may change agent a's node or status, and tallies the change in the stock.
  template <class F>
  void tracked(std::uint32_t a, ThreadTally& tally, F&& f) {
    const std::size_t before = stock_index(a);
    f();
    const std::size_t after = stock_index(a);
    if (after != before) --tally.moves[before], ++tally.moves[after];
  }
  std::size_t stock_index(std::uint32_t a) const {
    return static_cast<std::size_t>(pop_.node[a]) * status_count + static_cast<std::size_t>(pop_.status[a]);
  }
  // Profile and documents come from the mobility class, which is keyed by them.
  std::uint8_t profile(std::uint32_t a) const { return class_profile(class_keys_[pop_.mobility_class[a]]); }
  DocMask documents(std::uint32_t a) const { return class_documents(class_keys_[pop_.mobility_class[a]]); }
  Traits traits(std::uint32_t a) const {
    const std::uint8_t f = pop_.flags[a];
    return {profile(a),
            pop_.age[a],
            documents(a),
            (f & flag_male) != 0,
            (f & flag_ex_combatant) != 0,
            (f & flag_criminal) != 0};
  }
  // Per-destination uniforms for one choice (RouteTable::choose_where): destination k's is
  // word k % 4 of block 1 + k / 4, so block 0 stays free for the purpose's plain draws.
  struct ChoiceDraws {
    const Rng* rng;
    std::uint32_t agent, day;
    Purpose purpose;
    std::uint32_t block = 0;  // the block in `words` (0 = none yet)
    std::array<std::uint32_t, 4> words{};
    float operator()(DestIndex k) {
      const std::uint32_t b = 1u + k / 4u;
      if (b != block) words = rng->words(agent, day, purpose, b), block = b;
      return Rng::to_open_unit(words[k % 4u]);
    }
  };
  ChoiceDraws draws(std::uint32_t a, DayIndex day, Purpose purpose) const { return {&rng_, a, day, purpose}; }

  std::uint64_t people(std::uint64_t agents) const;

  const Model& m_;
  const World& w_;
  Rng rng_;
  Observer* observer_;
  int recount_every_days_;  // RunOptions::recount_every_days
  Population pop_;
  std::vector<std::uint8_t> policy_active_, capped_;
  // Per node: the longest window of any stay_limit policy covering it (0: none ever), so
  // that leaving it is remembered for the "in any N days" count.
  std::vector<int> stay_window_;
  DayRules rules_;
  std::vector<ClassKey> class_keys_, keys_;
  // [mobility class]: 1 if a visa policy's who and document can reach people of the class
  // (Run::visas, per policy and day; scratch, so the phase does not allocate once grown).
  std::vector<std::uint8_t> visa_classes_;
  // Per humanitarian_visa policy (by index in the model): its pool, Run::visa_pool.
  struct VisaPool {
    std::vector<std::uint32_t> agents;      // ascending ids
    std::uint32_t upto = 0;                 // agents [0, upto) have been looked at
    std::uint64_t stamp = 0;                // visas granted of the documents its who requires, then
    std::uint64_t grants_when_dropped = 0;  // visas granted in all when it was last cleaned
  };
  std::vector<VisaPool> visa_pools_;
  std::array<std::uint64_t, 8 * sizeof(DocMask)> visa_grants_{};  // [document]: visas granted of it
  std::unordered_map<ClassKey, std::uint16_t> class_index_;
  std::vector<RouteTable> tables_;
  tbb::enumerable_thread_specific<ThreadTally> tally_;
  std::vector<CapacityRequest> requests_, admitted_;  // today's over capped crossings; those let through
  std::vector<std::uint32_t> lodgers_;
  std::vector<DublinEvent> dublin_log_;  // every Dublin event of the run, by day, then agent
  std::uint64_t refused_ = 0;
  std::vector<std::uint32_t> queued_;      // agents, [edge]: those a capped crossing refused today
  std::vector<float> queue_days_;          // days, [edge]: the waits destination choice sees; empty = none
  std::vector<std::uint8_t> queue_moved_;  // [edge]: 1 where see_queues passed on a new wait today
  // First-instance queues per node (countries with asylum), in people of all nationalities:
  // everyone lodged so far and everyone decided so far. A ticket is due once decided >= it.
  std::vector<double> lodged_, decided_;
  std::vector<std::uint32_t> decided_whole_;  // floor(decided_), read by the agent loop
  // Bumped whenever the active policy set changes (never 0). A stationary person who found
  // nowhere to go, or whom an exit ban holds, stores it in days_left (free while they are
  // not travelling) and skips the day until it changes: the outcome cannot differ before.
  std::uint16_t tables_version_ = 1;
  DayIndex policies_changed_on_ = 0;  // the last day the active policy set changed (day 0: the first set)
  std::vector<std::int64_t> stock_;   // agents, [node * status_count + status], kept by change (tracked)
  // Today's totals over the threads, in agents; kept between days so the phase does not allocate.
  std::vector<std::uint64_t> events_;       // [node * asylum_event_count + event]
  std::vector<std::uint64_t> transitions_;  // [node * transition_count + Transition]
  std::uint64_t replanned_ = 0;
  DayStats stats_;
};

}  // namespace migsim::detail
