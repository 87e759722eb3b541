// What the commands refuse before they work, as a hostile user would try them: a study folder
// resumed with another study (study.json), two processes on one folder (its lock), what an
// interrupted process left half-written, output paths that are empty or unusable, input paths
// that are folders or FIFOs, counts no machine can hold, and combinations that can never run.
// Each refusal is exit 2 with `path: error: ...`, nothing run and nothing overwritten.
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>
#include <set>
#include <string>
#include <vector>

#include "run_binary.hpp"

namespace fs = std::filesystem;

using cli::lines;
using cli::TempDir;
using cli::text_of;
using cli::write;

namespace {

const std::string source = MIGSIM_SOURCE_DIR;
const std::string two_routes = source + "/scenarios/toy/two-routes.yaml";
const std::string asylum = source + "/scenarios/toy/asylum.yaml";

// Targets the two-routes toy can answer.
const std::string toy_targets = R"(
- {id: ge_arrivals, metric: arrivals, period: {from: 2022-03-01, until: 2022-03-31}, geography: GE,
   value: 100, source: test, confidence: L}
)";

// A 2-point grid, 2 replicates, of the two-routes toy: 4 runs of a few milliseconds.
std::string toy_sweep(const std::string& seed = "11", const std::string& keep = "none") {
  return "scenario: " + two_routes +
         "\nparameters:\n"
         "  - {path: countries.GE.attractiveness, values: [0.5, 2]}\n"
         "design: grid\nreplicates: 2\nseed: " +
         seed + "\ntargets: targets.yaml\nkeep: " + keep + "\n";
}

std::string toy_sensitivity(const std::string& method) {
  return "scenario: " + two_routes +
         "\ntargets: targets.yaml\n"
         "parameters:\n"
         "  - {path: countries.GE.attractiveness, min: 0.5, max: 2}\n"
         "method: " +
         method + "\nsamples: 2\nseed: 3\nbootstrap: 10\n";
}

// A small calibration of the asylum toy; `extra` is appended (its keys must not repeat).
std::string toy_calibration(const std::string& seed, const std::string& extra = "") {
  return "scenario: " + asylum +
         "\ntargets: targets.yaml\n"
         "parameters:\n"
         "  - {path: countries.DE.attractiveness, prior: uniform, min: 1, max: 4}\n"
         "particles: 40\nmax_generations: 1\nreplicates: 1\nseed: " +
         seed + "\npredictive: 2\n" + extra;
}

// Targets the asylum toy can answer.
const std::string asylum_targets = R"(
- {id: de_arrivals, metric: arrivals, period: {from: 2022-09-01, until: 2023-12-31}, geography: DE, value: 500,
   source: test, confidence: H}
)";

bool has(const cli::Result& r, const std::string& text) {
  return r.out.find(text) != std::string::npos;
}

// The names in a folder, hidden ones included.
std::set<std::string> names_in(const fs::path& dir) {
  std::set<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) out.insert(e.path().filename().string());
  return out;
}

}  // namespace

TEST_CASE("study folder: study.json records the study files' hashes, the seed and the design") {
  TempDir dir;
  write(dir.path / "targets.yaml", toy_targets);
  write(dir.path / "sweep.yaml", toy_sweep());
  const std::string out = (dir.path / "out").string();
  REQUIRE(cli::sh("sweep " + (dir.path / "sweep.yaml").string() + " --out " + out + " -q").code == 0);
  const std::string id = text_of(fs::path(out) / "study.json");
  INFO(id);
  for (const char* key : {"\"command\": \"sweep\"", "\"file_sha256\": \"", "\"scenario_sha256\": \"",
                          "\"targets_sha256\": \"", "\"seed\": 11", "\"design\": \"grid\"", "\"runs\": 4"})
    CHECK(id.find(key) != std::string::npos);
}

