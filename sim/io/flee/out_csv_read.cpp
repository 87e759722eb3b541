// Flee's out.csv read back, as write_flee_out_csv writes it (flee_out.hpp): for migsim report
// of a Flee run's folder and the Flee targets measured on one. Read whole, every cell checked,
// so a damaged file is refused at its line rather than drawn wrong.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

#include "migsim/io/date_text.hpp"
#include "migsim/io/flee_out.hpp"
#include "migsim/io/table_reader.hpp"

namespace migsim::io {
namespace {

using detail::BadResults;

// The columns after the camps' three each, as write_flee_out_csv writes them.
const std::vector<std::string> totals = {"Total error",
                                         "refugees in camps (UNHCR)",
                                         "total refugees (simulation)",
                                         "raw UNHCR refugee count",
                                         "refugees in camps (simulation)",
                                         "refugee_debt"};
constexpr std::string_view sim_suffix = " sim", data_suffix = " data", error_suffix = " error";

bool ends_with(const std::string& s, std::string_view suffix) {
  return s.size() > suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

double number(const std::string& cell, const detail::ResultsTable& t, const std::string& column, bool whole,
              bool signed_ok) {
  double v = 0;
  const auto res = std::from_chars(cell.data(), cell.data() + cell.size(), v);
  const bool ok = !cell.empty() && res.ec == std::errc() && res.ptr == cell.data() + cell.size() && std::isfinite(v) &&
                  (signed_ok || v >= 0) && (!whole || v == std::floor(v));
  if (!ok)
    throw BadResults(t.where() + "column '" + column + "': '" + cell + "' is not " +
                     (whole ? (signed_ok ? "a whole number" : "a whole number >= 0") : "a finite number >= 0") +
                     "; expected out.csv as migsim run --flee writes it");
  return v;
}

}  // namespace

FleeOutCsv read_flee_out_csv(const std::filesystem::path& file, Date start, std::size_t days) {
  // Day, Date and the totals are required by name; the camps are every "<name> sim" column,
  // each with its "<name> data" and "<name> error".
  OutputSpec spec{file.filename().string(), "Flee's out.csv", {{"Day", ""}, {"Date", ""}}};
  for (const auto& c : totals) spec.columns.push_back({c, ""});
  detail::ResultsTable t(file.parent_path(), spec,
                         detail::ExpectedRows{days, (file.parent_path() / "manifest.json").string() + " (\"days\")"});
  FleeOutCsv out;
  std::vector<std::size_t> sim_col, data_col, error_col;
  for (const std::string& name : t.header()) {
    if (!ends_with(name, sim_suffix)) continue;
    const std::string camp = name.substr(0, name.size() - sim_suffix.size());
    for (const std::string_view suffix : {data_suffix, error_suffix})
      if (std::find(t.header().begin(), t.header().end(), camp + std::string(suffix)) == t.header().end())
        throw BadResults(detail::results_located(t.path(), Loc{0, 1, 0},
                                                 "camp '" + camp + "' has a '" + name + "' column but no '" + camp +
                                                     std::string(suffix) + "'; expected three columns per camp"));
    out.camps.push_back(camp);
    sim_col.push_back(t.column(name));
    data_col.push_back(t.column(camp + std::string(data_suffix)));
    error_col.push_back(t.column(camp + std::string(error_suffix)));
  }
  if (out.camps.empty())
    throw BadResults(detail::results_located(t.path(), Loc{0, 1, 0},
                                             "has no '<camp> sim' column; expected a column per camp, as "
                                             "migsim run --flee writes out.csv"));
  std::vector<std::vector<double>*> total_of = {&out.total_error, &out.data_in_camps, &out.total_refugees,
                                                &out.raw_unhcr,   &out.sim_in_camps,  &out.refugee_debt};
  std::vector<std::string> cells;
  while (t.next(cells)) {
    const std::size_t day = out.dates.size();
    const std::string& d = cells[t.column("Day")];
    if (d != std::to_string(day))
      throw BadResults(t.where() + "Day '" + d + "'; expected " + std::to_string(day) + " (the rows in day order)");
    const std::string date = iso_date(start + static_cast<Date>(day) + 1);
    if (cells[t.column("Date")] != date)
      throw BadResults(t.where() + "Date '" + cells[t.column("Date")] + "'; expected " + date +
                       " (StartDate of manifest.json + Day + 1)");
    out.dates.push_back(date);
    auto &sim = out.sim.emplace_back(), &data = out.data.emplace_back(), &error = out.error.emplace_back();
    for (std::size_t c = 0; c < out.camps.size(); ++c) {
      sim.push_back(number(cells[sim_col[c]], t, out.camps[c] + std::string(sim_suffix), true, false));
      data.push_back(number(cells[data_col[c]], t, out.camps[c] + std::string(data_suffix), true, false));
      error.push_back(number(cells[error_col[c]], t, out.camps[c] + std::string(error_suffix), false, false));
    }
    for (std::size_t k = 0; k < totals.size(); ++k)
      total_of[k]->push_back(number(cells[t.column(totals[k])], t, totals[k], k != 0, totals[k] == "refugee_debt"));
  }
  return out;
}

}  // namespace migsim::io
