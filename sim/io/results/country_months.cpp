#include "country_months.hpp"

#include <algorithm>
#include <stdexcept>
#include <tuple>

#include "migsim/io/text_format.hpp"

namespace migsim::io::detail {
namespace {

bool all_zero(const std::uint64_t* values, std::size_t n) {
  return std::all_of(values, values + n, [](std::uint64_t v) { return v == 0; });
}

}  // namespace

CountryMonths::CountryMonths(std::size_t columns, std::size_t summed) : columns_(columns), summed_(summed) {
  if (summed > columns) throw std::logic_error("CountryMonths: more summed columns than columns");
}

void CountryMonths::add_today(const World& world, int month) {
  for (std::size_t c = 0; c < world.node_count(); ++c) {
    const std::uint64_t* today = &today_[c * columns_];
    const std::pair<int, NodeId> key{month, static_cast<NodeId>(c)};
    auto it = months_.find(key);
    if (it == months_.end()) {
      if (all_zero(today, columns_)) continue;  // keeps the map to countries with something to say
      it = months_.emplace(key, std::vector<std::uint64_t>(columns_, 0)).first;
    }
    std::uint64_t* row = it->second.data();
    for (std::size_t k = 0; k < summed_; ++k) row[k] += today[k];
    for (std::size_t k = summed_; k < columns_; ++k) row[k] = today[k];  // the month's last day wins
  }
}

std::vector<CountryMonths::Row> CountryMonths::rows(const World& world) const {
  std::vector<Row> out;
  for (const auto& [key, values] : months_)
    if (!all_zero(values.data(), columns_)) out.push_back({key.first, key.second, values.data()});
  // By the ids as written, as flows.csv, so the order is the one a reader sorting the file gets.
  std::sort(out.begin(), out.end(), [&](const Row& x, const Row& y) {
    return std::tie(x.month, world.nodes[x.country].id) < std::tie(y.month, world.nodes[y.country].id);
  });
  return out;
}

std::string CountryMonths::month_and_country(const World& world, const Row& row) {
  return iso_month(row.month) + ',' + world.nodes[row.country].id;
}

}  // namespace migsim::io::detail