TEST_CASE("study folder: sweep --resume refuses a folder made from another seed or other values, saying what differs") {
  TempDir dir;
  write(dir.path / "targets.yaml", toy_targets);
  write(dir.path / "sweep.yaml", toy_sweep("11"));
  const std::string out = (dir.path / "out").string(), file = (dir.path / "sweep.yaml").string();
  REQUIRE(cli::sh("sweep " + file + " --out " + out + " -q").code == 0);
  const std::string points = text_of(fs::path(out) / "points.csv");

  write(dir.path / "sweep.yaml", toy_sweep("12"));
  auto r = cli::sh("sweep " + file + " --out " + out + " -q --resume");
  INFO(r.out);
  CHECK(r.code == 2);
  CHECK(has(r, out + ": error: was made by another study than the one to resume"));
  CHECK(has(r, "seed 11 in the folder, 12 now"));
  CHECK(has(r, "file_sha256 "));

  std::string other_values = toy_sweep("11");
  other_values.replace(other_values.find("[0.5, 2]"), 8, "[0.7, 3]");
  write(dir.path / "sweep.yaml", other_values);
  r = cli::sh("sweep " + file + " --out " + out + " -q --resume");
  CHECK(r.code == 2);
  CHECK(has(r, "file_sha256 "));
  CHECK(text_of(fs::path(out) / "points.csv") == points);  // nothing overwritten

  // The same study resumes (nothing left to run) and its table is the same.
  write(dir.path / "sweep.yaml", toy_sweep("11"));
  r = cli::sh("sweep " + file + " --out " + out + " -q --resume");
  CHECK(r.code == 0);
  CHECK(text_of(fs::path(out) / "points.csv") == points);
}

TEST_CASE("study folder: a sensitivity file into a sweep's folder, and Sobol' into a Morris folder, are refused") {
  TempDir dir;
  write(dir.path / "targets.yaml", toy_targets);
  write(dir.path / "sweep.yaml", toy_sweep());
  write(dir.path / "morris.yaml", toy_sensitivity("morris"));
  write(dir.path / "sobol.yaml", toy_sensitivity("sobol"));
  const std::string sweep_out = (dir.path / "sweep").string(), morris_out = (dir.path / "morris").string();
  REQUIRE(cli::sh("sweep " + (dir.path / "sweep.yaml").string() + " --out " + sweep_out + " -q").code == 0);
  REQUIRE(cli::sh("sensitivity " + (dir.path / "morris.yaml").string() + " --out " + morris_out + " -q").code == 0);
  const std::string indices = text_of(fs::path(morris_out) / "indices.csv");

  auto r = cli::sh("sensitivity " + (dir.path / "morris.yaml").string() + " --out " + sweep_out + " -q --resume");
  INFO(r.out);
  CHECK(r.code == 2);
  CHECK(has(r, sweep_out + ": error: holds a study of `migsim sweep`, not of `migsim sensitivity`"));

  r = cli::sh("sensitivity " + (dir.path / "sobol.yaml").string() + " --out " + morris_out + " -q --resume");
  INFO(r.out);
  CHECK(r.code == 2);
  CHECK(has(r, "method morris in the folder, sobol now"));
  CHECK(text_of(fs::path(morris_out) / "indices.csv") == indices);

  r = cli::sh("sweep " + (dir.path / "sweep.yaml").string() + " --out " + morris_out + " -q --resume");
  CHECK(r.code == 2);
  CHECK(has(r, "holds a study of `migsim sensitivity`, not of `migsim sweep`"));
}

TEST_CASE("study folder: calibrate stopped in generation 0, before state.txt, refuses --resume with another seed") {
  TempDir dir;
  write(dir.path / "targets.yaml", asylum_targets);
  write(dir.path / "cal.yaml", toy_calibration("5"));
  const std::string file = (dir.path / "cal.yaml").string(), out = (dir.path / "out").string();
  CHECK(cli::stopped_when({"calibrate", file, "--out", out, "-q", "--threads", "1"},
                          [&] { return lines(text_of(fs::path(out) / "journal.csv")) >= 4; }) == 143);
  REQUIRE_FALSE(fs::exists(fs::path(out) / "state.txt"));  // still in generation 0
  const std::string journal = text_of(fs::path(out) / "journal.csv");

  write(dir.path / "cal.yaml", toy_calibration("6"));
  auto r = cli::sh("calibrate " + file + " --out " + out + " -q --resume");
  INFO(r.out);
  CHECK(r.code == 2);
  CHECK(has(r, "seed 5 in the folder, 6 now"));
  CHECK(text_of(fs::path(out) / "journal.csv") == journal);

  write(dir.path / "cal.yaml", toy_calibration("5"));
  r = cli::sh("calibrate " + file + " --out " + out + " -q --resume --threads 1");
  INFO(r.out);
  CHECK(r.code == 0);
}

