// print_summary: golden output for hand-made end states, so layout changes are deliberate.
#include <doctest/doctest.h>

#include <algorithm>
#include <sstream>

#include "migsim/io/results.hpp"
#include "results_fixture.hpp"

using namespace migsim;

namespace {

constexpr std::size_t nodes = 4;  // RU GE DE lars
enum : std::size_t { RU, GE, DE, LARS };

// The tiny scenario with a second profile, so the by-profile table has two rows.
ScenarioSpec two_profiles() {
  ScenarioSpec s = test::tiny_spec();
  s.profiles.front().share = 0.5;
  ProfileSpec deserter = s.profiles.front();
  deserter.id = "deserter";
  s.profiles.push_back(deserter);
  return s;
}

WaitCount wc(std::size_t node, Wait w, int year, int days, std::uint64_t people) {
  return WaitCount{static_cast<NodeId>(node), w, year, days, people};
}

}  // namespace

TEST_CASE("print_summary: by country and status, by profile, waits per country, journeys") {
  const auto model = build_model(two_profiles());
  FinalStats f;
  f.outcomes.assign(2 * nodes * status_count, 0);
  auto at = [&](std::size_t profile, std::size_t node, Status s) -> std::uint64_t& {
    return f.outcomes[(profile * nodes + node) * status_count + static_cast<std::size_t>(s)];
  };
  at(0, RU, Status::at_origin) = 400;
  at(0, GE, Status::travelling) = 100;
  at(0, GE, Status::settled) = 1500;
  at(0, LARS, Status::in_transit) = 300;
  at(0, DE, Status::settled) = 1200;
  at(0, DE, Status::applicant) = 500;
  at(1, DE, Status::protected_) = 300;
  at(1, DE, Status::irregular) = 100;
  at(1, DE, Status::dublin_pending) = 50;
  at(1, RU, Status::returned) = 25;
  at(1, RU, Status::home) = 25;
  f.journey_days.assign(nodes, {});
  f.journey_days[DE] = {0, 0, 500, 1200};  // 1,700 people: mean 2.7, p50 3, p90 3
  f.journey_days[GE] = {0, 1500};
  f.journey_days[LARS] = {0, 0, 0, 0, 0, 300};  // rolls into GE: 1,800 people, mean 1.7, p90 5
  f.waits = {
      wc(GE, Wait::limbo, 2022, 40, 9),  // not in the summary: waits.csv has it
      wc(DE, Wait::application_to_first_decision, 2022, 100, 6),
      wc(DE, Wait::application_to_first_decision, 2022, 200, 4),  // n 10, mean 140, p50 100, p90 200
      wc(DE, Wait::application_to_final_decision, 2023, 300, 4),
      wc(LARS, Wait::application_to_first_decision, 2022, 10, 2),  // Georgia: a first decision, no final one
  };
  RunResult r;
  r.agents = 450;
  r.agent_steps = 1000000;
  r.wall_seconds = 0.5;
  r.threads = 4;

  std::ostringstream out;
  io::print_summary(out, *model, f, r);
  // Germany 2,150 of 4,500 = 47.8%. Statuses nobody has (registered, appealing, rejected,
  // detained) get no column; irregular has its own, apart from transit. everyone: settled
  // 2,700 of 4,000, not arrived 400 + 100 + 300. deserter: irregular 100 of 500; home (went
  // back of their own accord) apart from returned (removed).
  CHECK(out.str() ==
        "People spawned: 4,500 (450 agents x 10)\n"
        "\n"
        "Where people ended up\n"
        "  country  people  share  origin  travel  transit  applicant  protected  dublin  returned  settled  irregular "
        " home\n"
        "  Germany   2,150  47.8%       0       0        0        500        300      50         0    1,200        100 "
        "    0\n"
        "  Georgia   1,900  42.2%       0     100      300          0          0       0         0    1,500          0 "
        "    0\n"
        "  Russia      450  10.0%     400       0        0          0          0       0        25        0          0 "
        "   25\n"
        "\n"
        "By profile (not_arrived: at origin, travelling or in transit; home: went back of their own accord; returned: "
        "removed)\n"
        "  profile   people  protected  settled  irregular  not_arrived  home  returned\n"
        "  everyone   4,000       0.0%    67.5%       0.0%        20.0%  0.0%      0.0%\n"
        "  deserter     500      60.0%     0.0%      20.0%         0.0%  5.0%      5.0%\n"
        "\n"
        "How long they waited (days from the application to the first decision; to the final one)\n"
        "  country  first   mean  p50  p90  final   mean  p50  p90\n"
        "  Germany     10  140.0  100  200      4  300.0  300  300\n"
        "  Georgia      2   10.0   10   10      0      -    -    -\n"
        "\n"
        "How long the journeys took (days from leaving the origin)\n"
        "  country  people  mean  p50  p90\n"
        "  Georgia   1,800   1.7    1    5\n"
        "  Germany   1,700   2.7    3    3\n"
        "\n"
        "Wall time 0.50 s, 2,000,000 agent-steps/s, 4 threads\n");
}

