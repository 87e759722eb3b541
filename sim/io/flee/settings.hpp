#pragma once
// simsetting.yml: Flee's settings file (internal to sim/io).
#include "migsim/io/layer.hpp"

#include <filesystem>
#include <string>
#include <vector>

#include "csv.hpp"
#include "migsim/core/flee.hpp"

namespace migsim::io::detail {

// Fills `settings` from the file; every key migsim does not know is an error, every key it
// knows but does not support is an error unless set to Flee's default (off), and the keys
// that change nothing in migsim (log levels, optimisations) are named in one warning. Then each
// of `overrides` ("section.key=value", as a sweep's parameters give them) as if the file ended
// with it, checked as the file's entries are; its problems are logged under its own text as
// the source ("move_rules.camp_weight=-1"), so a caller can tell them by it.
void read_flee_settings(const std::filesystem::path& file, flee::Settings& settings, FleeLog& log,
                        const std::vector<std::string>& overrides = {});

}  // namespace migsim::io::detail
