// The journal of a study's folder: one line per finished run, appended and flushed to disk as
// each finishes, read back by --resume.
#include "migsim/study/journal.hpp"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>

#include "lower_layers.hpp"
#include "migsim/io/csv_reader.hpp"
#include "migsim/io/paths.hpp"
#include "migsim/study/worker.hpp"
#include "tables.hpp"

namespace migsim::study {
namespace {

namespace fs = std::filesystem;

using detail::csv_cell;
using detail::number_text;

// A cell the journal cannot hold: the line and why, for the message.
struct BadCell {
  std::string why;
};

std::optional<double> number_of(const std::string& text, const char* column) {
  if (text.empty()) return std::nullopt;
  double v = 0;
  const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
  if (res.ec != std::errc() || res.ptr != text.data() + text.size())
    throw BadCell{std::string(column) + " '" + text + "' is not a number"};
  return v;
}

template <class T>
T whole_of(const std::string& text, const char* column) {
  T v{};
  const auto res = std::from_chars(text.data(), text.data() + text.size(), v);
  if (text.empty() || res.ec != std::errc() || res.ptr != text.data() + text.size())
    throw BadCell{std::string(column) + " '" + text + "' is not a whole number"};
  return v;
}

double seconds_of(const std::string& text, const char* column) {
  const auto v = number_of(text, column);
  if (!v || !(*v >= 0)) throw BadCell{std::string(column) + " '" + text + "' is not a time of 0 s or more"};
  return *v;
}

constexpr const char* journal_header_start = "index,status,rank,wall_s,engine_s,error";
constexpr std::size_t journal_fixed_columns = 6;

std::string journal_header(const SweepSpec& spec) {
  std::string h = journal_header_start;
  for (const std::string& id : metric_ids(spec)) h += "," + id;
  return h;
}

}  // namespace

Journal::Journal(const std::string& dir, const SweepSpec& spec, bool resume, std::uint64_t runs)
    : path_((fs::path(dir) / "journal.csv").string()) {
  const std::string header = journal_header(spec);
  const std::size_t metrics = metric_ids(spec).size();
  std::error_code ec;
  fs::create_directories(dir, ec);
  const bool exists = fs::exists(path_);
  if (exists && !resume)
    throw StudyFolderError(path_ +
                           ": error: a study was already run into this folder; expected --resume to finish it, "
                           "or another --out folder");
  if (exists) {
    std::string problem;
    const auto read = detail::read_input_file(path_, problem);
    if (!read) throw StudyFolderError(path_ + ": error: " + problem + "; expected the journal migsim writes");
    std::string text = *read;
    // A line cut short by a crash (no newline at its end) is dropped: that run runs again.
    text.resize(text.rfind('\n') == std::string::npos ? 0 : text.rfind('\n') + 1);
    detail::CsvReader reader(text);
    detail::Row row;
    if (reader.next(row)) {
      std::string got;
      for (const auto& c : row.cells) got += (got.empty() ? "" : ",") + c.text;
      if (got != header)
        throw StudyFolderError(path_ + ":1: error: header '" + got + "'; expected '" + header +
                               "' (the journal of another study?)");
    }
    while (reader.next(row)) {
      const std::string at = path_ + ":" + std::to_string(row.line) + ": error: ";
      if (row.cells.size() != journal_fixed_columns + metrics)
        throw StudyFolderError(at + std::to_string(row.cells.size()) + " cells; expected " +
                               std::to_string(journal_fixed_columns + metrics) + ": " + header);
      RunRecord r;
      try {
        r.index = whole_of<std::uint64_t>(row.cells[0].text, "index");
        if (r.index >= runs)
          throw BadCell{"index " + row.cells[0].text + " is not a run of this study (it has " + std::to_string(runs) +
                        ")"};
        const std::string& status = row.cells[1].text;
        if (status != "ok" && status != "failed") throw BadCell{"status '" + status + "' is not ok or failed"};
        r.ok = status == "ok";
        r.rank = whole_of<int>(row.cells[2].text, "rank");
        r.wall_seconds = seconds_of(row.cells[3].text, "wall_s");
        r.engine_seconds = seconds_of(row.cells[4].text, "engine_s");
        r.error = row.cells[5].text;
        if (r.ok != r.error.empty()) throw BadCell{r.ok ? "an ok run with an error" : "a failed run without its error"};
        for (std::size_t m = 0; m < metrics; ++m)
          r.metrics.push_back(number_of(row.cells[journal_fixed_columns + m].text, "a metric"));
      } catch (const BadCell& e) {
        throw StudyFolderError(at + e.why + "; expected a line of " + header + " as migsim writes it");
      }
      finished_.push_back(std::move(r));
    }
    if (const auto& e = reader.error())
      throw StudyFolderError(path_ + ":" + std::to_string(e->loc.line) + ": error: " + e->message);
    // Rewrite it without a cut-short line, so that appending starts on a line of its own.
    std::ofstream out(path_, std::ios::binary | std::ios::trunc);
    out << text;
  }
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd_ < 0) throw std::runtime_error(path_ + ": cannot open for appending: " + std::strerror(errno));
  if (!exists || fs::file_size(path_) == 0) {
    const std::string line = header + "\n";
    if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()) || ::fsync(fd_) != 0)
      throw std::runtime_error(path_ + ": cannot write: " + std::strerror(errno));
  }
}

Journal::~Journal() {
  if (fd_ >= 0) ::close(fd_);
}

void Journal::record(const RunRecord& r) {
  std::string line = std::to_string(r.index) + (r.ok ? ",ok," : ",failed,") + std::to_string(r.rank) + "," +
                     number_text(r.wall_seconds) + "," + number_text(r.engine_seconds) + "," + csv_cell(r.error);
  for (const auto& m : r.metrics) line += "," + number_text(m);
  line += "\n";
  // One write of a whole line to a file opened O_APPEND, then fsync: a crash leaves at most a
  // last line without its newline, which the next --resume drops.
  if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size()) || ::fsync(fd_) != 0)
    throw std::runtime_error(path_ + ": cannot record run " + std::to_string(r.index) + ": " + std::strerror(errno));
  finished_.push_back(r);
}

}  // namespace migsim::study
