// A Flee scenario folder -> flee::FleeScenario. Every file is read even after an error in an
// earlier one, so one run of `migsim flee` lists every problem.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <tuple>

#include "flee/flee_csv.hpp"
#include "flee/flee_settings.hpp"
#include "migsim/io/date_text.hpp"
#include "migsim/io/flee_import.hpp"

namespace fs = std::filesystem;

namespace migsim::io {
namespace {

using detail::Cell;
using detail::CellReader;
using detail::CsvFile;
using detail::Row;

struct Series {
  std::vector<std::pair<int, double>> points;  // (day since start, value), ascending
};

// Flee's interpolation of a cumulative table: linear between dated rows, truncated to an
// integer; the last value after the last row; 0 before the first row (warned on reading).
std::vector<std::int64_t> interpolate(const Series& s, int days) {
  std::vector<std::int64_t> out(static_cast<std::size_t>(std::max(days, 0)), 0);
  if (s.points.empty()) return out;
  std::size_t k = 0;
  for (int t = 0; t < days; ++t) {
    while (k + 1 < s.points.size() && s.points[k + 1].first <= t) ++k;
    const auto [t0, v0] = s.points[k];
    double v = 0;
    if (t < t0)
      v = 0;
    else if (k + 1 == s.points.size())
      v = v0;
    else {
      const auto [t1, v1] = s.points[k + 1];
      v = v0 + static_cast<double>(t - t0) / static_cast<double>(t1 - t0) * (v1 - v0);
    }
    out[static_cast<std::size_t>(t)] = static_cast<std::int64_t>(std::trunc(v));
  }
  return out;
}

class Importer {
 public:
  Importer(fs::path folder, FleeImport& out) : dir_(std::move(folder)), out_(out), s_(out.scenario), log_(out) {}

  void run() {
    std::error_code ec;
    if (!fs::is_directory(dir_, ec)) {
      log_.add(dir_.string(), 0, 0,
               "not a folder: expected a Flee scenario folder (input_csv/, source_data/, simsetting.yml)");
      return;
    }
    s_.name = (dir_.has_filename() ? dir_ : dir_.parent_path()).filename().string();
    sim_period();
    locations();
    routes();
    closures();
    conflicts();
    source_data();
    registration_corrections();
    const fs::path settings = dir_ / "simsetting.yml";
    if (fs::exists(settings, ec)) out_.files.push_back(settings);
    detail::read_flee_settings(settings, s_.settings, log_);
    spawn_tables();
    if (out_.ok())
      for (const auto& m : flee::check(s_)) log_.add(dir_.string(), 0, 0, m);
  }

 private:
  CsvFile open(const char* rel, bool required) {
    CsvFile f = detail::read_flee_csv(dir_ / rel, required, log_);
    if (f.found) out_.files.push_back(dir_ / rel);
    return f;
  }

  void sim_period() {
    CsvFile f = open("input_csv/sim_period.csv", true);
    CellReader r(f, log_);
    bool have_start = false, have_length = false;
    for (const Row& row : f.rows) {
      const std::string& key = row.cells[0].text;
      if (key == "StartDate") {
        if (auto v = r.date(row, 1, "StartDate")) s_.start = *v, have_start = true;
      } else if (key == "Length") {
        if (auto v = r.integer(row, 1, "Length")) {
          if (*v < 1 || *v > 65535)
            r.error(row.cells[1], "Length " + std::to_string(*v) + ": expected 1..65535 days");
          else
            s_.days = static_cast<int>(*v), have_length = true;
        }
      } else {
        r.error(row.cells[0], "unknown key '" + key + "': expected StartDate or Length");
      }
    }
    if (f.found && !have_start) log_.add(f.path, 0, 0, "no StartDate row: expected 'StartDate,YYYY-MM-DD'");
    if (f.found && !have_length) log_.add(f.path, 0, 0, "no Length row: expected 'Length,<days>'");
    days_known_ = have_start && have_length;
  }

