#pragma once
// dublin.csv (internal to sim/io): FinalStats::dublin as the table CsvWriter writes.
#include "migsim/io/layer.hpp"

#include <string>

#include "migsim/core/engine.hpp"

namespace migsim::io::detail {

// The header and one line per DublinCount, by month, then the two states' ids as written,
// nationalities and basis.
std::string dublin_csv(const World& world, const FinalStats& final_stats);

}  // namespace migsim::io::detail
