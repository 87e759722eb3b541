// simsetting.yml. Flee reads it with silent defaults (a misspelt key does nothing); here
// every key is in one table below, and anything else is an error.
#include <algorithm>
#include <charconv>
#include <cmath>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <string>

#include "attributes.hpp"
#include "migsim/io/yaml_tree.hpp"
#include "settings.hpp"

namespace migsim::io::detail {
namespace {

enum class Kind { number, boolean, list, any };

// What migsim does with a key: `use` sets a Settings field (checked against [lo, hi]);
// `off_only` accepts Flee's default (false / the given number) and refuses anything else,
// because migsim does not implement that rule; `inert` changes nothing in the run (Flee's
// log levels: migsim writes no Flee logs), so it is accepted with any value and named in the
// file's one warning listing the keys migsim does not implement.
enum class Role { use, off_only, inert };

struct Key {
  const char* section;
  const char* name;
  Kind kind;
  Role role;
  double off = 0;  // off_only: the accepted (default) value; booleans 0/1 (inert: Flee's default, for reference)
  double lo = 0, hi = 0;
  double flee::Settings::*field = nullptr;
  const char* why = "";
  bool flee::Settings::*flag = nullptr;  // `use` booleans
  int flee::Settings::*whole = nullptr;  // `use` whole numbers in [lo, hi]
};

using S = flee::Settings;
constexpr double inf = 1e300;

const Key keys[] = {
    {"log_levels", "agent", Kind::any, Role::inert, 0, 0, 0, nullptr, "migsim writes no Flee logs"},
    {"log_levels", "link", Kind::any, Role::inert, 0, 0, 0, nullptr, "migsim writes no Flee logs"},
    {"log_levels", "camp", Kind::any, Role::inert, 0, 0, 0, nullptr, "migsim writes no Flee logs"},
    {"log_levels", "conflict", Kind::any, Role::inert, 0, 0, 0, nullptr, "migsim writes no Flee logs"},
    {"log_levels", "init", Kind::any, Role::inert, 0, 0, 0, nullptr, "migsim writes no Flee logs"},
    {"log_levels", "idp_totals", Kind::any, Role::inert, 0, 0, 0, nullptr, "migsim writes no Flee logs"},
    {"log_levels", "granularity", Kind::any, Role::inert, 0, 0, 0, nullptr, "migsim writes no Flee logs"},
    {"spawn_rules", "take_from_population", Kind::boolean, Role::use, 0, 0, 1, nullptr, "", &S::take_from_population},
    {"spawn_rules", "insert_day0", Kind::boolean, Role::use, 0, 0, 1, nullptr, "", &S::insert_day0},
    {"spawn_rules", "sum_from_camps", Kind::boolean, Role::use, 0, 0, 1, nullptr, "", &S::sum_from_camps},
    {"spawn_rules", "empty_camps_on_day0", Kind::boolean, Role::use, 0, 0, 1, nullptr, "", &S::empty_camps_on_day0},
    {"spawn_rules", "conflict_spawn_decay", Kind::list, Role::use, 0, 0, inf, nullptr, ""},
    {"spawn_rules", "conflict_spawn_decay_interval", Kind::number, Role::use, 0, 1, 1e9, nullptr, "", nullptr,
     &S::conflict_spawn_decay_interval},
    {"spawn_rules", "camps_are_sinks", Kind::boolean, Role::off_only, 0, 0, 0, nullptr, "migsim has no sink camps"},
    {"move_rules", "max_move_speed", Kind::number, Role::use, 0, 1e-9, inf, &S::max_move_speed, ""},
    {"move_rules", "max_walk_speed", Kind::number, Role::use, 0, 1e-9, inf, &S::max_walk_speed, ""},
    {"move_rules", "foreign_weight", Kind::number, Role::use, 0, 0, inf, &S::foreign_weight, ""},
    {"move_rules", "camp_weight", Kind::number, Role::use, 0, 0, inf, &S::camp_weight, ""},
    {"move_rules", "conflict_weight", Kind::number, Role::use, 0, 0, inf, &S::conflict_weight, ""},
    {"move_rules", "conflict_movechance", Kind::number, Role::use, 0, 0, 1, &S::conflict_movechance, ""},
    {"move_rules", "camp_movechance", Kind::number, Role::use, 0, 0, 1, &S::camp_movechance, ""},
    {"move_rules", "idpcamp_movechance", Kind::number, Role::use, 0, 0, 1, &S::idpcamp_movechance, ""},
    {"move_rules", "default_movechance", Kind::number, Role::use, 0, 0, 1, &S::default_movechance, ""},
    {"move_rules", "awareness_level", Kind::number, Role::use, 0, 1, 3, nullptr, "", nullptr, &S::awareness_level},
    {"move_rules", "capacity_buffer", Kind::number, Role::use, 0, 1e-9, 1 - 1e-9, &S::capacity_buffer, ""},
    {"move_rules", "capacity_scaling", Kind::number, Role::use, 0, 1e-9, inf, &S::capacity_scaling, ""},
    {"move_rules", "avoid_short_stints", Kind::boolean, Role::use, 0, 0, 1, nullptr, "", &S::avoid_short_stints},
    {"move_rules", "start_on_foot", Kind::boolean, Role::use, 0, 0, 1, nullptr, "", &S::start_on_foot},
    {"move_rules", "softening", Kind::number, Role::use, 0, 0, inf, &S::softening, ""},
    {"move_rules", "weight_softening", Kind::number, Role::use, 0, 0, inf, &S::weight_softening, ""},
    {"move_rules", "distance_power", Kind::number, Role::use, 0, 0, 10, &S::distance_power, ""},
    {"move_rules", "weight_power", Kind::number, Role::use, 0, 0, 10, &S::weight_power, ""},
    {"move_rules", "pruning_threshold", Kind::number, Role::use, 0, 0, inf, &S::pruning_threshold, ""},
    {"move_rules", "movechance_pop_base", Kind::number, Role::use, 0, 1e-9, inf, &S::movechance_pop_base, ""},
    {"move_rules", "movechance_pop_scale_factor", Kind::number, Role::use, 0, -inf, inf,
     &S::movechance_pop_scale_factor, ""},
    {"move_rules", "stay_close_to_home", Kind::boolean, Role::off_only, 0, 0, 0, nullptr,
     "migsim does not implement StayCloseToHome"},
    {"move_rules", "use_pop_for_loc_weight", Kind::boolean, Role::use, 0, 0, 1, nullptr, "",
     &S::use_pop_for_loc_weight},
    {"move_rules", "pop_power_for_loc_weight", Kind::number, Role::use, 0, -inf, inf, &S::pop_power_for_loc_weight, ""},
    {"move_rules", "fixed_routes", Kind::boolean, Role::off_only, 0, 0, 0, nullptr,
     "migsim does not implement FixedRoutes"},
    {"move_rules", "two_system_decision_making", Kind::number, Role::off_only, 0, 0, 0, nullptr,
     "migsim does not implement TwoSystemDecisionMaking"},
    {"optimisations", "hasten", Kind::number, Role::use, 0, 1, 1e9, nullptr, "", nullptr, &S::hasten},
};

std::string expected_keys(const std::string& section) {
  std::string s;
  for (const Key& k : keys)
    if (section == k.section) s += (s.empty() ? "" : ", ") + std::string(k.name);
  return s;
}

std::string expected_sections() {
  std::string s;
  for (const Key& k : keys)
    if (s.find(k.section) == std::string::npos) s += (s.empty() ? "" : ", ") + std::string(k.section);
  return s;
}

}  // namespace

namespace {

// One simsetting.yml entry at a time, from the file or an override; remembers what the one
// warning about keys migsim does not implement must name.
class SettingsReader {
 public:
  using Report = std::function<void(const Loc&, std::string)>;
  explicit SettingsReader(flee::Settings& settings) : settings_(settings) {}

