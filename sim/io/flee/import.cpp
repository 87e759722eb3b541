// A Flee scenario folder -> flee::FleeScenario. Every file is read even after an error in an
// earlier one, so one run of `migsim flee` lists every problem.
#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <map>
#include <set>
#include <sstream>
#include <tuple>

#include "attributes.hpp"
#include "csv.hpp"
#include "migsim/io/date_text.hpp"
#include "migsim/io/flee_import.hpp"
#include "migsim/io/results.hpp"
#include "settings.hpp"

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

// Flee's interpolation of a cumulative table (DataTable.get_interpolated_data): linear between
// dated rows, truncated to an integer; the first row's value up to its date, the last value
// after the last row.
std::vector<std::int64_t> interpolate(const Series& s, int days) {
  std::vector<std::int64_t> out(static_cast<std::size_t>(std::max(days, 0)), 0);
  if (s.points.empty()) return out;
  std::size_t k = 0;
  for (int t = 0; t < days; ++t) {
    while (k + 1 < s.points.size() && s.points[k + 1].first <= t) ++k;
    const auto [t0, v0] = s.points[k];
    double v = 0;
    if (t <= t0 || k + 1 == s.points.size())
      v = v0;
    else {
      const auto [t1, v1] = s.points[k + 1];
      v = v0 + static_cast<double>(t - t0) / static_cast<double>(t1 - t0) * (v1 - v0);
    }
    out[static_cast<std::size_t>(t)] = static_cast<std::int64_t>(std::trunc(v));
  }
  return out;
}

// Flee's DataTable.AddCSVTables, which sums a camp's further data files (data_layout.csv
// cells after the first file) into its first table. Not a union of dates: a row of `b`
// dated between two rows of `a` is added to the *later* row of `a`; rows of `a` after `b`'s
// last date are dropped; once `a` is used up, each further row of `b` repeats a's last row
// plus the last row of `b` matched so far. Built to give Flee's numbers, quirks included.
Series add_tables(const Series& a, const Series& b) {
  Series out;
  if (a.points.empty()) return out;
  std::size_t k = 0;
  double last_b = 0;
  for (const auto& [day, value] : b.points) {
    while (day > a.points[k].first) {
      out.points.emplace_back(a.points[k].first, last_b + a.points[k].second);
      if (k + 1 < a.points.size())
        ++k;
      else
        break;
    }
    if (day == a.points[k].first) {
      out.points.emplace_back(day, value + a.points[k].second);
      if (k + 1 < a.points.size()) ++k;
      last_b = value;
    } else if (day < a.points[k].first) {
      out.points.emplace_back(day, value + a.points[k].second);
      last_b = value;
    }
  }
  return out;
}

class Importer {
 public:
  Importer(fs::path folder, const std::vector<std::string>& overrides, FleeImport& out)
      : dir_(std::move(folder)), overrides_(overrides), out_(out), s_(out.scenario), log_(out) {}

