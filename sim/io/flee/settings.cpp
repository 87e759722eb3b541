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

#include "migsim/io/yaml_tree.hpp"
#include "settings.hpp"

namespace migsim::io::detail {
namespace {

enum class Kind { number, boolean, any };

// What migsim does with a key: `use` sets a Settings field (checked against [lo, hi]);
// `off_only` accepts Flee's default (false / the given number) and refuses anything else,
// because migsim does not implement that rule; `inert` changes nothing in the movement rules
// (logs, optimisations), so it is accepted with any value and named in the file's one
// warning listing the keys migsim does not implement.
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
    {"spawn_rules", "take_from_population", Kind::boolean, Role::off_only, 0, 0, 0, nullptr,
     "migsim does not take spawned people from the location's population"},
    {"spawn_rules", "insert_day0", Kind::boolean, Role::use, 0, 0, 1, nullptr, "", &S::insert_day0},
    {"spawn_rules", "sum_from_camps", Kind::boolean, Role::use, 0, 0, 1, nullptr, "", &S::sum_from_camps},
    {"spawn_rules", "empty_camps_on_day0", Kind::boolean, Role::off_only, 0, 0, 0, nullptr,
     "migsim does not fill or empty camps on day 0"},
    {"spawn_rules", "conflict_spawn_decay", Kind::number, Role::off_only, 0, 0, 0, nullptr,
     "migsim has no conflict spawn decay"},
    {"spawn_rules", "camps_are_sinks", Kind::boolean, Role::off_only, 0, 0, 0, nullptr, "migsim has no sink camps"},
    {"move_rules", "max_move_speed", Kind::number, Role::use, 0, 1e-9, inf, &S::max_move_speed, ""},
    {"move_rules", "max_walk_speed", Kind::any, Role::inert, 35, 0, 0, nullptr,
     "only used with start_on_foot, which migsim does not support"},
    {"move_rules", "foreign_weight", Kind::number, Role::use, 0, 0, inf, &S::foreign_weight, ""},
    {"move_rules", "camp_weight", Kind::number, Role::use, 0, 0, inf, &S::camp_weight, ""},
    {"move_rules", "conflict_weight", Kind::number, Role::use, 0, 0, inf, &S::conflict_weight, ""},
    {"move_rules", "conflict_movechance", Kind::number, Role::use, 0, 0, 1, &S::conflict_movechance, ""},
    {"move_rules", "camp_movechance", Kind::number, Role::use, 0, 0, 1, &S::camp_movechance, ""},
    {"move_rules", "idpcamp_movechance", Kind::number, Role::use, 0, 0, 1, &S::idpcamp_movechance, ""},
    {"move_rules", "default_movechance", Kind::number, Role::use, 0, 0, 1, &S::default_movechance, ""},
    {"move_rules", "awareness_level", Kind::number, Role::use, 0, 1, 3, nullptr, ""},
    {"move_rules", "capacity_buffer", Kind::number, Role::use, 0, 1e-9, 1 - 1e-9, &S::capacity_buffer, ""},
    {"move_rules", "capacity_scaling", Kind::number, Role::use, 0, 1e-9, inf, &S::capacity_scaling, ""},
    {"move_rules", "avoid_short_stints", Kind::boolean, Role::off_only, 0, 0, 0, nullptr,
     "migsim does not implement AvoidShortStints"},
    {"move_rules", "start_on_foot", Kind::boolean, Role::off_only, 0, 0, 0, nullptr,
     "migsim does not implement StartOnFoot"},
    {"move_rules", "softening", Kind::number, Role::use, 0, 0, inf, &S::softening, ""},
    {"move_rules", "weight_softening", Kind::number, Role::use, 0, 0, inf, &S::weight_softening, ""},
    {"move_rules", "distance_power", Kind::number, Role::use, 0, 0, 10, &S::distance_power, ""},
    {"move_rules", "weight_power", Kind::number, Role::use, 0, 0, 10, &S::weight_power, ""},
    {"move_rules", "pruning_threshold", Kind::number, Role::off_only, 1, 0, 0, nullptr,
     "migsim does not prune routes (1.0 = off)"},
    {"move_rules", "movechance_pop_scale_factor", Kind::number, Role::off_only, 0, 0, 0, nullptr,
     "migsim does not scale move chances by population"},
    {"move_rules", "stay_close_to_home", Kind::boolean, Role::off_only, 0, 0, 0, nullptr,
     "migsim does not implement StayCloseToHome"},
    {"move_rules", "use_pop_for_loc_weight", Kind::boolean, Role::off_only, 0, 0, 0, nullptr,
     "migsim does not implement UsePopForLocWeight"},
    {"move_rules", "fixed_routes", Kind::boolean, Role::off_only, 0, 0, 0, nullptr,
     "migsim does not implement FixedRoutes"},
    {"move_rules", "two_system_decision_making", Kind::number, Role::off_only, 0, 0, 0, nullptr,
     "migsim does not implement TwoSystemDecisionMaking"},
    {"optimisations", "hasten", Kind::any, Role::inert, 1, 0, 0, nullptr, "migsim has no hasten optimisation"},
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

void read_flee_settings(const std::filesystem::path& file, flee::Settings& settings, FleeLog& log) {
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
  auto warning = [&](const Loc& at, std::string m) { log.add(path, at.line, at.col, std::move(m), Severity::warning); };
  // The one warning naming every key migsim does not implement: those that change nothing
  // here, and Flee switches at their default (off), which is all migsim does.
  std::string inert, at_default;
  std::optional<Loc> first_unimplemented;
  const Node& root = parsed.root;
  if (root.kind == Node::Kind::null) return;  // an empty file: Flee's defaults
  if (root.kind != Node::Kind::map) {
    error(root.loc, std::string("the file is ") + std::string(kind_name(root.kind)) + ": expected a map of sections (" +
                        expected_sections() + ")");
    return;
  }
  for (const Entry& sec : root.entries) {
    const std::string expected = expected_keys(sec.key);
    if (expected.empty()) {
      error(sec.key_loc, "unknown section '" + sec.key + "': expected one of " + expected_sections());
      continue;
    }
    const Node& body = sec.node();
    if (body.kind == Node::Kind::null) continue;
    if (body.kind != Node::Kind::map) {
      error(body.loc, "section '" + sec.key + "' is " + std::string(kind_name(body.kind)) + ": expected a map of keys");
      continue;
    }
    for (const Entry& e : body.entries) {
      const Key* key = nullptr;
      for (const Key& k : keys)
        if (sec.key == k.section && e.key == k.name) key = &k;
      const std::string dotted = sec.key + "." + e.key;
      if (key == nullptr) {
        error(e.key_loc, "unknown key '" + dotted + "': expected one of " + expected);
        continue;
      }
      const Node& v = e.node();
      if (v.kind != Node::Kind::scalar) {
        error(v.loc, dotted + " is " + std::string(kind_name(v.kind)) + ": expected a single value");
        continue;
      }
      if (key->role == Role::inert) {
        // Named, with why, in the one warning below.
        if (!first_unimplemented) first_unimplemented = e.key_loc;
        inert += (inert.empty() ? "" : "; ") + dotted + " (" + key->why + ")";
        continue;
      }
      double value = 0;
      if (key->kind == Kind::boolean) {
        std::string t = v.text;
        std::transform(t.begin(), t.end(), t.begin(),
                       [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
        if (t == "true" || t == "yes" || t == "on")
          value = 1;
        else if (t == "false" || t == "no" || t == "off")
          value = 0;
        else {
          error(v.loc, dotted + " '" + v.text + "': expected True or False");
          continue;
        }
      } else {
        const char* b = v.text.data();
        const char* end = b + v.text.size();
        const auto res = std::from_chars(b, end, value);
        if (v.text.empty() || res.ec != std::errc() || res.ptr != end || !std::isfinite(value)) {
          error(v.loc, dotted + " '" + v.text + "': expected a number");
          continue;
        }
      }
      switch (key->role) {
        case Role::use:
          if (value < key->lo || value > key->hi) {
            std::ostringstream m;
            m << dotted << " '" << v.text << "': expected a number in [" << key->lo << ", " << key->hi << "]";
            error(v.loc, m.str());
          } else if (e.key == "awareness_level") {
            if (value != std::floor(value))
              error(v.loc, dotted + " '" + v.text + "': expected 1, 2 or 3");
            else
              settings.awareness_level = static_cast<int>(value);
          } else if (key->flag != nullptr) {
            settings.*(key->flag) = value != 0;
          } else {
            settings.*(key->field) = value;
          }
          break;
        case Role::off_only:
          if (value != key->off) {
            error(v.loc,
                  dotted + " '" + v.text + "': not supported: " + key->why + "; expected " +
                      (key->kind == Kind::boolean ? (key->off != 0 ? "True" : "False") : std::to_string(key->off)));
          } else {
            if (!first_unimplemented) first_unimplemented = e.key_loc;
            at_default += (at_default.empty() ? "" : ", ") + dotted + " " + v.text;
          }
          break;
        case Role::inert:
          break;
      }
    }
  }
  if (first_unimplemented) {
    std::string m = "keys migsim does not implement:";
    if (!inert.empty()) m += " ignored, as they change nothing in migsim: " + inert;
    if (!at_default.empty())
      m += std::string(inert.empty() ? "" : ";") + " accepted only at Flee's default (off), as here: " + at_default;
    warning(*first_unimplemented, m);
  }
}

}  // namespace migsim::io::detail
