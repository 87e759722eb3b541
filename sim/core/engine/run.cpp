// The run: one simulated day is a fixed list of named phases (DESIGN.md section 2).
//
//   apply_policies  today's policy set, and yesterday's queues where people see them; route
//                   tables rebuilt when either changed
//   spawn           today's new people (parallel)
//   decide          what each person does today: moves (setting off at once on a crossing
//                   without a daily capacity), asylum steps (parallel)
//   resolve         crossings with a daily capacity admit the lowest priority draws
//   commit          the admitted set off
//   queue           today's applications join the asylum queues; decision capacity spent
//   visas           humanitarian visas, up to each policy's quota
//   observe         everyone counted and checked; the day reported to the observer
//
// Determinism: every random number is a pure function of (seed, agent, day, purpose);
// parallel loops only touch the agent they are given plus thread-local integer counters
// (integer sums do not depend on the order of addition); contended things — a crossing's
// daily capacity, places in an asylum queue, visa quotas — are settled after the parallel
// loop in a total order (random priority, then agent id; or agent id).
#include <tbb/parallel_for.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <map>
#include <stdexcept>
#include <string>
#include <tuple>

#include "dublin.hpp"
#include "run.hpp"
#include "with_threads.hpp"

namespace migsim {
namespace detail {
namespace {

using Clock = std::chrono::steady_clock;
constexpr std::uint32_t grain = 8192;

template <class T>
void gather(tbb::enumerable_thread_specific<ThreadTally>& tallies, std::vector<T> ThreadTally::*field,
            std::vector<T>& out) {
  out.clear();
  for (auto& t : tallies) out.insert(out.end(), (t.*field).begin(), (t.*field).end());
  std::sort(out.begin(), out.end());  // a total order: the result does not depend on threads
}

}  // namespace

void ThreadTally::reset() {
  std::fill(edge_entries.begin(), edge_entries.end(), 0);
  std::fill(moves.begin(), moves.end(), 0);
  std::fill(stock.begin(), stock.end(), 0);
  std::fill(events.begin(), events.end(), 0);
  std::fill(transitions.begin(), transitions.end(), 0);
  requests.clear();
  lodgers.clear();
  dublin.clear();
  replanned = 0;
  invalid = 0;
}

Run::Run(const Model& model, const RunOptions& options, Observer* observer)
    : m_(model),
      w_(model.world),
      rng_(options.seed),
      observer_(observer),
      recount_every_days_(std::max(1, options.recount_every_days)),
      tally_(ThreadTally{std::vector<std::uint64_t>(model.world.edges.size(), 0),
                         std::vector<std::int64_t>(model.world.nodes.size() * status_count, 0),
                         std::vector<std::uint64_t>(model.world.nodes.size() * stock_stride, 0),
                         std::vector<std::uint64_t>(model.world.nodes.size() * asylum_event_count, 0),
                         std::vector<std::uint64_t>(model.world.nodes.size() * transition_count, 0),
                         {},
                         {},
                         {},
                         0,
                         0}) {
  pop_.allocate(agent_total(model));
  policy_active_.assign(m_.policies.size(), 0);
  visa_pools_.resize(m_.policies.size());
  capped_.resize(w_.edges.size());
  for (EdgeId e = 0; e < w_.edge_count(); ++e) capped_[e] = w_.edges[e].capacity_per_day >= 0 ? 1 : 0;
  queued_.assign(w_.edges.size(), 0);
  if (m_.behaviour.sees_queues) queue_days_.assign(w_.edges.size(), 0.0F);
  queue_moved_.assign(w_.edges.size(), 0);
  stay_window_.assign(w_.nodes.size(), 0);
  for (const auto& p : m_.policies)
    if (p.type == PolicyType::stay_limit)
      for (NodeId n = 0; n < w_.node_count(); ++n)
        if (p.in_where[n]) stay_window_[n] = std::max(stay_window_[n], p.as<StayLimit>().window_days);
  stock_.assign(w_.nodes.size() * status_count, 0);
  lodged_.assign(w_.nodes.size(), 0.0);
  decided_.assign(w_.nodes.size(), 0.0);
  decided_whole_.assign(w_.nodes.size(), 0);
  for (NodeId n = 0; n < w_.node_count(); ++n)
    if (w_.nodes[n].is_country && m_.asylum[n].present) lodged_[n] = m_.asylum[n].background_pending;
  rules_.compile(m_, policy_active_);
}

RunResult Run::execute() {
  RunResult result;
  const auto t0 = Clock::now();
  auto timed = [&result](Phase phase, auto&& f) {
    const auto t = Clock::now();
    f();
    result.phase_seconds[static_cast<int>(phase)] += std::chrono::duration<double>(Clock::now() - t).count();
  };
  for (int d = 0; d < m_.days(); ++d) {
    const Today today{static_cast<DayIndex>(d), m_.start + d};
    timed(Phase::apply_policies, [&] { apply_policies(today.date); });
    timed(Phase::spawn, [&] { spawn(today.index); });
    timed(Phase::decide, [&] { decide(today); });
    timed(Phase::resolve, [&] { resolve(today.index); });
    timed(Phase::commit, [&] { commit(today.index); });
    timed(Phase::queue, [&] { queue(today.date); });
    timed(Phase::visas, [&] { visas(today); });
    timed(Phase::observe, [&] { observe(today); });
    result.agent_steps += pop_.spawned;
  }
  finish();
  result.agents = pop_.spawned;
  result.wall_seconds = std::chrono::duration<double>(Clock::now() - t0).count();
  return result;
}

// Compiles today's policy set into route tables and the day's rules, only when it changed;
// when only the queues people see have moved, the destination choices alone are rebuilt
// (queues change no path, cost or open crossing, so what the tables' version guards holds).
void Run::apply_policies(Date date) {
  bool changed = false;
  for (std::size_t p = 0; p < m_.policies.size(); ++p) {
    const std::uint8_t on = m_.policies[p].active_on(date) ? 1 : 0;
    changed |= on != policy_active_[p];
    policy_active_[p] = on;
  }
  const bool queues_moved = see_queues();
  if (!changed) {
    // Only the classes whose paths take a crossing whose wait moved: the others' choices
    // would come out the same.
    if (queues_moved)
      tbb::parallel_for(std::size_t{0}, tables_.size(), [&](std::size_t c) {
        const auto& next = tables_[c].next_edge;
        if (std::any_of(next.begin(), next.end(), [&](EdgeId e) { return e != no_edge && queue_moved_[e]; }))
          build_choices(m_, policy_utility_of(c), queue_days_, tables_[c]);
      });
    return;
  }
  tables_version_ = static_cast<std::uint16_t>(tables_version_ == 0xFFFF ? 1 : tables_version_ + 1);
  policies_changed_on_ = static_cast<DayIndex>(date - m_.start);
  rules_.compile(m_, policy_active_);
  // The paths depend only on the crossings open to a class, which many classes share (their
  // documents differ in ones no crossing asks for): computed once for each set of open
  // crossings, by its first class, and copied to the others. Each table is its own and reads
  // only the model and today's rules, so the classes are done in parallel.
  const std::size_t classes = tables_.size();
  std::vector<std::vector<std::uint8_t>> open(classes);
  tbb::parallel_for(std::size_t{0}, classes,
                    [&](std::size_t c) { open[c] = open_crossings(m_, class_keys_[c], policy_active_); });
  std::vector<std::size_t> first(classes);
  std::map<std::string, std::size_t> first_with;  // the open crossings, one byte each
  for (std::size_t c = 0; c < classes; ++c)
    first[c] = first_with.try_emplace(std::string(open[c].begin(), open[c].end()), c).first->second;
  tbb::parallel_for(std::size_t{0}, classes, [&](std::size_t c) {
    if (first[c] == c) build_paths(m_, open[c], tables_[c]);
  });
  tbb::parallel_for(std::size_t{0}, classes, [&](std::size_t c) {
    RouteTable& t = tables_[c];
    if (first[c] != c) {
      const RouteTable& paths = tables_[first[c]];
      t.next_edge = paths.next_edge, t.cost = paths.cost, t.days = paths.days;
    }
    build_choices(m_, policy_utility_of(c), queue_days_, t);
  });
}

// What destination choice sees of the queues at crossings with a daily capacity
// (behaviour.sees_queues): the days the people refused there yesterday would wait, their
// number over the crossing's capacity in agents a day. A queue's wait is passed on when it
// has moved by more than a day and by more than a quarter since it was last passed on, or
// has formed or gone (ASSUMED: news of a queue is not daily); that also spares rebuilding
// the choices every day. Returns whether any wait was passed on.
bool Run::see_queues() {
  if (queue_days_.empty()) return false;
  bool moved = false;
  for (EdgeId e = 0; e < w_.edge_count(); ++e) {
    queue_moved_[e] = 0;
    if (!capped_[e]) continue;
    const double per_day = w_.edges[e].capacity_per_day / m_.scale;
    const double never = m_.days();  // a queue at a crossing that admits no one: the whole run
    const double wait = queued_[e] == 0 ? 0.0 : per_day > 0 ? std::min(never, queued_[e] / per_day) : never;
    const double seen = queue_days_[e];
    if ((wait == 0) != (seen == 0) || std::abs(wait - seen) > std::max(1.0, 0.25 * seen)) {
      queue_days_[e] = static_cast<float>(wait);
      queue_moved_[e] = 1;
      moved = true;
    }
  }
  return moved;
}

std::vector<double> Run::policy_utility_of(std::size_t c) const {
  const auto profile = static_cast<std::uint8_t>(class_keys_[c] & 0xFF);
  const BehaviourSpec& b = m_.behaviour;
  std::vector<double> utility(w_.destinations.size());
  for (std::size_t k = 0; k < w_.destinations.size(); ++k) {
    const NodeId d = w_.destinations[k];
    utility[k] = b.recognition_coef * rules_.recognition_for_profile(m_, d, profile) +
                 b.attractiveness_coef * rules_.attractiveness_change(m_, d, profile);
  }
  return utility;
}

void Run::rebuild_table(std::size_t c) {
  build_route_table(m_, class_keys_[c], policy_active_, policy_utility_of(c), queue_days_, tables_[c]);
}

std::uint16_t Run::class_of(ClassKey key) {
  auto [it, inserted] = class_index_.try_emplace(key, static_cast<std::uint16_t>(class_keys_.size()));
  if (inserted) {
    if (class_keys_.size() >= 0xFFFF) throw std::length_error("more than 65535 mobility classes");
    class_keys_.push_back(key);
    tables_.emplace_back();
    rebuild_table(tables_.size() - 1);
  }
  return it->second;
}

void Run::spawn(DayIndex day) {
  const std::uint32_t first = pop_.spawned, last = m_.agents_by_day[day];
  if (last <= first) return;
  keys_.resize(last - first);
  tbb::parallel_for(tbb::blocked_range<std::uint32_t>(first, last, grain), [&](const auto& r) {
    for (std::uint32_t a = r.begin(); a != r.end(); ++a) {
      keys_[a - first] = spawn_agent(m_, rng_, a, day, pop_);
    }
  });
  // Class ids in order of first appearance by agent id: serial, as it inserts into a map.
  for (std::uint32_t a = first; a < last; ++a) {
    pop_.mobility_class[a] = class_of(keys_[a - first]);
    ++stock_[static_cast<std::size_t>(pop_.node[a]) * status_count +
             static_cast<std::size_t>(Status::at_origin)];  // new people, where they set off from
  }
  pop_.spawned = last;
}

// The place someone set off from, told again from their departure day: the first day by the
// end of which more than `a` agents had been spawned.
NodeId Run::home_of(std::uint32_t a) const {
  if (m_.place_tables.size() == 1) return m_.world.origin;
  const auto& by_day = m_.agents_by_day;
  const auto day = static_cast<DayIndex>(std::upper_bound(by_day.begin(), by_day.end(), a) - by_day.begin());
  return detail::origin_place_of(m_, rng_, a, day);
}

std::size_t Run::visa_quota(const CompiledPolicy& policy, Date date) const {
  const double per_day = policy.as<HumanitarianVisa>().per_month / (365.25 / 12) / m_.scale;  // agents
  const int k = date - policy.from;
  return static_cast<std::size_t>(std::floor(per_day * (k + 1)) - std::floor(per_day * k));
}

void Run::decide(Today today) {
  for (auto& t : tally_) t.reset();
  // On a day the policies changed, everyone is looked at (their draws ahead and "nowhere to
  // go" no longer hold); on other days only those whose wake day has come.
  const bool everyone = policies_changed_on_ == today.index;
  // Work is split by whole blocks of dossiers, so that one thread alone opens dossiers in a block.
  constexpr std::uint32_t block = Population::dossier_block;
  const std::uint32_t blocks = (pop_.spawned + block - 1) / block;
  tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, blocks), [&](const auto& r) {
    ThreadTally& tally = tally_.local();
    const std::uint32_t end = std::min(r.end() * block, pop_.spawned);
    for (std::uint32_t a = r.begin() * block; a != end; ++a) {
      if (!everyone && pop_.wake[a] > today.index) continue;
      tracked(a, tally, [&] { decide_agent(a, today, tally); });
      pop_.wake[a] = wake_after(a, today.index);
    }
  });
}