  void locations() {
    CsvFile f = open("input_csv/locations.csv", true);
    CellReader r(f, log_);
    for (const Row& row : f.rows) {
      flee::Location loc;
      loc.name = row.cells[0].text;
      if (loc.name.empty()) {
        r.error(row.cells[0], "empty location name: expected a name");
        continue;
      }
      if (index_.count(loc.name) != 0) {
        r.error(row.cells[0], "location '" + loc.name + "' defined twice: expected unique names");
        continue;
      }
      const auto* region = r.cell(row, 1, "region");
      const auto* country = r.cell(row, 2, "country");
      const auto lat = r.number(row, 3, "latitude");
      const auto lon = r.number(row, 4, "longitude");
      const auto* type = r.cell(row, 5, "location_type");
      // Empty cells are Flee's defaults: towns and camps leave conflict_date empty, towns
      // their population (Flee reads both as 0).
      const auto conflict_date = r.integer_or(row, 6, "conflict_date", 0);
      const auto popcap = r.number_or(row, 7, "pop/cap", 0);
      if (row.cells.size() > 8)
        r.warning(row.cells[8], "extra location attribute columns (" + std::to_string(row.cells.size() - 8) +
                                    "): migsim uses none of Flee's optional location attributes; ignored");
      bool ok = region && country && lat && lon && type && conflict_date && popcap;
      if (type != nullptr) {
        static const std::map<std::string, flee::LocationType> types = {
            {"conflict_zone", flee::LocationType::conflict_zone},
            {"town", flee::LocationType::town},
            {"camp", flee::LocationType::camp},
            {"idpcamp", flee::LocationType::idpcamp},
            {"forwarding_hub", flee::LocationType::forwarding_hub}};
        const auto it = types.find(type->text);
        if (it == types.end()) {
          r.error(*type,
                  "location_type '" + type->text +
                      "': expected conflict_zone, town, camp, idpcamp or forwarding_hub (migsim does not support "
                      "Flee's other types)");
          ok = false;
        } else {
          loc.type = it->second;
        }
      }
      if (popcap && *popcap < 0) {
        r.error(row.cells[7], "pop/cap '" + row.cells[7].text + "': expected a number >= 0");
        ok = false;
      }
      if (!ok) {
        index_[loc.name] = 0xFFFF;  // known name, so routes to it are not reported again
        continue;
      }
      loc.region = region->text;
      loc.country = country->text;
      loc.lat = *lat;
      loc.lon = *lon;
      loc.conflict_date = static_cast<int>(*conflict_date);
      if (loc.type == flee::LocationType::camp || loc.type == flee::LocationType::idpcamp)
        loc.capacity = *popcap;
      else
        loc.population = *popcap;
      const auto c = std::find(s_.countries.begin(), s_.countries.end(), loc.country);
      s_.country_of.push_back(static_cast<std::uint16_t>(c - s_.countries.begin()));
      if (c == s_.countries.end()) s_.countries.push_back(loc.country);
      index_[loc.name] = static_cast<std::uint16_t>(s_.locations.size());
      s_.locations.push_back(std::move(loc));
    }
    if (f.found && f.rows.empty()) log_.add(f.path, 0, 0, "no locations: expected at least one row");
  }

  // Index of a location named in cell `i`; reports unknown names. nullopt also for names
  // whose own row had errors (already reported).
  std::optional<std::uint16_t> location(const CellReader& r, const Row& row, std::size_t i, const char* what) {
    const auto* c = r.cell(row, i, what);
    if (c == nullptr) return std::nullopt;
    const auto it = index_.find(c->text);
    if (it == index_.end()) {
      r.error(*c, std::string(what) + " '" + c->text + "': expected a location of locations.csv");
      return std::nullopt;
    }
    if (it->second == 0xFFFF) return std::nullopt;
    return it->second;
  }

  void routes() {
    CsvFile f = open("input_csv/routes.csv", true);
    CellReader r(f, log_);
    bool redirect_warned = false;
    for (const Row& row : f.rows) {
      const auto a = location(r, row, 0, "name1");
      const auto b = location(r, row, 1, "name2");
      const auto km = r.number(row, 2, "distance");
      bool ok = a && b && km;
      if (km && !(*km > 0)) {
        r.error(row.cells[2], "distance '" + row.cells[2].text + "': expected a number of km > 0");
        ok = false;
      }
      if (a && b && *a == *b) {
        r.error(row.cells[1], "route from '" + row.cells[0].text + "' to itself: expected two different locations");
        ok = false;
      }
      if (row.cells.size() > 3) {
        const auto& fr = row.cells[3];
        if (!fr.text.empty() && fr.text != "0" && fr.text != "0.0" && !redirect_warned) {
          r.warning(fr, "forced_redirection '" + fr.text +
                            "': migsim does not implement forced redirection; the route is an ordinary route "
                            "(this and any later forced_redirection of this file)");
          redirect_warned = true;
        }
      }
      if (row.cells.size() > 4)
        r.warning(row.cells[4], "extra route attribute columns: migsim uses none of them; ignored");
      if (ok) s_.routes.push_back({*a, *b, *km});
    }
  }