TEST_CASE("study folder: calibrate --resume with another cross_validate is refused, the folds untouched") {
  TempDir dir;
  // Two targets the asylum toy can answer: two folds by target.
  write(dir.path / "targets.yaml", asylum_targets + R"(
- {id: de_arrivals_2023, metric: arrivals, period: {from: 2023-01-01, until: 2023-12-31}, geography: DE, value: 300,
   source: test, confidence: H}
)");
  const std::string file = (dir.path / "cal.yaml").string(), out = (dir.path / "out").string();
  write(dir.path / "cal.yaml", toy_calibration("5", "cross_validate: {folds: 2, by: target}\n"));
  auto r = cli::sh("calibrate " + file + " --out " + out + " -q --threads 1");
  INFO(r.out);
  REQUIRE(r.code == 0);
  CHECK(text_of(fs::path(out) / "study.json").find("\"cross_validate\"") != std::string::npos);
  // The lock and study.json are DIR's alone: the folds are DIR's own folders.
  for (const char* k : {"0", "1"}) {
    CHECK_FALSE(fs::exists(fs::path(out) / "folds" / k / "study.json"));
    CHECK_FALSE(fs::exists(fs::path(out) / "folds" / k / ".lock"));
  }
  const std::string journal = text_of(fs::path(out) / "folds" / "1" / "journal.csv");
  const std::string crossval = text_of(fs::path(out) / "crossval.csv");

  write(dir.path / "cal.yaml", toy_calibration("5"));
  r = cli::sh("calibrate " + file + " --out " + out + " -q --resume");
  INFO(r.out);
  CHECK(r.code == 2);
  CHECK(has(r, "cross_validate {\"by\":\"target\",\"folds\":2} in the folder, null now"));
  CHECK(text_of(fs::path(out) / "folds" / "1" / "journal.csv") == journal);

  write(dir.path / "cal.yaml", toy_calibration("5", "cross_validate: {folds: 2, by: target}\n"));
  r = cli::sh("calibrate " + file + " --out " + out + " -q --resume --threads 1");
  INFO(r.out);
  CHECK(r.code == 0);
  CHECK(text_of(fs::path(out) / "crossval.csv") == crossval);
}

TEST_CASE("study folder: a second process on a locked folder is refused, and a lock left by a crash is not") {
  TempDir dir;
  write(dir.path / "targets.yaml", toy_targets);
  write(dir.path / "sweep.yaml", toy_sweep());
  const std::string out = (dir.path / "out").string(), file = (dir.path / "sweep.yaml").string();
  REQUIRE(cli::sh("sweep " + file + " --out " + out + " -q").code == 0);
  // This test holds the lock, as a migsim still writing the folder would.
  const int fd = ::open((fs::path(out) / ".lock").c_str(), O_RDWR | O_CLOEXEC);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX | LOCK_NB) == 0);
  const auto r = cli::sh("sweep " + file + " --out " + out + " -q --resume");
  INFO(r.out);
  CHECK(r.code == 2);
  CHECK(has(r, out + ": error: another migsim process"));
  ::close(fd);  // the kernel drops the lock: as it does when a process dies, however it dies
  CHECK(fs::exists(fs::path(out) / ".lock"));
  CHECK(cli::sh("sweep " + file + " --out " + out + " -q --resume").code == 0);
}

TEST_CASE("study folder: --resume removes the half-written folders and tables a killed process left") {
  TempDir dir;
  write(dir.path / "targets.yaml", toy_targets);
  write(dir.path / "sweep.yaml", toy_sweep("11", "all"));
  const std::string out = (dir.path / "out").string(), file = (dir.path / "sweep.yaml").string();
  REQUIRE(cli::sh("sweep " + file + " --out " + out + " -q").code == 0);
  // What a SIGKILL during a kept run and during a table's write leaves: ResultsFolder's
  // staging sibling (.<run>.tmp-<pid>-<random>) and write_atomically's <table>.part.
  const fs::path runs = fs::path(out) / "runs";
  fs::create_directories(runs / ".3.tmp-12345-0badc0de");
  write(runs / ".3.tmp-12345-0badc0de" / "daily.csv", "date,node,status,people\n2022-03-01,RU,at_or");
  write(fs::path(out) / "points.csv.part", "point,replicate");
  const auto r = cli::sh("sweep " + file + " --out " + out + " -q --resume");
  INFO(r.out);
  CHECK(r.code == 0);
  CHECK(names_in(runs) == std::set<std::string>{"0", "1", "2", "3"});
  CHECK_FALSE(fs::exists(fs::path(out) / "points.csv.part"));
}