// The next day anything can happen to someone, as far as today's policies tell: tomorrow for
// most, but never for the protected and the removed; and for people at the origin or living
// somewhere (settled or irregular), later when they are held or home for good, or have a day
// drawn ahead (Run::live), and no policy tested daily acts on them where they are (an
// extradition that selects them, a stay limit from the first day it could bind them,
// deportation for a rejected applicant). Most people are in such a state on most
// days; the decide loop then reads two bytes for them, in a branch it predicts.
DayIndex Run::wake_after(std::uint32_t a, DayIndex day) const {
  const auto tomorrow = static_cast<DayIndex>(day + 1);
  const Status s = pop_.status[a];
  const bool current = pop_.days_left[a] == tables_version_;
  switch (s) {
    case Status::protected_:
    case Status::returned:
      return no_day;
    case Status::at_origin:
      return (pop_.flags[a] & flag_hiding) || current ? no_day : tomorrow;
    case Status::home:
      return (pop_.flags[a] & flag_hiding) ? no_day : std::max(tomorrow, pop_.next_change[a]);
    case Status::in_transit:  // home for good in the origin country, or nowhere to go
      if (extradition_tested(a) || !((pop_.flags[a] & flag_hiding) || current)) return tomorrow;
      return no_day;
    case Status::temporary:  // no daily test acts on them: the scheduled life policies, or a change of policies
      if (!rules_.scheduled_at(pop_.node[a])) return no_day;
      return current ? std::max(tomorrow, pop_.next_change[a]) : tomorrow;
    case Status::settled:
    case Status::irregular: {
      const NodeId n = pop_.node[a];
      if (extradition_tested(a)) return tomorrow;
      if (s == Status::irregular && removable(a) && !rules_.active(PolicyType::deportation).empty()) return tomorrow;
      DayIndex due = s == Status::settled ? stay_limit_due(a, tomorrow) : no_day;
      if (rules_.scheduled_at(n)) due = std::min(due, current ? std::max(tomorrow, pop_.next_change[a]) : tomorrow);
      return due;
    }
    default:
      return tomorrow;
  }
}

