// migsim report: the results folder read into one JSON document, inlined with the embedded
// ECharts and our drawing script into one HTML page. See migsim/report/page.hpp.
#include "migsim/report/page.hpp"
#include "lower_layers.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <map>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <system_error>

#include "data.hpp"
#include "migsim/core/status.hpp"
#include "migsim/io/csv_reader.hpp"
#include "migsim/io/out_file.hpp"
#include "migsim/io/paths.hpp"
#include "migsim/io/table_reader.hpp"
#include "migsim/io/tables.hpp"
#include "migsim/io/targets.hpp"
#include "migsim/version.hpp"

namespace migsim::report {
namespace detail {
// Generated at build time (cmake/embed.cmake): the bytes of each file.
std::string_view echarts_js();  // node_modules/echarts/dist/echarts.min.js
std::string_view common_js();   // sim/report/common.js
std::string_view run_js();      // sim/report/run.js
std::string_view study_js();    // sim/report/study.js
std::string_view flee_js();     // sim/report/flee.js
std::string_view page_css();    // sim/report/page.css
}  // namespace detail

namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// JSON inside <script type="application/json">: "</" would end the element early and "<!--"
// would change how the browser reads it; "<\/" and "\u003c!--" mean the same to JSON.parse.
std::string script_safe(std::string text) {
  std::string out;
  out.reserve(text.size());
  for (std::size_t i = 0; i < text.size(); ++i) {
    if (text[i] == '<' && i + 1 < text.size() && (text[i + 1] == '/' || text[i + 1] == '!'))
      out += "\\u003c";
    else
      out += text[i];
  }
  return out;
}

// A script's text, as the HTML parser must not end it early: "</script" only ever occurs
// inside a string, regular expression or comment, where "<\/script" means the same.
std::string script_text(std::string_view js) {
  std::string out(js);
  for (std::size_t at = 0; (at = out.find("</", at)) != std::string::npos; at += 3) {
    std::string next = out.substr(at + 2, 6);
    std::transform(next.begin(), next.end(), next.begin(), [](unsigned char ch) { return std::tolower(ch); });
    if (next == "script") out.replace(at, 2, "<\\/");
  }
  return out;
}

std::string html_escaped(const std::string& text) {
  std::string out;
  for (char ch : text) {
    switch (ch) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      default:
        out += ch;
    }
  }
  return out;
}

// A study's folder beside a run of the other kind (a Flee run's folder with a sweep over a
// migsim scenario or a calibration, or a migsim run with a sweep over a Flee folder) would draw
// two unrelated things as one study: why, or "" when the kinds agree (as far as the sweep's
// kept runs and its targets' metrics tell).
std::string kind_mismatch(const json& data, const std::string& results_dir, const std::string& sweep_dir) {
  const json& sw = data.at("sweep");
  if (sw.is_null()) return {};
  const bool flee = data.at("kind") == "flee";
  const char* run = flee ? "a Flee run's folder (migsim run --flee)" : "a migsim scenario's run";
  // migsim calibrate refuses a Flee folder: a calibration is always of a migsim scenario.
  if (sw.value("kind", "") == "calibration")
    return flee ? sweep_dir + ": error: is a calibration of a migsim scenario, and " + results_dir + " is " + run +
                      "; expected a sweep over the run's Flee folder"
                : std::string();
  for (const json& e : sw.at("ensemble"))
    if ((e.at("of") == "camp") != flee)
      return sweep_dir + ": error: kept " + (flee ? "runs of a migsim scenario" : "Flee runs") + ", and " +
             results_dir + " is " + run + "; expected a sweep of the run's kind";
  for (const json& t : sw.at("targets")) {
    if (!t.at("metric").is_string()) continue;
    const std::string metric = t.at("metric").get<std::string>();
    const auto it = std::find(metric_names.begin(), metric_names.end(), metric);
    if (it != metric_names.end() && is_flee_metric(static_cast<Metric>(it - metric_names.begin())) != flee)
      return sweep_dir + ": error: target " + t.at("id").get<std::string>() + " measures " +
             (flee ? "a migsim scenario's run" : "a Flee run") + " (" + metric + "), and " + results_dir + " is " +
             run + "; expected a sweep of the run's kind";
  }
  return {};
}

}  // namespace

std::string_view echarts_version() {
  return MIGSIM_ECHARTS_VERSION;
}

