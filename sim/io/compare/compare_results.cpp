// The model's side of a comparison: reads a results folder back (manifest.json for the
// geography and the run's dates, then the CSVs) and computes each target's metric. Only the
// files and rows a target needs are read; daily.csv can be tens of megabytes.
#include <algorithm>
#include <array>
#include <charconv>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "compare/compare_detail.hpp"
#include "migsim/asylum_events.hpp"
#include "migsim/engine.hpp"
#include "migsim/io/compare.hpp"
#include "migsim/io/tables.hpp"
#include "text/csv_reader.hpp"

namespace migsim::io {
namespace {

namespace fs = std::filesystem;

// A problem with a results file; caught per file, reported as "path[:line]: error: ...".
struct BadResults : std::runtime_error {
  using std::runtime_error::runtime_error;
};
constexpr const char* unreadable = "cannot read; expected a results folder written by migsim run";

struct AsylumRow {
  int month = 0;
  std::string country;
  std::array<std::uint64_t, asylum_event_count> events{};  // [AsylumEvent]
};
struct WaitsRow {
  std::string country, measure, year;
  std::uint64_t n = 0;
  double mean = 0;
};
struct FlowRow {
  int month = 0;
  std::string from, to;
  std::uint64_t people = 0;
};

std::uint64_t to_uint(const std::string& s, const std::string& where) {
  std::uint64_t v = 0;
  const auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || res.ec != std::errc() || res.ptr != s.data() + s.size())
    throw BadResults(where + "'" + s + "' is not a whole number; expected a count of people");
  return v;
}

// Reads a CSV written by CsvWriter. Columns are found by name, so their order does not
// matter; every column the table has (migsim/io/tables.hpp) must be there, so a folder from
// another version is refused instead of misread. Columns it does not know are ignored.
class CsvFile {
 public:
  CsvFile(const fs::path& dir, const OutputSpec& spec) : path_((dir / spec.file).string()), reader_(text_of(path_)) {
    if (!read(header_)) header_.clear();
    std::string missing;
    for (const Column& c : spec.columns)
      if (std::find(header_.begin(), header_.end(), c.name) == header_.end())
        missing += (missing.empty() ? "'" : ", '") + c.name + "'";
    if (!missing.empty()) {
      std::string expected = spec.header();
      expected.pop_back();
      throw BadResults(detail::located(path_, Loc{0, 1, 0},
                                       "header '" + joined(header_) + "' has no column " + missing +
                                           "; expected the columns '" + expected + "' in any order"));
    }
  }
  // Where the column `name` is in each row; it is one of the table's (checked on opening).
  std::size_t column(std::string_view name) const {
    return static_cast<std::size_t>(std::find(header_.begin(), header_.end(), name) - header_.begin());
  }
  // The next row's cells (one per header column), or false at the end.
  bool next(std::vector<std::string>& cells) {
    if (!read(cells)) return false;
    if (cells.size() != header_.size())
      throw BadResults(where() + std::to_string(cells.size()) + " cells; expected " + std::to_string(header_.size()));
    return true;
  }
  std::string where() const { return detail::located(path_, Loc{0, line_, 0}, ""); }

 private:
  static std::string text_of(const std::string& path) {
    auto text = detail::read_text_file(path);
    if (!text) throw BadResults(detail::located(path, Loc{}, unreadable));
    return std::move(*text);
  }
  static std::string joined(const std::vector<std::string>& cells) {
    std::string out;
    for (const auto& c : cells) out += (out.empty() ? "" : ",") + c;
    return out;
  }
  bool read(std::vector<std::string>& cells) {
    detail::Row row;
    cells.clear();
    if (!reader_.next(row)) {
      if (const auto& e = reader_.error()) throw BadResults(detail::located(path_, e->loc, e->message));
      return false;
    }
    line_ = row.line;
    for (auto& c : row.cells) cells.push_back(std::move(c.text));
    return true;
  }