// What a policy tested daily on the settled (registry: on_settled and not scheduled) does is
// known here: extradition acts in removals, stay limits in stay_used_up. A new such type must
// be taught to wake_after, or people it acts on would sleep through it.
static_assert(
    [] {
      int daily = 0;
      for (std::size_t t = 0; t < policy_type_table.size(); ++t) {
        if (!policy_type_table[t].on_settled || policy_type_table[t].scheduled) continue;
        const auto type = static_cast<PolicyType>(t);
        if (type != PolicyType::extradition && type != PolicyType::stay_limit) return false;
        ++daily;
      }
      return daily == 2;
    }(),
    "a policy type tested daily on the settled that wake_after does not know");

// Whether removals draws an extradition chance for agent a where they are today: a policy in
// force there selects them. Others there are not woken for it (removals would draw nothing).
bool Run::extradition_tested(std::uint32_t a) const {
  const NodeId n = pop_.node[a];
  return rules_.daily_at(n) && !rules_.active(PolicyType::extradition).empty() &&
         rules_.extradition_hazard(m_, n, traits(a)) > 0;
}

// The first day from `from` on that a stay limit may find a settled person's stay used up:
// never where none in force selects them (their traits do not change while they sleep, and
// a change of policies wakes everyone); otherwise not before stay_used_up's own first test (this
// stay's days plus the earlier stay's, counted whole) reaches the shortest limit, less the
// days it lets people have used on arrival, nor while their permit is valid. Until then
// stay_used_up is false whatever the day, so they need no look; from then on, a look every
// day, as before.
DayIndex Run::stay_limit_due(std::uint32_t a, DayIndex from) const {
  const NodeId here = pop_.node[a];
  const int shortest = rules_.stay_limit_days(here);
  if (shortest == 0 || !rules_.stay_limit_covers(m_, here, traits(a))) return no_day;
  const PriorStay prior = pop_.prior_stay(a);
  int first = pop_.since[a] + shortest - (prior.country == country(here) ? prior.used : 0);
  if (const DayIndex until = pop_.permit_until(a); until != no_day) first = std::max<int>(first, until);
  return static_cast<DayIndex>(std::clamp<int>(first, from, no_day));
}

