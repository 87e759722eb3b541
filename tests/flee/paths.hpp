#pragma once
// Flee's synth31_100k, two of Flee's conflict instances, and Flee's own runs of them, kept in
// the repository under tests/data/flee (see its README.md), so a clone runs the Flee tests
// with nothing beside it.
#include <doctest/doctest.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "migsim/core/flee.hpp"
#include "migsim/io/csv_reader.hpp"
#include "migsim/io/flee_import.hpp"
#include "migsim/io/flee_out.hpp"

namespace flee_paths {

inline std::filesystem::path peer() {
  return std::filesystem::path(MIGSIM_SOURCE_DIR) / "tests" / "data" / "flee";
}

// A Flee folder's skeleton (input_csv/, source_data/) under the system's temp folder, removed
// afterwards.
struct TempDir {
  std::filesystem::path path;
  TempDir() {
    path = std::filesystem::temp_directory_path() /
           ("migsim-flee-" + std::to_string(::getpid()) + "-" + std::to_string(counter()++));
    std::filesystem::remove_all(path);
    std::filesystem::create_directories(path / "input_csv");
    std::filesystem::create_directories(path / "source_data");
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  static int& counter() {
    static int c = 0;
    return c;
  }
  void write(const std::string& rel, const std::string& text) const { std::ofstream(path / rel) << text; }
};

// A Flee folder as a scenario, failing the test (with every diagnostic) if it does not import.
inline migsim::flee::FleeScenario load_scenario(const std::filesystem::path& folder) {
  auto imported = migsim::io::import_flee(folder);
  std::string diagnostics;
  for (const auto& d : imported.diagnostics) diagnostics += migsim::io::format_diagnostic(d, imported.sources) + "\n";
  REQUIRE_MESSAGE(imported.ok(), diagnostics);
  return imported.scenario;
}

// `file`, after failing the test if it is missing: a test without its data must not pass.
inline std::filesystem::path existing(const std::filesystem::path& file) {
  REQUIRE_MESSAGE(std::filesystem::exists(file), "test data missing: " << file.string());
  return file;
}

// synth31_100k's input folder, failing the test if its data is missing.
inline std::filesystem::path synth31_folder() {
  existing(peer() / "synth31_100k" / "input_csv" / "locations.csv");
  return peer() / "synth31_100k";
}

// Flee's own out.csv of synth31_100k for seed k (1-5), failing the test if it is missing.
inline std::filesystem::path flee_run(int k) {
  return existing(peer() / "reference" / "flee_runs" / ("seed" + std::to_string(k) + ".out.csv"));
}

// One of Flee's conflict instances (burundi, ethiopia) as Flee ships it, failing the test if
// its data is missing.
inline std::filesystem::path instance_folder(const std::string& name) {
  existing(peer() / name / "input_csv" / "locations.csv");
  existing(peer() / name / "simsetting.yml");
  return peer() / name;
}

// Flee's own out.csv of an instance for seed k (1-5), failing the test if it is missing.
inline std::filesystem::path instance_run(const std::string& name, int k) {
  return existing(peer() / name / "flee_runs" / ("seed" + std::to_string(k) + ".out.csv"));
}

// The "<camp> sim" columns of a Flee out.csv, [day][camp], and the camp names.
struct OutCsv {
  std::vector<std::string> header, camps;
  std::vector<std::vector<double>> sim;
  std::vector<std::vector<std::string>> cells;  // [day][column], every column as written
  // The column named `name`, [day], as numbers.
  std::vector<double> column(const std::string& name) const {
    const auto i = static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
    REQUIRE_MESSAGE(i < header.size(), "no column '" << name << "'");
    std::vector<double> v;
    for (const auto& row : cells) v.push_back(std::stod(row.at(i)));
    return v;
  }
};

// Read with the project's one CSV reader (include/migsim/io/csv_reader.hpp), as Flee's tools would.
inline OutCsv read_out_csv(const std::filesystem::path& file) {
  OutCsv t;
  const auto table = migsim::io::detail::read_csv(existing(file));
  REQUIRE_MESSAGE(table.has_value(), "cannot read " << file.string());
  // -s prints messages of passing checks too: the message must not read an empty error.
  REQUIRE_MESSAGE(!table->error.has_value(), file.string() << ": " << (table->error ? table->error->message : ""));
  REQUIRE_MESSAGE(!table->rows.empty(), file.string() << " has no header");
  for (const auto& cell : table->rows.front().cells) t.header.push_back(cell.text);
  std::vector<std::size_t> cols;
  for (std::size_t i = 0; i < t.header.size(); ++i) {
    const std::string& h = t.header[i];
    if (h.size() > 4 && h.compare(h.size() - 4, 4, " sim") == 0) {
      t.camps.push_back(h.substr(0, h.size() - 4));
      cols.push_back(i);
    }
  }
  for (std::size_t r = 1; r < table->rows.size(); ++r) {
    std::vector<double> row;
    for (std::size_t c : cols) row.push_back(std::stod(table->rows[r].cells.at(c).text));
    t.sim.push_back(row);
    std::vector<std::string> all;
    for (const auto& cell : table->rows[r].cells) all.push_back(cell.text);
    t.cells.push_back(std::move(all));
  }
  return t;
}

// A run's camp populations as [day][camp], as read_out_csv gives Flee's.
inline std::vector<std::vector<double>> camp_table(const migsim::flee::Result& r) {
  return migsim::io::flee_camp_table(r);
}

// The element-wise mean of equally shaped [day][camp] tables.
inline std::vector<std::vector<double>> mean_of(const std::vector<std::vector<std::vector<double>>>& tables) {
  REQUIRE(!tables.empty());
  auto mean = tables.front();
  for (auto& row : mean) std::fill(row.begin(), row.end(), 0.0);
  for (const auto& t : tables) {
    REQUIRE(t.size() == mean.size());
    for (std::size_t d = 0; d < t.size(); ++d)
      for (std::size_t c = 0; c < t[d].size(); ++c) mean[d][c] += t[d][c] / static_cast<double>(tables.size());
  }
  return mean;
}

// Flee's averaged relative difference (ard.py) over every day of both tables.
using migsim::io::Ard;
inline Ard ard(const std::vector<std::vector<double>>& S, const std::vector<std::vector<double>>& R) {
  const std::size_t days = std::min(S.size(), R.size());
  REQUIRE(days > 0);
  return migsim::io::averaged_relative_difference(S, R, 0, days - 1);
}

}  // namespace flee_paths
