#include "dublin.hpp"

#include <algorithm>
#include <tuple>

#include "migsim/io/tables.hpp"
#include "migsim/io/text_format.hpp"

namespace migsim::io::detail {

std::string dublin_csv(const World& world, const FinalStats& final_stats) {
  std::vector<const DublinCount*> rows;
  rows.reserve(final_stats.dublin.size());
  for (const DublinCount& c : final_stats.dublin) rows.push_back(&c);
  // By the ids as written, as the other tables, so a reader sorting the file gets this order.
  auto key = [&](const DublinCount* c) {
    return std::tie(c->month, world.nodes[c->from].id, world.nodes[c->to].id, c->nationalities, c->basis);
  };
  std::sort(rows.begin(), rows.end(), [&](const DublinCount* x, const DublinCount* y) { return key(x) < key(y); });
  std::string text = spec_of(Output::dublin).header();
  for (const DublinCount* c : rows) {
    text += iso_month(month_index(c->month));
    text += ',';
    text += world.nodes[c->from].id;
    text += ',';
    text += world.nodes[c->to].id;
    text += ',';
    text += nationalities_names[static_cast<std::size_t>(c->nationalities)];
    text += ',';
    text += dublin_basis_names[static_cast<std::size_t>(c->basis)];
    text += ',';
    append_uint(text, c->requests);
    text += ',';
    append_uint(text, c->transfers);
    text += '\n';
  }
  return text;
}

}  // namespace migsim::io::detail