// Leaving a node a stay limit covers: the days counted there (this stay, and the earlier
// one's within the window, as one block) are kept for a return. Moving between places of
// the same country carries the count on.
void Run::remember_stay(std::uint32_t a, DayIndex day) {
  const NodeId here = pop_.node[a], c = country(here);
  const int used = day - pop_.since[a] + pop_.prior_stay(a).days_within(c, day, stay_window_[here]);
  Dossier& d = pop_.open_dossier(a);
  d.stay_country = c;
  d.stay_used = static_cast<DayIndex>(std::min(used, 0xFFFE));
  d.stay_left = day;
}

// Crossings with a daily capacity take the requests with the lowest priority draws; the
// rest wait where they are. Capacity in people is turned into agents per day without
// drift: day d admits floor(c(d+1)/scale) - floor(cd/scale).
void Run::resolve(DayIndex day) {
  gather(tally_, &ThreadTally::requests, requests_);
  admitted_.clear();
  refused_ = 0;
  std::fill(queued_.begin(), queued_.end(), 0);
  for (std::size_t i = 0; i < requests_.size();) {
    std::size_t j = i;
    while (j < requests_.size() && requests_[j].edge == requests_[i].edge) ++j;
    const double cap = w_.edges[requests_[i].edge].capacity_per_day / m_.scale;
    const auto admit = static_cast<std::size_t>(std::floor(cap * (day + 1)) - std::floor(cap * day));
    const std::size_t k = i + std::min(admit, j - i);
    admitted_.insert(admitted_.end(), requests_.begin() + static_cast<std::ptrdiff_t>(i),
                     requests_.begin() + static_cast<std::ptrdiff_t>(k));
    refused_ += j - k;
    queued_[requests_[i].edge] = static_cast<std::uint32_t>(j - k);
    i = j;
  }
}

