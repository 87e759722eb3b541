#pragma once
// What the study commands' tables share (internal to sim/study): a CSV cell, a number as the
// shortest text that reads back exactly, a table written whole or not at all, and the time.
#include "migsim/study/layer.hpp"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>

namespace migsim::study::detail {

// A CSV cell: quoted (RFC 4180) when it holds a comma, a quote or a line break.
std::string csv_cell(const std::string& text);

// The shortest text that reads back as the same double; "" for none.
std::string number_text(const std::optional<double>& v);

// DIR/name written beside (name.part), then renamed over the last one: a reader sees the old
// file or the new one, never half of one.
void write_atomically(const std::string& dir, const std::string& name, const std::string& text);

// The head of a study's json (sweep.json, calibration.json, sensitivity.json): migsim's
// version and commit, "<kind>_file" and "<kind>_sha256" (the study file and its hash), the
// scenario.
nlohmann::json study_json(std::string_view kind, const std::string& file, const std::string& scenario);

// Now, as 2026-11-30T09:12:55Z.
std::string utc_now();

}  // namespace migsim::study::detail