TEST_CASE("study folder: keep naming a point the sweep does not have is refused") {
  TempDir dir;
  write(dir.path / "targets.yaml", toy_targets);
  write(dir.path / "sweep.yaml", toy_sweep("11", "[1, 99]"));
  const auto r = cli::sh("sweep " + (dir.path / "sweep.yaml").string() + " --out " + (dir.path / "out").string());
  INFO(r.out);
  CHECK(r.code == 2);
  CHECK(has(r, "sweep.yaml:8:11: error: keep: point 99 is not a point of this sweep (its 2 points are 0 to 1)"));
  CHECK_FALSE(fs::exists(dir.path / "out"));
}

TEST_CASE("output paths: an empty --out or -o is refused by every command, and nothing is written where it runs") {
  TempDir dir;
  write(dir.path / "targets.yaml", toy_targets);
  write(dir.path / "sweep.yaml", toy_sweep());
  write(dir.path / "sa.yaml", toy_sensitivity("morris"));
  write(dir.path / "cal.yaml", toy_calibration("5"));
  write(dir.path / "asylum-targets.yaml", asylum_targets);
  REQUIRE(cli::sh("run " + two_routes + " --out " + (dir.path / "results").string() + " -q").code == 0);
  const auto before = names_in(dir.path);
  const std::string here = "cd " + dir.path.string() + " &&";
  for (const std::string& command :
       std::vector<std::string>{"run " + two_routes + " -q", "flee " + source + "/tests/data/flee/burundi -q",
                                "sweep sweep.yaml -q", "sensitivity sa.yaml -q", "calibrate cal.yaml -q"}) {
    CAPTURE(command);
    const auto r = cli::sh_after(here, command + " --out ''");
    INFO(r.out);
    CHECK(r.code == 2);
    CHECK(has(r, "--out '': error: is empty; expected"));
  }
  const auto r = cli::sh_after(here, "report results -o ''");
  CHECK(r.code == 2);
  CHECK(has(r, "-o '': error: is empty; expected the path of the HTML file to write"));
  CHECK(names_in(dir.path) == before);
}

TEST_CASE("output paths: a path under a file, in /proc or with a name too long is refused with exit 2, not 1") {
  TempDir dir;
  write(dir.path / "targets.yaml", toy_targets);
  write(dir.path / "sweep.yaml", toy_sweep());
  write(dir.path / "sa.yaml", toy_sensitivity("morris"));
  // The calibration of the asylum toy with targets it can answer: in /proc the folder is made
  // only after the file is checked, so a file with problems would be told first.
  write(dir.path / "asylum-targets.yaml", asylum_targets);
  std::string calibration = toy_calibration("5");
  write(dir.path / "cal.yaml",
        calibration.replace(calibration.find("targets: targets.yaml"), 21, "targets: asylum-targets.yaml"));
  write(dir.path / "file", "a file\n");
  REQUIRE(cli::sh("run " + two_routes + " --out " + (dir.path / "results").string() + " -q").code == 0);
  const std::string d = dir.path.string() + "/";
  const std::string long_name = d + std::string(300, 'a');
  for (const std::string& command :
       std::vector<std::string>{"run " + two_routes + " -q --out", "sweep " + d + "sweep.yaml -q --out",
                                "sensitivity " + d + "sa.yaml -q --out", "calibrate " + d + "cal.yaml -q --out",
                                "report " + d + "results -o"}) {
    // Under a file and too long: told as such, before anything is made; in /proc, where only
    // making it says no, told with the folder that refused.
    for (const auto& [out, message] : std::vector<std::pair<std::string, std::string>>{
             {d + "file/x", d + "file/x: error: '" + d + "file' above it is a regular file, not a folder"},
             {long_name, ": error: has a name longer than 255 bytes"},
             {"/proc/migsim-test", "/proc/migsim-test: error: cannot be "}}) {
      CAPTURE(command);
      CAPTURE(out);
      const auto r = cli::sh(command + " " + out);
      INFO(r.out);
      CHECK(r.code == 2);
      CHECK(has(r, message));
      CHECK_FALSE(has(r, "internal error"));
    }
  }
}

