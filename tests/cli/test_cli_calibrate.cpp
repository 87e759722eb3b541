// `migsim calibrate` as a user runs it: it recovers parameters from figures the model itself
// made at known values; killed part-way and resumed, or spread over mpirun ranks, it writes
// the same tables byte for byte; a bad file is refused before anything runs.
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>
#include <utility>

#include "run_binary.hpp"

namespace fs = std::filesystem;
using cli::TempDir;
using cli::text_of;
using cli::write;

namespace {

const std::string toy = std::string(MIGSIM_SOURCE_DIR) + "/scenarios/toy/asylum.yaml";

// The toy's truth: Germany's attractiveness 2.5, its recognition of evaders 0.5 (the toy's
// own values). Three fitted targets that depend on them and one kept aside, each published
// value a placeholder until made() fills in what the model gives at the truth.
const std::string targets_template = R"(
- {id: de_arrivals, metric: arrivals, period: {from: 2022-09-01, until: 2023-12-31}, geography: DE, value: 1, source: model, confidence: H}
- {id: ge_stock, metric: stock, period: {from: 2023-12-31, until: 2023-12-31}, geography: GE, value: 1, source: model, confidence: H}
- {id: de_protection, metric: protection_rate, period: {from: 2022-09-01, until: 2023-12-31}, geography: DE, value: 1, source: model, confidence: H}
- {id: ge_arrivals, metric: arrivals, period: {from: 2022-09-01, until: 2023-12-31}, geography: GE, value: 1, source: model, confidence: H, kept_aside: true}
)";
constexpr double true_attractiveness = 2.5, true_rate = 0.5;

// The targets file, its values what one run of the toy at the truth gives (seed 99: not a
// seed the calibration uses), measured by a one-point `migsim sweep`.
void make_targets(const TempDir& dir) {
  write(dir.path / "targets.yaml", targets_template);
  write(dir.path / "truth.yaml", "scenario: " + toy +
                                     "\nparameters:\n"
                                     "  - {path: countries.DE.attractiveness, values: [2.5]}\n"
                                     "  - {path: policies.de_evaders.rate, values: [0.5]}\n"
                                     "design: grid\nreplicates: 1\nseed: 99\ntargets: targets.yaml\n");
  const auto r = cli::sh("sweep " + (dir.path / "truth.yaml").string() + " --out " + (dir.path / "truth").string() +
                         " -q --threads 1");
  REQUIRE_MESSAGE(r.code == 0, r.out);
  std::istringstream rows(text_of(dir.path / "truth" / "points.csv"));
  std::string header, row, cell;
  std::getline(rows, header);
  std::getline(rows, row);
  std::istringstream cells(row);
  std::vector<std::string> values;
  while (std::getline(cells, cell, ',')) values.push_back(cell);
  REQUIRE(values.size() == 11);  // point..error, then the four metrics
  std::string targets = targets_template;
  for (int i = 0; i < 4; ++i) targets.replace(targets.find("value: 1,"), 9, "value: " + values[7 + i] + ",");
  write(dir.path / "targets.yaml", targets);
}

std::string calibration_file() {
  return "scenario: " + toy +
         "\ntargets: targets.yaml\n"
         "parameters:\n"
         "  - {path: countries.DE.attractiveness, prior: uniform, min: 1, max: 4}\n"
         "  - {path: policies.de_evaders.rate, prior: uniform, min: 0.05, max: 0.95}\n"
         "particles: 60\nmax_generations: 4\nreplicates: 1\nseed: 5\npredictive: 40\n";
}

// A row of intervals.csv: parameter,mean,median,q05,q95.
std::vector<double> interval(const std::string& table, const std::string& parameter) {
  const auto at = table.find("\n" + parameter + ",");
  REQUIRE(at != std::string::npos);
  std::istringstream cells(
      table.substr(at + parameter.size() + 2, table.find('\n', at + 1) - at - parameter.size() - 2));
  std::vector<double> out;
  std::string cell;
  while (std::getline(cells, cell, ',')) out.push_back(std::stod(cell));
  REQUIRE(out.size() == 4);
  return out;
}

const char* tables[] = {"generations.csv", "posterior.csv", "posterior_gen0.csv", "posterior_gen2.csv", "intervals.csv",
                        "calibrated.yaml", "fit.csv",       "state.txt"};

}  // namespace