// Those admitted over a crossing with a capacity set off; the others set off in decide.
void Run::commit(DayIndex day) {
  ThreadTally& tally = tally_.local();
  for (const CapacityRequest& r : admitted_) tracked(r.agent, tally, [&] { set_off(r.agent, r.edge, day, tally); });
}

// Agent a sets off over crossing e today.
void Run::set_off(std::uint32_t a, EdgeId e, DayIndex day, ThreadTally& tally) {
  if (stay_window_[pop_.node[a]] > 0) remember_stay(a, day);
  if (country(w_.edges[e].to) != country(pop_.node[a])) pop_.end_permit(a);  // left it behind
  pop_.edge[a] = e;
  pop_.status[a] = Status::travelling;
  pop_.days_left[a] = w_.edges[e].days;
  pop_.savings[a] -= w_.edges[e].cost;
  ++tally.edge_entries[e];
}

// Per country, in a fixed order: today's applications join the first-instance queue behind
// the background, in agent-id order; then the day's decision capacity is spent.
void Run::queue(Date date) {
  gather(tally_, &ThreadTally::lodgers, lodgers_);
  for (NodeId n = 0; n < w_.node_count(); ++n)
    if (w_.nodes[n].is_country && m_.asylum[n].present) lodged_[n] += m_.asylum[n].background_on(date);
  for (const std::uint32_t a : lodgers_) {
    Dossier& d = pop_.open_dossier(a);  // opened when they registered
    const NodeId c = country(d.asylum_node);
    lodged_[c] += m_.scale;
    d.ticket = static_cast<std::uint32_t>(std::floor(lodged_[c]));
  }
  for (NodeId n = 0; n < w_.node_count(); ++n) {
    if (!w_.nodes[n].is_country || !m_.asylum[n].present) continue;
    decided_[n] = std::min(lodged_[n], decided_[n] + rules_.capacity_per_day(n));
    decided_whole_[n] = static_cast<std::uint32_t>(std::floor(decided_[n]));
  }
}

// Does an EU state issue this visa on `date`? Then it opens the EU's external border, and is of
// no use to someone already inside; a visa of any other state opens that state's border, from
// anywhere outside it.
bool Run::issued_by_eu_state(const CompiledPolicy& policy, Date date) const {
  for (std::size_t n = 0; n < policy.in_where.size(); ++n)
    if (policy.in_where[n] && m_.in_eu(static_cast<NodeId>(n), date)) return true;
  return false;
}

// Not irregular people, nor those who stay at home for good (flag_hiding): they make no plans.
// Nor people where the visa opens no door (issued_by_eu_state).
bool Run::visa_eligible(std::uint32_t a, const CompiledPolicy& policy, Date date, bool eu_issuer) const {
  const Status s = pop_.status[a];
  if (s != Status::at_origin && s != Status::home && s != Status::in_transit && s != Status::settled) return false;
  if ((pop_.flags[a] & flag_hiding) || (documents(a) & policy.document)) return false;
  const NodeId here = pop_.node[a];
  if (eu_issuer ? m_.in_eu(here, date) : policy.in_where[here] != 0) return false;
  return policy.who.matches(traits(a));
}

void Run::grant_visa(std::uint32_t a, const CompiledPolicy& policy) {
  pop_.wake[a] = 0;  // new doors open: look at them tomorrow
  Traits now = traits(a);
  now.documents = static_cast<DocMask>(now.documents | policy.document);
  pop_.mobility_class[a] = class_of(class_key_of(m_, now));
  if (pop_.status[a] == Status::settled) pop_.status[a] = Status::in_transit;
  pop_.dest[a] = no_dest;  // with new doors open, choose again
  pop_.days_left[a] = 0;   // and forget that there was nowhere to go
  for (std::size_t d = 0; d < visa_grants_.size(); ++d)
    if ((policy.document >> d) & 1U) ++visa_grants_[d];
}