TEST_CASE("input paths: a targets, points or study file that is a folder or a FIFO is refused with exit 2") {
  TempDir dir;
  const std::string d = dir.path.string() + "/";
  fs::create_directory(dir.path / "folder");
  REQUIRE(::mkfifo((dir.path / "fifo").c_str(), 0644) == 0);
  write(dir.path / "targets.yaml", toy_targets);
  REQUIRE(cli::sh("run " + two_routes + " --out " + d + "results -q").code == 0);
  std::string sweep = toy_sweep();
  sweep.replace(sweep.find("targets: targets.yaml"), 21, "targets: folder");
  write(dir.path / "sweep-targets.yaml", sweep);
  write(dir.path / "sweep-points.yaml", "scenario: " + two_routes +
                                            "\nparameters:\n  - {path: countries.GE.attractiveness}\n"
                                            "design: points\npoints: folder\nreplicates: 1\nseed: 1\n");
  std::string calibration = toy_calibration("5");
  calibration.replace(calibration.find("targets: targets.yaml"), 21, "targets: fifo");
  write(dir.path / "cal.yaml", calibration);
  std::string sensitivity = toy_sensitivity("morris");
  sensitivity.replace(sensitivity.find("targets: targets.yaml"), 21, "targets: folder");
  write(dir.path / "sa.yaml", sensitivity);

  struct Case {
    std::string command, message;
  };
  for (const Case& c : {
           Case{"sweep " + d + "sweep-targets.yaml --out " + d + "o1",
                d + "folder: error: is a folder, not a regular file; expected a targets file"},
           Case{"sweep " + d + "sweep-points.yaml --out " + d + "o2",
                "points 'folder' is a folder, not a regular file; expected a CSV file"},
           Case{"calibrate " + d + "cal.yaml --out " + d + "o3",
                d + "fifo: error: is a FIFO, not a regular file; expected a targets file"},
           Case{"sensitivity " + d + "sa.yaml --out " + d + "o4", "is a folder, not a regular file"},
           Case{"sweep " + d + "fifo --out " + d + "o5", d + "fifo: error: is a FIFO, not a regular file"},
           // The command's own file too: told by its reader in the same words, not by the parser.
           Case{"sweep " + d + "folder --out " + d + "o6",
                d + "folder: error: is a folder, not a regular file; expected a sweep file"},
           Case{"run " + d + "folder --out " + d + "o7", d + "folder: error: cannot open: not a regular file"},
           Case{"report " + d + "results --targets " + d + "folder -o " + d + "r.html",
                d + "folder: error: is a folder, not a regular file; expected a targets file"},
           Case{"compare " + d + "results " + d + "fifo",
                d + "fifo: error: is a FIFO, not a regular file; expected a targets file"},
       }) {
    CAPTURE(c.command);
    // Killed after 60 s: without the check, opening the FIFO waits for a writer for ever (and
    // SIGTERM does not end that wait), so the test would hang rather than fail.
    const auto r = cli::sh_after("timeout -s KILL 60", c.command);
    INFO(r.out);
    CHECK(r.code == 2);
    CHECK(has(r, c.message));
    CHECK_FALSE(has(r, "internal error"));
  }
  for (const char* o : {"o1", "o2", "o3", "o4", "o5", "o6", "o7", "r.html"}) CHECK_FALSE(fs::exists(dir.path / o));
}