TEST_CASE(
    "calibrate: targets made by the model at known values, the 90% intervals nearly cover them and are narrower "
    "than the priors") {
  TempDir dir;
  make_targets(dir);
  write(dir.path / "cal.yaml", calibration_file());
  const auto r = cli::sh("calibrate " + (dir.path / "cal.yaml").string() + " --out " + (dir.path / "out").string() +
                         " --threads 1");
  INFO(r.out);
  REQUIRE(r.code == 0);
  const std::string intervals = text_of(dir.path / "out" / "intervals.csv");
  INFO(intervals);
  CHECK(intervals.rfind("parameter,mean,median,q05,q95\n", 0) == 0);
  const auto a = interval(intervals, "countries.DE.attractiveness");
  const auto rate = interval(intervals, "policies.de_evaders.rate");
  // A 90% interval misses the truth one time in ten by construction, so "it covers the truth"
  // would fail one model change in ten with nothing wrong (2026-12-07: the rate's interval
  // [0.078, 0.497] after a change to the asylum toy's draws, truth 0.5). Widened by a quarter
  // of its width on each side, it is about a 99% interval for a normal posterior (1.645 sd +
  // 0.25 x 3.29 sd = 2.47 sd): a miss then means the fit is off, not unlucky.
  const auto widened = [](const std::vector<double>& q) {
    const double margin = 0.25 * (q[3] - q[2]);
    return std::pair{q[2] - margin, q[3] + margin};
  };
  CHECK(widened(a).first <= true_attractiveness);
  CHECK(true_attractiveness <= widened(a).second);
  CHECK(widened(rate).first <= true_rate);
  CHECK(true_rate <= widened(rate).second);
  // The figures taught it something: the prior's 90% interval of the attractiveness is 2.7
  // wide (0.9 x 3), and so is about that of a fit that learns nothing (60 particles: about
  // +-0.2). Measured on this toy with calibration seeds 1-8 (2026-12-06): 1.48 to 1.95, so
  // two thirds of the prior's (1.8), the bound until then, failed one seed in two; at most
  // 2.25 (0.75 x 3) holds for every one of them and still fails a fit that learns nothing.
  CHECK(a[3] - a[2] < 0.75 * 3);
  // Four generations, each of 60 particles; epsilon shrinks.
  const std::string generations = text_of(dir.path / "out" / "generations.csv");
  CHECK(cli::lines(generations) == 5);
  CHECK(generations.rfind("generation,epsilon,acceptance_rate,simulations,ess\n0,inf,1,60,", 0) == 0);
  CHECK(cli::lines(text_of(dir.path / "out" / "posterior.csv")) == 61);
  // calibrated.yaml is the medians, as run --set-file reads them.
  const std::string calibrated = text_of(dir.path / "out" / "calibrated.yaml");
  CHECK(calibrated.find("countries.DE.attractiveness: ") != std::string::npos);
  CHECK(calibrated.find("policies.de_evaders.rate: ") != std::string::npos);
  // fit.csv: every target, the kept-aside one too; the fitted ones within their tolerance.
  const std::string fit = text_of(dir.path / "out" / "fit.csv");
  CHECK(fit.rfind("target,kept_aside,published,median,q05,q95,ratio,within_tolerance,base_median,base_ratio,"
                  "base_within_tolerance\n",
                  0) == 0);
  CHECK(cli::lines(fit) == 5);
  CHECK(fit.find("\nge_arrivals,true,") != std::string::npos);
  for (const char* id : {"de_arrivals", "ge_stock", "de_protection"}) {
    const auto row = fit.substr(fit.find(std::string("\n") + id + ","));
    CHECK(row.substr(0, row.find('\n', 1)).find(",true") != std::string::npos);
  }
  // The scenario as it was (here the truth itself) is scored beside the calibrated one.
  const std::string about = text_of(dir.path / "out" / "calibration.json");
  CHECK(about.find("\"scenario_as_it_was\"") != std::string::npos);
  CHECK(about.find("\"stopped_by\": \"max_generations\"") != std::string::npos);
  CHECK(about.find("\"complete\": true") != std::string::npos);
}