  void entry(const std::string& section, const std::string& name, const Loc& key_loc, const Node& v,
             const Report& error) {
    const Key* key = nullptr;
    for (const Key& k : keys)
      if (section == k.section && name == k.name) key = &k;
    const std::string dotted = section + "." + name;
    if (key == nullptr) {
      error(key_loc, "unknown key '" + dotted + "': expected one of " + expected_keys(section));
      return;
    }
    if (key->kind == Kind::list) {  // conflict_spawn_decay: multipliers >= 0, one per interval since a conflict began
      if (v.kind != Node::Kind::list) {
        error(v.loc, dotted + " is " + std::string(kind_name(v.kind)) +
                         ": expected a list of numbers >= 0, as [1.0, 1.0, 0.5]");
        return;
      }
      std::vector<double> list;
      for (const Node& item : v.items) {
        double x = 0;
        const char* b = item.text.data();
        const char* end = b + item.text.size();
        const auto res = std::from_chars(b, end, x);
        if (item.kind != Node::Kind::scalar || item.text.empty() || res.ec != std::errc() || res.ptr != end ||
            !std::isfinite(x) || x < 0)
          error(item.loc, dotted + " item '" + item.text + "': expected a number >= 0");
        else
          list.push_back(x);
      }
      settings_.conflict_spawn_decay = std::move(list);
      return;
    }
    if (v.kind != Node::Kind::scalar) {
      error(v.loc, dotted + " is " + std::string(kind_name(v.kind)) + ": expected a single value");
      return;
    }
    if (key->role == Role::inert) {
      // Named, with why, in the one warning below.
      if (!first_unimplemented) first_unimplemented = key_loc;
      inert += (inert.empty() ? "" : "; ") + dotted + " (" + key->why + ")";
      return;
    }
    double value = 0;
    if (key->kind == Kind::boolean) {
      std::string t = v.text;
      std::transform(t.begin(), t.end(), t.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
      if (t == "true" || t == "yes" || t == "on")
        value = 1;
      else if (t == "false" || t == "no" || t == "off")
        value = 0;
      else {
        error(v.loc, dotted + " '" + v.text + "': expected True or False");
        return;
      }
    } else {
      const char* b = v.text.data();
      const char* end = b + v.text.size();
      const auto res = std::from_chars(b, end, value);
      if (v.text.empty() || res.ec != std::errc() || res.ptr != end || !std::isfinite(value)) {
        error(v.loc, dotted + " '" + v.text + "': expected a number");
        return;
      }
    }
    switch (key->role) {
      case Role::use:
        if (value < key->lo || value > key->hi) {
          std::ostringstream m;
          m << dotted << " '" << v.text << "': expected a number in [" << key->lo << ", " << key->hi << "]";
          error(v.loc, m.str());
        } else if (key->whole != nullptr) {
          if (value != std::floor(value)) {
            std::ostringstream m;
            m << dotted << " '" << v.text << "': expected a whole number in [" << key->lo << ", " << key->hi << "]";
            error(v.loc, m.str());
          } else {
            settings_.*(key->whole) = static_cast<int>(value);
          }
        } else if (key->flag != nullptr) {
          settings_.*(key->flag) = value != 0;
          if (key->flag == &S::empty_camps_on_day0) empty_camps_at = key_loc;
        } else {
          settings_.*(key->field) = value;
        }
        break;
      case Role::off_only:
        if (value != key->off) {
          error(v.loc,
                dotted + " '" + v.text + "': not supported: " + key->why + "; expected " +
                    (key->kind == Kind::boolean ? (key->off != 0 ? "True" : "False") : std::to_string(key->off)));
        } else {
          if (!first_unimplemented) first_unimplemented = key_loc;
          at_default += (at_default.empty() ? "" : ", ") + dotted + " " + v.text;
        }
        break;
      case Role::inert:
        break;
    }
  }

  // The one warning naming every key migsim does not implement: those that change nothing
  // here, and Flee switches at their default (off), which is all migsim does.
  std::string inert, at_default;
  std::optional<Loc> first_unimplemented, empty_camps_at;

 private:
  flee::Settings& settings_;
};

// The file's entries through `reader`; its problems at their line:col.
void read_settings_file(const std::filesystem::path& file, SettingsReader& reader, FleeLog& log) {
  const std::string path = file.string();
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    log.add(path, 0, 0, "cannot open the file: expected Flee's simsetting.yml here");
    return;
  }
  std::stringstream buf;
  buf << in.rdbuf();
  const std::string text = buf.str();
  if (const std::string p = text_problem(text); !p.empty()) {
    log.add(path, 0, 0, p);
    return;
  }
  const ParseResult parsed = parse_yaml(text, 0);
  for (const Diagnostic& d : parsed.diagnostics) log.add(path, d.loc.line, d.loc.col, d.message);
  if (!parsed.ok) return;
  auto error = [&](const Loc& at, std::string m) { log.add(path, at.line, at.col, std::move(m)); };
  const Node& root = parsed.root;
  if (root.kind == Node::Kind::null) return;  // an empty file: Flee's defaults
  if (root.kind != Node::Kind::map) {
    error(root.loc, std::string("the file is ") + std::string(kind_name(root.kind)) + ": expected a map of sections (" +
                        expected_sections() + ")");
    return;
  }
  for (const Entry& sec : root.entries) {
    if (expected_keys(sec.key).empty()) {
      error(sec.key_loc, "unknown section '" + sec.key + "': expected one of " + expected_sections());
      continue;
    }
    const Node& body = sec.node();
    if (body.kind == Node::Kind::null) continue;
    if (body.kind != Node::Kind::map) {
      error(body.loc, "section '" + sec.key + "' is " + std::string(kind_name(body.kind)) + ": expected a map of keys");
      continue;
    }
    for (const Entry& e : body.entries) reader.entry(sec.key, e.key, e.key_loc, e.node(), error);
  }
}

}  // namespace

void read_flee_settings(const std::filesystem::path& file, flee::Settings& settings, FleeLog& log,
                        const std::vector<std::string>& overrides) {
  SettingsReader reader(settings);
  read_settings_file(file, reader, log);
  // Each override as if the file said so, after it; its problems name the override.
  for (const std::string& o : overrides) {
    auto error = [&](const Loc&, std::string m) { log.add(o, 0, 0, std::move(m)); };
    const std::size_t eq = o.find('=');
    const std::string path = o.substr(0, eq);
    if (is_attribute_path(path)) continue;  // a location's or a route's: the importer's (attributes.hpp)
    const std::size_t dot = path.find('.');
    if (eq == std::string::npos || dot == std::string::npos) {
      error({}, "'" + o + "' is not section.key=value: expected a simsetting.yml key, as move_rules.camp_weight=2");
      continue;
    }
    const ParseResult parsed = parse_yaml(o.substr(eq + 1), 0);
    if (!parsed.ok) {
      error({}, path + " '" + o.substr(eq + 1) + "': not a value");
      continue;
    }
    reader.entry(path.substr(0, dot), path.substr(dot + 1), {}, parsed.root, error);
  }
  const std::string path = file.string();
  auto warning = [&](const Loc& at, std::string m) { log.add(path, at.line, at.col, std::move(m), Severity::warning); };
  // Flee's run.py puts each camp's day-0 data into it (add_initial_refugees) before its
  // DataTable records the day-0 values it then takes off the data (start_empty), so with both
  // switches on the camps are not empty; migsim does as Flee does, and says so.
  if (reader.empty_camps_at && settings.empty_camps_on_day0 && settings.insert_day0)
    warning(*reader.empty_camps_at,
            "spawn_rules.empty_camps_on_day0 with insert_day0 True: as in Flee, each camp still receives its day-0 "
            "data as people on day 0 (Flee inserts them before it takes the day-0 values off the data, which it "
            "does); set insert_day0: False to start with empty camps");
  if (reader.first_unimplemented) {
    std::string m = "keys migsim does not implement:";
    if (!reader.inert.empty()) m += " ignored, as they change nothing in migsim: " + reader.inert;
    if (!reader.at_default.empty())
      m += std::string(reader.inert.empty() ? "" : ";") +
           " accepted only at Flee's default (off), as here: " + reader.at_default;
    warning(*reader.first_unimplemented, m);
  }
}

}  // namespace migsim::io::detail

namespace migsim::io {

std::string flee_setting_problem(std::string_view dotted) {
  using detail::expected_keys;
  using detail::expected_sections;
  using detail::Key;
  using detail::keys;
  using detail::Role;
  if (detail::is_attribute_path(dotted)) return detail::attribute_path_problem(dotted);
  const std::size_t dot = dotted.find('.');
  const std::string section(dotted.substr(0, dot == std::string_view::npos ? dotted.size() : dot));
  const std::string name(dot == std::string_view::npos ? std::string_view() : dotted.substr(dot + 1));
  const std::string expected = expected_keys(section);
  if (expected.empty())
    return "unknown section '" + section + "' of simsetting.yml: expected section.key, the section one of " +
           expected_sections() + "; or a location's or a route's attribute: locations.<name>.population, " +
           "routes.<name1>.<name2>.distance";
  for (const Key& k : keys)
    if (section == k.section && name == k.name) {
      if (k.role == Role::use) return "";
      return "simsetting.yml key '" + std::string(dotted) + "' changes nothing in migsim (" + k.why +
             "); expected a key a run acts on";
    }
  return "unknown key '" + std::string(dotted) + "' of simsetting.yml: expected one of " + expected;
}

}  // namespace migsim::io