  std::string path_;
  detail::CsvReader reader_;
  std::vector<std::string> header_;
  int line_ = 1;
};

struct Results {
  fs::path dir;
  Date start = 0, end = 0;
  std::map<std::string, std::optional<Date>> eu_since;  // country id -> EU member since
  std::map<std::string, std::string> country_of;        // country or place id -> country id
  std::optional<std::vector<AsylumRow>> asylum;
  std::optional<std::vector<WaitsRow>> waits;
  std::optional<std::vector<FlowRow>> flows;
  std::map<Date, std::map<std::string, std::uint64_t>> stock;  // until -> country -> people

  void read_manifest();
  const std::vector<AsylumRow>& asylum_rows();
  const std::vector<WaitsRow>& waits_rows();
  const std::vector<FlowRow>& flow_rows();
  void read_stock(const std::set<Date>& dates);
};

std::optional<Date> json_date(const nlohmann::json& j, const std::string& where) {
  if (j.is_null()) return std::nullopt;
  if (!j.is_string()) throw BadResults(where + " is not a date; expected YYYY-MM-DD or null");
  const auto d = detail::parse_iso_date(j.get<std::string>());
  if (!d) throw BadResults(where + " '" + j.get<std::string>() + "' is not a date; expected YYYY-MM-DD");
  return d;
}

void Results::read_manifest() {
  const std::string path = (dir / "manifest.json").string();
  std::ifstream in(path, std::ios::binary);
  if (!in) throw BadResults(detail::located(path, Loc{}, unreadable));
  nlohmann::json j;
  try {
    j = nlohmann::json::parse(in);
    const std::string where = detail::located(path, Loc{}, "");
    for (const char* key : {"start", "end", "countries", "places"})
      if (!j.contains(key))
        throw BadResults(where + "no \"" + key +
                         "\"; expected a manifest written by this migsim (run the scenario again)");
    start = *json_date(j.at("start"), where + "start");
    end = *json_date(j.at("end"), where + "end");
    for (const auto& c : j.at("countries")) {
      const auto id = c.at("id").get<std::string>();
      eu_since[id] = json_date(c.at("eu"), where + "countries." + id + ".eu");
      country_of[id] = id;
    }
    for (const auto& p : j.at("places")) country_of[p.at("id").get<std::string>()] = p.at("country").get<std::string>();
  } catch (const nlohmann::json::exception& e) {
    throw BadResults(
        detail::located(path, Loc{}, e.what() + std::string("; expected a manifest written by migsim run")));
  }
}

const std::vector<AsylumRow>& Results::asylum_rows() {
  if (asylum) return *asylum;
  CsvFile f(dir, spec_of(Output::asylum));
  const std::size_t month_col = f.column("month"), country_col = f.column("country");
  std::array<std::size_t, asylum_event_count> event_col{};
  for (std::size_t e = 0; e < asylum_event_count; ++e) event_col[e] = f.column(asylum_events[e].name);
  std::vector<AsylumRow> rows;
  std::vector<std::string> cells;
  while (f.next(cells)) {
    AsylumRow r;
    const auto month = detail::parse_iso_month(cells[month_col]);
    if (!month) throw BadResults(f.where() + "month '" + cells[month_col] + "' is not YYYY-MM");
    r.month = *month;
    r.country = cells[country_col];
    for (std::size_t e = 0; e < asylum_event_count; ++e) r.events[e] = to_uint(cells[event_col[e]], f.where());
    rows.push_back(std::move(r));
  }
  return *(asylum = std::move(rows));
}

const std::vector<WaitsRow>& Results::waits_rows() {
  if (waits) return *waits;
  CsvFile f(dir, spec_of(Output::waits));
  const std::size_t country = f.column("country"), measure = f.column("measure"), year = f.column("year"),
                    n = f.column("n"), mean = f.column("mean");
  std::vector<WaitsRow> rows;
  std::vector<std::string> cells;
  while (f.next(cells)) {
    WaitsRow r{cells[country], cells[measure], cells[year], to_uint(cells[n], f.where()), 0};
    const std::string& m = cells[mean];
    const auto res = std::from_chars(m.data(), m.data() + m.size(), r.mean);
    if (res.ec != std::errc() || res.ptr != m.data() + m.size())
      throw BadResults(f.where() + "mean '" + m + "' is not a number of days");
    rows.push_back(std::move(r));
  }
  return *(waits = std::move(rows));
}

const std::vector<FlowRow>& Results::flow_rows() {
  if (flows) return *flows;
  CsvFile f(dir, spec_of(Output::flows));
  const std::size_t month_col = f.column("month"), from = f.column("from"), to = f.column("to"),
                    people = f.column("people");
  std::vector<FlowRow> rows;
  std::vector<std::string> cells;
  while (f.next(cells)) {
    const auto month = detail::parse_iso_month(cells[month_col]);
    if (!month) throw BadResults(f.where() + "month '" + cells[month_col] + "' is not YYYY-MM");
    rows.push_back({*month, cells[from], cells[to], to_uint(cells[people], f.where())});
  }
  return *(flows = std::move(rows));
}

void Results::read_stock(const std::set<Date>& dates) {
  std::set<std::string> wanted;
  for (Date d : dates) {
    wanted.insert(detail::iso_date(d));
    stock[d];  // a date with no rows has nobody: present and empty
  }
  CsvFile f(dir, spec_of(Output::daily));
  const std::size_t date = f.column("date"), node = f.column("node"), status = f.column("status"),
                    people = f.column("people");
  std::vector<std::string> cells;
  while (f.next(cells)) {
    if (!wanted.count(cells[date])) continue;
    if (cells[status] == "travelling") continue;  // on a crossing, not in the country yet
    const auto it = country_of.find(cells[node]);
    if (it == country_of.end())
      throw BadResults(f.where() + "node '" + cells[node] + "' is not in manifest.json; expected a country or place");
    stock[*detail::parse_iso_date(cells[date])][it->second] += to_uint(cells[people], f.where());
  }
}

std::string period_text(const Target& t) {
  return detail::iso_date(t.from) + ".." + detail::iso_date(t.until);
}

// The geography's country ids, or a problem at the target's geography.
std::optional<std::set<std::string>> resolve(const Results& r, const Target& t, const std::string& path,
                                             std::vector<std::string>& errors) {
  std::set<std::string> out;
  if (t.eu) {
    for (const auto& [id, since] : r.eu_since)
      if (since && *since <= t.from) out.insert(id);
    if (out.empty()) {
      errors.push_back(detail::located(path, t.geography_loc,
                                       "geography EU has no members on " + detail::iso_date(t.from) +
                                           " in these results; expected countries with an eu date in the scenario"));
      return std::nullopt;
    }
    return out;
  }
  bool good = true;
  for (const auto& id : t.countries) {
    const auto it = r.country_of.find(id);
    if (it == r.country_of.end()) {
      errors.push_back(
          detail::located(path, t.geography_loc,
                          "geography '" + id + "' is not in these results; expected a country id of the scenario"));
      good = false;
    } else if (it->second != id) {
      errors.push_back(detail::located(
          path, t.geography_loc, "geography '" + id + "' is a place in " + it->second + "; expected a country id"));
      good = false;
    } else {
      out.insert(id);
    }
  }
  if (!good) return std::nullopt;
  return out;
}

std::optional<double> measure(Results& r, const Target& t, const std::set<std::string>& geo) {
  const int m0 = month_index(t.from), m1 = month_index(t.until);
  auto asylum_sum = [&](AsylumEvent event) {
    std::uint64_t sum = 0;
    for (const auto& row : r.asylum_rows())
      if (row.month >= m0 && row.month <= m1 && geo.count(row.country))
        sum += row.events[static_cast<std::size_t>(event)];
    return static_cast<double>(sum);
  };
  auto mean_wait = [&](const char* measure_name) -> std::optional<double> {
    const std::string year = std::to_string(ymd_from_date(t.from).year);
    double weighted = 0;
    std::uint64_t n = 0;
    for (const auto& row : r.waits_rows())
      if (row.measure == measure_name && row.year == year && geo.count(row.country)) {
        weighted += row.mean * static_cast<double>(row.n);
        n += row.n;
      }
    if (n == 0) return std::nullopt;
    return weighted / static_cast<double>(n);
  };
  switch (t.metric) {
    case Metric::applications:
      return asylum_sum(AsylumEvent::applications);
    case Metric::registrations:
      return asylum_sum(AsylumEvent::registrations);
    case Metric::decisions_positive:
      return asylum_sum(AsylumEvent::decisions_positive);
    case Metric::protection_rate: {
      const double pos = asylum_sum(AsylumEvent::decisions_positive),
                   all = pos + asylum_sum(AsylumEvent::decisions_negative);
      if (all == 0) return std::nullopt;
      return pos / all;
    }
    case Metric::dublin_requests:
      return asylum_sum(AsylumEvent::dublin_requests);
    case Metric::dublin_transfers:
      return asylum_sum(AsylumEvent::dublin_transfers);
    case Metric::mean_days_to_first_decision:
      return mean_wait(wait_names[static_cast<std::size_t>(Wait::application_to_first_decision)]);
    case Metric::mean_days_to_final_decision:
      return mean_wait(wait_names[static_cast<std::size_t>(Wait::application_to_final_decision)]);
    case Metric::arrivals: {
      std::uint64_t sum = 0;
      for (const auto& row : r.flow_rows())
        if (row.month >= m0 && row.month <= m1 && geo.count(row.to) && !geo.count(row.from)) sum += row.people;
      return static_cast<double>(sum);
    }
    case Metric::stock: {
      std::uint64_t sum = 0;
      for (const auto& [country, people] : r.stock.at(t.until))
        if (geo.count(country)) sum += people;
      return static_cast<double>(sum);
    }
  }
  return std::nullopt;
}

// A period the run does not cover would compare a zero with a published figure.
bool covered(const Results& r, const Target& t, const std::string& path, std::vector<std::string>& errors) {
  const std::string run = detail::iso_date(r.start) + ".." + detail::iso_date(r.end);
  if (t.metric == Metric::stock) {
    if (t.until >= r.start && t.until <= r.end) return true;
    errors.push_back(detail::located(path, t.period_loc,
                                     "period.until " + detail::iso_date(t.until) + " is outside the run " + run +
                                         "; expected a date the results cover (stock is counted on that day)"));
    return false;
  }
  if (t.until >= r.start && t.from <= r.end) return true;
  errors.push_back(detail::located(
      path, t.period_loc,
      "period " + period_text(t) + " lies outside the run " + run + "; expected a period that overlaps it"));
  return false;
}

}  // namespace

std::vector<Comparison> evaluate_targets(const std::string& results_dir, const TargetsFile& targets,
                                         std::vector<std::string>& errors) {
  std::vector<Comparison> out;
  Results r;
  r.dir = results_dir;
  try {
    if (!fs::is_directory(r.dir))
      throw BadResults(
          detail::located(results_dir, Loc{}, "not a folder; expected a results folder written by migsim run"));
    r.read_manifest();
    std::set<Date> stock_dates;
    for (const Target& t : targets.targets)
      if (t.metric == Metric::stock) stock_dates.insert(t.until);
    if (!stock_dates.empty()) r.read_stock(stock_dates);
    for (const Target& t : targets.targets) {
      const auto geo = resolve(r, t, targets.path, errors);
      if (!geo || !covered(r, t, targets.path, errors)) continue;
      Comparison c;
      c.target = &t;
      c.model = measure(r, t, *geo);
      if (c.model) {
        c.ratio = *c.model / t.value;
        c.ok = *c.ratio >= 1 / t.tolerance_factor && *c.ratio <= t.tolerance_factor;
      }
      out.push_back(c);
    }
  } catch (const BadResults& e) {
    errors.emplace_back(e.what());
  }
  return out;
}

}  // namespace migsim::io