TEST_CASE("calibrate: killed part-way and resumed, and under mpirun -np 3, it writes the same tables byte for byte") {
  TempDir dir;
  make_targets(dir);
  write(dir.path / "cal.yaml", calibration_file());
  const std::string file = (dir.path / "cal.yaml").string();
  REQUIRE(cli::sh("calibrate " + file + " --out " + (dir.path / "whole").string() + " --threads 1").code == 0);

  // Stopped in generation 1 or 2: gen 0 takes 60 runs, and the journal holds 150.
  const std::string cut = (dir.path / "cut").string();
  CHECK(cli::stopped_when({"calibrate", file, "--out", cut, "--threads", "1"},
                          [&] { return cli::lines(text_of(fs::path(cut) / "journal.csv")) > 150; }) == 143);
  CHECK(fs::exists(fs::path(cut) / "state.txt"));
  CHECK_FALSE(fs::exists(fs::path(cut) / "fit.csv"));
  // Without --resume, the folder is refused; with it, the calibration carries on.
  CHECK(cli::sh("calibrate " + file + " --out " + cut).code == 2);
  const auto resumed = cli::sh("calibrate " + file + " --out " + cut + " --resume --threads 1");
  INFO(resumed.out);
  CHECK(resumed.code == 0);
  CHECK(resumed.out.find("calibrate: resuming after generation") != std::string::npos);
  for (const char* table : tables) {
    CAPTURE(table);
    CHECK(text_of(fs::path(cut) / table) == text_of(dir.path / "whole" / table));
  }

  if (std::system("command -v mpirun > /dev/null 2>&1") != 0) {
    FAIL("mpirun is not installed; scripts/setup installs openmpi-bin");
    return;
  }
  const std::string cmd =
      cli::mpirun(3) + " calibrate " + file + " --out " + (dir.path / "three").string() + " --threads 1 2>&1";
  CHECK(WEXITSTATUS(std::system(cmd.c_str())) == 0);
  for (const char* table : tables) {
    CAPTURE(table);
    CHECK(text_of(dir.path / "three" / table) == text_of(dir.path / "whole" / table));
  }
  CHECK(text_of(dir.path / "three" / "calibration.json").find("\"ranks\": 3") != std::string::npos);
}

TEST_CASE("calibrate: another calibration file in a folder is refused on --resume, a bad file runs nothing") {
  TempDir dir;
  make_targets(dir);
  write(dir.path / "cal.yaml", calibration_file() + "max_simulations: 70\n");
  const std::string out = (dir.path / "out").string();
  REQUIRE(cli::sh("calibrate " + (dir.path / "cal.yaml").string() + " --out " + out + " --threads 1").code == 0);
  CHECK(text_of(dir.path / "out" / "calibration.json").find("\"stopped_by\": \"max_simulations\"") !=
        std::string::npos);
  write(dir.path / "cal.yaml", calibration_file() + "max_simulations: 80\n");
  auto r = cli::sh("calibrate " + (dir.path / "cal.yaml").string() + " --out " + out + " --resume");
  CHECK(r.code == 2);
  CHECK(r.out.find(out + ": error: was made by another study than the one to resume") != std::string::npos);
  CHECK(r.out.find("file_sha256 ") != std::string::npos);

  write(dir.path / "bad.yaml", calibration_file() + "particles: 0\n");
  r = cli::sh("calibrate " + (dir.path / "bad.yaml").string() + " --out " + (dir.path / "bad").string());
  CHECK(r.code == 2);
  CHECK(r.out.find("bad.yaml:") != std::string::npos);
  CHECK(r.out.find("nothing was run") != std::string::npos);
  CHECK_FALSE(fs::exists(dir.path / "bad"));
}

namespace {

// A small calibration with cross-validation: three folds of the three fitted targets, each a
// refit of 30 particles over 2 generations.
std::string cross_validated_file(const std::string& targets) {
  return "scenario: " + toy + "\ntargets: " + targets +
         "\nparameters:\n"
         "  - {path: countries.DE.attractiveness, prior: uniform, min: 1, max: 4}\n"
         "  - {path: policies.de_evaders.rate, prior: uniform, min: 0.05, max: 0.95}\n"
         "particles: 30\nmax_generations: 2\nreplicates: 1\nseed: 8\npredictive: 20\n"
         "cross_validate: {folds: 3, by: target}\n";
}

// The cells of crossval.csv's row for `target`.
std::vector<std::string> crossval_row(const std::string& table, const std::string& target) {
  std::istringstream rows(table);
  std::string row, cell;
  while (std::getline(rows, row)) {
    std::istringstream cells(row);
    std::vector<std::string> out;
    while (std::getline(cells, cell, ',')) out.push_back(cell);
    if (row.back() == ',') out.emplace_back();
    if (out.size() > 1 && out[1] == target) return out;
  }
  FAIL("crossval.csv has no row for " << target);
  return {};
}

const char* fold_tables[] = {"generations.csv", "posterior.csv", "intervals.csv", "fit.csv", "state.txt"};

}  // namespace

