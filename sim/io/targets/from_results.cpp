// A results folder read back into RunFigures (manifest.json for the geography and the run's
// dates, then the CSVs), for evaluate() to compute each target's metric. Only the files and
// rows a target needs are read; daily.csv can be tens of megabytes.
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

#include "detail.hpp"
#include "figures.hpp"
#include "migsim/core/asylum_events.hpp"
#include "migsim/core/engine.hpp"
#include "migsim/io/csv_reader.hpp"
#include "migsim/io/table_reader.hpp"
#include "migsim/io/tables.hpp"
#include "migsim/io/targets.hpp"

namespace migsim::io {
namespace {

namespace fs = std::filesystem;

// The results tables are read as migsim report reads them (migsim/io/table_reader.hpp).
using detail::BadResults;
using CsvFile = detail::ResultsTable;
constexpr const char* unreadable = detail::unreadable_results;

std::uint64_t to_uint(const std::string& s, const std::string& where) {
  return detail::results_count(s, where);
}

// The folder and what has been read of it.
struct Folder {
  fs::path dir;
  detail::RunFigures figures;
  std::map<std::string, std::uint64_t> table_rows;  // manifest.json's "rows", when it has them

  // The rows a table must have, when manifest.json says (a folder of an older migsim does not).
  std::optional<detail::ExpectedRows> expected(Output o) const {
    const auto it = table_rows.find(spec_of(o).file);
    if (it == table_rows.end()) return std::nullopt;
    return detail::ExpectedRows{it->second, (dir / "manifest.json").string()};
  }