TEST_CASE("print_summary: a temporary column in the by-profile table only where someone holds temporary protection") {
  const auto model = build_model(two_profiles());
  FinalStats f;
  f.outcomes.assign(2 * nodes * status_count, 0);
  auto at = [&](std::size_t profile, std::size_t node, Status s) -> std::uint64_t& {
    return f.outcomes[(profile * nodes + node) * status_count + static_cast<std::size_t>(s)];
  };
  at(0, DE, Status::temporary) = 300;
  at(0, DE, Status::settled) = 100;
  at(1, GE, Status::settled) = 200;
  f.journey_days.assign(nodes, {});
  RunResult r;
  r.threads = 1;
  std::ostringstream out;
  io::print_summary(out, *model, f, r);
  const std::string text = out.str();
  CHECK(text.find("By profile (temporary: under temporary protection; not_arrived: at origin, travelling or in "
                  "transit; home: went back of their own accord; returned: removed)\n"
                  "  profile   people  protected  temporary  settled  irregular  not_arrived  home  returned\n"
                  "  everyone     400       0.0%      75.0%    25.0%       0.0%         0.0%  0.0%      0.0%\n"
                  "  deserter     200       0.0%       0.0%   100.0%       0.0%         0.0%  0.0%      0.0%\n") !=
        std::string::npos);
}

TEST_CASE("print_summary of a run where nobody left says so") {
  const auto model = build_model(test::tiny_spec());
  FinalStats f;
  f.outcomes.assign(nodes * status_count, 0);
  f.journey_days.assign(nodes, {});
  RunResult r;
  r.threads = 1;
  std::ostringstream out;
  io::print_summary(out, *model, f, r);
  CHECK(out.str() ==
        "People spawned: 0 (0 agents x 10)\n"
        "\n"
        "Where people ended up\n"
        "  nobody\n"
        "\n"
        "How long they waited (days from the application to the first decision; to the final one)\n"
        "  no decisions\n"
        "\n"
        "How long the journeys took (days from leaving the origin)\n"
        "  no completed journeys\n"
        "\n"
        "Wall time 0.00 s, 0 agent-steps/s, 1 thread\n");
}

TEST_CASE("print_summary leaves the journey table out rather than run past 45 lines") {
  // 14 destination countries and 8 profiles: the two questions' tables alone fill a screen.
  ScenarioSpec s = test::tiny_spec();
  s.crossings.resize(1);  // ru_lars only; GE and DE keep no crossing of their own
  for (int i = 0; i < 14; ++i) {
    CountrySpec c;
    c.id = "C" + std::to_string(10 + i);
    c.name = c.id;
    c.attractiveness = 1;
    s.countries.push_back(c);
    CrossingSpec x;
    x.id = "ru_" + c.id;
    x.from = "RU";
    x.to = c.id;
    s.crossings.push_back(x);
  }
  ProfileSpec p = s.profiles.front();
  s.profiles.clear();
  for (int i = 0; i < 8; ++i) {
    p.id = "p" + std::to_string(i);
    p.share = 0.125;
    s.profiles.push_back(p);
  }
  const auto model = build_model(s);
  const World& w = world_of(*model);
  const std::size_t n = w.node_count();
  FinalStats f;
  f.outcomes.assign(8 * n * status_count, 0);
  f.journey_days.assign(n, {});
  for (std::size_t prof = 0; prof < 8; ++prof)
    for (std::size_t node = 0; node < n; ++node)
      f.outcomes[(prof * n + node) * status_count + static_cast<std::size_t>(Status::settled)] = 10 + node;
  for (std::size_t node = 0; node < n; ++node) {
    if (!w.nodes[node].is_country) continue;
    f.journey_days[node] = {0, 5};
    f.waits.push_back(wc(node, Wait::application_to_first_decision, 2022, 30, 1 + node));
  }
  RunResult r;
  std::ostringstream out;
  io::print_summary(out, *model, f, r);
  const std::string text = out.str();
  CHECK(std::count(text.begin(), text.end(), '\n') == 44);
  CHECK(text.find("How long they waited") != std::string::npos);
  CHECK(text.find("(7 more countries in waits.csv)") != std::string::npos);
  CHECK(text.find("How long the journeys took") == std::string::npos);
  CHECK(text.find("Wall time") != std::string::npos);
}
