// asylum.csv and waits.csv on hand-made days and wait records: exact file contents, so the
// roll-up of places, the month's last-day backlog, the percentile rule and the year rows are
// each a visible diff if they change.
#include <doctest/doctest.h>

#include <stdexcept>

#include "migsim/io/results.hpp"
#include "results_fixture.hpp"

using namespace migsim;
using migsim::io::CsvWriter;
using migsim::test::read_text;
using migsim::test::TempDir;

namespace {

enum : std::size_t { RU, GE, DE, LARS };  // lars is a place in GE

DayStats with_asylum(int y, unsigned m, unsigned d) {
  DayStats s = test::tiny_day(y, m, d);
  s.asylum.assign(test::tiny_nodes, AsylumDay{});
  return s;
}

WaitCount wc(std::size_t node, Wait w, int year, int days, std::uint64_t people) {
  return WaitCount{static_cast<NodeId>(node), w, year, days, people};
}

}  // namespace

TEST_CASE("asylum.csv sums events by month and country, keeps the last day's backlog, drops empty rows") {
  const auto model = build_model(test::tiny_spec());
  TempDir dir;
  CsvWriter writer(dir.path());

  writer.on_day(*model, test::tiny_day(2022, 3, 30));  // no asylum vector yet: a day without events

  DayStats d2 = with_asylum(2022, 3, 31);
  d2.asylum[GE][AsylumEvent::registrations] = 10;
  d2.asylum[GE].backlog = 5;
  d2.asylum[LARS][AsylumEvent::registrations] = 3;  // the place rolls up into Georgia
  d2.asylum[LARS].backlog = 2;
  d2.asylum[DE][AsylumEvent::applications] = 20;
  d2.asylum[DE][AsylumEvent::dublin_requests] = 4;
  d2.asylum[DE].backlog = 20;
  d2.asylum[DE].backlog_all = 1e6;  // the background load is not written
  writer.on_day(*model, d2);

  DayStats d3 = with_asylum(2022, 4, 1);
  d3.asylum[DE][AsylumEvent::decisions_positive] = 6;
  d3.asylum[DE][AsylumEvent::decisions_negative] = 4;
  d3.asylum[DE].backlog = 10;
  d3.asylum[GE][AsylumEvent::registrations] = 1;
  d3.asylum[GE].backlog = 1;
  d3.asylum[RU].backlog = 3;  // gone by the month's last day: RU has no April row
  writer.on_day(*model, d3);

  DayStats d4 = with_asylum(2022, 4, 2);
  d4.asylum[DE][AsylumEvent::dublin_transfers] = 1;
  d4.asylum[DE][AsylumEvent::pushbacks] = 2;
  d4.asylum[DE][AsylumEvent::deportations] = 3;
  d4.asylum[DE][AsylumEvent::extraditions] = 1;
  d4.asylum[DE].backlog = 8;  // the month's last day: 8, not 10
  writer.on_day(*model, d4);
  writer.on_finish(*model, test::tiny_final());

  // DE sorts before GE by id although GE has the lower index.
  CHECK(read_text(dir.path() / "asylum.csv") ==
        "month,country,registrations,applications,decisions_positive,decisions_negative,dublin_requests,"
        "dublin_transfers,pushbacks,deportations,extraditions,people_pushed_back,temporary_protection_granted,"
        "backlog\n"
        "2022-03,DE,0,20,0,0,4,0,0,0,0,0,0,20\n"
        "2022-03,GE,13,0,0,0,0,0,0,0,0,0,0,7\n"
        "2022-04,DE,0,0,6,4,0,1,2,3,1,0,0,8\n"
        "2022-04,GE,1,0,0,0,0,0,0,0,0,0,0,0\n");
}

TEST_CASE("a month whose last day has no asylum vector ends with no backlog") {
  const auto model = build_model(test::tiny_spec());
  TempDir dir;
  CsvWriter writer(dir.path());
  DayStats d1 = with_asylum(2022, 3, 30);
  d1.asylum[DE][AsylumEvent::applications] = 2;
  d1.asylum[DE].backlog = 2;
  writer.on_day(*model, d1);
  writer.on_day(*model, test::tiny_day(2022, 3, 31));
  writer.on_finish(*model, test::tiny_final());
  CHECK(read_text(dir.path() / "asylum.csv") ==
        "month,country,registrations,applications,decisions_positive,decisions_negative,dublin_requests,"
        "dublin_transfers,pushbacks,deportations,extraditions,people_pushed_back,temporary_protection_granted,"
        "backlog\n"
        "2022-03,DE,0,2,0,0,0,0,0,0,0,0,0,0\n");
}

