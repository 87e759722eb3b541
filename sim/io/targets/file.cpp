// Reading a targets file: a YAML list of targets, each checked for form and for the period
// its metric can be measured over. Every problem is reported, at its line:col, with the bad
// value and what was expected, as the scenario reader does.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <iterator>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "detail.hpp"
#include "migsim/io/paths.hpp"
#include "migsim/io/targets.hpp"
#include "migsim/io/yaml_fields.hpp"
#include "migsim/io/yaml_tree.hpp"

namespace migsim::io {
namespace {

using detail::Node;

constexpr std::array<std::string_view, 9> target_keys = {
    "id", "metric", "period", "geography", "value", "source", "confidence", "tolerance_factor", "kept_aside"};
constexpr std::array<std::string_view, 7> required_keys = {"id",    "metric", "period",    "geography",
                                                           "value", "source", "confidence"};

bool is_id(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
  });
}

class TargetReader {
 public:
  explicit TargetReader(TargetsFile& file) : file_(file) {}

  void read_list(const Node& root) {
    if (root.kind != Node::Kind::list) {
      error(root.loc, "the file is " + std::string(detail::kind_name(root.kind)) +
                          "; expected a list of targets (each a map with keys: " + detail::joined(target_keys) + ")");
      return;
    }
    std::map<std::string, int> first_line;
    for (std::size_t i = 0; i < root.items.size(); ++i) {
      Target t;
      if (!read_target(root.items[i], i + 1, t)) continue;
      const auto [it, fresh] = first_line.emplace(t.id, root.items[i].loc.line);
      if (!fresh) {
        error(root.items[i].find_entry("id")->node().loc,
              "id " + detail::quoted_text(t.id) + " is given twice (first at line " + std::to_string(it->second) +
                  "); expected each target id once");
        continue;
      }
      file_.targets.push_back(std::move(t));
    }
  }

 private:
  void error(Loc loc, std::string message) {
    file_.errors.push_back(detail::located(file_.path, loc, std::move(message)));
  }

  const Node* scalar(const Node& map, std::string_view key, const std::string& expected) {
    return detail::scalar_at(map, key, expected, [this](Loc loc, std::string m) { error(loc, std::move(m)); });
  }

  std::optional<Date> date(const Node& map, std::string_view key, const std::string& what) {
    const Node* n = scalar(map, key, "a date YYYY-MM-DD");
    if (n == nullptr) return std::nullopt;
    if (auto d = detail::parse_iso_date(n->text)) return d;
    error(n->loc,
          what + "." + std::string(key) + " " + detail::quoted_text(n->text) + " is not a date; expected YYYY-MM-DD");
    return std::nullopt;
  }