  void read_manifest();
  void read(detail::Figures part);  // once, the first time a target needs it
  std::vector<detail::RunFigures::AsylumMonth> asylum_rows() const;
  std::vector<detail::RunFigures::WaitYear> waits_rows() const;
  std::vector<detail::RunFigures::FlowMonth> flow_rows() const;
  std::vector<detail::RunFigures::DublinMonth> dublin_rows() const;
  void read_stock(const std::set<Date>& dates);
};

std::optional<Date> json_date(const nlohmann::json& j, const std::string& where) {
  if (j.is_null()) return std::nullopt;
  if (!j.is_string()) throw BadResults(where + " is not a date; expected YYYY-MM-DD or null");
  const auto d = detail::parse_iso_date(j.get<std::string>());
  if (!d) throw BadResults(where + " '" + j.get<std::string>() + "' is not a date; expected YYYY-MM-DD");
  return d;
}

void Folder::read_manifest() {
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
    figures.start = *json_date(j.at("start"), where + "start");
    figures.end = *json_date(j.at("end"), where + "end");
    for (const auto& c : j.at("countries")) {
      const auto id = c.at("id").get<std::string>();
      figures.eu_since[id] = json_date(c.at("eu"), where + "countries." + id + ".eu");
      figures.country_of[id] = id;
    }
    for (const auto& p : j.at("places"))
      figures.country_of[p.at("id").get<std::string>()] = p.at("country").get<std::string>();
    if (j.contains("rows"))
      for (const auto& [file, n] : j.at("rows").items()) table_rows[file] = n.get<std::uint64_t>();
  } catch (const nlohmann::json::exception& e) {
    throw BadResults(
        detail::located(path, Loc{}, e.what() + std::string("; expected a manifest written by migsim run")));
  }
}

void Folder::read(detail::Figures part) {
  switch (part) {
    case detail::Figures::asylum:
      if (!figures.asylum) figures.asylum = asylum_rows();
      break;
    case detail::Figures::flows:
      if (!figures.flows) figures.flows = flow_rows();
      break;
    case detail::Figures::waits:
      if (!figures.waits) figures.waits = waits_rows();
      break;
    case detail::Figures::dublin:
      if (!figures.dublin) figures.dublin = dublin_rows();
      break;
    case detail::Figures::stock:
      break;  // read before the targets, for all their dates at once
    case detail::Figures::flee:
      break;  // no migsim results folder has them: evaluate() refuses these targets first
  }
}

std::vector<detail::RunFigures::AsylumMonth> Folder::asylum_rows() const {
  CsvFile f(dir, spec_of(Output::asylum), expected(Output::asylum));
  const std::size_t month_col = f.column("month"), country_col = f.column("country");
  std::array<std::size_t, asylum_event_count> event_col{};
  for (std::size_t e = 0; e < asylum_event_count; ++e) event_col[e] = f.column(asylum_events[e].name);
  std::vector<detail::RunFigures::AsylumMonth> rows;
  std::vector<std::string> cells;
  while (f.next(cells)) {
    detail::RunFigures::AsylumMonth r;
    const auto month = detail::parse_iso_month(cells[month_col]);
    if (!month) throw BadResults(f.where() + "month '" + cells[month_col] + "' is not YYYY-MM");
    r.month = *month;
    r.country = cells[country_col];
    for (std::size_t e = 0; e < asylum_event_count; ++e) r.events[e] = to_uint(cells[event_col[e]], f.where());
    rows.push_back(std::move(r));
  }
  return rows;
}

std::vector<detail::RunFigures::WaitYear> Folder::waits_rows() const {
  CsvFile f(dir, spec_of(Output::waits), expected(Output::waits));
  const std::size_t country = f.column("country"), measure = f.column("measure"), year = f.column("year"),
                    n = f.column("n"), mean = f.column("mean");
  std::vector<detail::RunFigures::WaitYear> rows;
  std::vector<std::string> cells;
  while (f.next(cells)) {
    const auto days = detail::mean_days(cells[mean]);
    if (!days) throw BadResults(f.where() + "mean '" + cells[mean] + "' is not a number of days");
    rows.push_back({cells[country], cells[measure], cells[year], to_uint(cells[n], f.where()), *days});
  }
  return rows;
}

std::vector<detail::RunFigures::FlowMonth> Folder::flow_rows() const {
  CsvFile f(dir, spec_of(Output::flows), expected(Output::flows));
  const std::size_t month_col = f.column("month"), from = f.column("from"), to = f.column("to"),
                    people = f.column("people"), other = f.column("other_traffic");
  std::vector<detail::RunFigures::FlowMonth> rows;
  std::vector<std::string> cells;
  while (f.next(cells)) {
    const auto month = detail::parse_iso_month(cells[month_col]);
    if (!month) throw BadResults(f.where() + "month '" + cells[month_col] + "' is not YYYY-MM");
    rows.push_back(
        {*month, cells[from], cells[to], to_uint(cells[people], f.where()), to_uint(cells[other], f.where())});
  }
  return rows;
}

std::vector<detail::RunFigures::DublinMonth> Folder::dublin_rows() const {
  CsvFile f(dir, spec_of(Output::dublin), expected(Output::dublin));
  const std::size_t month_col = f.column("month"), from = f.column("from"), to = f.column("to"),
                    requests = f.column("requests"), transfers = f.column("transfers");
  std::vector<detail::RunFigures::DublinMonth> rows;
  std::vector<std::string> cells;
  while (f.next(cells)) {
    const auto month = detail::parse_iso_month(cells[month_col]);
    if (!month) throw BadResults(f.where() + "month '" + cells[month_col] + "' is not YYYY-MM");
    rows.push_back(
        {*month, cells[from], cells[to], to_uint(cells[requests], f.where()), to_uint(cells[transfers], f.where())});
  }
  return rows;
}

void Folder::read_stock(const std::set<Date>& dates) {
  std::set<std::string> wanted;
  for (Date d : dates) {
    wanted.insert(detail::iso_date(d));
    figures.stock[d];  // a date with no rows has nobody: present and empty
    figures.temporary[d];
  }
  CsvFile f(dir, spec_of(Output::daily), expected(Output::daily));
  const std::size_t date = f.column("date"), node = f.column("node"), status = f.column("status"),
                    people = f.column("people");
  std::vector<std::string> cells;
  while (f.next(cells)) {
    if (!wanted.count(cells[date])) continue;
    if (!detail::counted_in_stock(cells[status])) continue;
    const auto it = figures.country_of.find(cells[node]);
    if (it == figures.country_of.end())
      throw BadResults(f.where() + "node '" + cells[node] + "' is not in manifest.json; expected a country or place");
    const Date day = *detail::parse_iso_date(cells[date]);
    const std::uint64_t n = to_uint(cells[people], f.where());
    figures.stock[day][it->second] += n;
    if (cells[status] == name_of(Status::temporary)) figures.temporary[day][it->second] += n;
  }
}

}  // namespace

std::vector<Comparison> evaluate_targets(const std::string& results_dir, const TargetsFile& targets,
                                         std::vector<std::string>& errors) {
  std::vector<Comparison> out;
  Folder r;
  r.dir = results_dir;
  try {
    if (!fs::is_directory(r.dir))
      throw BadResults(
          detail::located(results_dir, Loc{}, "not a folder; expected a results folder written by migsim run"));
    r.read_manifest();
    if (const auto dates = detail::stock_dates(targets); !dates.empty()) r.read_stock(dates);
    detail::evaluate(r.figures, targets, out, errors, [&](detail::Figures part) { r.read(part); });
  } catch (const BadResults& e) {
    errors.emplace_back(e.what());
  }
  return out;
}

}  // namespace migsim::io