  void run() {
    std::error_code ec;
    if (!fs::is_directory(dir_, ec)) {
      log_.add(dir_.string(), 0, 0,
               "not a folder: expected a Flee scenario folder (input_csv/, source_data/, simsetting.yml)");
      return;
    }
    s_.name = (dir_.has_filename() ? dir_ : dir_.parent_path()).filename().string();
    // The settings first: hasten scales what the other files hold as they are read.
    const fs::path settings = dir_ / "simsetting.yml";
    detail::read_flee_settings(settings, s_.settings, log_, overrides_);
    attribute_overrides();
    sim_period();
    locations();
    routes();
    closures();
    conflicts();
    source_data();
    registration_corrections();
    if (fs::exists(settings, ec)) out_.files.push_back(settings);
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

  // Flee's read_period: keys StartDate and Length in any case; other rows are skipped (named
  // here in one warning). Flee's older run.py read the same rows from conflict_period.csv,
  // the name Flee's instances still ship (mali, ssudan, ...), so that name is read when
  // sim_period.csv is absent.
  void sim_period() {
    std::error_code ec;
    const bool old_name =
        !fs::exists(dir_ / "input_csv/sim_period.csv", ec) && fs::exists(dir_ / "input_csv/conflict_period.csv", ec);
    CsvFile f = open(old_name ? "input_csv/conflict_period.csv" : "input_csv/sim_period.csv", true);
    if (old_name)
      log_.add(f.path, 0, 0, "no sim_period.csv: read conflict_period.csv, its name in Flee's older run.py (same rows)",
               Severity::warning);
    CellReader r(f, log_);
    bool have_start = false, have_length = false;
    std::string unknown;
    const Cell* first_unknown = nullptr;
    for (const Row& row : f.rows) {
      std::string key = row.cells[0].text;
      std::transform(key.begin(), key.end(), key.begin(), [](unsigned char c) { return std::tolower(c); });
      if (key == "startdate") {
        if (auto v = r.date(row, 1, "StartDate")) s_.start = *v, have_start = true;
      } else if (key == "length") {
        if (auto v = r.integer(row, 1, "Length")) {
          if (*v < 1 || *v > 65535)
            r.error(row.cells[1], "Length " + std::to_string(*v) + ": expected 1..65535 days");
          else
            s_.days = static_cast<int>(*v), have_length = true;
        }
      } else {
        unknown += (unknown.empty() ? "'" : ", '") + row.cells[0].text + "'";
        if (first_unknown == nullptr) first_unknown = &row.cells[0];
      }
    }
    if (first_unknown != nullptr)
      r.warning(*first_unknown, "rows " + unknown + " are neither StartDate nor Length: ignored, as Flee ignores them");
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
      // Flee's StoreInputGeographyInEcosystem: empty coordinates are 0.0 (mali leaves most
      // empty), an empty region or country is "unknown".
      const auto lat = r.number_or(row, 3, "latitude", 0);
      const auto lon = r.number_or(row, 4, "longitude", 0);
      const auto* type = r.cell(row, 5, "location_type");
      // Empty cells are Flee's defaults: towns and camps leave conflict_date empty, towns
      // their population (Flee reads both as 0).
      const auto conflict_date = r.integer_or(row, 6, "conflict_date", 0);
      auto popcap = r.number_or(row, 7, "pop/cap", 0);
      // An override of the cell (attributes.hpp): the last one for this name, as a later one wins.
      for (const detail::AttributeOverride& o : location_overrides_)
        if (o.target == loc.name) popcap = o.value;
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
      loc.region = region->text.empty() ? "unknown" : region->text;
      loc.country = country->text.empty() ? "unknown" : country->text;
      loc.lat = *lat;
      loc.lon = *lon;
      loc.conflict_date = static_cast<int>(*conflict_date);
      // hasten (Flee's PopulationScaleDownFactor): StoreInputGeographyInEcosystem reads
      // int(pop/cap) // hasten, for a camp's capacity as for a town's population.
      const int hasten = s_.settings.hasten;
      const double scaled = hasten > 1 ? std::floor(*popcap / hasten) : *popcap;
      if (loc.type == flee::LocationType::camp || loc.type == flee::LocationType::idpcamp)
        loc.capacity = scaled;
      else
        loc.population = scaled;
      const auto c = std::find(s_.countries.begin(), s_.countries.end(), loc.country);
      s_.country_of.push_back(static_cast<std::uint16_t>(c - s_.countries.begin()));
      if (c == s_.countries.end()) s_.countries.push_back(loc.country);
      index_[loc.name] = static_cast<std::uint16_t>(s_.locations.size());
      s_.locations.push_back(std::move(loc));
    }
    if (f.found && f.rows.empty()) log_.add(f.path, 0, 0, "no locations: expected at least one row");
    for (const detail::AttributeOverride& o : location_overrides_)
      if (f.found && index_.count(o.target) == 0)
        log_.add(o.text, 0, 0, "no location '" + o.target + "' in locations.csv; expected one of its names");
  }

  // locations.* and routes.* overrides (attributes.hpp), in order; their values are applied
  // as the files are read.
  void attribute_overrides() {
    for (const std::string& o : overrides_) {
      if (!detail::is_attribute_path(std::string_view(o).substr(0, o.find('=')))) continue;
      if (auto a = detail::read_attribute_override(o, log_))
        (a->attribute == detail::FleeAttribute::population ? location_overrides_ : route_overrides_)
            .push_back(std::move(*a));
    }
  }

