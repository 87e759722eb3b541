// The sensitivity file (what it reads and refuses, to the letter) and coordinate_sensitivity
// run in this process (LocalDispatch): indices.csv from the toy's runs, a parameter that cannot
// matter, and a failed point. tests/cli/test_cli_sensitivity.cpp runs the command.
#include <doctest/doctest.h>

#include <filesystem>
#include <fstream>
#include <sstream>

#include "migsim/study/sensitivity.hpp"

using namespace migsim;
namespace fs = std::filesystem;

namespace {

const std::string toy = MIGSIM_SOURCE_DIR "/scenarios/toy/asylum.yaml";

// Two metrics the asylum toy answers: applications in DE over the run, the stock in GE at its end.
const std::string toy_targets = R"(
- {id: de_applications, metric: applications, period: {from: 2022-09-01, until: 2023-12-31}, geography: DE,
   value: 1000, source: test, confidence: L}
- {id: ge_stock, metric: stock, period: {from: 2023-12-31, until: 2023-12-31}, geography: GE,
   value: 1000, source: test, confidence: L}
)";

struct Folder {
  fs::path path;
  Folder() {
    std::string tmpl = (fs::temp_directory_path() / "migsim-sa-XXXXXX").string();
    REQUIRE(mkdtemp(tmpl.data()) != nullptr);
    path = tmpl;
    std::ofstream(path / "targets.yaml") << toy_targets;
  }
  ~Folder() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  std::string file() const { return (path / "sa.yaml").string(); }
};

std::string all(const study::SensitivityFile& f) {
  std::string out;
  for (const auto& e : f.errors) out += e + "\n";
  return out;
}

std::string text_of(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream b;
  b << in.rdbuf();
  return b.str();
}

// Morris over DE's pull (it matters) and the pushback probability of a policy switched off
// (it cannot matter).
std::string toy_morris(const std::string& extra = "") {
  return "scenario: " + toy +
         "\n"
         "set: {policies.hr_pushback.enabled: false}\n"
         "targets: targets.yaml\n"
         "parameters:\n"
         "  - {path: countries.DE.attractiveness, min: 1.5, max: 3.5}\n"
         "  - {path: policies.hr_pushback.probability, min: 0.1, max: 0.9}\n"
         "method: morris\n"
         "samples: 4\n"
         "seed: 3\n" +
         extra;
}

// The file written where it says it is: a run records its SHA-256.
study::SensitivityFile written(const Folder& dir, const std::string& text) {
  std::ofstream(dir.file(), std::ios::binary) << text;
  return study::read_sensitivity(dir.file());
}

int run(const study::SensitivitySpec& spec, const fs::path& out, std::ostringstream& log) {
  const study::SweepSpec sweep = study::sensitivity_sweep(spec);
  study::SweepWorker worker(sweep, out.string(), 1, 0);
  study::LocalDispatch dispatch(worker);
  study::SweepOptions options;
  options.out = out.string();
  options.threads = 1;
  return study::coordinate_sensitivity(
      spec, options, dispatch, [] { return false; }, log);
}

}  // namespace

TEST_CASE("a Morris file: its keys, the documented defaults, and the sweep that runs its design") {
  Folder dir;
  const auto f = study::read_sensitivity_text(toy_morris(), dir.file());
  REQUIRE_MESSAGE(f.ok(), all(f));
  CHECK(f.spec.method == sensitivity::Method::morris);
  CHECK(f.spec.samples == 4);
  CHECK(f.spec.levels == 4);  // not given: the documented default
  CHECK(f.spec.replicates == 1);
  CHECK(f.spec.bootstrap == 1000);
  CHECK(f.spec.targets == (dir.path / "targets.yaml").string());
  CHECK(f.spec.set == std::vector<std::string>{"policies.hr_pushback.enabled=false"});
  const study::SweepSpec sweep = study::sensitivity_sweep(f.spec);
  CHECK(sweep.design == sweep::Design::points);
  CHECK(sweep.common_seeds);
  REQUIRE(sweep.given.size() == 4 * 3);  // r (k + 1)
  // Values on the 4-level grid of each range, written as --set reads them.
  for (const auto& point : sweep.given) {
    const double de = std::stod(point[0]);
    CHECK((de == 1.5 || de == 3.5 || std::abs(de - (1.5 + 2.0 / 3)) < 1e-12 || std::abs(de - (1.5 + 4.0 / 3)) < 1e-12));
  }
  const auto runs = study::plan_sweep(sweep);
  REQUIRE(runs.size() == 12);
  CHECK(runs[0].seed == runs[5].seed);  // common seeds
}