  std::optional<std::uint16_t> country(const CellReader& r, const Row& row, std::size_t i, const char* what) {
    const auto* c = r.cell(row, i, what);
    if (c == nullptr) return std::nullopt;
    const auto it = std::find(s_.countries.begin(), s_.countries.end(), c->text);
    if (it == s_.countries.end()) {
      r.error(*c, std::string(what) + " '" + c->text + "': expected a country of locations.csv");
      return std::nullopt;
    }
    return static_cast<std::uint16_t>(it - s_.countries.begin());
  }

  void closures() {
    CsvFile f = open("input_csv/closures.csv", false);
    CellReader r(f, log_);
    for (const Row& row : f.rows) {
      const std::string& type = row.cells[0].text;
      flee::Closure c;
      std::optional<std::uint16_t> a, b;
      if (type == "country") {
        c.type = flee::ClosureType::country;
        a = country(r, row, 1, "name1");
        b = country(r, row, 2, "name2");
      } else if (type == "location") {
        c.type = flee::ClosureType::location;
        a = location(r, row, 1, "name1");
        b = a;
      } else if (type == "link") {
        c.type = flee::ClosureType::link;
        a = location(r, row, 1, "name1");
        b = location(r, row, 2, "name2");
        if (a && b) {
          const bool routed = std::any_of(s_.routes.begin(), s_.routes.end(), [&](const flee::Route& k) {
            return (k.from == *a && k.to == *b) || (k.from == *b && k.to == *a);
          });
          if (!routed)
            r.error(row.cells[1], "link closure '" + row.cells[1].text + "'-'" + row.cells[2].text +
                                      "': expected a pair of routes.csv");
        }
      } else if (type == "camp" || type == "idpcamp") {
        c.type = flee::ClosureType::camp;
        a = location(r, row, 1, "name1");
        b = a;
        if (a && s_.locations[*a].type != (type == "camp" ? flee::LocationType::camp : flee::LocationType::idpcamp)) {
          r.error(row.cells[1], type + " closure of '" + row.cells[1].text + "': expected a location of type " + type);
          a.reset();
        }
      } else if (type == "remove_forced_redirection") {
        r.warning(row.cells[0],
                  "closure type 'remove_forced_redirection': migsim has no forced redirection, so there is none to "
                  "remove; ignored");
        continue;
      } else {
        r.error(row.cells[0], "closure type '" + type +
                                  "': expected country, location, link, camp, idpcamp or remove_forced_redirection");
        continue;
      }
      const auto start = r.integer(row, 3, "closure_start");
      const auto end = r.integer(row, 4, "closure_end");
      if (!(a && b && start && end)) continue;
      c.a = *a;
      c.b = *b;
      c.start_day = static_cast<int>(*start);
      // Flee reopens on day `end`; -1 keeps it closed to the end of the run.
      c.end_day = *end == -1 ? 0x7FFFFFFF : static_cast<int>(*end);
      if (c.start_day < 0)
        r.error(row.cells[3], "closure_start '" + row.cells[3].text + "': expected a day >= 0");
      else if (c.end_day <= c.start_day)
        r.error(row.cells[4], "closure_end '" + row.cells[4].text + "': expected a day after closure_start (" +
                                  row.cells[3].text + ") or -1 for never");
      else
        s_.closures.push_back(c);
    }
  }

