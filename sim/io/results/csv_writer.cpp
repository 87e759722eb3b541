// CsvWriter: the tidy long tables of one run. Everything here depends only on the model and
// the stats the engine hands over, in the order it hands them over, so the files are
// byte-identical for any thread count.
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "asylum.hpp"
#include "dublin.hpp"
#include "flows.hpp"
#include "migsim/io/out_file.hpp"
#include "migsim/io/results.hpp"
#include "migsim/io/tables.hpp"
#include "migsim/io/text_format.hpp"
#include "transitions.hpp"

namespace migsim::io {
namespace {

// Rows are gathered in memory and handed to the file in blocks of about this size.
constexpr std::size_t flush_bytes = 1 << 20;

void expect_size(std::size_t got, std::size_t want, const char* what) {
  if (got != want)
    throw std::logic_error(std::string("CsvWriter: ") + what + " has " + std::to_string(got) + " entries, expected " +
                           std::to_string(want));
}

}  // namespace

struct CsvWriter::Impl {
  std::filesystem::path folder;
  std::optional<detail::OutFile> daily;
  std::string buffer;
  detail::FlowMonths flows;
  detail::AsylumMonths asylum;
  detail::TransitionMonths transitions;
  FinalStats final_stats;
  bool finished = false;

  void write_daily(const World& world, const DayStats& day);
  void write_outcomes(const World& world, const std::vector<std::string>& profiles) const;
  void write_text(const std::string& name, const std::string& text) const;
};

void CsvWriter::Impl::write_text(const std::string& name, const std::string& text) const {
  detail::OutFile file(folder / name);
  file.write(text);
  file.close();
}

void CsvWriter::Impl::write_daily(const World& world, const DayStats& day) {
  const std::size_t nodes = world.node_count();
  expect_size(day.stock.size(), nodes * status_count, "DayStats::stock");
  const std::string date = detail::iso_date(day.date);
  for (std::size_t n = 0; n < nodes; ++n) {
    const std::string& id = world.nodes[n].id;
    for (int s = 0; s < status_count; ++s) {
      const std::uint64_t people = day.stock[n * status_count + static_cast<std::size_t>(s)];
      if (people == 0) continue;
      buffer += date;
      buffer += ',';
      buffer += id;
      buffer += ',';
      buffer += status_names[static_cast<std::size_t>(s)];
      buffer += ',';
      detail::append_uint(buffer, people);
      buffer += '\n';
    }
  }
  if (buffer.size() >= flush_bytes) {
    daily->write(buffer);
    buffer.clear();
  }
}

void CsvWriter::Impl::write_outcomes(const World& world, const std::vector<std::string>& profiles) const {
  const std::size_t nodes = world.node_count();
  expect_size(final_stats.outcomes.size(), profiles.size() * nodes * status_count, "FinalStats::outcomes");
  detail::OutFile file(folder / spec_of(Output::outcomes).file);
  std::string text = spec_of(Output::outcomes).header();
  for (std::size_t p = 0; p < profiles.size(); ++p)
    for (std::size_t n = 0; n < nodes; ++n)
      for (int s = 0; s < status_count; ++s) {
        const std::uint64_t people = final_stats.outcomes[(p * nodes + n) * status_count + static_cast<std::size_t>(s)];
        if (people == 0) continue;
        text += profiles[p];
        text += ',';
        text += world.nodes[n].id;
        text += ',';
        text += status_names[static_cast<std::size_t>(s)];
        text += ',';
        detail::append_uint(text, people);
        text += '\n';
      }
  file.write(text);
  file.close();
}

CsvWriter::CsvWriter(std::filesystem::path folder) : impl_(std::make_unique<Impl>()) {
  impl_->folder = std::move(folder);
  impl_->daily.emplace(impl_->folder / spec_of(Output::daily).file);
  impl_->buffer = spec_of(Output::daily).header();
  impl_->buffer.reserve(flush_bytes + 4096);
}

// An unfinished run leaves a short daily.csv behind, but only in the staging folder, which
// ResultsFolder discards; nothing to report from a destructor.
CsvWriter::~CsvWriter() = default;

void CsvWriter::on_day(const Model& model, const DayStats& day) {
  if (impl_->finished) throw std::logic_error("CsvWriter::on_day after on_finish");
  const World& world = world_of(model);
  impl_->write_daily(world, day);
  impl_->flows.add_day(world, day);
  impl_->asylum.add_day(world, day);
  impl_->transitions.add_day(world, day);
}

void CsvWriter::on_finish(const Model& model, const FinalStats& final_stats) {
  if (impl_->finished) throw std::logic_error("CsvWriter::on_finish called twice");
  impl_->daily->write(impl_->buffer);
  impl_->buffer.clear();
  impl_->buffer.shrink_to_fit();
  impl_->daily->close();
  impl_->final_stats = final_stats;
  const World& world = world_of(model);
  impl_->flows.add_trips_home(world, impl_->transitions);
  impl_->flows.add_other_traffic(other_traffic_counts(model));
  impl_->write_text(spec_of(Output::flows).file, impl_->flows.csv(world));
  impl_->write_outcomes(world, profile_names(model));
  impl_->write_text(spec_of(Output::asylum).file, impl_->asylum.csv(world));
  impl_->write_text(spec_of(Output::waits).file, detail::waits_csv(world, final_stats));
  impl_->write_text(spec_of(Output::transitions).file, impl_->transitions.csv(world));
  impl_->write_text(spec_of(Output::dublin).file, detail::dublin_csv(world, final_stats));
  impl_->finished = true;
}

const FinalStats& CsvWriter::final_stats() const {
  if (!impl_->finished) throw std::logic_error("CsvWriter::final_stats before on_finish");
  return impl_->final_stats;
}

}  // namespace migsim::io