TEST_CASE("asylum.csv refuses an asylum vector that is neither empty nor one entry per node") {
  const auto model = build_model(test::tiny_spec());
  TempDir dir;
  CsvWriter writer(dir.path());
  DayStats d = test::tiny_day(2022, 3, 30);
  d.asylum.assign(test::tiny_nodes - 1, AsylumDay{});
  CHECK_THROWS_AS(writer.on_day(*model, d), std::logic_error);
}

TEST_CASE("waits.csv: rows per year and all, places rolled up, nearest-rank percentiles") {
  const auto model = build_model(test::tiny_spec());
  TempDir dir;
  CsvWriter writer(dir.path());
  FinalStats f = test::tiny_final();
  // Sorted by node, wait, year, days, as the engine hands them over.
  f.waits = {
      wc(GE, Wait::application_to_first_decision, 2022, 10, 3),
      wc(GE, Wait::application_to_first_decision, 2022, 20, 7),
      wc(GE, Wait::application_to_first_decision, 2023, 100, 10),
      wc(GE, Wait::limbo, 2023, 50, 0),  // nobody: no row
      wc(DE, Wait::application_to_final_decision, 2023, 365, 1),
      wc(DE, Wait::departure_to_protection, 2022, 1, 2),
      wc(DE, Wait::departure_to_protection, 2022, 2, 1),
      wc(DE, Wait::limbo, 2023, 0, 5),
      wc(LARS, Wait::application_to_first_decision, 2022, 30, 10),
  };
  writer.on_finish(*model, f);
  // GE 2022 = {10: 3, 20: 7, 30: 10 from lars}: n 20, mean 470/20 = 23.5; p50 needs 50% of
  // 20 = 10 people, reached exactly at 20 days. GE all adds {100: 10}: mean 1470/30 = 49.0,
  // p10 reached exactly at 10 days (3 of 30), p50 needs 15: at 30 days. DE's mean 4/3
  // prints 1.3; its p90 needs 2.7 of 3 people: all 3, at 2 days.
  CHECK(read_text(dir.path() / "waits.csv") ==
        "country,measure,year,n,mean,p10,p50,p90\n"
        "DE,application_to_final_decision,2023,1,365.0,365,365,365\n"
        "DE,application_to_final_decision,all,1,365.0,365,365,365\n"
        "DE,departure_to_protection,2022,3,1.3,1,1,2\n"
        "DE,departure_to_protection,all,3,1.3,1,1,2\n"
        "DE,limbo,2023,5,0.0,0,0,0\n"
        "DE,limbo,all,5,0.0,0,0,0\n"
        "GE,application_to_first_decision,2022,20,23.5,10,20,30\n"
        "GE,application_to_first_decision,2023,10,100.0,100,100,100\n"
        "GE,application_to_first_decision,all,30,49.0,10,30,100\n");
}

TEST_CASE("asylum.csv and waits.csv are headers only when nothing happened") {
  const auto model = build_model(test::tiny_spec());
  TempDir dir;
  CsvWriter writer(dir.path());
  writer.on_day(*model, with_asylum(2022, 3, 30));
  writer.on_finish(*model, test::tiny_final());
  CHECK(read_text(dir.path() / "asylum.csv") ==
        "month,country,registrations,applications,decisions_positive,decisions_negative,dublin_requests,"
        "dublin_transfers,pushbacks,deportations,extraditions,people_pushed_back,temporary_protection_granted,"
        "backlog\n");
  CHECK(read_text(dir.path() / "waits.csv") == "country,measure,year,n,mean,p10,p50,p90\n");
}

TEST_CASE("waits.csv refuses a record for a node that does not exist") {
  const auto model = build_model(test::tiny_spec());
  TempDir dir;
  CsvWriter writer(dir.path());
  FinalStats f = test::tiny_final();
  f.waits = {wc(9, Wait::limbo, 2022, 1, 1)};
  CHECK_THROWS_AS(writer.on_finish(*model, f), std::logic_error);
}
