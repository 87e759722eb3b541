#pragma once
// Shared by the results tests: a scratch folder and a tiny scenario whose node and edge
// indices are known (countries in file order, then places; a both_ways crossing's reverse
// right after it).
#include <unistd.h>
#include <atomic>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <system_error>

#include "migsim/core/date.hpp"
#include "migsim/core/engine.hpp"
#include "migsim/core/scenario.hpp"

namespace migsim::test {

class TempDir {
 public:
  TempDir() {
    static std::atomic<int> counter{0};
    std::random_device rd;
    path_ = std::filesystem::temp_directory_path() / ("migsim-results-test-" + std::to_string(::getpid()) + "-" +
                                                      std::to_string(counter++) + "-" + std::to_string(rd()));
    std::filesystem::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }

 private:
  std::filesystem::path path_;
};

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline void write_text(const std::filesystem::path& p, const std::string& text) {
  std::ofstream out(p, std::ios::binary);
  out << text;
}

// Nodes: 0 RU, 1 GE, 2 DE (countries), 3 lars (a place in GE).
// Edges: 0 ru_lars RU->lars, 1 lars_ge lars->GE, 2 ge_de GE->DE, 3 ge_de DE->GE.
// Ids are chosen so that sorting by id differs from sorting by index.
inline ScenarioSpec tiny_spec() {
  ScenarioSpec s;
  s.sources = {"tiny.yaml"};
  s.name = "tiny";
  s.start = date_from_ymd(2022, 3, 30);
  s.end = date_from_ymd(2022, 4, 2);
  s.seed = 7;
  s.origin = "RU";
  s.total_people = 100;
  s.scale = 10;

  CountrySpec ru;
  ru.id = "RU";
  ru.name = "Russia";
  ru.destination = false;
  CountrySpec ge;
  ge.id = "GE";
  ge.name = "Georgia";
  ge.attractiveness = 1;
  CountrySpec de;
  de.id = "DE";
  de.name = "Germany";
  de.attractiveness = 2;
  s.countries = {ru, ge, de};

  PlaceSpec lars;
  lars.id = "lars";
  lars.name = "Upper Lars";
  lars.country = "GE";
  s.places = {lars};

  CrossingSpec ru_lars;
  ru_lars.id = "ru_lars";
  ru_lars.from = "RU";
  ru_lars.to = "lars";
  CrossingSpec lars_ge;
  lars_ge.id = "lars_ge";
  lars_ge.from = "lars";
  lars_ge.to = "GE";
  CrossingSpec ge_de;
  ge_de.id = "ge_de";
  ge_de.from = "GE";
  ge_de.to = "DE";
  ge_de.mode = Mode::air;
  ge_de.cost = 300;
  ge_de.both_ways = true;
  s.crossings = {ru_lars, lars_ge, ge_de};

  ProfileSpec p;
  p.id = "everyone";
  p.share = 1;
  AgeBand band;
  band.from = 18;
  band.to = 60;
  band.share = 1;
  p.age = {band};
  p.savings_median = 1000;
  p.savings_sigma = 0.5;
  s.profiles = {p};

  DepartureSpec d;
  d.from = s.start;
  d.until = s.start + 1;
  d.weight = 1;
  s.departures = {d};
  return s;
}

// Hand-made days of the tiny scenario: its sizes, a day with nobody anywhere and nothing
// crossing (no asylum or transitions vector: a day without them), and a last day with nobody.
inline constexpr std::size_t tiny_nodes = 4;  // RU GE DE lars
inline constexpr std::size_t tiny_edges = 4;  // ru_lars lars_ge ge_de(GE->DE) ge_de(DE->GE)

inline DayStats tiny_day(int y, unsigned m, unsigned d) {
  DayStats s;
  s.date = date_from_ymd(y, m, d);
  s.stock.assign(tiny_nodes * status_count, 0);
  s.edge_entries.assign(tiny_edges, 0);
  return s;
}

inline FinalStats tiny_final() {
  FinalStats f;
  f.outcomes.assign(tiny_nodes * status_count, 0);
  f.journey_days.assign(tiny_nodes, {});
  return f;
}

}  // namespace migsim::test
