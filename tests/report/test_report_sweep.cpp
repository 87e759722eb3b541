// migsim report --sweep DIR: the data of a sweep's and of a calibration's folder, made by the
// binary as a user would (a toy sweep with kept runs, a tiny calibration), checked against
// what the test computes itself from the same tables; and bad folders and tables refused
// with file[:line]: error: lines.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "cli/run_binary.hpp"
#include "data.hpp"
#include "fixture.hpp"
#include "migsim/io/table_reader.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

// A CSV without quoted cells (the tables these tests read have none), as header -> cells.
std::vector<std::map<std::string, std::string>> rows_of(const fs::path& file) {
  std::istringstream in(cli::text_of(file));
  std::string line;
  std::getline(in, line);
  const auto header = report_test::split(line);
  std::vector<std::map<std::string, std::string>> rows;
  while (std::getline(in, line)) {
    const auto cells = report_test::split(line);
    REQUIRE(cells.size() == header.size());
    std::map<std::string, std::string> row;
    for (std::size_t i = 0; i < header.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(row);
  }
  return rows;
}

// Hyndman and Fan's type 7, from its definition (1-based order statistics x(1) <= ... <=
// x(n)): h = (n - 1) p + 1, Q(p) = x(floor h) + (h - floor h) (x(floor h + 1) - x(floor h)).
double type7(std::vector<double> x, double p) {
  std::sort(x.begin(), x.end());
  const double h = (static_cast<double>(x.size()) - 1) * p + 1;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  const double below = x[lo - 1], above = lo < x.size() ? x[lo] : x[lo - 1];
  return below + (h - std::floor(h)) * (above - below);
}

// People who have left and are in `country` on the run's last day, from its daily.csv (the toy
// has no places: a node is a country).
double left_on_last_day(const fs::path& run, const std::string& country, const std::string& last_day) {
  double people = 0;
  for (const auto& row : rows_of(run / "daily.csv"))
    if (row.at("date") == last_day && row.at("node") == country && row.at("status") != "at_origin" &&
        row.at("status") != "home" && row.at("status") != "returned")
      people += std::stod(row.at("people"));
  return people;
}

// The error `sweep_report_data` throws for `dir`, or "" if none.
std::string error_of(const fs::path& dir) {
  try {
    migsim::report::detail::sweep_report_data(dir);
  } catch (const migsim::io::detail::BadResults& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST_CASE("report --sweep: a sweep's medians and 5-95% bands per point are points.csv's, by type 7") {
  const auto dir = report_test::toy_results("sweep-data");
  const auto sweep = report_test::toy_sweep(dir);
  const json d = migsim::report::detail::sweep_report_data(sweep);
  REQUIRE(d.at("kind") == "sweep");
  CHECK(d.at("replicates") == 3);
  CHECK(d.at("parameters") == json::array({"countries.DE.attractiveness"}));
  REQUIRE(d.at("points").size() == 2);
  CHECK(d.at("runs_ok") == 6);
  CHECK(d.at("runs_failed") == 0);
  CHECK(d.at("targets_note").is_null());

  // Independently: each target's values per point from points.csv.
  const auto rows = rows_of(sweep / "points.csv");
  REQUIRE(rows.size() == 6);
  const std::vector<std::string> ids = {"de_applications_2023", "eu_arrivals", "hr_applications"};
  REQUIRE(d.at("targets").size() == ids.size());
  for (std::size_t k = 0; k < ids.size(); ++k) {
    const json& t = d.at("targets")[k];
    CHECK(t.at("id") == ids[k]);
    CHECK(t.at("unit") == "people");
    CHECK(t.at("metric") == (k == 1 ? "arrivals" : "applications"));
    for (int p = 0; p < 2; ++p) {
      std::vector<double> values;
      for (const auto& row : rows)
        if (row.at("point") == std::to_string(p) && row.at("status") == "ok")
          values.push_back(std::stod(row.at(ids[k])));
      REQUIRE(values.size() == 3);
      INFO(ids[k] << " at point " << p);
      CHECK(t.at("n")[p] == 3);
      CHECK(t.at("median")[p].get<double>() == doctest::Approx(type7(values, 0.5)));
      CHECK(t.at("q05")[p].get<double>() == doctest::Approx(type7(values, 0.05)));
      CHECK(t.at("q95")[p].get<double>() == doctest::Approx(type7(values, 0.95)));
      CHECK(t.at("q05")[p].get<double>() <= t.at("median")[p].get<double>());
      CHECK(t.at("median")[p].get<double>() <= t.at("q95")[p].get<double>());
    }
  }
  CHECK(d.at("targets")[0].at("published") == 400);  // from targets.yaml, through the sweep file

  // The ensemble over each point's kept runs (runs/<point × 3 + replicate>/): on the last day,
  // Germany's median and band are those of the three runs' daily.csv.
  REQUIRE(d.at("ensemble").size() == 2);
  for (int p = 0; p < 2; ++p) {
    const json& e = d.at("ensemble")[p];
    CHECK(e.at("point") == p);
    CHECK(e.at("replicates") == 3);
    CHECK(e.at("dates").back() == "2023-12-31");
    REQUIRE(e.at("series").size() <= 5);
    std::vector<double> de;
    for (int r = 0; r < 3; ++r)
      de.push_back(left_on_last_day(sweep / "runs" / std::to_string(p * 3 + r), "DE", "2023-12-31"));
    const auto it =
        std::find_if(e.at("series").begin(), e.at("series").end(), [](const json& s) { return s.at("id") == "DE"; });
    REQUIRE(it != e.at("series").end());
    CHECK(it->at("name") == "Germany");
    INFO("point " << p);
    CHECK(it->at("median").back().get<double>() == doctest::Approx(type7(de, 0.5)));
    CHECK(it->at("q05").back().get<double>() == doctest::Approx(type7(de, 0.05)));
    CHECK(it->at("q95").back().get<double>() == doctest::Approx(type7(de, 0.95)));
  }

  // Without the sweep file at hand, no units or published figures, and the data says why.
  fs::rename(dir / "sweep.yaml", dir / "moved.yaml");
  const json moved = migsim::report::detail::sweep_report_data(sweep);
  CHECK(moved.at("targets_note").get<std::string>().find("is not found from here") != std::string::npos);
  CHECK(moved.at("targets")[0].at("unit").is_null());
  CHECK(moved.at("targets")[0].at("median") == d.at("targets")[0].at("median"));
}

TEST_CASE("report --sweep: a calibration's posterior histograms sum to 1 and follow posterior.csv's weights") {
  const auto dir = report_test::toy_results("calibration-data");
  const auto cal = report_test::toy_calibration(dir);
  const json d = migsim::report::detail::sweep_report_data(cal);
  REQUIRE(d.at("kind") == "calibration");
  CHECK(d.at("particles") == 8);
  CHECK(d.at("predictive") == 6);
  CHECK(d.at("prior_note").is_null());

  const auto posterior = rows_of(cal / "posterior.csv");
  REQUIRE(posterior.size() == 8);
  double total = 0;
  for (const auto& row : posterior) total += std::stod(row.at("weight"));
  const auto intervals = rows_of(cal / "intervals.csv");
  REQUIRE(d.at("parameters").size() == 2);
  for (const json& p : d.at("parameters")) {
    const std::string path = p.at("path");
    INFO(path);
    const json& h = p.at("histogram");
    const auto& weights = h.at("weights");
    const auto& edges = h.at("edges");
    // Sturges: ceil(log2 8) + 1 = 4 bins over the particles' range.
    REQUIRE(weights.size() == 4);
    REQUIRE(edges.size() == 5);
    double sum = 0;
    for (const auto& w : weights) sum += w.get<double>();
    CHECK(sum == doctest::Approx(1.0).epsilon(1e-12));
    std::vector<double> values;
    for (const auto& row : posterior) values.push_back(std::stod(row.at(path)));
    CHECK(edges.front().get<double>() == *std::min_element(values.begin(), values.end()));
    CHECK(edges.back().get<double>() == *std::max_element(values.begin(), values.end()));
    // Each bin's weight, again from posterior.csv: the particles in [edge b, edge b+1) (the
    // last bin closed), their weights over the total.
    for (std::size_t b = 0; b < weights.size(); ++b) {
      double expected = 0;
      for (const auto& row : posterior) {
        const double v = std::stod(row.at(path));
        const bool last = b + 1 == weights.size();
        if (v >= edges[b].get<double>() &&
            (v < edges[b + 1].get<double>() || (last && v <= edges[b + 1].get<double>())))
          expected += std::stod(row.at("weight")) / total;
      }
      CHECK(weights[b].get<double>() == doctest::Approx(expected));
    }
    // The 90% interval lines are intervals.csv's; the prior's range the calibration file's.
    const auto row =
        std::find_if(intervals.begin(), intervals.end(), [&](const auto& r) { return r.at("parameter") == path; });
    REQUIRE(row != intervals.end());
    CHECK(p.at("interval").at("q05").get<double>() == std::stod(row->at("q05")));
    CHECK(p.at("interval").at("q95").get<double>() == std::stod(row->at("q95")));
    CHECK(p.at("prior").at("kind") == "uniform");
    CHECK(p.at("prior").at("min").get<double>() == (path == "countries.DE.attractiveness" ? 1 : 0.05));
  }

  // Generation 0's epsilon is inf in generations.csv: null here, never NaN or Infinity.
  REQUIRE(d.at("generations").size() == 2);
  CHECK(d.at("generations")[0].at("epsilon").is_null());
  CHECK(d.at("generations")[1].at("epsilon").get<double>() > 0);
  CHECK(d.dump().find("NaN") == std::string::npos);

  // fit.csv: every target, fitted and kept aside apart, with the scenario as it was.
  const auto fit = rows_of(cal / "fit.csv");
  REQUIRE(d.at("fit").size() == fit.size());
  for (std::size_t i = 0; i < fit.size(); ++i) {
    const json& f = d.at("fit")[i];
    CHECK(f.at("target") == fit[i].at("target"));
    CHECK(f.at("kept_aside") == (fit[i].at("kept_aside") == "true"));
    CHECK(f.at("median").get<double>() == std::stod(fit[i].at("median")));
    CHECK(f.at("base_median").get<double>() == std::stod(fit[i].at("base_median")));
  }
  CHECK(d.at("fit")[2].at("kept_aside") == true);  // hr_applications
  // Each target's unit and tolerance, from the targets file (the kept-aside chart's axes and
  // grey bands): eu_arrivals has a tolerance of its own, the others the default 2.
  CHECK(d.at("fit")[1].at("target") == "eu_arrivals");
  CHECK(d.at("fit")[1].at("tolerance_factor") == 3);
  CHECK(d.at("fit")[1].at("metric") == "arrivals");
  const json& hr = d.at("fit")[2];
  CHECK(hr.at("metric") == "applications");
  CHECK(hr.at("unit") == "people");
  CHECK(hr.at("tolerance_factor") == 2);
  CHECK(hr.at("published") == 50);
  CHECK(hr.at("q05").get<double>() == std::stod(fit[2].at("q05")));
  CHECK(hr.at("q95").get<double>() == std::stod(fit[2].at("q95")));

  // A targets file that publishes another value now: fit.csv's published figure stays, and the
  // unit and tolerance of that target are not claimed.
  std::string targets = cli::text_of(dir / "targets.yaml");
  targets.replace(targets.find("value: 50"), 9, "value: 70");
  cli::write(dir / "targets.yaml", targets);
  const json changed = migsim::report::detail::sweep_report_data(cal);
  CHECK(changed.at("fit")[2].at("published") == 50);
  CHECK(changed.at("fit")[2].at("unit").is_null());
  CHECK(changed.at("fit")[2].at("tolerance_factor").is_null());
  CHECK(changed.at("fit")[1].at("unit") == "people");
}

TEST_CASE("report --sweep: a folder of neither kind, and bad tables, are refused with file[:line]: error:") {
  const auto dir = report_test::toy_results("sweep-bad");
  const std::string html = (dir / "r.html").string();

  auto r = cli::sh("report " + (dir / "out").string() + " --sweep " + dir.string() + " -o " + html);
  CHECK(r.code == 2);
  CHECK(r.out.find(dir.string() + ": error: is neither a sweep's folder (sweep.json, points.csv) nor a calibration's "
                                  "(calibration.json, posterior.csv)") != std::string::npos);
  CHECK_FALSE(fs::exists(html));

  // A sweep's folder whose points.csv has a cell that is no number, on its third line.
  const auto sweep = dir / "sweep";
  fs::create_directories(sweep);
  cli::write(sweep / "sweep.json",
             R"({"replicates": 2, "runs": 2, "sweep_file": "", "rows": {"points.csv": 2, "timings.csv": 2}})");
  cli::write(sweep / "timings.csv", "run,rank,wall_s,engine_s\n0,0,0.1,0.1\n1,0,0.1,0.1\n");
  cli::write(sweep / "points.csv",
             "point,replicate,seed,countries.DE.attractiveness,status,error,de_arrivals\n"
             "0,0,1,1.5,ok,,650\n"
             "0,1,2,1.5,ok,,lots\n");
  r = cli::sh("report " + (dir / "out").string() + " --sweep " + sweep.string() + " -o " + html);
  CHECK(r.code == 2);
  CHECK(r.out.find((sweep / "points.csv").string() + ":3: error: de_arrivals 'lots' is not a number") !=
        std::string::npos);
  CHECK_FALSE(fs::exists(html));
  // A replicate beyond sweep.json's count, and a table without its columns.
  cli::write(sweep / "points.csv",
             "point,replicate,seed,countries.DE.attractiveness,status,error,de_arrivals\n0,2,1,1.5,ok,,650\n");
  CHECK(error_of(sweep) ==
        (sweep / "points.csv").string() + ":2: error: replicate 2 is not below sweep.json's replicates (2)");
  cli::write(sweep / "points.csv", "point,replicate,status\n0,0,ok\n");
  CHECK(error_of(sweep).rfind((sweep / "points.csv").string() + ":1: error: header 'point,replicate,status' has no "
                                                                "column 'seed', 'error'",
                              0) == 0);

  // A calibration's folder whose posterior has a negative weight on its second line.
  const auto cal = dir / "cal";
  fs::create_directories(cal);
  cli::write(cal / "calibration.json",
             R"({"rows": {"posterior.csv": 1, "intervals.csv": 1, "generations.csv": 0, "fit.csv": null}})");
  cli::write(cal / "posterior.csv", "particle,weight,distance,x\n0,-1,0.5,2\n");
  CHECK(error_of(cal) == (cal / "posterior.csv").string() + ":2: error: weight '-1' is not 0 or more");
  cli::write(cal / "posterior.csv", "particle,weight,distance,x\n0,1,0.5,2\n");  // now intervals.csv is missing
  CHECK(error_of(cal) ==
        (cal / "intervals.csv").string() + ": error: cannot read; expected the table migsim calibrate writes");
  cli::write(cal / "intervals.csv", "parameter,mean,median,q05,q95\ny,1,1,1,1\n");
  CHECK(error_of(cal) == (cal / "intervals.csv").string() +
                             ":2: error: parameter 'y' is not a parameter of posterior.csv, or is there twice; "
                             "expected a row per parameter");
}

TEST_CASE("report --sweep: the same folders give the same page, byte for byte") {
  const auto dir = report_test::toy_results("sweep-same");
  const auto sweep = report_test::toy_sweep(dir);
  const std::string out = (dir / "out").string();
  REQUIRE(cli::sh("report " + out + " --sweep " + sweep.string() + " -o " + (dir / "a.html").string()).code == 0);
  REQUIRE(cli::sh("report " + out + " --sweep " + sweep.string() + " -o " + (dir / "b.html").string()).code == 0);
  const std::string a = cli::text_of(dir / "a.html");
  CHECK(a == cli::text_of(dir / "b.html"));
  CHECK(a.find("\"kind\":\"sweep\"") != std::string::npos);
}