TEST_CASE("a bad sensitivity file: every problem at once, each at its line and column, in the file's order") {
  Folder dir;
  const auto f =
      study::read_sensitivity_text("scenario: " + toy +
                                       "\n"
                                       "targets: targets.yaml\n"
                                       "parameters:\n"
                                       "  - {path: countries.DE.attractiveness, min: 1, max: 2}\n"
                                       "  - {path: countries.GE.attractiveness, min: 2, max: x, scale: cubic}\n"
                                       "  - {path: people.total, values: [1, 2]}\n"
                                       "method: morris\n"
                                       "samples: 0\n"
                                       "levels: 5\n"
                                       "replicates: -1\n"
                                       "seed: abc\n"
                                       "bootstrap: many\n"
                                       "colour: red\n",
                                   dir.file());
  const std::string p = dir.file();
  CHECK(all(f) ==
        p + ":5:54: error: parameter 2 max 'x' is not a number\n" + p +
            ":5:64: error: parameter 2 scale 'cubic' is not known; expected one of: linear, log\n" + p +
            ":6:5: error: parameter 3 has no key 'min'; a range needs min and max\n" + p +
            ":6:5: error: parameter 3 has no key 'max'; a range needs min and max\n" + p +
            ":6:26: error: unknown key 'values' in parameter 3; expected one of: path, min, max, scale\n" + p +
            ":8:10: error: samples '0' is not a whole number from 1 to 4294967296\n" + p +
            ":9:9: error: levels '5' is not an even whole number from 2 to 1000 (Morris's step, levels / (2 (levels - "
            "1)), needs an even number)\n" +
            p + ":10:13: error: replicates '-1' is not a whole number from 1 to 1000000\n" + p +
            ":11:7: error: seed 'abc' is not a whole number; expected 0 to 18446744073709551615\n" + p +
            ":12:12: error: bootstrap 'many' is not a whole number from 0 to 1000000\n" + p +
            ":13:1: error: unknown key 'colour' in the sensitivity analysis; expected one of: scenario, set, targets, "
            "parameters, method, samples, levels, replicates, seed, bootstrap\n");
}

TEST_CASE("sensitivity file: keys that do not fit the method, missing keys, and what the design refuses") {
  Folder dir;
  const std::string p = dir.file();
  const std::string head = "scenario: " + toy + "\ntargets: targets.yaml\nparameters:\n";
  // levels is Morris's; Sobol' needs two base rows.
  CHECK(all(study::read_sensitivity_text(head + "  - {path: countries.DE.attractiveness, min: 1, max: 2}\n"
                                                "method: sobol\nsamples: 1\nlevels: 4\nseed: 1\n",
                                         p)) ==
        p + ":5:9: error: method sobol: the Sobol' design needs at least 2 base rows (a variance needs two values)\n" +
            p + ":7:1: error: levels is for method morris; method is sobol\n");
  // A log range needs min > 0: the math's own words, at the method.
  CHECK(all(study::read_sensitivity_text(head + "  - {path: countries.DE.attractiveness, min: 0, max: 2, scale: log}\n"
                                                "method: sobol\nsamples: 4\nseed: 1\n",
                                         p)) ==
        p + ":5:9: error: method sobol: parameter 'countries.DE.attractiveness': "
            "a log scale needs min > 0, but min is 0\n");
  // No silent defaults for what decides the design: these keys are required.
  CHECK(all(study::read_sensitivity_text("set: [1]\nmethod: fast\n", p)) ==
        p + ":1:1: error: the sensitivity analysis has no key 'scenario'\n" + p +
            ":1:1: error: the sensitivity analysis has no key 'targets'\n" + p +
            ":1:1: error: the sensitivity analysis has no key 'parameters'\n" + p +
            ":1:1: error: the sensitivity analysis has no key 'samples'\n" + p +
            ":1:1: error: the sensitivity analysis has no key 'seed'\n" + p +
            ":1:6: error: set is a list; expected a map of scenario paths to values, e.g. {people.scale: 20}\n" + p +
            ":2:9: error: method 'fast' is not known; expected one of: sobol, morris\n");
  // Paths and set are checked against the scenario, as a sweep's are.
  const auto bad_path = study::read_sensitivity_text(
      head + "  - {path: countries.DE.attractivness, min: 1, max: 2}\nmethod: morris\nsamples: 2\nseed: 1\n", p);
  CHECK(all(bad_path).find(p + ":4:5: error: path 'countries.DE.attractivness': unknown key 'attractivness'") == 0);
}

