// TargetMetrics: RunFigures gathered from a run as it goes, instead of read back from the
// folder CsvWriter writes. Each part is built by the code that builds the file it stands for
// (AsylumMonths, FlowMonths with TransitionMonths for going home, wait_rows and mean_text),
// so a sweep's numbers and `migsim compare` on a kept run agree to the digit.
#include <algorithm>
#include <array>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "figures.hpp"
#include "migsim/io/targets.hpp"
#include "results/asylum.hpp"
#include "results/flows.hpp"
#include "results/transitions.hpp"
#include "results/waits.hpp"

namespace migsim::io {

struct TargetMetrics::Impl {
  explicit Impl(const TargetsFile& t) : targets(t) {}

  const TargetsFile& targets;
  bool asylum = false, flows = false, waits = false, dublin = false;  // what the targets read
  detail::AsylumMonths asylum_months;
  detail::FlowMonths flow_months;
  detail::TransitionMonths transition_months;  // for going home, a flow
  std::array<bool, status_count> in_stock{};   // [Status]: counted_in_stock
  detail::RunFigures figures;                  // its stock filled as the days go, the rest at the end
  bool finished = false;

  void add_stock(const World& world, const DayStats& day, std::map<std::string, std::uint64_t>& stock,
                 std::map<std::string, std::uint64_t>& temporary) const;
  void fill(const Model& model, const FinalStats& final_stats);
};

void TargetMetrics::Impl::add_stock(const World& world, const DayStats& day,
                                    std::map<std::string, std::uint64_t>& stock,
                                    std::map<std::string, std::uint64_t>& temporary) const {
  if (day.stock.size() != world.node_count() * status_count)
    throw std::logic_error("TargetMetrics: DayStats::stock has " + std::to_string(day.stock.size()) +
                           " entries, expected " + std::to_string(world.node_count() * status_count));
  for (std::size_t n = 0; n < world.node_count(); ++n) {
    std::uint64_t people = 0;
    for (std::size_t s = 0; s < in_stock.size(); ++s)
      if (in_stock[s]) people += day.stock[n * status_count + s];
    if (people > 0) stock[world.nodes[world.nodes[n].country].id] += people;
    const std::uint64_t beneficiaries = day.stock[n * status_count + static_cast<std::size_t>(Status::temporary)];
    if (beneficiaries > 0) temporary[world.nodes[world.nodes[n].country].id] += beneficiaries;
  }
}

void TargetMetrics::Impl::fill(const Model& model, const FinalStats& final_stats) {
  const World& world = world_of(model);
  for (const Node& n : world.nodes) {
    if (n.is_country) figures.eu_since[n.id] = n.eu_since;
    figures.country_of[n.id] = world.nodes[n.country].id;
  }
  if (asylum) {
    auto& rows = figures.asylum.emplace();
    for (const auto& row : asylum_months.rows(world)) {
      detail::RunFigures::AsylumMonth& r = rows.emplace_back();
      r.month = row.month;
      r.country = world.nodes[row.country].id;
      std::copy(row.values, row.values + asylum_event_count, r.events.begin());
    }
  }
  if (flows) {
    flow_months.add_trips_home(world, transition_months);
    flow_months.add_other_traffic(other_traffic_counts(model));
    auto& rows = figures.flows.emplace();
    for (const auto& row : flow_months.rows(world))
      rows.push_back({row.month, world.nodes[row.from].id, world.nodes[row.to].id, row.people, row.other_traffic});
  }
  if (dublin) {
    auto& rows = figures.dublin.emplace();
    for (const DublinCount& c : final_stats.dublin)
      rows.push_back({month_index(c.month), world.nodes[c.from].id, world.nodes[c.to].id, c.requests, c.transfers});
  }
  if (waits) {
    auto& rows = figures.waits.emplace();
    for (const auto& row : detail::wait_rows(world, final_stats.waits))
      rows.push_back({world.nodes[row.country].id, std::string(wait_names[static_cast<std::size_t>(row.wait)]),
                      detail::year_text(row.year), row.stats.n,
                      // The mean as waits.csv holds it: written to 0.1 day, read back.
                      *detail::mean_days(detail::mean_text(row.stats.mean))});
  }
}

TargetMetrics::TargetMetrics(const TargetsFile& targets) : impl_(std::make_unique<Impl>(targets)) {
  if (!targets.ok()) throw std::invalid_argument("TargetMetrics: the targets file " + targets.path + " has problems");
  for (const Target& t : targets.targets) {
    switch (detail::figures_of(t.metric)) {
      case detail::Figures::asylum:
        impl_->asylum = true;
        break;
      case detail::Figures::flows:
        impl_->flows = true;
        break;
      case detail::Figures::waits:
        impl_->waits = true;
        break;
      case detail::Figures::dublin:
        impl_->dublin = true;
        break;
      case detail::Figures::stock:
      case detail::Figures::flee:  // refused by evaluate(): a migsim run has no Flee camps
        break;
    }
  }
  for (Date d : detail::stock_dates(targets)) {  // present, empty until counted
    impl_->figures.stock[d];
    impl_->figures.temporary[d];
  }
  for (std::size_t s = 0; s < impl_->in_stock.size(); ++s)
    impl_->in_stock[s] = detail::counted_in_stock(status_names[s]);
}

TargetMetrics::~TargetMetrics() = default;

void TargetMetrics::on_day(const Model& model, const DayStats& day) {
  if (impl_->finished) throw std::logic_error("TargetMetrics::on_day after on_finish");
  const World& world = world_of(model);
  if (impl_->asylum) impl_->asylum_months.add_day(world, day);
  if (impl_->flows) {
    impl_->flow_months.add_day(world, day);
    impl_->transition_months.add_day(world, day);
  }
  if (const auto it = impl_->figures.stock.find(day.date); it != impl_->figures.stock.end())
    impl_->add_stock(world, day, it->second, impl_->figures.temporary[day.date]);
}

void TargetMetrics::on_finish(const Model& model, const FinalStats& final_stats) {
  if (impl_->finished) throw std::logic_error("TargetMetrics::on_finish called twice");
  impl_->figures.start = start_of(model);
  impl_->figures.end = end_of(model);
  impl_->fill(model, final_stats);
  impl_->finished = true;
}

std::vector<std::string> target_problems(const TargetsFile& targets, const Model& model, const std::string& source) {
  detail::RunFigures figures;
  figures.start = start_of(model);
  figures.end = end_of(model);
  const World& world = world_of(model);
  for (const Node& n : world.nodes) {
    if (n.is_country) figures.eu_since[n.id] = n.eu_since;
    figures.country_of[n.id] = world.nodes[n.country].id;
  }
  std::vector<std::string> errors;
  detail::check_answerable(figures, targets, source, errors);
  return errors;
}

std::vector<Comparison> TargetMetrics::evaluate(std::vector<std::string>& errors) const {
  if (!impl_->finished) throw std::logic_error("TargetMetrics::evaluate before the run finished");
  std::vector<Comparison> out;
  detail::evaluate(impl_->figures, impl_->targets, out, errors);
  return out;
}

}  // namespace migsim::io
