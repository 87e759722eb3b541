// manifest.json: every key present with the values given, and nothing that varies between
// runs of the same inputs outside "run".
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "migsim/io/results.hpp"
#include "results_fixture.hpp"

using namespace migsim;
using migsim::test::read_text;
using migsim::test::TempDir;

namespace {

io::ManifestInfo info() {
  io::ManifestInfo m;
  m.scenario_path = "scenarios/tiny.yaml";
  m.scenario_sha256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
  m.overrides = {"people.total=100", "policies.ban.from=2022-04-01"};
  m.seed = 18446744073709551615ull;  // the largest seed must survive JSON
  m.command_line = "migsim run scenarios/tiny.yaml --seed 18446744073709551615";
  return m;
}

RunResult result(int threads, double wall) {
  RunResult r;
  r.threads = threads;
  r.wall_seconds = wall;
  r.agents = 10;
  r.agent_steps = 35;
  for (int p = 0; p < phase_count; ++p) r.phase_seconds[static_cast<std::size_t>(p)] = 0.5 * p;
  return r;
}

nlohmann::json manifest_of(const ScenarioSpec& spec, const Model& model, const io::ManifestInfo& i,
                           const RunResult& r) {
  TempDir dir;
  io::write_manifest(dir.path(), spec, model, i, r);
  return nlohmann::json::parse(read_text(dir.path() / "manifest.json"));
}

}  // namespace

TEST_CASE("write_manifest records inputs, versions and the run") {
  ScenarioSpec spec = test::tiny_spec();
  spec.countries[2].eu_since = date_from_ymd(1958, 1, 1);
  spec.countries[2].dublin_since = date_from_ymd(2003, 9, 1);
  // Two policies: one with a window and a place, one disabled and open-ended.
  PolicySpec ban;
  ban.name = "ge_ban";
  ban.params = default_params(PolicyType::entry_ban);
  ban.from = date_from_ymd(2022, 3, 31);
  ban.until = date_from_ymd(2022, 4, 1);
  ban.where.countries = {"GE"};
  ban.where.modes = {Mode::land};
  PolicySpec closure = ban;
  closure.name = "de_closed";
  closure.params = default_params(PolicyType::border_closure);
  closure.until.reset();
  closure.enabled = false;
  closure.where.countries = {"DE"};
  closure.where.modes = {};
  spec.policies = {ban, closure};
  const auto model = build_model(spec);
  TempDir dir;
  io::write_manifest(dir.path(), spec, *model, info(), result(4, 2.5));
  const std::string text = read_text(dir.path() / "manifest.json");
  CHECK(text.rfind("{\n  \"migsim_version\": ", 0) == 0);  // pretty, two spaces
  CHECK(text.back() == '\n');
  const auto j = nlohmann::json::parse(text);

  CHECK_FALSE(j.at("migsim_version").get<std::string>().empty());
  CHECK_FALSE(j.at("git_commit").get<std::string>().empty());
  CHECK(j.at("scenario_path") == "scenarios/tiny.yaml");
  CHECK(j.at("scenario_sha256") == info().scenario_sha256);
  CHECK(j.at("overrides_file").is_null());  // no --set-file
  CHECK(j.at("overrides") == nlohmann::json::array({"people.total=100", "policies.ban.from=2022-04-01"}));
  CHECK(j.at("seed").get<std::uint64_t>() == 18446744073709551615ull);
  CHECK(j.at("start") == "2022-03-30");
  CHECK(j.at("end") == "2022-04-02");
  CHECK(j.at("nodes") == 4);
  CHECK(j.at("edges") == 4);
  CHECK(j.at("profiles") == nlohmann::json::array({"everyone"}));
  CHECK(j.at("scale") == 10.0);
  CHECK(j.at("agents") == 10);
  CHECK(j.at("agent_steps") == 35);
  // The geography, for readers without the scenario (migsim compare resolves EU from it).
  CHECK(j.at("countries") == nlohmann::json::parse(R"([
    {"id": "RU", "name": "Russia", "eu": null, "schengen": null, "dublin": null},
    {"id": "GE", "name": "Georgia", "eu": null, "schengen": null, "dublin": null},
    {"id": "DE", "name": "Germany", "eu": "1958-01-01", "schengen": null, "dublin": "2003-09-01"}])"));
  CHECK(j.at("places") == nlohmann::json::parse(R"([{"id": "lars", "name": "Upper Lars", "country": "GE"}])"));
  CHECK(j.at("origin") == "RU");
  // The policies as they were applied: an open end is the scenario's last day.
  CHECK(j.at("policies") == nlohmann::json::parse(R"([
    {"name": "ge_ban", "type": "entry_ban", "from": "2022-03-31", "until": "2022-04-01", "enabled": true,
     "countries": ["GE"], "crossings": [], "modes": ["land"]},
    {"name": "de_closed", "type": "border_closure", "from": "2022-03-31", "until": "2022-04-02", "enabled": false,
     "countries": ["DE"], "crossings": [], "modes": []}])"));

  const auto& run = j.at("run");
  CHECK(run.at("threads") == 4);
  CHECK(run.at("wall_seconds") == 2.5);
  CHECK(run.at("command_line") == info().command_line);
  CHECK(std::regex_match(run.at("created_utc").get<std::string>(), std::regex(R"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)")));
  const auto& phases = run.at("phase_seconds");
  REQUIRE(phases.size() == phase_count);
  for (int p = 0; p < phase_count; ++p) CHECK(phases.at(phase_names[static_cast<std::size_t>(p)]) == 0.5 * p);
  // Phases are listed in the order they run, not alphabetically.
  CHECK(text.find("\"apply_policies\"") < text.find("\"spawn\""));
  CHECK(text.find("\"spawn\"") < text.find("\"decide\""));
}

TEST_CASE("manifests of the same inputs differ only under \"run\"") {
  const auto spec = test::tiny_spec();
  const auto model = build_model(spec);
  auto other = info();
  other.command_line = "migsim run scenarios/tiny.yaml --threads 1";
  auto a = manifest_of(spec, *model, info(), result(8, 1.0));
  auto b = manifest_of(spec, *model, other, result(1, 7.0));
  CHECK(a != b);
  a.erase("run");
  b.erase("run");
  CHECK(a == b);
}

TEST_CASE("write_manifest records an overrides file: its path, SHA-256 and entries, before the --set overrides") {
  const auto spec = test::tiny_spec();
  const auto model = build_model(spec);
  auto with_file = info();
  with_file.overrides_file = "calibrated.yaml";
  with_file.overrides_file_sha256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
  with_file.overrides_file_entries = {"people.total=200", "policies.ban.from=2022-04-02"};
  TempDir dir;
  io::write_manifest(dir.path(), spec, *model, with_file, result(1, 1.0));
  const std::string text = read_text(dir.path() / "manifest.json");
  const auto j = nlohmann::json::parse(text);
  CHECK(j.at("overrides_file") == nlohmann::json::parse(R"({
    "path": "calibrated.yaml",
    "sha256": "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
    "entries": ["people.total=200", "policies.ban.from=2022-04-02"]})"));
  CHECK(j.at("overrides") == nlohmann::json::array({"people.total=100", "policies.ban.from=2022-04-01"}));
  // In the order they are applied: the file, then --set.
  CHECK(text.find("\"overrides_file\"") < text.find("\"overrides\""));
  CHECK(text.find("\"scenario_sha256\"") < text.find("\"overrides_file\""));
}