TEST_CASE("calibrate with cross_validate: each fold refits without its targets, crossval.csv scores them out of fold") {
  TempDir dir;
  make_targets(dir);
  write(dir.path / "cal.yaml", cross_validated_file("targets.yaml"));
  const auto r = cli::sh("calibrate " + (dir.path / "cal.yaml").string() + " --out " + (dir.path / "out").string() +
                         " --threads 1");
  INFO(r.out);
  REQUIRE(r.code == 0);
  const fs::path out = dir.path / "out";
  // One row per fitted target, none for the kept-aside one; by target, fold i holds target i.
  const std::string crossval = text_of(out / "crossval.csv");
  INFO(crossval);
  CHECK(crossval.rfind("fold,target,metric,geography,published,median,q05,q95,ratio,abs_log_ratio,within_tolerance\n",
                       0) == 0);
  CHECK(cli::lines(crossval) == 4);
  CHECK(crossval.find("ge_arrivals") == std::string::npos);
  const char* fitted[] = {"de_arrivals", "ge_stock", "de_protection"};
  const nlohmann::json about = nlohmann::json::parse(text_of(out / "calibration.json"));
  const nlohmann::json& cv = about.at("cross_validation");
  CHECK(cv.at("complete") == true);
  CHECK(cv.at("folds") == 3);
  CHECK(cv.at("by") == "target");
  REQUIRE(cv.at("per_fold").size() == 3);
  double sum = 0;
  int scored = 0, within = 0;
  for (int k = 0; k < 3; ++k) {
    CAPTURE(k);
    const auto row = crossval_row(crossval, fitted[k]);
    REQUIRE(row.size() == 11);
    CHECK(row[0] == std::to_string(k));
    CHECK(cv.at("per_fold")[k].at("held_out") == nlohmann::json::array({fitted[k]}));
    // The row is fold k's own posterior predictive of the target it did not see: its fit.csv.
    const std::string fold_fit = text_of(out / "folds" / std::to_string(k) / "fit.csv");
    CHECK(fold_fit.rfind("target,kept_aside,published,median,q05,q95,ratio,within_tolerance\n", 0) == 0);
    CHECK(fold_fit.find("\n" + std::string(fitted[k]) + ",false," + row[4] + "," + row[5] + "," + row[6] + "," +
                        row[7] + "," + row[8] + "," + row[10] + "\n") != std::string::npos);
    const double ratio = std::stod(row[8]);
    CHECK(std::stod(row[9]) == doctest::Approx(std::abs(std::log(ratio))));
    CHECK(std::stod(row[5]) / std::stod(row[4]) == doctest::Approx(ratio));
    sum += std::stod(row[9]);
    ++scored;
    within += row[10] == "true";
  }
  // The summary is crossval.csv's: the mean |log ratio| out of fold, the share within tolerance.
  CHECK(cv.at("out_of_fold").at("mean_abs_log_ratio").get<double>() == doctest::Approx(sum / scored));
  CHECK(cv.at("out_of_fold").at("scored") == scored);
  CHECK(cv.at("out_of_fold").at("within_tolerance") == within);
  CHECK(cv.at("in_sample") == about.at("score").at("calibrated").at("fitted"));
  CHECK(r.out.find("calibrate: cross-validation, 3 folds by target") != std::string::npos);

  // A held-out target weighs nothing in its fold: ge_stock published 1000 times too high moves
  // the fold that fits it, not the one that holds it out (fold 1), whose draws are the same.
  std::string wrong = text_of(dir.path / "targets.yaml");
  const auto at = wrong.find("value: ", wrong.find("id: ge_stock")) + 7, end = wrong.find(',', at);
  std::ostringstream thousandfold;
  thousandfold.precision(17);
  thousandfold << std::stod(wrong.substr(at, end - at)) * 1000;
  wrong.replace(at, end - at, thousandfold.str());
  write(dir.path / "wrong.yaml", wrong);
  write(dir.path / "cal-wrong.yaml", cross_validated_file("wrong.yaml"));
  REQUIRE(cli::sh("calibrate " + (dir.path / "cal-wrong.yaml").string() + " --out " + (dir.path / "wrong").string() +
                  " --threads 1 -q")
              .code == 0);
  // Fold 1's distances (posterior.csv's distance column, generations.csv's epsilon) are the
  // same to the bit; fold 0's, which count ge_stock, are not (its particles may still be: with
  // two generations the same candidates can pass).
  for (const char* table : {"generations.csv", "posterior.csv", "intervals.csv"}) {
    CAPTURE(table);
    CHECK(text_of(dir.path / "wrong" / "folds" / "1" / table) == text_of(out / "folds" / "1" / table));
  }
  for (const char* table : {"generations.csv", "posterior.csv"}) {
    CAPTURE(table);
    CHECK(text_of(dir.path / "wrong" / "folds" / "0" / table) != text_of(out / "folds" / "0" / table));
  }
  const auto wrong_row = crossval_row(text_of(dir.path / "wrong" / "crossval.csv"), "ge_stock");
  const auto right_row = crossval_row(crossval, "ge_stock");
  CHECK(wrong_row[5] == right_row[5]);  // the same median, now a thousandth of the published value
  CHECK(std::stod(wrong_row[8]) == doctest::Approx(std::stod(right_row[8]) / 1000));
}

