// Throughput and memory of the engine on a generated scenario: an origin, 39 countries,
// land crossings to neighbours (some with daily capacities), air links onward, two
// time-windowed policies, 1,000,000 agents of one person each, 365 days. With --life, also
// life after settling everywhere: residence permits in the neighbours, onward movement and
// going home (the scheduled policy types), so that their cost is measured too.
//
// Prints one key=value per line (agent_steps_per_s, bytes_per_agent, threads, ...), where
// agent-steps = the sum over days of the agents spawned so far and bytes_per_agent = peak
// resident memory (VmHWM) / agents. Run one thread count per process so the peak is its own.
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <iostream>
#include <string>

#include "peak_memory.hpp"

#include "migsim/core/engine.hpp"

namespace {

// Residence permits in the 8 neighbours; onward movement after 60 days and going home, in
// every country; in force from day 30.
void add_life_after_settling(migsim::ScenarioSpec& s, int countries) {
  using namespace migsim;
  std::vector<std::string> all, neighbours;
  for (int c = 0; c < countries; ++c) (c < 8 ? neighbours : all).push_back("C" + std::to_string(c));
  all.insert(all.end(), neighbours.begin(), neighbours.end());
  PolicySpec permit;
  permit.name = "permit";
  permit.params = ResidencePermit{.grant = 0.7, .days = 180, .renew = 0.8, .move_on = 0.3, .go_home = 0.3};
  permit.from = s.start + 30;
  permit.where.countries = neighbours;
  PolicySpec onward;
  onward.name = "onward";
  onward.params = OnwardMovement{.daily_hazard = 0.001, .after_days = 60};
  onward.from = s.start + 30;
  onward.where.countries = all;
  PolicySpec home;
  home.name = "home";
  home.params = ReturnHome{.daily_hazard = 0.0005, .leave_again = 0.2};
  home.from = s.start + 30;
  home.where.countries = all;
  for (auto* p : {&permit, &onward, &home}) s.policies.push_back(*p);
}

migsim::ScenarioSpec generated_scenario(double people, int days, bool life) {
  using namespace migsim;
  ScenarioSpec s;
  s.sources = {"<generated>"};
  s.name = "bench-40";
  s.start = date_from_ymd(2022, 2, 24);
  s.end = s.start + days - 1;
  s.origin = "O";
  s.total_people = people;
  s.scale = 1;
  s.documents = {"internal_passport", "international_passport", "visa"};
  const int countries = 39, neighbours = 8;
  CountrySpec origin;
  origin.id = "O";
  origin.destination = false;
  s.countries.push_back(origin);
  for (int c = 0; c < countries; ++c) {
    CountrySpec k;
    k.id = "C" + std::to_string(c);
    k.attractiveness = 0.1 * (c % 13);
    s.countries.push_back(k);
  }
  auto crossing = [&](std::string from, std::string to, Mode mode, int d, double cost, std::vector<std::string> req,
                      double cap) {
    CrossingSpec x;
    x.id = from + "_" + to;
    x.from = std::move(from);
    x.to = std::move(to);
    x.mode = mode;
    x.days = d;
    x.cost = cost;
    x.requires_documents = std::move(req);
    if (cap > 0) x.capacity_per_day = cap;
    s.crossings.push_back(x);
  };
  for (int c = 0; c < neighbours; ++c)
    crossing("O", "C" + std::to_string(c), Mode::land, 1 + c % 3, 50 + 10 * c, {"internal_passport"},
             c < 3 ? 20000 : 0);
  for (int c = neighbours; c < countries; ++c) {
    crossing("C" + std::to_string(c % neighbours), "C" + std::to_string(c), Mode::air, 1, 300 + 20 * (c % 7),
             {"international_passport"}, 0);
    crossing("C" + std::to_string(c), "C" + std::to_string((c + 1) % countries), Mode::land, 2, 80,
             {"international_passport", "visa"}, 0);
  }
  ProfileSpec p;
  p.id = "all";
  p.share = 1;
  p.male_share = 0.6;
  p.age = {AgeBand{18, 34, 0.6, {}}, AgeBand{35, 64, 0.4, {}}};
  p.documents = {{"internal_passport", 1.0}, {"international_passport", 0.7}, {"visa", 0.3}};
  p.savings_median = 2000;
  p.savings_sigma = 0.8;
  s.profiles.push_back(p);
  DepartureSpec wave1;
  wave1.from = s.start;
  wave1.until = s.start + 29;
  wave1.weight = 3;
  DepartureSpec wave2;
  wave2.from = s.start + 200;
  wave2.until = s.start + 214;
  wave2.weight = 6;
  s.departures = {wave1, wave2};
  PolicySpec ban;
  ban.name = "ban";
  ban.params = EntryBan{};
  ban.from = s.start + 90;
  ban.who.documents = {"visa"};
  ban.where.countries = {"C9", "C10", "C11"};
  PolicySpec closure;
  closure.name = "closure";
  closure.params = BorderClosure{};
  closure.from = s.start + 150;
  closure.until = s.start + 250;
  closure.where.crossings = {"O_C1"};
  s.policies = {ban, closure};
  s.behaviour.attractiveness_coef = 1.0;
  s.behaviour.cost_coef = -0.5;
  s.behaviour.days_coef = -0.05;
  if (life) add_life_after_settling(s, countries);
  return s;
}

}  // namespace

int main(int argc, char** argv) {
  int threads = 0;
  double people = 1e6;
  int days = 365;
  bool life = false;
  for (int i = 1; i < argc; i += 2) {
    if (!std::strcmp(argv[i], "--life")) {
      life = true;
      --i;
    } else if (i + 1 >= argc) {
      std::cerr << "migsim_bench: " << argv[i] << " needs a value\n";
      return 2;
    } else if (!std::strcmp(argv[i], "--threads"))
      threads = std::atoi(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--agents"))
      people = std::atof(argv[i + 1]);
    else if (!std::strcmp(argv[i], "--days"))
      days = std::atoi(argv[i + 1]);
    else {
      std::cerr << "usage: migsim_bench [--threads N] [--agents N] [--days N] [--life]\n";
      return 2;
    }
  }
  try {
    const auto spec = generated_scenario(people, days, life);
    const auto model = migsim::build_model(spec);
    migsim::RunOptions options;
    options.seed = 42;
    options.threads = threads;
    const auto r = migsim::run(*model, options);
    const long rss = peak_rss_bytes();
    std::printf("scenario=bench-40%s nodes=%zu edges=%zu days=%d\n", life ? "-life" : "",
                migsim::world_of(*model).nodes.size(), migsim::world_of(*model).edges.size(), days);
    std::printf("threads=%d\nagents=%llu\nagent_steps=%llu\nwall_s=%.3f\n", r.threads,
                static_cast<unsigned long long>(r.agents), static_cast<unsigned long long>(r.agent_steps),
                r.wall_seconds);
    std::printf("agent_steps_per_s=%.0f\n", static_cast<double>(r.agent_steps) / r.wall_seconds);
    std::printf("peak_rss_bytes=%ld\nbytes_per_agent=%.1f\n", rss,
                static_cast<double>(rss) / static_cast<double>(r.agents));
    for (int p = 0; p < migsim::phase_count; ++p)
      std::printf("phase_%s_s=%.3f\n", migsim::phase_names[p], r.phase_seconds[p]);
  } catch (const std::exception& e) {
    std::cerr << "migsim_bench: " << e.what() << '\n';
    return 1;
  }
  return 0;
}
