// print_summary: golden output for a hand-made end state, so layout changes are deliberate.
#include <doctest/doctest.h>

#include <sstream>

#include "migsim/io/results.hpp"
#include "results_fixture.hpp"

using namespace migsim;

namespace {

constexpr std::size_t nodes = 4;  // RU GE DE lars
enum : std::size_t { RU, GE, DE, LARS };

}  // namespace

TEST_CASE("print_summary rolls places up to countries and sorts by people") {
  const auto model = build_model(test::tiny_spec());
  FinalStats f;
  f.outcomes.assign(nodes * status_count, 0);
  auto at = [&](std::size_t node, Status s) -> std::uint64_t& {
    return f.outcomes[node * status_count + static_cast<std::size_t>(s)];
  };
  at(RU, Status::at_origin) = 400;
  at(GE, Status::travelling) = 100;
  at(GE, Status::settled) = 1500;
  at(LARS, Status::in_transit) = 300;
  at(DE, Status::settled) = 1200;
  at(DE, Status::applicant) = 500;
  f.journey_days.assign(nodes, {});
  f.journey_days[DE] = {0, 0, 500, 1200};  // 1,700 people: mean 2.7, p50 3, p90 3
  f.journey_days[GE] = {0, 1500};
  f.journey_days[LARS] = {0, 0, 0, 0, 0, 300};  // rolls into GE: 1,800 people, mean 1.7, p90 5
  RunResult r;
  r.agents = 400;
  r.agent_steps = 1000000;
  r.wall_seconds = 0.5;
  r.threads = 4;

  std::ostringstream out;
  io::print_summary(out, *model, f, r);
  CHECK(out.str() ==
        "People spawned: 4,000 (400 agents x 10)\n"
        "\n"
        "Where people ended up\n"
        "  country  people  share  at_origin  travelling  in_transit  applicant  settled\n"
        "  Georgia   1,900  47.5%          0         100         300          0    1,500\n"
        "  Germany   1,700  42.5%          0           0           0        500    1,200\n"
        "  Russia      400  10.0%        400           0           0          0        0\n"
        "\n"
        "How long the journeys took (days from leaving the origin)\n"
        "  country  people  mean  p50  p90\n"
        "  Georgia   1,800   1.7    1    5\n"
        "  Germany   1,700   2.7    3    3\n"
        "\n"
        "Wall time 0.50 s, 2,000,000 agent-steps/s, 4 threads\n");
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
        "How long the journeys took (days from leaving the origin)\n"
        "  no completed journeys\n"
        "\n"
        "Wall time 0.00 s, 0 agent-steps/s, 1 thread\n");
}
