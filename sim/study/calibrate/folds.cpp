// Cross-validation's folds (migsim/study/calibrate.hpp): which fitted targets each refit holds
// out. A pure function of the targets file, the weights and cross_validate, so that a resumed
// or repeated calibration holds out the same targets in the same fold.
#include <algorithm>
#include <map>
#include <stdexcept>

#include "lower_layers.hpp"
#include "migsim/study/calibrate.hpp"

namespace migsim::study {

std::string fold_group(const Target& target, FoldBy by) {
  switch (by) {
    case FoldBy::metric:
      return std::string(metric_names[static_cast<std::size_t>(target.metric)]);
    case FoldBy::target:
      return target.id;
    case FoldBy::country:
      break;
  }
  // A Flee run's targets by camp: its name, or "all" (every camp) for the validation error.
  if (is_flee_metric(target.metric)) return target.location;
  if (target.eu) return "EU";
  // Sorted, so that [DE, FR] and [FR, DE] are one group.
  std::vector<std::string> countries = target.countries;
  std::sort(countries.begin(), countries.end());
  std::string out;
  for (const std::string& c : countries) out += (out.empty() ? "" : "+") + c;
  return out;
}

namespace {

// The groups of the fitted targets, in the order they first appear: each its targets' indices.
std::vector<std::vector<std::size_t>> groups_of(const std::vector<Target>& targets, const std::vector<double>& weights,
                                                FoldBy by) {
  std::vector<std::vector<std::size_t>> groups;
  std::map<std::string, std::size_t> index;
  for (std::size_t t = 0; t < targets.size(); ++t) {
    if (!(t < weights.size() && weights[t] > 0)) continue;
    const auto [it, added] = index.emplace(fold_group(targets[t], by), groups.size());
    if (added) groups.emplace_back();
    groups[it->second].push_back(t);
  }
  return groups;
}

}  // namespace

std::size_t fold_groups(const std::vector<Target>& targets, const std::vector<double>& weights, FoldBy by) {
  return groups_of(targets, weights, by).size();
}

std::vector<std::optional<std::uint32_t>> assign_folds(const std::vector<Target>& targets,
                                                       const std::vector<double>& weights, const CrossValidation& cv) {
  auto groups = groups_of(targets, weights, cv.by);
  if (cv.folds < 2 || groups.size() < cv.folds)
    throw std::invalid_argument("assign_folds: " + std::to_string(cv.folds) + " folds of " +
                                std::to_string(groups.size()) + " groups; expected 2 to the number of groups");
  // Largest first, so that the greedy fill below evens the folds out; stable, so that groups
  // of one size keep the file's order.
  std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.size() > b.size(); });
  std::vector<std::size_t> sizes(cv.folds, 0);
  std::vector<std::optional<std::uint32_t>> fold(targets.size());
  for (const auto& g : groups) {
    const auto k = static_cast<std::uint32_t>(std::min_element(sizes.begin(), sizes.end()) - sizes.begin());
    sizes[k] += g.size();
    for (const std::size_t t : g) fold[t] = k;
  }
  return fold;
}

}  // namespace migsim::study
