// CsvWriter on hand-made days: exact file contents, so any change of format, order or
// roll-up is a visible diff.
#include <doctest/doctest.h>

#include <stdexcept>

#include "migsim/io/results.hpp"
#include "results_fixture.hpp"

using namespace migsim;
using migsim::io::CsvWriter;
using migsim::test::read_text;
using migsim::test::TempDir;

namespace {

constexpr std::size_t nodes = 4;  // RU GE DE lars
constexpr std::size_t edges = 4;  // ru_lars lars_ge ge_de(GE->DE) ge_de(DE->GE)
enum : std::size_t { RU, GE, DE, LARS };

struct Day {
  DayStats stats;
  explicit Day(int y, unsigned m, unsigned d) {
    stats.date = date_from_ymd(y, m, d);
    stats.stock.assign(nodes * status_count, 0);
    stats.edge_entries.assign(edges, 0);
  }
  Day& at(std::size_t node, Status s, std::uint64_t people) {
    stats.stock[node * status_count + static_cast<std::size_t>(s)] = people;
    return *this;
  }
  Day& entered(std::size_t edge, std::uint64_t people) {
    stats.edge_entries[edge] = people;
    return *this;
  }
};

FinalStats final_stats() {
  FinalStats f;
  f.outcomes.assign(1 * nodes * status_count, 0);
  auto at = [&](std::size_t node, Status s) -> std::uint64_t& {
    return f.outcomes[node * status_count + static_cast<std::size_t>(s)];
  };
  at(RU, Status::at_origin) = 40;
  at(GE, Status::travelling) = 10;
  at(DE, Status::settled) = 20;
  at(LARS, Status::in_transit) = 30;
  f.journey_days.assign(nodes, {});
  f.journey_days[DE] = {0, 0, 5, 15};
  f.journey_days[LARS] = {0, 30};
  return f;
}

void feed(CsvWriter& w, const Model& model) {
  Day d1(2022, 3, 30), d2(2022, 3, 31), d3(2022, 4, 1);
  d1.at(RU, Status::at_origin, 70).at(RU, Status::travelling, 30).entered(0, 30);
  d2.at(RU, Status::at_origin, 40).at(RU, Status::travelling, 30).at(LARS, Status::in_transit, 30);
  d2.entered(0, 30).entered(1, 30);  // lars -> GE stays inside Georgia: no flow
  d3.at(RU, Status::at_origin, 40).at(GE, Status::travelling, 10).at(DE, Status::settled, 20);
  d3.at(LARS, Status::in_transit, 30).entered(2, 10).entered(3, 5);
  w.on_day(model, d1.stats);
  w.on_day(model, d2.stats);
  w.on_day(model, d3.stats);
  w.on_finish(model, final_stats());
}

}  // namespace

TEST_CASE("the tiny scenario has the node and edge order the CSV tests assume") {
  const auto model = build_model(test::tiny_spec());
  const World& w = world_of(*model);
  REQUIRE(w.node_count() == nodes);
  REQUIRE(w.edge_count() == edges);
  CHECK(w.nodes[LARS].id == "lars");
  CHECK(w.nodes[LARS].country == GE);
  CHECK(w.edges[3].from == DE);
  CHECK(w.edges[3].to == GE);
}

TEST_CASE("CsvWriter writes exact daily, flows and outcomes tables") {
  const auto model = build_model(test::tiny_spec());
  TempDir dir;
  CsvWriter writer(dir.path());
  feed(writer, *model);

  CHECK(read_text(dir.path() / "daily.csv") ==
        "date,node,status,people\n"
        "2022-03-30,RU,at_origin,70\n"
        "2022-03-30,RU,travelling,30\n"
        "2022-03-31,RU,at_origin,40\n"
        "2022-03-31,RU,travelling,30\n"
        "2022-03-31,lars,in_transit,30\n"
        "2022-04-01,RU,at_origin,40\n"
        "2022-04-01,GE,travelling,10\n"
        "2022-04-01,DE,settled,20\n"
        "2022-04-01,lars,in_transit,30\n");
  // The place rolls up to its country; March's two days are summed; rows sort by id (DE
  // before GE) although GE has the lower index.
  CHECK(read_text(dir.path() / "flows.csv") ==
        "month,from,to,people,other_traffic\n"
        "2022-03,RU,GE,60,0\n"
        "2022-04,DE,GE,5,0\n"
        "2022-04,GE,DE,10,0\n");
  CHECK(read_text(dir.path() / "outcomes.csv") ==
        "profile,node,status,people\n"
        "everyone,RU,at_origin,40\n"
        "everyone,GE,travelling,10\n"
        "everyone,DE,settled,20\n"
        "everyone,lars,in_transit,30\n");
  CHECK(writer.final_stats().outcomes == final_stats().outcomes);
  CHECK(writer.final_stats().journey_days == final_stats().journey_days);
}

TEST_CASE("CsvWriter with no days writes headers only") {
  const auto model = build_model(test::tiny_spec());
  TempDir dir;
  CsvWriter writer(dir.path());
  FinalStats empty;
  empty.outcomes.assign(nodes * status_count, 0);
  writer.on_finish(*model, empty);
  CHECK(read_text(dir.path() / "daily.csv") == "date,node,status,people\n");
  CHECK(read_text(dir.path() / "flows.csv") == "month,from,to,people,other_traffic\n");
  CHECK(read_text(dir.path() / "outcomes.csv") == "profile,node,status,people\n");
}

TEST_CASE("CsvWriter refuses stats of the wrong shape and final_stats before the end") {
  const auto model = build_model(test::tiny_spec());
  TempDir dir;
  CsvWriter writer(dir.path());
  CHECK_THROWS_AS(writer.final_stats(), std::logic_error);
  DayStats bad;
  bad.stock.assign(3, 0);
  CHECK_THROWS_AS(writer.on_day(*model, bad), std::logic_error);
}

TEST_CASE("CsvWriter reports a full disk with the file's path instead of leaving a short file") {
  if (!std::filesystem::exists("/dev/full")) return;
  const auto model = build_model(test::tiny_spec());
  TempDir dir;
  std::filesystem::create_symlink("/dev/full", dir.path() / "daily.csv");
  CsvWriter writer(dir.path());
  std::string message;
  try {
    feed(writer, *model);
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  CHECK(message.find((dir.path() / "daily.csv").string()) != std::string::npos);
}

TEST_CASE("CsvWriter cannot start in a folder that does not exist") {
  TempDir dir;
  CHECK_THROWS_AS(CsvWriter(dir.path() / "missing"), std::runtime_error);
}
