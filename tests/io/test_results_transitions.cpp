// transitions.csv, and the going-home rows of flows.csv, on hand-made days: exact file
// contents, so the roll-up of places, the monthly sums, the rows left out and the order are
// each a visible diff if they change.
#include <doctest/doctest.h>

#include <stdexcept>

#include "migsim/io/results.hpp"
#include "migsim/io/tables.hpp"
#include "results_fixture.hpp"

using namespace migsim;
using migsim::io::CsvWriter;
using migsim::test::read_text;
using migsim::test::TempDir;

namespace {

enum : std::size_t { RU, GE, DE, LARS };  // lars is a place in GE; RU is the origin

DayStats with_transitions(int y, unsigned m, unsigned d) {
  DayStats s = test::tiny_day(y, m, d);
  s.transitions.assign(test::tiny_nodes * transition_count, 0);
  return s;
}

std::uint64_t& at(DayStats& s, std::size_t node, Transition t) {
  return s.transitions[node * transition_count + static_cast<std::size_t>(t)];
}

const std::string header = "month,country,event,people\n";

}  // namespace

TEST_CASE("transitions.csv sums a month's days per country and event, places in their country, non-zero rows only") {
  const auto model = build_model(test::tiny_spec());
  TempDir dir;
  CsvWriter writer(dir.path());

  DayStats d1 = with_transitions(2022, 3, 30);
  at(d1, GE, Transition::stay_expired) = 4;
  at(d1, LARS, Transition::stay_expired) = 1;  // the place counts in Georgia
  at(d1, GE, Transition::permit_granted) = 2;  // written before stay_expired: enumerator order
  at(d1, DE, Transition::regularised) = 3;
  at(d1, RU, Transition::left_again) = 5;
  writer.on_day(*model, d1);

  DayStats d2 = with_transitions(2022, 3, 31);
  at(d2, GE, Transition::stay_expired) = 10;  // March: 4 + 1 + 10
  at(d2, DE, Transition::moved_on) = 6;
  writer.on_day(*model, d2);

  DayStats d3 = with_transitions(2022, 4, 1);
  at(d3, DE, Transition::returned_home) = 7;
  at(d3, LARS, Transition::became_irregular) = 8;
  writer.on_day(*model, d3);

  writer.on_day(*model, test::tiny_day(2022, 4, 2));  // no transitions vector: a day without transitions
  writer.on_finish(*model, test::tiny_final());

  // DE sorts before GE, and GE before RU, by id, although the indices run RU, GE, DE.
  const std::string rows =
      "2022-03,DE,moved_on,6\n"
      "2022-03,DE,regularised,3\n"
      "2022-03,GE,permit_granted,2\n"
      "2022-03,GE,stay_expired,15\n"
      "2022-03,RU,left_again,5\n"
      "2022-04,DE,returned_home,7\n"
      "2022-04,GE,became_irregular,8\n";
  CHECK(read_text(dir.path() / "transitions.csv") == header + rows);
}

TEST_CASE("transitions.csv is its header only when nobody changed status") {
  const auto model = build_model(test::tiny_spec());
  TempDir dir;
  CsvWriter writer(dir.path());
  writer.on_day(*model, test::tiny_day(2022, 3, 30));
  writer.on_day(*model, with_transitions(2022, 3, 31));
  writer.on_finish(*model, test::tiny_final());
  CHECK(read_text(dir.path() / "transitions.csv") == header);
}

TEST_CASE("transitions.csv refuses a transitions vector that is neither empty nor one set per node") {
  const auto model = build_model(test::tiny_spec());
  TempDir dir;
  CsvWriter writer(dir.path());
  DayStats d = test::tiny_day(2022, 3, 30);
  d.transitions.assign(test::tiny_nodes * transition_count - 1, 0);
  CHECK_THROWS_AS(writer.on_day(*model, d), std::logic_error);
}

TEST_CASE(
    "flows.csv has people going home as a flow from the country they left to the origin, and a visit home as a "
    "crossing each way, by month") {
  const auto model = build_model(test::tiny_spec());
  TempDir dir;
  CsvWriter writer(dir.path());

  DayStats d1 = with_transitions(2022, 3, 31);
  d1.edge_entries[0] = 30;                      // RU -> lars: RU -> GE
  d1.edge_entries[2] = 10;                      // GE -> DE
  at(d1, DE, Transition::returned_home) = 2;    // DE -> RU
  at(d1, LARS, Transition::returned_home) = 1;  // from the place: GE -> RU
  at(d1, GE, Transition::moved_on) = 9;         // not a flow of its own: their crossing is
  writer.on_day(*model, d1);

  DayStats d2 = with_transitions(2022, 4, 1);
  at(d2, GE, Transition::returned_home) = 4;
  at(d2, RU, Transition::left_again) = 3;  // they set off on a crossing, counted there
  writer.on_day(*model, d2);

  DayStats d3 = with_transitions(2022, 4, 2);
  at(d3, GE, Transition::returned_home) = 5;   // April: 4 + 5
  d3.edge_entries[3] = 6;                      // DE -> GE
  at(d3, DE, Transition::visited_home) = 11;   // DE -> RU and RU -> DE
  at(d3, LARS, Transition::visited_home) = 1;  // GE -> RU (April: 9 + 1) and RU -> GE
  writer.on_day(*model, d3);
  writer.on_finish(*model, test::tiny_final());

  CHECK(read_text(dir.path() / "flows.csv") ==
        "month,from,to,people,other_traffic\n"
        "2022-03,DE,RU,2,0\n"
        "2022-03,GE,DE,10,0\n"
        "2022-03,GE,RU,1,0\n"
        "2022-03,RU,GE,30,0\n"
        "2022-04,DE,GE,6,0\n"
        "2022-04,DE,RU,11,0\n"
        "2022-04,GE,RU,10,0\n"
        "2022-04,RU,DE,11,0\n"
        "2022-04,RU,GE,1,0\n");
}

TEST_CASE("transitions.csv's event column names every transition with its meaning, in order") {
  const auto& columns = io::spec_of(io::Output::transitions).columns;
  REQUIRE(columns.size() == 4);
  CHECK(columns[2].name == "event");
  const std::string& meaning = columns[2].meaning;
  std::size_t from = 0;
  for (const TransitionInfo& t : transitions) {
    const std::string entry = "`" + std::string(t.name) + "` — " + std::string(t.meaning);
    const std::size_t found = meaning.find(entry, from);
    CHECK_MESSAGE(found != std::string::npos, t.name);
    if (found != std::string::npos) from = found + entry.size();
  }
}

TEST_CASE("flows.csv counts other traffic apart from people, each way between the origin and the country") {
  ScenarioSpec s = test::tiny_spec();                                 // 2022-03-30 to 2022-04-02
  s.countries[1].other_traffic = {{s.start, 2 * (365.25 / 12), {}}};  // GE: 2 a day each way
  const auto model = build_model(s);
  TempDir dir;
  CsvWriter writer(dir.path());
  DayStats d = with_transitions(2022, 3, 31);
  d.edge_entries[0] = 30;  // RU -> lars: RU -> GE
  writer.on_day(*model, d);
  writer.on_finish(*model, test::tiny_final());
  CHECK(read_text(dir.path() / "flows.csv") ==
        "month,from,to,people,other_traffic\n"
        "2022-03,GE,RU,0,4\n"
        "2022-03,RU,GE,30,4\n"
        "2022-04,GE,RU,0,4\n"
        "2022-04,RU,GE,0,4\n");
}