TEST_CASE("counts: particles or samples no machine can hold are refused before anything is allocated") {
  TempDir dir;
  const std::string d = dir.path.string() + "/";
  write(dir.path / "targets.yaml", asylum_targets);
  std::string calibration = toy_calibration("5");
  calibration.replace(calibration.find("particles: 40"), 13, "particles: 100000000");
  write(dir.path / "cal.yaml", calibration);
  write(dir.path / "random.yaml", "scenario: " + two_routes +
                                      "\nparameters:\n  - {path: countries.GE.attractiveness, min: 0.5, max: 2}\n"
                                      "design: random\nsamples: 100000000\nreplicates: 1\nseed: 1\n");
  write(dir.path / "sa.yaml", "scenario: " + asylum +
                                  "\ntargets: targets.yaml\nparameters:\n"
                                  "  - {path: countries.DE.attractiveness, min: 1, max: 4}\n"
                                  "method: morris\nsamples: 40000000\nseed: 1\n");
  // A limit of 4 GB on this process's memory, as a small machine or a job's ulimit gives: the
  // estimates are far above half of it whatever machine runs the test. Not under
  // AddressSanitizer, which reserves terabytes of address space for its shadow memory and so
  // cannot start under such a limit; there the machine's own memory is the limit (the
  // estimates, hundreds of GB, are above half of any machine CI runs on).
#if defined(__SANITIZE_ADDRESS__)
  const std::string limited;
#else
  const std::string limited = "ulimit -v 4000000;";
#endif
  auto r = cli::sh_after(limited, "calibrate " + d + "cal.yaml --out " + d + "o1");
  INFO(r.out);
  CHECK(r.code == 2);
  CHECK(has(r, "cal.yaml:5:12: error: particles 100000000 (with "));
  CHECK(has(r, "of memory for the study's own bookkeeping"));
  r = cli::sh_after(limited, "sweep " + d + "random.yaml --out " + d + "o2");
  INFO(r.out);
  CHECK(r.code == 2);
  CHECK(has(r, "random.yaml:5:10: error: the sweep's 100000000 runs"));
  r = cli::sh_after(limited, "sensitivity " + d + "sa.yaml --out " + d + "o3");
  INFO(r.out);
  CHECK(r.code == 2);
  CHECK(has(r, "sa.yaml:6:10: error: samples 40000000 (80000000 points x 1 replicates) would take about"));
  CHECK_FALSE(fs::exists(dir.path / "o1"));
  CHECK_FALSE(fs::exists(dir.path / "o2"));
  CHECK_FALSE(fs::exists(dir.path / "o3"));
}

TEST_CASE("impossible combinations: max_simulations below particles, targets at places the scenario lacks") {
  TempDir dir;
  const std::string d = dir.path.string() + "/";
  write(dir.path / "targets.yaml", asylum_targets);
  write(dir.path / "cal.yaml", toy_calibration("5", "max_simulations: 30\n"));
  auto r = cli::sh("calibrate " + d + "cal.yaml --out " + d + "o1");
  INFO(r.out);
  CHECK(r.code == 2);
  CHECK(has(r, "cal.yaml:10:18: error: max_simulations 30 is below particles 40"));

  // Fewer particles than parameters: told at the particles line, not as a collapse mid-run.
  std::string few = toy_calibration("5");
  few.replace(few.find("particles: 40"), 13, "particles: 2");
  const std::string de = "  - {path: countries.DE.attractiveness";
  few.insert(few.find(de), "  - {path: countries.GE.attractiveness, prior: uniform, min: 0.5, max: 2}\n");
  write(dir.path / "cal.yaml", few);
  r = cli::sh("calibrate " + d + "cal.yaml --out " + d + "o0");
  INFO(r.out);
  CHECK(r.code == 2);
  CHECK(has(r, "cal.yaml:6:12: error: particles 2 is not above the 2 parameters; expected at least 3"));
  CHECK_FALSE(fs::exists(dir.path / "o0"));

  write(dir.path / "elsewhere.yaml", R"(
- {id: xx_arrivals, metric: arrivals, period: {from: 2022-09-01, until: 2023-12-31}, geography: XX, value: 5,
   source: test, confidence: L, kept_aside: true}
)");
  std::string calibration = toy_calibration("5");
  write(dir.path / "cal.yaml",
        calibration.replace(calibration.find("targets: targets.yaml"), 21, "targets: elsewhere.yaml"));
  r = cli::sh("calibrate " + d + "cal.yaml --out " + d + "o2");
  INFO(r.out);
  CHECK(r.code == 2);
  CHECK(has(r, "cal.yaml:2:10: error: targets 'elsewhere.yaml': " + d + "elsewhere.yaml:2:"));
  CHECK(has(r, "error: geography 'XX' is not in the scenario " + asylum));
  std::string sweep = toy_sweep();
  write(dir.path / "sweep.yaml", sweep.replace(sweep.find("targets: targets.yaml"), 21, "targets: elsewhere.yaml"));
  r = cli::sh("sweep " + d + "sweep.yaml --out " + d + "o3");
  CHECK(r.code == 2);
  CHECK(has(r, "geography 'XX' is not in the scenario"));
  for (const char* o : {"o1", "o2", "o3"}) CHECK_FALSE(fs::exists(dir.path / o));
}