  void conflicts() {
    CsvFile f = open("input_csv/conflicts.csv", false);
    if (!f.found) return;
    CellReader r(f, log_);
    if (!f.header) {
      log_.add(f.path, 1, 1, "no header: expected '#Day,<location>,...' naming the columns");
      return;
    }
    const Row& h = *f.header;
    // Flee strips the names (Flee's files write '#Day, A, B,'), skips empty ones (a trailing
    // comma) and ignores names that are not locations; here those are named in one warning.
    std::vector<std::optional<std::uint16_t>> cols;
    std::string unknown;
    const Cell* first_unknown = nullptr;
    for (std::size_t i = 1; i < h.cells.size(); ++i) {
      const Cell& c = h.cells[i];
      const std::size_t b = c.text.find_first_not_of(" \t");
      const std::string name = b == std::string::npos ? "" : c.text.substr(b, c.text.find_last_not_of(" \t") - b + 1);
      cols.emplace_back();
      if (name.empty()) continue;
      const auto it = index_.find(name);
      if (it == index_.end()) {
        unknown += (unknown.empty() ? "'" : ", '") + name + "'";
        if (first_unknown == nullptr) first_unknown = &c;
        continue;
      }
      if (it->second == 0xFFFF) continue;  // its row had errors, already reported
      cols.back() = it->second;
      s_.conflicts.push_back({it->second, {}});
    }
    if (first_unknown != nullptr)
      r.warning(*first_unknown,
                "conflict columns " + unknown + " name no location of locations.csv: ignored, as Flee ignores them");
    const int days = days_known_ ? s_.days : 0;
    std::vector<std::vector<double>> values(cols.size());
    int last_day = -1;
    for (const Row& row : f.rows) {
      const auto day = r.integer(row, 0, "Day");
      if (!day) continue;
      if (*day <= last_day) {
        r.error(row.cells[0], "Day " + row.cells[0].text + ": expected days in increasing order (after day " +
                                  std::to_string(last_day) + ")");
        continue;
      }
      for (std::size_t i = 0; i < cols.size(); ++i) {
        if (!cols[i]) continue;
        const auto v = r.number(row, i + 1, "conflict intensity");
        if (v && *v < 0) r.error(row.cells[i + 1], "conflict intensity '" + row.cells[i + 1].text + "': expected >= 0");
        // Days skipped in the file keep the previous row's value.
        auto& col = values[i];
        const double prev = col.empty() ? 0.0 : col.back();
        while (static_cast<long long>(col.size()) < *day) col.push_back(prev);
        col.push_back(v ? *v : 0.0);
      }
      last_day = static_cast<int>(*day);
    }
    std::size_t k = 0;
    for (std::size_t i = 0; i < cols.size(); ++i) {
      if (!cols[i]) continue;
      auto& v = values[i];
      if (days > 0 && static_cast<int>(v.size()) > days) v.resize(static_cast<std::size_t>(days));
      s_.conflicts[k++].intensity = std::move(v);
    }
  }

  // A dated cumulative table (refugees.csv, a camp's file): rows 'YYYY-MM-DD,value'. Rows
  // with an empty first cell (a file that starts ',') and a first row of words, neither a
  // date nor a number (refugees.csv's 'Date,Refugee_numbers'), are column headers: skipped.
  // A first row with a value but a malformed date is still an error.
  Series dated(const fs::path& rel) {
    Series s;
    CsvFile f = detail::read_flee_csv(dir_ / rel, true, log_);
    if (!f.found) return s;
    out_.files.push_back(dir_ / rel);
    CellReader r(f, log_);
    bool first = true;
    for (const Row& row : f.rows) {
      auto is_number = [](const std::string& t) {
        double v = 0;
        return !t.empty() && std::from_chars(t.data(), t.data() + t.size(), v).ptr == t.data() + t.size();
      };
      const bool words = !parse_iso_date(row.cells[0].text) && (row.cells.size() < 2 || !is_number(row.cells[1].text));
      const bool header = row.cells[0].text.empty() || (first && words);
      first = false;
      if (header) continue;
      const auto date = r.date(row, 0, "date");
      const auto v = r.number(row, 1, "value");
      if (!date || !v) continue;
      const int day = *date - s_.start;
      if (!s.points.empty() && day <= s.points.back().first) {
        r.error(row.cells[0], "date " + row.cells[0].text + ": expected dates in increasing order");
        continue;
      }
      if (s.points.empty() && day > 0 && days_known_)
        r.warning(row.cells[0],
                  "first date " + row.cells[0].text + " is after StartDate: the value is taken as 0 before it");
      s.points.emplace_back(day, *v);
    }
    if (s.points.empty() && f.found) log_.add(f.path, 0, 0, "no rows: expected 'YYYY-MM-DD,value' rows");
    return s;
  }

  void source_data() {
    CsvFile f = open("source_data/data_layout.csv", true);
    CellReader r(f, log_);
    std::optional<fs::path> total;
    for (const Row& row : f.rows) {
      const auto* file = r.cell(row, 1, "data file");
      if (file == nullptr) continue;
      const std::string& name = row.cells[0].text;
      if (name == "total") {
        total = fs::path("source_data") / file->text;
        continue;
      }
      const auto loc = location(r, row, 0, "camp");
      if (!loc) continue;
      if (s_.locations[*loc].type != flee::LocationType::camp &&
          s_.locations[*loc].type != flee::LocationType::idpcamp) {
        r.warning(row.cells[0], "'" + name + "' is not a camp: out.csv has data columns for camps only; ignored");
        continue;
      }
      camp_series_.emplace_back(*loc, dated(fs::path("source_data") / file->text));
    }
    if (f.found && !total)
      log_.add(f.path, 0, 0, "no 'total' row: expected 'total,<file>' naming the refugee totals (refugees.csv)");
    if (total) total_ = dated(*total);
  }