TEST_CASE("coordinate_sensitivity: Morris indices of the toy, a parameter that cannot matter has mu_star exactly 0") {
  Folder dir;
  const auto f = written(dir, toy_morris("bootstrap: 100\n"));
  REQUIRE_MESSAGE(f.ok(), all(f));
  std::ostringstream log;
  REQUIRE(run(f.spec, dir.path / "out", log) == study::sweep_all_ok);
  const std::string indices = text_of(dir.path / "out" / "indices.csv");
  INFO(indices);
  std::istringstream rows(indices);
  std::string row;
  std::getline(rows, row);
  CHECK(row == "metric,parameter,method,index,value,lo,hi");
  int n = 0;
  while (std::getline(rows, row)) ++n;
  CHECK(n == 2 * 2 * 3);  // metrics x parameters x (mu, mu_star, sigma)
  // The switched-off policy's probability changes nothing: with common seeds every effect is 0.
  for (const char* metric : {"de_applications", "ge_stock"})
    CHECK(indices.find(std::string(metric) + ",policies.hr_pushback.probability,morris,mu_star,0,0,0\n") !=
          std::string::npos);
  // DE's pull moves DE's applications.
  const auto at = indices.find("de_applications,countries.DE.attractiveness,morris,mu_star,");
  REQUIRE(at != std::string::npos);
  CHECK(std::stod(indices.substr(at + 59)) > 0);
  CHECK(text_of(dir.path / "out" / "sensitivity.json").find("\"levels\": 4") != std::string::npos);
  // The same file into another folder: the same bytes.
  std::ostringstream again;
  REQUIRE(run(f.spec, dir.path / "again", again) == study::sweep_all_ok);
  CHECK(text_of(dir.path / "again" / "indices.csv") == indices);
}

TEST_CASE("coordinate_sensitivity: a point whose run failed leaves the metrics without indices, and says so") {
  Folder dir;
  // people.total below 0 is refused by the scenario: the points at the range's low end fail.
  const auto f = written(dir, "scenario: " + toy +
                                  "\ntargets: targets.yaml\n"
                                  "parameters:\n"
                                  "  - {path: people.total, min: -3000, max: 6000}\n"
                                  "method: morris\nsamples: 4\nseed: 5\nbootstrap: 0\n");
  REQUIRE_MESSAGE(f.ok(), all(f));
  std::ostringstream log;
  CHECK(run(f.spec, dir.path / "out", log) == study::sweep_some_failed);
  const std::string indices = text_of(dir.path / "out" / "indices.csv");
  CHECK(indices ==
        "metric,parameter,method,index,value,lo,hi\n"
        "de_applications,people.total,morris,mu,,,\n"
        "de_applications,people.total,morris,mu_star,,,\n"
        "de_applications,people.total,morris,sigma,,,\n"
        "ge_stock,people.total,morris,mu,,,\n"
        "ge_stock,people.total,morris,mu_star,,,\n"
        "ge_stock,people.total,morris,sigma,,,\n");
  CHECK(log.str().find("sensitivity: de_applications: ") != std::string::npos);
  CHECK(log.str().find("the run failed") != std::string::npos);
  CHECK(text_of(dir.path / "out" / "sensitivity.json").find("\"computed\": false") != std::string::npos);
}

TEST_CASE("coordinate_sensitivity over a Flee folder: a camp's capacity raises its population, as in Flee") {
  Folder dir;
  const std::string mali = MIGSIM_SOURCE_DIR "/tests/data/flee/mali";
  std::ofstream(dir.path / "flee-targets.yaml") << R"(
- {id: mentao, metric: camp_population, period: {from: 2012-12-25, until: 2012-12-25}, geography: Mentao,
   value: 6881, source: UNHCR, confidence: H}
- {id: ard, metric: averaged_relative_difference, period: {from: 2012-03-01, until: 2012-12-25}, geography: all,
   value: 0.1, source: test, confidence: L}
)";
  // Mentao's capacity (locations.csv's pop/cap), below and above the 6,881 people UNHCR counted
  // there, and the length of the route that leads to it from Douentza.
  const auto f = written(dir, "scenario: " + mali +
                                  "\ntargets: flee-targets.yaml\n"
                                  "parameters:\n"
                                  "  - {path: locations.Mentao.population, min: 500, max: 20000}\n"
                                  "  - {path: routes.Douentza.Mentao.distance, min: 200, max: 800}\n"
                                  "method: morris\nsamples: 3\nseed: 3\nbootstrap: 0\n");
  REQUIRE_MESSAGE(f.ok(), all(f));
  std::ostringstream log;
  REQUIRE(run(f.spec, dir.path / "out", log) == study::sweep_all_ok);
  const std::string indices = text_of(dir.path / "out" / "indices.csv");
  INFO(indices);
  int rows = -1;  // the header
  std::string row;
  for (std::istringstream in(indices); std::getline(in, row);) ++rows;
  CHECK(rows == 2 * 2 * 3);  // metrics x parameters x (mu, mu_star, sigma)
  // Flee's capacity multiplier (docs/flee-rules.md section 3: moving.getCapMultiplier) scores a
  // camp down from 90 % of its capacity to 0 at it: a larger capacity lets more people in, so
  // Mentao's mean elementary effect (mu) of its own capacity is positive.
  const std::string key = "mentao,locations.Mentao.population,morris,mu,";
  const auto at = indices.find(key);
  REQUIRE(at != std::string::npos);
  CHECK(std::stod(indices.substr(at + key.size())) > 0);
  CHECK(indices.find("ard,routes.Douentza.Mentao.distance,morris,mu_star,") != std::string::npos);
}