TEST_CASE("calibrate: a generation in which no run succeeded writes no posterior") {
  TempDir dir;
  write(dir.path / "targets.yaml", asylum_targets);
  // Every candidate's people.total is one the scenario refuses: every run fails.
  write(dir.path / "cal.yaml", "scenario: " + asylum +
                                   "\ntargets: targets.yaml\nparameters:\n"
                                   "  - {path: people.total, prior: uniform, min: -10, max: -1}\n"
                                   "particles: 4\nmax_generations: 2\nreplicates: 1\nseed: 1\npredictive: 2\n");
  const std::string out = (dir.path / "out").string();
  const auto r = cli::sh("calibrate " + (dir.path / "cal.yaml").string() + " --out " + out + " --threads 1");
  INFO(r.out);
  CHECK(r.code == 3);
  CHECK(has(r, "calibrate: error: generation 0: none of its 4 candidates ran successfully"));
  for (const char* table : {"posterior.csv", "posterior_gen0.csv", "intervals.csv", "calibrated.yaml", "state.txt"})
    CHECK_FALSE(fs::exists(fs::path(out) / table));
  CHECK(text_of(fs::path(out) / "calibration.json").find("\"stopped_by\": \"no_successful_run\"") != std::string::npos);
}

TEST_CASE("calibrate: a cross-validation fold whose generation has no successful run stops it, exit 3") {
  TempDir dir;
  write(dir.path / "targets.yaml", asylum_targets + R"(
- {id: de_arrivals_2023, metric: arrivals, period: {from: 2023-01-01, until: 2023-12-31}, geography: DE, value: 300,
   source: test, confidence: H}
)");
  // people.total below 0 is refused: half the prior's draws fail. With seed 3, both of the
  // calibration's candidates run, and both of fold 0's (seed derive_seed(3, 0)) fail.
  write(dir.path / "cal.yaml", "scenario: " + asylum +
                                   "\ntargets: targets.yaml\nparameters:\n"
                                   "  - {path: people.total, prior: uniform, min: -10000, max: 10000}\n"
                                   "particles: 2\nmax_generations: 1\nreplicates: 1\nseed: 3\npredictive: 2\n"
                                   "cross_validate: {folds: 2, by: target}\n");
  const fs::path out = dir.path / "out";
  const auto r = cli::sh("calibrate " + (dir.path / "cal.yaml").string() + " --out " + out.string() + " --threads 1");
  INFO(r.out);
  CHECK(r.code == 3);
  CHECK(has(r, "calibrate: fold 0: error: generation 0: none of its 2 candidates ran successfully"));
  CHECK(has(r, "crossval.csv is not written"));
  // The calibration's own tables are whole; fold 0 wrote no posterior, and no fold came after it.
  for (const char* table : {"posterior.csv", "fit.csv", "state.txt"}) CHECK(fs::exists(out / table));
  for (const char* table : {"posterior.csv", "posterior_gen0.csv", "intervals.csv", "fit.csv", "state.txt"})
    CHECK_FALSE(fs::exists(out / "folds" / "0" / table));
  CHECK_FALSE(fs::exists(out / "folds" / "1"));
  CHECK_FALSE(fs::exists(out / "crossval.csv"));
  const nlohmann::json about = nlohmann::json::parse(text_of(out / "calibration.json"));
  CHECK(about.at("complete") == false);
  CHECK(about.at("cross_validation").at("stopped_by") == "no_successful_run");
  CHECK(about.at("cross_validation").at("failed_fold") == 0);
  CHECK(about.at("rows").at("crossval.csv").is_null());
  CHECK(about.at("rows").at("fit.csv") == 2);
  const nlohmann::json fold = nlohmann::json::parse(text_of(out / "folds" / "0" / "calibration.json"));
  CHECK(fold.at("stopped_by") == "no_successful_run");
  for (const char* table : {"generations.csv", "posterior.csv", "fit.csv"}) CHECK(fold.at("rows").at(table).is_null());
}
