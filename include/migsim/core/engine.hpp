#pragma once
// The engine's public face: build a model from a valid spec, run it, observe each day.
// The engine does no IO; writers and progress lines are observers installed by the host.
#include "migsim/core/layer.hpp"

#include <array>
#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "migsim/core/asylum_events.hpp"
#include "migsim/core/dublin.hpp"
#include "migsim/core/scenario.hpp"
#include "migsim/core/status.hpp"
#include "migsim/core/transitions.hpp"
#include "migsim/core/world.hpp"

namespace migsim {

struct Model;  // built tables; opaque outside sim/core (see sim/core/engine/model.hpp)

// Throws std::invalid_argument if the spec breaks an invariant the model needs (the first one
// found). Files are checked before, every problem at once: io::validate.
std::shared_ptr<const Model> build_model(const ScenarioSpec& spec);

const World& world_of(const Model& model);
const std::vector<std::string>& profile_names(const Model& model);
Date start_of(const Model& model);
Date end_of(const Model& model);
double scale_of(const Model& model);            // people per agent
std::uint32_t agent_total(const Model& model);  // agents the schedule will spawn

// Crossings by people the scenario does not simulate (countries[].other_traffic), per month
// of the run and direction: from the origin into the country and as many back. Whole
// crossings, each month's sum of the daily numbers rounded; months with none are left out.
// By month, then country (in the file's order), origin-to-country first.
struct TrafficCount {
  Date month = 0;  // its first day
  NodeId from = 0, to = 0;
  std::uint64_t crossings = 0;
};
std::vector<TrafficCount> other_traffic_counts(const Model& model);

// The named phases of one day, in the order they run.
enum class Phase : std::uint8_t { apply_policies, spawn, decide, resolve, commit, queue, visas, observe };
inline constexpr std::array phase_names = {"apply_policies", "spawn", "decide", "resolve",
                                           "commit",         "queue", "visas",  "observe"};
inline constexpr int phase_count = static_cast<int>(phase_names.size());
static_assert(static_cast<int>(Phase::observe) + 1 == phase_count, "phase_names must name every Phase, in order");

// Asylum events of one day in one country, in people (agents x scale).
struct AsylumDay {
  std::array<std::uint64_t, asylum_event_count> events{};  // [AsylumEvent]
  std::uint64_t backlog = 0;                               // these people awaiting a first decision, end of day
  double backlog_all = 0;                                  // the same with other nationalities (the background)

  std::uint64_t& operator[](AsylumEvent e) { return events[static_cast<std::size_t>(e)]; }
  std::uint64_t operator[](AsylumEvent e) const { return events[static_cast<std::size_t>(e)]; }
};

// Waiting-time measures, in days, per country of application.
enum class Wait : std::uint8_t {
  application_to_first_decision,
  application_to_final_decision,  // appeal decision where there was one
  departure_to_protection,
  limbo,  // from registering to protection, removal or the end of the run, for everyone who registered
};
inline constexpr std::array wait_names = {"application_to_first_decision", "application_to_final_decision",
                                          "departure_to_protection", "limbo"};
inline constexpr int wait_count = static_cast<int>(wait_names.size());
static_assert(static_cast<int>(Wait::limbo) + 1 == wait_count, "wait_names must name every Wait, in order");

struct WaitCount {
  NodeId node = 0;
  Wait wait = Wait::application_to_first_decision;
  int year = 0;
  int days = 0;
  std::uint64_t people = 0;
};

// What one day looked like, in people (agents x scale). Valid only during on_day.
struct DayStats {
  Date date = 0;
  int day_index = 0;                 // 0 on the scenario's start date
  std::uint64_t spawned_people = 0;  // spawned so far, including today
  std::uint64_t spawned_agents = 0;
  std::vector<std::uint64_t> stock;         // [node * status_count + status]: people there, end of day
  std::vector<std::uint64_t> edge_entries;  // [edge]: people who set off on that crossing today
  std::uint64_t refused_capacity = 0;       // people who wanted a full crossing today and waited
  std::uint64_t replanned = 0;              // people whose route was closed under them today
  std::vector<AsylumDay> asylum;            // [node]: zero for nodes without an asylum procedure
  std::vector<std::uint64_t> transitions;   // [node * transition_count + Transition]: people, today
};

struct FinalStats {
  // [(profile * node_count + node) * status_count + status]: people, on the last day
  std::vector<std::uint64_t> outcomes;
  // [node][d]: people whose last move ended at `node` d days after they left the origin
  // (d capped at the scenario's length), for people no longer travelling and not at origin.
  std::vector<std::vector<std::uint64_t>> journey_days;
  // How long people waited, by country, measure and the calendar year the wait ended (limbo
  // that has not ended counts in the last simulated year), as counts of people per number
  // of days: sorted by node, wait, year, days, each key once. A person's last application
  // is the one measured; limbo is counted in the country where they last registered.
  std::vector<WaitCount> waits;
  // Dublin requests and transfers per month and pair of states. The simulated people's as
  // they happened. For a state with other nationalities' registrations, theirs too: each
  // month's registrants are taken to be asked for, and transferred, as the simulated people
  // registered there were, by the months since registering (pooled over the registration
  // months that can show that lag), from the same requesting states; expected values,
  // rounded to whole people per row. Rows where requests or transfers is not zero.
  std::vector<DublinCount> dublin;
};

class Observer {
 public:
  virtual ~Observer() = default;
  virtual void on_day(const Model&, const DayStats&) {}
  virtual void on_finish(const Model&, const FinalStats&) {}
};

// Forwards each day and the finish to several observers, in the order given (the writers,
// a progress line, in-memory metrics).
class Fanout : public Observer {
 public:
  explicit Fanout(std::vector<Observer*> observers) : observers_(std::move(observers)) {}
  void on_day(const Model& m, const DayStats& d) override {
    for (Observer* o : observers_) o->on_day(m, d);
  }
  void on_finish(const Model& m, const FinalStats& f) override {
    for (Observer* o : observers_) o->on_finish(m, f);
  }

 private:
  std::vector<Observer*> observers_;
};

struct RunOptions {
  std::uint64_t seed = 1;
  int threads = 0;  // 0 = as many as the machine has
  // The stock (everyone by node and status) is kept by counting each change of someone's
  // node or status as it happens. Every this many days (>= 1), and on the last, everyone is
  // counted again from scratch and the two must agree, or the run stops (std::logic_error).
  // A full count every day was a sixth of the reference run at one agent per person; a wrong
  // change stays in the stock, so the next recount shows it. The tests recount every day.
  int recount_every_days = 32;
};

struct RunResult {
  std::array<double, phase_count> phase_seconds{};  // wall time spent in each phase
  double wall_seconds = 0;
  std::uint64_t agents = 0;       // agents spawned
  std::uint64_t agent_steps = 0;  // sum over days of agents spawned so far
  int threads = 0;
};

// Runs the whole scenario. Throws std::logic_error if the conservation invariant breaks.
RunResult run(const Model& model, const RunOptions& options, Observer* observer = nullptr);

}  // namespace migsim