  // Flee's DataTable.correctLevel1Registrations: camp counts registered before a camp's
  // level-1 registration date undercount it; every data row before the row dated so is scaled
  // by (value on that date) / (value of the row before it), so the series does not jump
  // there. Rows 'camp,YYYY-MM-DD'.
  void registration_corrections() {
    CsvFile f = open("input_csv/registration_corrections.csv", false);
    CellReader r(f, log_);
    for (const Row& row : f.rows) {
      const auto loc = location(r, row, 0, "camp");
      const auto date = r.date(row, 1, "registration date");
      if (!loc || !date) continue;
      const auto series =
          std::find_if(camp_series_.begin(), camp_series_.end(), [&](const auto& c) { return c.first == *loc; });
      if (series == camp_series_.end()) {
        r.warning(row.cells[0], "'" + row.cells[0].text + "' has no data file in data_layout.csv: nothing to correct");
        continue;
      }
      auto& points = series->second.points;
      const int day = *date - s_.start;
      const auto at = std::find_if(points.begin(), points.end(), [&](const auto& p) { return p.first == day; });
      if (at == points.end() || at == points.begin() || at[-1].second <= 0) {
        r.warning(row.cells[1], "no data row of '" + row.cells[0].text + "' dated " + row.cells[1].text +
                                    " after a row with a value > 0: nothing to scale; not applied");
        continue;
      }
      const double factor = at->second / at[-1].second;
      for (auto p = points.begin(); p != at; ++p) p->second *= factor;
    }
  }

  // What the run spawns and out.csv compares with, once the settings are known.
  void spawn_tables() {
    const int days = days_known_ ? s_.days : 0;
    std::vector<std::uint16_t> camps;
    for (std::uint16_t k = 0; k < s_.locations.size(); ++k)
      if (s_.locations[k].type == flee::LocationType::camp || s_.locations[k].type == flee::LocationType::idpcamp)
        camps.push_back(k);
    if (!camp_series_.empty()) {
      s_.camp_data.assign(camps.size(), std::vector<std::int64_t>(static_cast<std::size_t>(days), 0));
      for (const auto& [loc, series] : camp_series_) {
        const auto c = static_cast<std::size_t>(std::find(camps.begin(), camps.end(), loc) - camps.begin());
        s_.camp_data[c] = interpolate(series, days);
      }
    }
    s_.displaced = interpolate(total_, days);
    s_.day0_camp_people.clear();
    if (s_.settings.insert_day0 && days > 0 && !s_.camp_data.empty())
      for (const auto& c : s_.camp_data) s_.day0_camp_people.push_back(c[0]);
    // sum_from_camps (Flee's default): the raw count is refugees.csv's day-0 value plus the
    // camps' summed data, so it grows by what the camps' data grow by (as in Flee's out.csv).
    if (s_.settings.sum_from_camps && days > 0) {
      const std::int64_t base = s_.displaced[0];
      for (int t = 0; t < days; ++t) {
        std::int64_t sum = 0;
        for (const auto& c : s_.camp_data) sum += c[static_cast<std::size_t>(t)];
        s_.displaced[static_cast<std::size_t>(t)] = base + sum;
      }
    }
    s_.spawn = flee::spawn_from_displaced(s_.displaced);
  }

  fs::path dir_;
  FleeImport& out_;
  flee::FleeScenario& s_;
  detail::FleeLog log_;
  std::map<std::string, std::uint16_t> index_;
  bool days_known_ = false;
  Series total_;                                               // refugees.csv
  std::vector<std::pair<std::uint16_t, Series>> camp_series_;  // data_layout.csv's camps, their files
};

}  // namespace

FleeImport import_flee(const fs::path& folder) {
  FleeImport out;
  Importer(folder, out).run();
  // Errors first by file, then line: one sorted list reads best.
  std::stable_sort(out.diagnostics.begin(), out.diagnostics.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    const auto& sources = out.sources;
    return std::tie(sources[a.loc.source], a.loc.line, a.loc.col) <
           std::tie(sources[b.loc.source], b.loc.line, b.loc.col);
  });
  return out;
}

}  // namespace migsim::io