// visa_classes_ for `policy`: the mobility classes whose profile and documents its who
// selects and that lack the document it issues.
void Run::mark_visa_classes(const CompiledPolicy& policy) {
  const Selector& who = policy.who;
  visa_classes_.assign(class_keys_.size(), 0);
  for (std::size_t c = 0; c < class_keys_.size(); ++c) {
    const DocMask docs = class_documents(class_keys_[c]);
    const bool selected =
        who.everyone || (((who.profiles >> class_profile(class_keys_[c])) & 1ULL) &&
                         (docs & who.documents_all) == who.documents_all && !(docs & who.documents_none));
    visa_classes_[c] = selected && !(docs & policy.document);
  }
}

// People of the classes visa_classes_ marks: those of classes made since (by today's grants)
// hold a document just granted, so a class the policy cannot reach.
bool Run::visa_class_reached(std::uint32_t a) const {
  const std::uint16_t c = pop_.mobility_class[a];
  return c < visa_classes_.size() && visa_classes_[c];
}

// Policy p's pool: the people its who and document can reach by their mobility class, in id
// order, and a few whose class has changed since. Kept from day to day: people spawned since
// are added and people whose class changed (a visa granted) dropped; a class changes only by
// gaining a document, which brings people into the pool only if p's who requires it, and then
// the pool is made again.
const std::vector<std::uint32_t>& Run::visa_pool(std::size_t p, const CompiledPolicy& policy) {
  VisaPool& pool = visa_pools_[p];
  std::uint64_t stamp = 0;
  for (std::size_t d = 0; d < visa_grants_.size(); ++d)
    if ((policy.who.documents_all >> d) & 1U) stamp += visa_grants_[d];
  if (stamp != pool.stamp) pool = VisaPool{{}, 0, stamp, 0};
  // People leave it only by a visa granted; callers test visa_class_reached anyway, so those
  // are dropped only once they could make up an eighth of it.
  std::uint64_t grants = 0;
  for (const std::uint64_t g : visa_grants_) grants += g;
  if ((grants - pool.grants_when_dropped) * 8 > pool.agents.size()) {
    std::erase_if(pool.agents, [&](std::uint32_t a) { return !visa_class_reached(a); });
    pool.grants_when_dropped = grants;
  }
  for (std::uint32_t a = pool.upto; a < pop_.spawned; ++a)
    if (visa_class_reached(a)) pool.agents.push_back(a);
  pool.upto = pop_.spawned;
  return pool.agents;
}

// Humanitarian visas go to eligible people drawn uniformly at random, a day's share of the
// monthly quota at a time. Drawing people (rejection sampling over agent ids, keyed by
// policy, day and try) costs the quota, not the population; if eligible people are so rare
// that the tries run out, a scan from a random offset fills the rest, reading the policy's
// pool (visa_pool) in the order a scan of everyone would have met them. A quota larger than
// those who can take it (Israel's checks once the waiting had cleared) gives everyone
// eligible a visa, found in the pool, without the draws. Serial, after commit: people who set
// off today are travelling and not eligible.
void Run::visas(Today today) {
  if (pop_.spawned == 0) return;
  ThreadTally& tally = tally_.local();
  auto grant = [&](std::uint32_t a, const CompiledPolicy& policy) {
    tracked(a, tally, [&] { grant_visa(a, policy); });
  };
  for (const auto p : rules_.active(PolicyType::humanitarian_visa)) {
    const auto& policy = m_.policies[p];
    const std::size_t quota = visa_quota(policy, today.date);
    const bool eu_issuer = issued_by_eu_state(policy, today.date);
    mark_visa_classes(policy);
    auto eligible = [&](std::uint32_t a) {
      return visa_class_reached(a) && visa_eligible(a, policy, today.date, eu_issuer);
    };
    // No more eligible people than the quota: every one of them gets a visa, whichever the
    // draws would have found first, so the draws (64 tries a visa) are not made.
    const std::vector<std::uint32_t>& pool = visa_pool(p, policy);
    std::size_t eligible_people = 0;
    for (const std::uint32_t a : pool)
      if (eligible(a) && ++eligible_people > quota) break;
    if (eligible_people <= quota) {
      for (const std::uint32_t a : pool)
        if (eligible(a)) grant(a, policy);
      continue;
    }
    std::size_t granted = 0;
    const std::size_t tries = std::min<std::size_t>(64 * quota + 256, 0xFFFFF);  // 0xFFFFF: the scan start
    auto pick = [&](std::uint32_t t) {
      const auto w = rng_.words(t, today.index, Purpose::visa_priority, policy.stream);
      return static_cast<std::uint32_t>((static_cast<std::uint64_t>(w[0]) * pop_.spawned) >> 32);
    };
    for (std::size_t t = 0; t < tries && granted < quota; ++t) {
      const std::uint32_t a = pick(static_cast<std::uint32_t>(t));
      if (eligible(a)) grant(a, policy), ++granted;
    }
    if (granted >= quota) continue;
    // From the first id at or after start to the end, then from the beginning.
    const auto middle = std::lower_bound(pool.begin(), pool.end(), pick(0xFFFFF));
    for (auto it = middle; it != pool.end() && granted < quota; ++it)
      if (eligible(*it)) grant(*it, policy), ++granted;
    for (auto it = pool.begin(); it != middle && granted < quota; ++it)
      if (eligible(*it)) grant(*it, policy), ++granted;
  }
}

