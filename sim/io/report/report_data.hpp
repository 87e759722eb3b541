#pragma once
// migsim report's data: what each part of the page is drawn from, read from the folders into
// one JSON document (report.cpp inlines it into the page; the report_*.js scripts draw it).
// Bad input throws BadResults ("file[:line]: error: ..."); problems found against a targets
// file go to `errors`.
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "migsim/io/layer.hpp"

namespace migsim::io {
struct TargetsFile;
}

namespace migsim::io::detail {

// One run's results folder: "title", "stock", "asylum", "manifest", and "targets" (null
// without a targets file). Read by report_run.js.
nlohmann::json run_report_data(const std::filesystem::path& dir, const TargetsFile* targets,
                               std::vector<std::string>& errors);

}  // namespace migsim::io::detail