  bool read_target(const Node& node, std::size_t index, Target& t) {
    const std::string what = "target " + std::to_string(index);
    if (node.kind != Node::Kind::map) {
      error(node.loc, what + " is " + std::string(detail::kind_name(node.kind)) +
                          "; expected a map with keys: " + detail::joined(target_keys));
      return false;
    }
    t.loc = node.loc;
    const std::size_t errors_before = file_.errors.size();
    for (const auto& e : node.entries)
      if (std::find(target_keys.begin(), target_keys.end(), e.key) == target_keys.end())
        error(e.key_loc, "unknown key " + detail::quoted_text(e.key) + " in " + what +
                             "; expected one of: " + detail::joined(target_keys));
    for (std::string_view k : required_keys)
      if (node.find(k) == nullptr) error(node.loc, what + " has no key '" + std::string(k) + "'");

    if (const Node* n = scalar(node, "id", "an id (letters, digits, '_' or '-')")) {
      if (is_id(n->text))
        t.id = n->text;
      else
        error(n->loc, "id " + detail::quoted_text(n->text) + " is not an id; expected letters, digits, '_' or '-'");
    }
    bool metric_known = false;
    if (const Node* n = scalar(node, "metric", "one of: " + detail::joined(metric_names))) {
      const auto it = std::find(metric_names.begin(), metric_names.end(), n->text);
      if (it == metric_names.end()) {
        error(n->loc, "metric " + detail::quoted_text(n->text) +
                          " is unknown; expected one of: " + detail::joined(metric_names));
      } else {
        t.metric = static_cast<Metric>(it - metric_names.begin());
        metric_known = true;
      }
    }
    if (const Node* p = node.find("period")) read_period(*p, t, metric_known);
    if (const Node* g = node.find("geography")) {
      if (metric_known && is_flee_metric(t.metric))
        read_flee_geography(*g, t);
      else
        read_geography(*g, t);
    }
    if (const Node* n = scalar(node, "value", "a number > 0")) {
      const auto v = detail::finite_number(n->text);
      if (!v || *v <= 0)
        error(n->loc, "value " + detail::quoted_text(n->text) +
                          " is not a number > 0; expected the published figure, > 0 " + "(write 8820, not 8,820)");
      else if (metric_known && t.metric == Metric::protection_rate && *v > 1)
        error(n->loc,
              "value " + detail::quoted_text(n->text) + " is above 1; expected protection_rate as a share in (0, 1]");
      else
        t.value = *v;
    }
    if (const Node* n = scalar(node, "source", "a citation")) {
      if (n->text.empty())
        error(n->loc, "source is empty; expected where the figure was published");
      else
        t.source = n->text;
    }
    if (const Node* n = scalar(node, "confidence", "H, M or L")) {
      if (n->text == "H" || n->text == "M" || n->text == "L")
        t.confidence = n->text[0];
      else
        error(n->loc, "confidence " + detail::quoted_text(n->text) + " is unknown; expected H, M or L");
    }
    if (const Node* n = scalar(node, "tolerance_factor", "a number > 1")) {
      const auto v = detail::finite_number(n->text);
      if (!v || *v <= 1)
        error(n->loc,
              "tolerance_factor " + detail::quoted_text(n->text) + " is not a number > 1; expected a factor such as 2");
      else
        t.tolerance_factor = *v;
    }
    if (const Node* n = scalar(node, "kept_aside", "true or false")) {
      if (n->text == "true" || n->text == "false")
        t.kept_aside = n->text == "true";
      else
        error(n->loc, "kept_aside " + detail::quoted_text(n->text) + " is not true or false; expected true or false");
    }
    return file_.errors.size() == errors_before;
  }

  void read_period(const Node& p, Target& t, bool metric_known) {
    t.period_loc = p.loc;
    if (p.kind != Node::Kind::map) {
      error(p.loc, "period is " + std::string(detail::kind_name(p.kind)) +
                       "; expected a map {from: YYYY-MM-DD, until: YYYY-MM-DD}");
      return;
    }
    for (const auto& e : p.entries)
      if (e.key != "from" && e.key != "until")
        error(e.key_loc, "unknown key " + detail::quoted_text(e.key) + " in period; expected one of: from, until");
    if (!p.find("from")) error(p.loc, "period has no key 'from'; expected a date YYYY-MM-DD");
    if (!p.find("until")) error(p.loc, "period has no key 'until'; expected a date YYYY-MM-DD");
    const auto from = date(p, "from", "period");
    const auto until = date(p, "until", "period");
    if (!from || !until) return;
    t.from = *from;
    t.until = *until;
    const Loc until_loc = p.find("until")->loc, from_loc = p.find("from")->loc;
    if (*until < *from) {
      error(until_loc, "period.until " + detail::iso_date(*until) + " is before period.from " +
                           detail::iso_date(*from) + "; expected until >= from");
      return;
    }
    if (!metric_known) return;
    const std::string name(metric_names[static_cast<std::size_t>(t.metric)]);
    const Ymd a = ymd_from_date(*from), b = ymd_from_date(*until);
    switch (detail::period_kind(t.metric)) {
      case detail::PeriodKind::months:
        // asylum.csv and flows.csv are monthly: a part of a month cannot be measured.
        if (a.day != 1)
          error(from_loc, "period.from " + detail::iso_date(*from) +
                              " is not the first day of a month; expected whole months for " + name +
                              " (asylum.csv and flows.csv are monthly)");
        if (*until + 1 != detail::next_month_start(*until))
          error(until_loc, "period.until " + detail::iso_date(*until) +
                               " is not the last day of a month; expected whole months for " + name +
                               " (asylum.csv and flows.csv are monthly)");
        break;
      case detail::PeriodKind::year:
        // waits.csv counts each wait in the calendar year it ended.
        if (a.month != 1 || a.day != 1 || b.month != 12 || b.day != 31 || a.year != b.year)
          error(p.loc, "period " + detail::iso_date(*from) + ".." + detail::iso_date(*until) +
                           " is not one calendar year; expected YYYY-01-01..YYYY-12-31 for " + name +
                           " (waits.csv is by year)");
        break;
      case detail::PeriodKind::day:
      case detail::PeriodKind::days:
        break;
    }
  }