// The day's totals for the observer: the thread tallies merged (the stock by its changes;
// everyone counted again from scratch on some days), checked, and turned into people.
void Run::observe(Today today) {
  merge_tallies();
  if (today.index % recount_every_days_ == 0 || today.index + 1 == m_.days()) recount(today.index);
  check_conservation(today.index);
  report_day(today);
}

// Counts everyone by node and status into the thread tallies; anyone in an invalid state
// is counted as invalid instead.
void Run::count_everyone() {
  tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, pop_.spawned, grain), [&](const auto& r) {
    ThreadTally& tally = tally_.local();
    const auto nodes = w_.node_count();
    for (std::uint32_t a = r.begin(); a != r.end(); ++a) {
      const auto s = static_cast<unsigned>(pop_.status[a]);
      const bool lost_on_the_way = pop_.status[a] == Status::travelling && pop_.edge[a] == no_edge;
      if (s >= status_count || pop_.node[a] >= nodes || lost_on_the_way) {
        ++tally.invalid;
        continue;
      }
      ++tally.stock[static_cast<std::size_t>(pop_.node[a]) * stock_stride + s];
    }
  });
}

// Everyone counted from scratch must be everyone as counted by their changes, and nobody in
// an invalid state.
void Run::recount(DayIndex day) {
  count_everyone();
  std::uint64_t invalid = 0;
  std::vector<std::uint64_t> counted(stock_.size(), 0);
  for (const auto& t : tally_) {
    invalid += t.invalid;
    for (std::size_t n = 0; n < w_.nodes.size(); ++n)
      for (std::size_t s = 0; s < status_count; ++s) counted[n * status_count + s] += t.stock[n * stock_stride + s];
  }
  if (invalid != 0)
    throw std::logic_error("conservation broken on day " + std::to_string(day) + ": " + std::to_string(invalid) +
                           " agents in an invalid state");
  for (std::size_t i = 0; i < stock_.size(); ++i)
    if (static_cast<std::int64_t>(counted[i]) != stock_[i])
      throw std::logic_error("conservation broken on day " + std::to_string(day) + ": " + std::to_string(counted[i]) +
                             " agents counted at " + w_.nodes[i / status_count].id + " as " +
                             std::string(status_names[i % status_count]) + ", " + std::to_string(stock_[i]) +
                             " by their changes");
}

// Sums the thread tallies of the day: the stock's changes into stock_ (then copied into
// stats_), edge entries into stats_, events_, transitions_, replanned_; all still in agents.
void Run::merge_tallies() {
  stats_.edge_entries.assign(w_.edges.size(), 0);
  events_.assign(w_.nodes.size() * asylum_event_count, 0);
  transitions_.assign(w_.nodes.size() * transition_count, 0);
  replanned_ = 0;
  for (const auto& t : tally_) {
    for (std::size_t i = 0; i < t.moves.size(); ++i) stock_[i] += t.moves[i];
    for (std::size_t i = 0; i < t.edge_entries.size(); ++i) stats_.edge_entries[i] += t.edge_entries[i];
    for (std::size_t i = 0; i < t.events.size(); ++i) events_[i] += t.events[i];
    for (std::size_t i = 0; i < t.transitions.size(); ++i) transitions_[i] += t.transitions[i];
    replanned_ += t.replanned;
  }
  stats_.stock.assign(stock_.begin(), stock_.end());
  std::vector<DublinEvent> today;
  gather(tally_, &ThreadTally::dublin, today);
  dublin_log_.insert(dublin_log_.end(), today.begin(), today.end());
}

// Nobody lost or duplicated: the stock holds everyone spawned, nowhere fewer than nobody.
void Run::check_conservation(DayIndex day) const {
  std::int64_t counted = 0;
  bool negative = false;
  for (const auto v : stock_) counted += v, negative |= v < 0;
  if (negative || counted != static_cast<std::int64_t>(pop_.spawned))
    throw std::logic_error("conservation broken on day " + std::to_string(day) + ": " + std::to_string(pop_.spawned) +
                           " agents spawned, " + std::to_string(counted) + " in the stock" +
                           (negative ? ", some of its counts below 0" : ""));
}

