#pragma once
// The files of a results folder, each described once: its name, what it holds, and for the
// CSV tables their columns in the order written and what each means. The writers take
// their header lines from here, `migsim compare` finds the columns it reads by these names,
// and the README's outputs table is this description rendered (a test keeps them equal).
// A new table is an enumerator of Output, its entry in make_specs() (tables.cpp) and its
// writer (README.md, Architecture: "To add an output table").
#include "migsim/io/layer.hpp"

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace migsim::io {

struct Column {
  std::string name;
  std::string meaning;  // what it holds, with its unit
};

struct OutputSpec {
  std::string file;             // in the results folder
  std::string contents;         // what the file holds: what a row is, which rows are written
  std::vector<Column> columns;  // in the order written; empty for a file that is not a CSV table
  std::string header() const;   // the CSV header line, "name,name,...\n"
};

// The files of a results folder, in the order the README lists them.
enum class Output : std::uint8_t { manifest, daily, flows, outcomes, asylum, waits, transitions, dublin };
inline constexpr std::size_t output_count = static_cast<std::size_t>(Output::dublin) + 1;  // keep the last one here

const std::vector<OutputSpec>& output_specs();  // [Output]
const OutputSpec& spec_of(Output output);

// The README's outputs table ("| file | contents |" and its rows), in Markdown.
std::string outputs_markdown();

}  // namespace migsim::io