std::string report_html(const std::string& results_dir, const TargetsFile* targets, const std::string& sweep_dir,
                        std::vector<std::string>& errors) {
  json data;
  try {
    // A Flee run's folder (migsim run --flee) or a migsim scenario's: its manifest says which.
    data = detail::is_flee_run(results_dir) ? detail::flee_report_data(results_dir, targets, errors)
                                            : detail::run_report_data(results_dir, targets, errors);
    if (!errors.empty()) return {};
    data["sweep"] = sweep_dir.empty() ? json(nullptr) : detail::sweep_report_data(sweep_dir);
    if (const std::string why = kind_mismatch(data, results_dir, sweep_dir); !why.empty()) {
      errors.push_back(why);
      return {};
    }
  } catch (const detail::BadResults& e) {
    errors.push_back(e.what());
    return {};
  }
  data["report"] = {{"migsim", build::version}, {"commit", build::git_commit}, {"echarts", echarts_version()}};
  const std::string title = "migsim report: " + data["title"].get<std::string>();
  std::string page;
  page += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n";
  page += "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
  // The page may fetch nothing: the browser refuses any request, and common.js records
  // each refusal as an error (the browser test fails on it).
  page +=
      "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; script-src 'unsafe-inline'; "
      "style-src 'unsafe-inline'; img-src data:\">\n";
  page += "<title>" + html_escaped(title) + "</title>\n<style>\n";
  page += detail::page_css();
  page += "</style>\n</head>\n<body>\n<h1>" + html_escaped(title) + "</h1>\n";
  page += "<p class=\"lead\">Results folder <code>" + html_escaped(results_dir) + "</code>" +
          (sweep_dir.empty() ? std::string()
                             : ", with the " + data["sweep"]["kind"].get<std::string>() + " folder <code>" +
                                   html_escaped(sweep_dir) + "</code>") +
          ". Every chart is interactive: hover for values, click a legend entry to hide or show it, drag the "
          "slider under a time axis to zoom. This file is self-contained and works offline.</p>\n";
  page += "<main id=\"report\"></main>\n";
  page += "<script type=\"application/json\" id=\"migsim-data\">" + script_safe(data.dump()) + "</script>\n";
  page += "<script>\n" + script_text(detail::echarts_js()) + "\n</script>\n";
  for (const std::string_view js : {detail::common_js(), detail::run_js(), detail::flee_js(), detail::study_js()})
    page += "<script>\n" + script_text(js) + "\n</script>\n";
  page += "</body>\n</html>\n";
  return page;
}

int report(const ReportArgs& args, std::ostream& out, std::ostream& err) {
  std::optional<TargetsFile> targets;
  if (!args.targets_path.empty()) {
    targets = read_targets(args.targets_path);
    if (!targets->ok()) {
      for (const auto& e : targets->errors) err << e << '\n';
      err << args.targets_path << ": " << targets->errors.size() << " problem(s); no report was written\n";
      return 2;
    }
  }
  // The output path, by the one rule of every command's output (migsim/io/paths.hpp), before
  // any table is read: not empty, in a folder this process can write in, and, if something is
  // there, a regular file to replace with --force, never a folder, a link, a FIFO or a device.
  const std::string expected = "the path of the HTML file to write";
  if (args.out_given && args.out.empty()) {
    err << detail::path_error(args.out, "-o", "is empty", expected + " (or no -o at all: RESULTS/report.html)") << '\n';
    return 2;
  }
  fs::path target = args.out_given ? fs::path(args.out) : fs::path(args.results_dir) / "report.html";
  if (const std::string p = detail::output_path_problem(target); !p.empty()) {
    err << detail::path_error(target, "-o", p, expected) << '\n';
    return 2;
  }
  if (const std::string what = detail::what_is_at(target); !what.empty()) {
    if (what != "a regular file") {
      err << detail::path_error(target, "-o", "is " + what + ", not a regular file",
                                expected + " (--force replaces a regular file, and nothing else)")
          << '\n';
      return 2;
    }
    if (!args.force) {
      err << target.string() << ": error: already exists; pass --force to replace it, or choose another -o\n";
      return 2;
    }
  }
  // Its temporary sibling is made first: a folder that takes no new file is told before the
  // folders are read.
  const fs::path staging = detail::hidden_sibling(target, "report");
  std::optional<detail::OutFile> file;
  try {
    file.emplace(staging);
  } catch (const std::exception& e) {
    err << detail::path_error(target, "-o", std::string("cannot be written: ") + e.what(), expected) << '\n';
    return 2;
  }
  std::error_code ec;
  std::vector<std::string> errors;
  const std::string page = report_html(args.results_dir, targets ? &*targets : nullptr, args.sweep_dir, errors);
  if (!errors.empty()) {
    file.reset();
    fs::remove(staging, ec);
    for (const auto& e : errors) err << e << '\n';
    err << errors.size() << " problem(s); no report was written\n";
    return 2;
  }
  try {
    file->write(page);
    file->close();
    fs::rename(staging, target);
  } catch (const std::exception& e) {
    file.reset();
    fs::remove(staging, ec);
    err << target.string() << ": error: cannot write: " << e.what() << '\n';
    return 2;
  }
  out << "report: " << target.string() << " (" << (page.size() + 512) / 1024 << " KiB)\n";
  return 0;
}

}  // namespace migsim::report