  // A route override's two locations: the one split of "<name1>.<name2>" into two known
  // names; none (its problem logged) if no split or more than one gives two.
  std::optional<std::pair<std::uint16_t, std::uint16_t>> route_ends(const detail::AttributeOverride& o) {
    std::optional<std::pair<std::uint16_t, std::uint16_t>> ends;
    int found = 0;
    for (std::size_t dot = o.target.find('.'); dot != std::string::npos; dot = o.target.find('.', dot + 1)) {
      const auto a = index_.find(o.target.substr(0, dot));
      const auto b = index_.find(o.target.substr(dot + 1));
      if (a == index_.end() || b == index_.end()) continue;
      ++found;
      if (a->second != 0xFFFF && b->second != 0xFFFF) ends = std::pair{a->second, b->second};
    }
    if (found == 0)
      log_.add(o.text, 0, 0,
               "'" + o.target + "' is not two locations of locations.csv; expected routes.<name1>.<name2>.distance");
    if (found > 1)
      log_.add(o.text, 0, 0,
               "'" + o.target + "' splits into two locations of locations.csv in more than one way; expected " +
                   "names that tell the route apart");
    return found == 1 ? ends : std::nullopt;
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

  // routes.csv's 4th column, forced_redirection, as Flee's StoreInputGeographyInEcosystem
  // reads it (flee/InputGeography.py): int() of the cell, empty = 0. 1 makes a link flagged
  // name1->name2 and then, through an `if ... if ... else` that lets 1 fall into the else, an
  // ordinary link too: the route is linked twice each way. 2 makes the one link pair with the
  // flag on name2->name1; 0 and any other whole number, an ordinary pair. Flee's movement rules
  // (flee/moving.py, flee/flee.py) never read the flag, so all that shows is the doubled route,
  // which migsim reproduces by reading the row twice (a row written twice does the same in
  // both). docs/flee-rules.md section 10a.
  void routes() {
    CsvFile f = open("input_csv/routes.csv", true);
    CellReader r(f, log_);
    std::vector<std::optional<std::pair<std::uint16_t, std::uint16_t>>> overridden;
    for (const detail::AttributeOverride& o : route_overrides_) overridden.push_back(route_ends(o));
    std::vector<bool> matched(route_overrides_.size(), false);
    bool doubled_warned = false, flag_warned = false;
    for (const Row& row : f.rows) {
      const auto a = location(r, row, 0, "name1");
      const auto b = location(r, row, 1, "name2");
      auto km = r.number(row, 2, "distance");
      // An override of the cell (attributes.hpp): the last one for this pair, either order.
      for (std::size_t k = 0; k < overridden.size(); ++k)
        if (a && b && overridden[k] && (*overridden[k] == std::pair{*a, *b} || *overridden[k] == std::pair{*b, *a}))
          km = route_overrides_[k].value, matched[k] = true;
      bool ok = a && b && km;
      if (km && !(*km > 0)) {
        r.error(row.cells[2], "distance '" + row.cells[2].text + "': expected a number of km > 0");
        ok = false;
      }
      if (a && b && *a == *b) {
        r.error(row.cells[1], "route from '" + row.cells[0].text + "' to itself: expected two different locations");
        ok = false;
      }
      long long redirect = 0;
      if (row.cells.size() > 3) {
        const auto v = r.integer_or(row, 3, "forced_redirection", 0);
        if (!v) ok = false;
        redirect = v.value_or(0);
        const auto& fr = row.cells[3];
        if (redirect == 1 && !doubled_warned) {
          r.warning(fr,
                    "forced_redirection '1': as in Flee, whose reader links such a route twice each way, the route "
                    "counts twice in route choice; the flag itself has no effect, in Flee either (this and any "
                    "later 1 of this file)");
          doubled_warned = true;
        } else if (redirect != 0 && redirect != 1 && !flag_warned) {
          r.warning(fr, "forced_redirection '" + fr.text +
                            "': no effect, in Flee either (Flee flags the link name2->name1 for 2, nothing for other "
                            "values, and its movement rules never read the flag); the route is an ordinary route "
                            "(this and any later such value of this file)");
          flag_warned = true;
        }
      }
      if (row.cells.size() > 4)
        r.warning(row.cells[4], "extra route attribute columns: migsim uses none of them; ignored");
      if (!ok) continue;
      s_.routes.push_back({*a, *b, *km});
      if (redirect == 1) s_.routes.push_back({*a, *b, *km});
    }
    for (std::size_t k = 0; k < overridden.size(); ++k)
      if (f.found && overridden[k] && !matched[k])
        log_.add(route_overrides_[k].text, 0, 0,
                 "no route between '" + s_.locations[overridden[k]->first].name + "' and '" +
                     s_.locations[overridden[k]->second].name + "' in routes.csv; expected a pair of one of its rows");
  }

  std::optional<std::uint16_t> country(const CellReader& r, const Row& row, std::size_t i, const char* what) {
    const auto* c = r.cell(row, i, what);
    if (c == nullptr) return std::nullopt;
    const auto it = std::find(s_.countries.begin(), s_.countries.end(), c->text);
    if (it == s_.countries.end()) {
      // Flee's close_border matches countries by name and, matching none, closes nothing
      // ("Warning: no link closed when closing borders").
      r.warning(*c, std::string(what) + " '" + c->text +
                        "' is no country of locations.csv: the closure closes nothing, as in Flee");
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
        if (a && b) {
          const bool linked = std::any_of(s_.routes.begin(), s_.routes.end(), [&](const flee::Route& k) {
            const auto ca = s_.country_of[k.from], cb = s_.country_of[k.to];
            return (ca == *a && cb == *b) || (ca == *b && cb == *a);
          });
          if (!linked)
            r.warning(row.cells[1], "no route between countries '" + row.cells[1].text + "' and '" + row.cells[2].text +
                                        "': the closure closes nothing, as in Flee");
        }
      } else if (type == "location") {
        // Flee's close_location takes name1 only; an unknown name1 closes nothing there.
        c.type = flee::ClosureType::location;
        if (const auto* n = r.cell(row, 1, "name1")) {
          const auto it = index_.find(n->text);
          if (it == index_.end())
            r.warning(
                *n, "name1 '" + n->text + "' is no location of locations.csv: the closure closes nothing, as in Flee");
          else if (it->second != 0xFFFF)
            a = it->second;
          if (row.cells.size() > 2 && !row.cells[2].text.empty() && row.cells[2].text != n->text)
            r.warning(row.cells[2], "name2 '" + row.cells[2].text +
                                        "' of a location closure: ignored, as Flee closes every link of name1 ('" +
                                        n->text + "') and reads no name2");
        }
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
        // Flee's enact_border_closures sets the flag of the links name1->name2 to False on
        // closure_start and to True on closure_end; nothing reads the flag. Flee int()s both
        // days of every row; their order is not checked (burundi's Nduta row: 101, then 0).
        r.warning(row.cells[0],
                  "closure type 'remove_forced_redirection': no effect, in Flee either (it sets the "
                  "forced_redirection flag, which Flee's movement rules never read); ignored");
        r.integer(row, 3, "closure_start");
        r.integer(row, 4, "closure_end");
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
    // Flee's ReadConflictInputCSV never reads the Day column: the k-th data row is day k.
    // Here too; a Day cell that says otherwise is named in one warning.
    const Cell* first_off = nullptr;
    std::size_t day = 0;
    for (const Row& row : f.rows) {
      const std::string& t = row.cells[0].text;
      long long d = -1;
      const bool is_day = std::from_chars(t.data(), t.data() + t.size(), d).ptr == t.data() + t.size() && !t.empty();
      if ((!is_day || d != static_cast<long long>(day)) && first_off == nullptr) first_off = &row.cells[0];
      for (std::size_t i = 0; i < cols.size(); ++i) {
        if (!cols[i]) continue;
        const auto v = r.number(row, i + 1, "conflict intensity");
        if (v && *v < 0) r.error(row.cells[i + 1], "conflict intensity '" + row.cells[i + 1].text + "': expected >= 0");
        values[i].push_back(v ? *v : 0.0);
      }
      ++day;
    }
    if (first_off != nullptr)
      r.warning(*first_off, "Day " + first_off->text +
                                " is not the row's position: Flee reads the k-th row as day k whatever its Day "
                                "cell says, and so does migsim");
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
    const Cell* first_empty = nullptr;
    int empty = 0;
    for (const Row& row : f.rows) {
      auto is_number = [](const std::string& t) {
        double v = 0;
        return !t.empty() && std::from_chars(t.data(), t.data() + t.size(), v).ptr == t.data() + t.size();
      };
      const bool words = !parse_iso_date(row.cells[0].text) && (row.cells.size() < 2 || !is_number(row.cells[1].text));
      const bool header = row.cells[0].text.empty() || (first && words);
      first = false;
      if (header) continue;
      // Flee's _processEntry skips a row with no value (one cell, or an empty second one).
      if (row.cells.size() < 2 || row.cells[1].text.empty()) {
        if (first_empty == nullptr) first_empty = &row.cells[0];
        ++empty;
        continue;
      }
      const auto date = r.date(row, 0, "date");
      const auto v = r.number(row, 1, "value");
      if (!date || !v) continue;
      const int day = *date - s_.start;
      if (!s.points.empty() && day <= s.points.back().first) {
        r.error(row.cells[0], "date " + row.cells[0].text + ": expected dates in increasing order");
        continue;
      }
      if (s.points.empty() && day > 0 && days_known_)
        r.warning(row.cells[0], "first date " + row.cells[0].text +
                                    " is after StartDate: its value is used before it too, as Flee uses it");
      // hasten: Flee's _processEntry divides every value by it as it reads the row (unrounded).
      const int hasten = s_.settings.hasten;
      s.points.emplace_back(day, hasten > 1 ? *v / hasten : *v);
    }
    if (first_empty != nullptr)
      r.warning(*first_empty, std::to_string(empty) + " row(s) without a value: skipped, as Flee skips them");
    if (s.points.empty() && f.found) log_.add(f.path, 0, 0, "no rows: expected 'YYYY-MM-DD,value' rows");
    return s;
  }

  // data_layout.csv: 'name,file[,file...]'. Further files are summed into the first, as
  // Flee's DataTable does for a camp counted in several UNHCR tables (CAR's camps).
  Series layout_series(const Row& row) {
    Series s = dated(fs::path("source_data") / row.cells[1].text);
    for (std::size_t i = 2; i < row.cells.size(); ++i)
      if (!row.cells[i].text.empty()) s = add_tables(s, dated(fs::path("source_data") / row.cells[i].text));
    return s;
  }

  // data_layout.csv: 'total,refugees.csv', then a row per series. Flee's DataTable reads
  // every row's files; out.csv's columns are the camps' (run.py's get_camp_names), while
  // sum_from_camps sums every row after the first (header[1:]), camp or not. So a row that
  // names no camp (CAR's Bossobolo, which is no location) is read and, with sum_from_camps,
  // counted in what is spawned and in the raw count, with no column of its own.
  void source_data() {
    CsvFile f = open("source_data/data_layout.csv", true);
    CellReader r(f, log_);
    bool have_total = false;
    for (const Row& row : f.rows) {
      const auto* file = r.cell(row, 1, "data file");
      if (file == nullptr) continue;
      const std::string& name = row.cells[0].text;
      if (name == "total") {
        total_ = layout_series(row);
        have_total = true;
        continue;
      }
      const auto it = index_.find(name);
      if (it != index_.end() && it->second == 0xFFFF) continue;  // its locations.csv row had errors
      std::optional<std::uint16_t> camp;
      if (it != index_.end() && (s_.locations[it->second].type == flee::LocationType::camp ||
                                 s_.locations[it->second].type == flee::LocationType::idpcamp))
        camp = it->second;
      if (!camp) {
        const std::string what = it == index_.end() ? "is no location of locations.csv" : "is not a camp";
        r.warning(row.cells[0], "'" + name + "' " + what +
                                    ": as in Flee, its data are read and, with sum_from_camps, counted in the "
                                    "people spawned and the raw UNHCR count, but out.csv has no column for it");
      }
      layout_.push_back({name, camp, layout_series(row)});
    }
    if (f.found && !have_total)
      log_.add(f.path, 0, 0, "no 'total' row: expected 'total,<file>' naming the refugee totals (refugees.csv)");
  }

  // Flee's DataTable.correctLevel1Registrations: camp counts registered before a camp's
  // level-1 registration date undercount it; every data row before the row dated so is scaled
  // by (value on that date) / (value of the row before it), so the series does not jump
  // there. Rows 'camp,YYYY-MM-DD'.
  void registration_corrections() {
    CsvFile f = open("input_csv/registration_corrections.csv", false);
    CellReader r(f, log_);
    bool extra_warned = false;
    for (const Row& row : f.rows) {
      // Flee reads the first two cells only (mali's rows end in "normalize").
      if (row.cells.size() > 2 && !extra_warned) {
        r.warning(row.cells[2], "cells after the date ('" + row.cells[2].text +
                                    "', ...): ignored, as Flee reads camp and date only (this and later rows)");
        extra_warned = true;
      }
      const auto* camp = r.cell(row, 0, "camp");
      const auto date = r.date(row, 1, "registration date");
      if (camp == nullptr || !date) continue;
      // Flee finds the row by its data_layout.csv name (_find_headerindex), location or not.
      const auto series =
          std::find_if(layout_.begin(), layout_.end(), [&](const auto& l) { return l.name == camp->text; });
      // What Flee's correctLevel1Registrations does not survive (an exception or sys.exit)
      // is an error here; the one case it skips, a date before StartDate, is a warning.
      if (series == layout_.end()) {
        const auto loc = index_.find(camp->text);
        if (loc == index_.end() || loc->second != 0xFFFF)
          r.error(*camp, "camp '" + camp->text +
                             "': expected a row of data_layout.csv (Flee stops: it has no data to correct)");
        continue;
      }
      const int day = *date - s_.start;
      if (day < 0) {
        r.warning(row.cells[1],
                  "registration date " + row.cells[1].text + " is before StartDate: not applied, as Flee skips it");
        continue;
      }
      auto& points = series->series.points;
      if (points.empty()) continue;  // its file is missing or has no rows: reported already
      bool found = false;            // a row dated so, after the first
      for (std::size_t i = 1; i < points.size(); ++i) {
        if (points[i].first != day) continue;
        found = true;
        if (points[i - 1].second < 1) {
          std::ostringstream v;
          v << points[i - 1].second;
          r.error(row.cells[1], "registration date " + row.cells[1].text + ": the row before it has " + v.str() +
                                    "; expected >= 1 (Flee stops: it scales by that row's value)");
          break;
        }
        const double factor = points[i].second / points[i - 1].second;
        for (std::size_t j = 0; j < i; ++j) points[j].second *= factor;
      }
      if (!found)
        r.error(row.cells[1], "registration date " + row.cells[1].text + ": expected a date of a data row of '" +
                                  row.cells[0].text +
                                  "' after its first (Flee stops: it scales by that row and the one before)");
    }
  }

  // What the run spawns and out.csv compares with, once the settings are known.
  void spawn_tables() {
    const int days = days_known_ ? s_.days : 0;
    const flee::Settings& g = s_.settings;
    std::vector<std::uint16_t> camps;
    for (std::uint16_t k = 0; k < s_.locations.size(); ++k)
      if (s_.locations[k].type == flee::LocationType::camp || s_.locations[k].type == flee::LocationType::idpcamp)
        camps.push_back(k);
    std::vector<std::vector<std::int64_t>> rows;  // [data_layout row after total][day]
    for (const auto& l : layout_) rows.push_back(interpolate(l.series, days));
    s_.camp_data.clear();
    for (std::size_t i = 0; i < layout_.size(); ++i) {
      if (!layout_[i].camp) continue;
      if (s_.camp_data.empty())
        s_.camp_data.assign(camps.size(), std::vector<std::int64_t>(static_cast<std::size_t>(days), 0));
      const auto c = static_cast<std::size_t>(std::find(camps.begin(), camps.end(), *layout_[i].camp) - camps.begin());
      s_.camp_data[c] = rows[i];
    }
    s_.displaced = interpolate(total_, days);
    s_.day0_camp_people.clear();
    // Flee's add_initial_refugees reads each camp's day-0 data before its DataTable records the
    // day-0 values that empty_camps_on_day0 takes off: the full values, either way.
    if (g.insert_day0 && days > 0 && !s_.camp_data.empty())
      for (const auto& c : s_.camp_data) s_.day0_camp_people.push_back(c[0]);
    // sum_from_camps (Flee's default): the raw count is refugees.csv's day-0 value plus every
    // data_layout row's data after the first (camps, and rows that name no camp), so it grows
    // by what they grow by (as in Flee's out.csv).
    if (g.sum_from_camps && days > 0) {
      const std::int64_t base = s_.displaced[0];
      for (int t = 0; t < days; ++t) {
        std::int64_t sum = 0;
        for (const auto& row : rows) sum += row[static_cast<std::size_t>(t)];
        s_.displaced[static_cast<std::size_t>(t)] = base + sum;
      }
    }
    // empty_camps_on_day0 (Flee's DataTable start_empty): every series less its day-0 value
    // (get_field subtracts day0pops), so each camp's data and the raw count start at 0; the
    // daily increases, hence who is spawned from day 1, are unchanged.
    if (g.empty_camps_on_day0 && days > 0) {
      for (auto& c : s_.camp_data) {
        const std::int64_t day0 = c[0];
        for (auto& v : c) v -= day0;
      }
      const std::int64_t day0 = s_.displaced[0];
      for (auto& v : s_.displaced) v -= day0;
    }
    s_.spawn = flee::spawn_from_displaced(s_.displaced);
    // Without insert_day0, Flee's spawn_daily_displaced spawns the day-0 raw count on day 0
    // (get_daily_difference(0), which with sum_from_camps counts refugees.csv's day-0 value and
    // every row's), where conflict puts people.
    if (!g.insert_day0 && days > 0) s_.spawn[0] = s_.displaced[0];
  }

  fs::path dir_;
  const std::vector<std::string>& overrides_;
  FleeImport& out_;
  flee::FleeScenario& s_;
  detail::FleeLog log_;
  std::map<std::string, std::uint16_t> index_;
  std::vector<detail::AttributeOverride> location_overrides_, route_overrides_;  // attributes.hpp
  bool days_known_ = false;
  Series total_;  // refugees.csv
  struct LayoutRow {
    std::string name;
    std::optional<std::uint16_t> camp;  // the camp it is the data of; none: counted only in totals
    Series series;
  };
  std::vector<LayoutRow> layout_;  // data_layout.csv's rows after total, in file order
};

}  // namespace

FleeImport import_flee(const fs::path& folder, const std::vector<std::string>& overrides) {
  FleeImport out;
  out.sources = overrides;  // the overrides' problems name them: sources[i] is override i
  Importer(folder, overrides, out).run();
  // Errors first by file, then line: one sorted list reads best.
  std::stable_sort(out.diagnostics.begin(), out.diagnostics.end(), [&](const Diagnostic& a, const Diagnostic& b) {
    const auto& sources = out.sources;
    return std::tie(sources[a.loc.source], a.loc.line, a.loc.col) <
           std::tie(sources[b.loc.source], b.loc.line, b.loc.col);
  });
  return out;
}

bool is_flee_attribute_path(std::string_view dotted) {
  return detail::is_attribute_path(dotted);
}

bool is_flee_folder(const fs::path& path) {
  std::error_code ec;
  return fs::is_directory(path, ec);
}

std::vector<std::pair<std::string, std::string>> flee_input_hashes(const FleeImport& imported, const fs::path& folder) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& f : imported.files) out.emplace_back(fs::relative(f, folder).generic_string(), sha256_file(f));
  return out;
}

std::string flee_folder_sha256(const fs::path& folder) {
  std::string lines;
  for (const auto& [file, sha] : flee_input_hashes(import_flee(folder), folder)) lines += file + " " + sha + "\n";
  return sha256_text(lines);
}

}  // namespace migsim::io
