#pragma once
// simsetting.yml: Flee's settings file (internal to sim/io).
#include "migsim/io/layer.hpp"

#include <filesystem>

#include "csv.hpp"
#include "migsim/core/flee.hpp"

namespace migsim::io::detail {

// Fills `settings` from the file; every key migsim does not know is an error, every key it
// knows but does not support is an error unless set to Flee's default (off), and the keys
// that change nothing in migsim (log levels, optimisations) are named in one warning.
void read_flee_settings(const std::filesystem::path& file, flee::Settings& settings, FleeLog& log);

}  // namespace migsim::io::detail