TEST_CASE("calibrate with cross_validate: killed in a fold and resumed, rerun, or under mpirun, the same bytes") {
  TempDir dir;
  make_targets(dir);
  write(dir.path / "cal.yaml", cross_validated_file("targets.yaml"));
  const std::string file = (dir.path / "cal.yaml").string();
  const fs::path whole = dir.path / "whole";
  REQUIRE(cli::sh("calibrate " + file + " --out " + whole.string() + " --threads 1 -q").code == 0);
  auto same = [&](const fs::path& other) {
    for (const char* table : {"crossval.csv", "fit.csv", "posterior.csv", "state.txt"}) {
      CAPTURE(table);
      CHECK(text_of(other / table) == text_of(whole / table));
    }
    for (const char* k : {"0", "1", "2"})
      for (const char* table : fold_tables) {
        CAPTURE(k);
        CAPTURE(table);
        CHECK(text_of(other / "folds" / k / table) == text_of(whole / "folds" / k / table));
      }
  };
  REQUIRE(fs::exists(whole / "crossval.csv"));

  const fs::path again = dir.path / "again";
  REQUIRE(cli::sh("calibrate " + file + " --out " + again.string() + " --threads 2 -q").code == 0);
  same(again);

  // Stopped in fold 1's second generation (its first takes 30 runs).
  const fs::path cut = dir.path / "cut";
  CHECK(cli::stopped_when({"calibrate", file, "--out", cut.string(), "--threads", "1"},
                          [&] { return cli::lines(text_of(cut / "folds" / "1" / "journal.csv")) > 40; }) == 143);
  CHECK(fs::exists(cut / "folds" / "1" / "state.txt"));
  CHECK_FALSE(fs::exists(cut / "folds" / "2"));
  CHECK_FALSE(fs::exists(cut / "crossval.csv"));
  const nlohmann::json stopped = nlohmann::json::parse(text_of(cut / "calibration.json"));
  CHECK(stopped.at("complete") == false);
  CHECK(stopped.at("cross_validation").at("folds_done") == 1);
  const auto resumed = cli::sh("calibrate " + file + " --out " + cut.string() + " --resume --threads 1");
  INFO(resumed.out);
  CHECK(resumed.code == 0);
  CHECK(resumed.out.find("calibrate: fold 1: resuming after generation 0") != std::string::npos);
  same(cut);

  if (std::system("command -v mpirun > /dev/null 2>&1") != 0) {
    FAIL("mpirun is not installed; scripts/setup installs openmpi-bin");
    return;
  }
  const std::string cmd =
      cli::mpirun(2) + " calibrate " + file + " --out " + (dir.path / "two").string() + " --threads 1 -q 2>&1";
  CHECK(WEXITSTATUS(std::system(cmd.c_str())) == 0);
  same(dir.path / "two");
}