// Turns the merged agent counts into the people of DayStats and hands them to the observer.
void Run::report_day(Today today) {
  const std::size_t n = w_.nodes.size();
  stats_.date = today.date;
  stats_.day_index = today.index;
  stats_.spawned_agents = pop_.spawned;
  stats_.spawned_people = people(pop_.spawned);
  stats_.asylum.assign(n, AsylumDay{});
  for (std::size_t v = 0; v < n; ++v) {
    AsylumDay& out = stats_.asylum[v];
    for (std::size_t e = 0; e < asylum_event_count; ++e) out.events[e] = people(events_[v * asylum_event_count + e]);
    out.backlog = people(stats_.stock[v * status_count + static_cast<int>(Status::applicant)] +
                         stats_.stock[v * status_count + static_cast<int>(Status::detained)]);
    out.backlog_all = lodged_[v] - decided_[v];
  }
  stats_.transitions.resize(transitions_.size());
  for (std::size_t i = 0; i < transitions_.size(); ++i) stats_.transitions[i] = people(transitions_[i]);
  for (auto& v : stats_.stock) v = people(v);
  for (auto& v : stats_.edge_entries) v = people(v);
  stats_.refused_capacity = people(refused_);
  stats_.replanned = people(replanned_);
  if (observer_) observer_->on_day(m_, stats_);
}

void Run::finish() {
  FinalStats f;
  const std::size_t n = w_.nodes.size();
  const auto days = static_cast<std::size_t>(m_.days());
  const auto last = static_cast<DayIndex>(days - 1);
  f.outcomes.assign(m_.profiles.size() * n * status_count, 0);
  f.journey_days.assign(n, std::vector<std::uint64_t>(days, 0));
  std::map<std::tuple<NodeId, int, int, int>, std::uint64_t> waits;  // (country, wait, year, days) -> agents
  auto wait = [&](NodeId node, Wait kind, DayIndex from, DayIndex to) {
    const int year = ymd_from_date(m_.start + to).year;
    ++waits[{country(node), static_cast<int>(kind), year, to - from}];
  };
  DayIndex spawned_on = 0;  // agent a's spawn day: agents are spawned in id order, day by day
  for (std::uint32_t a = 0; a < pop_.spawned; ++a) {
    while (a >= m_.agents_by_day[spawned_on]) ++spawned_on;
    const auto s = pop_.status[a];
    ++f.outcomes[(profile(a) * n + pop_.node[a]) * status_count + static_cast<std::size_t>(s)];
    if (s != Status::travelling && s != Status::at_origin && s != Status::home)
      ++f.journey_days[pop_.node[a]][static_cast<std::size_t>(pop_.since[a] - spawned_on)];
    const Dossier& d = pop_.dossier_of(a);
    const NodeId at = d.asylum_node;
    if (at == no_node) continue;
    const DayIndex applied = d.applied_day, first = d.first_decision_day, final_day = d.final_decision_day;
    if (applied != no_day && first != no_day) wait(at, Wait::application_to_first_decision, applied, first);
    if (applied != no_day && final_day != no_day) wait(at, Wait::application_to_final_decision, applied, final_day);
    if (s == Status::protected_) wait(at, Wait::departure_to_protection, spawned_on, final_day);
    // Limbo ends with protection or removal; people still in a procedure are in it on the
    // last day. Those who left the procedure (moved on, settled otherwise) are not counted.
    switch (s) {
      case Status::protected_:
        wait(at, Wait::limbo, d.registered_day, final_day);
        break;
      case Status::returned:
        wait(at, Wait::limbo, d.registered_day, pop_.since[a]);
        break;
      case Status::irregular:  // a rejected applicant in hiding is still one
        if (!removable(a)) break;
        [[fallthrough]];
      case Status::registered:
      case Status::applicant:
      case Status::appealing:
      case Status::rejected:
      case Status::dublin_pending:
      case Status::detained:
        wait(at, Wait::limbo, d.registered_day, last);
        break;
      default:
        break;
    }
  }
  for (auto& v : f.outcomes) v = people(v);
  for (auto& row : f.journey_days)
    for (auto& v : row) v = people(v);
  for (const auto& [key, agents] : waits) {
    const auto& [node, kind, year, d] = key;
    f.waits.push_back({node, static_cast<Wait>(kind), year, d, people(agents)});
  }
  f.dublin = dublin_counts(m_, dublin_log_, m_.scale);
  if (observer_) observer_->on_finish(m_, f);
}

std::uint64_t Run::people(std::uint64_t agents) const {
  return static_cast<std::uint64_t>(std::llround(static_cast<double>(agents) * m_.scale));
}

}  // namespace detail

RunResult run(const Model& model, const RunOptions& options, Observer* observer) {
  return detail::with_threads(options.threads, [&] { return detail::Run(model, options, observer).execute(); });
}

}  // namespace migsim