  // A Flee metric's geography: a camp's name as locations.csv writes it (camp_population), or
  // `all`, every camp with UNHCR data (averaged_relative_difference).
  void read_flee_geography(const Node& g, Target& t) {
    t.geography_loc = g.loc;
    const bool camp = t.metric == Metric::camp_population;
    const std::string expected = camp ? "a camp's name, as locations.csv writes it" : "all (every camp with data)";
    const std::string name(metric_names[static_cast<std::size_t>(t.metric)]);
    if (g.kind != Node::Kind::scalar || g.text.empty())
      error(g.loc, "geography is " + std::string(g.kind == Node::Kind::scalar ? "empty" : detail::kind_name(g.kind)) +
                       "; expected " + expected + " for " + name);
    else if (!camp && g.text != "all")
      error(g.loc, "geography " + detail::quoted_text(g.text) + " is not all; expected " + expected + " for " + name);
    else
      t.location = g.text;
  }

  void read_geography(const Node& g, Target& t) {
    t.geography_loc = g.loc;
    if (g.kind == Node::Kind::scalar) {
      if (g.text == "EU") {
        t.eu = true;
      } else if (is_id(g.text)) {
        t.countries = {g.text};
      } else {
        error(g.loc, "geography " + detail::quoted_text(g.text) +
                         " is not a country id; expected a country id, a list of them, or EU");
      }
      return;
    }
    if (g.kind != Node::Kind::list || g.items.empty()) {
      error(g.loc, "geography is " +
                       std::string(g.kind == Node::Kind::list ? "an empty list" : detail::kind_name(g.kind)) +
                       "; expected a country id, a list of them, or EU");
      return;
    }
    for (const Node& item : g.items) {
      if (item.kind != Node::Kind::scalar || !is_id(item.text) || item.text == "EU") {
        error(item.loc,
              "geography item " +
                  detail::quoted_text(item.kind == Node::Kind::scalar ? item.text
                                                                      : std::string(detail::kind_name(item.kind))) +
                  " is not a country id; expected country ids (EU only on its own)");
        continue;
      }
      if (std::find(t.countries.begin(), t.countries.end(), item.text) != t.countries.end()) {
        error(item.loc,
              "geography item " + detail::quoted_text(item.text) + " is listed twice; expected each country once");
        continue;
      }
      t.countries.push_back(item.text);
    }
  }

  TargetsFile& file_;
};

}  // namespace

TargetsFile read_targets_text(const std::string& text, const std::string& path) {
  TargetsFile file;
  file.path = path;
  if (const std::string problem = detail::text_problem(text); !problem.empty()) {
    file.errors.push_back(detail::located(path, Loc{}, problem));
    return file;
  }
  if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
    file.errors.push_back(detail::located(path, Loc{0, 1, 1}, "file is empty; expected a list of targets"));
    return file;
  }
  auto parsed = detail::parse_yaml(text, 0);
  for (const auto& d : parsed.diagnostics) file.errors.push_back(detail::located(path, d.loc, d.message));
  if (!parsed.ok) return file;
  TargetReader(file).read_list(parsed.root);
  return file;
}

TargetsFile read_targets(const std::string& path) {
  std::string problem;
  const auto text = detail::read_input_file(path, problem);
  if (!text) {
    TargetsFile file;
    file.path = path;
    file.errors.push_back(detail::located(path, Loc{}, problem + "; expected a targets file (YAML)"));
    return file;
  }
  return read_targets_text(*text, path);
}

}  // namespace migsim::io
