// Semantic checks of a ScenarioSpec: everything that needs more than one value to judge
// (references, uniqueness, sums, windows, reachability). Form checks live in the reader.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <deque>
#include <limits>
#include <map>
#include <set>
#include <stdexcept>
#include <type_traits>
#include <unordered_map>
#include <variant>

#include "migsim/core/scenario.hpp"
#include "migsim/io/date_text.hpp"
#include "migsim/io/validate.hpp"
#include "schema.hpp"

namespace migsim::io {

namespace {

constexpr double kSumTolerance = 1e-6;

std::string num(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.10g", v);
  return buf;
}

std::string q(std::string_view s) {
  return "'" + std::string(s) + "'";
}

// "RU, GE, DE" (at most 12 names, then how many more), or "none defined".
std::string one_of(const std::vector<std::string>& names) {
  if (names.empty()) return "none are defined";
  std::string out = "one of: ";
  const std::size_t shown = std::min<std::size_t>(names.size(), 12);
  for (std::size_t i = 0; i < shown; ++i) out += (i ? ", " : "") + names[i];
  if (shown < names.size()) out += ", ... (" + std::to_string(names.size()) + " in all)";
  return out;
}

// A dotted key of the scenario file, checked against the parameter table: renaming a key in
// schema.cpp without renaming it here fails loudly at the first validation, never silently.
std::string_view key(std::string_view path) {
  if (!detail::find_param(path))
    throw std::logic_error("validate: '" + std::string(path) + "' is not a key of sim/io/scenario/schema.cpp");
  return path;
}

// The key as the entity records it: the path's last component ("crossings[].to" -> "to").
std::string last_of(std::string_view path) {
  const auto dot = key(path).rfind('.');
  return std::string(dot == std::string_view::npos ? path : path.substr(dot + 1));
}

// Where the value of the key `path` is in the entity `l` (else the entity itself).
Loc at(const Located& l, std::string_view path) {
  return l.at(last_of(path));
}
// The location of the i-th item of a list key ("requires[2]"), else of the key itself.
Loc item_at(const Located& l, std::string_view path, std::size_t i) {
  const std::string k = last_of(path);
  auto it = l.key_locs.find(k + "[" + std::to_string(i) + "]");
  return it != l.key_locs.end() ? it->second : l.at(k);
}
// The location of the map key `name` of a map-valued key ("documents.visa").
Loc map_key_at(const Located& l, std::string_view path, const std::string& name) {
  const std::string k = last_of(path);
  auto it = l.key_locs.find(k + "." + name);
  return it != l.key_locs.end() ? it->second : l.at(k);
}

class Checker {
 public:
  Checker(const ScenarioSpec& s, const Unread& u) : s_(s), u_(u) {
    for (const auto& c : s.countries) countries_.push_back(c.id), country_ix_.emplace(c.id, &c - s.countries.data());
    for (const auto& c : s.countries) vertices_.push_back(c.id);
    for (const auto& p : s.places) vertices_.push_back(p.id), place_ix_.emplace(p.id, &p - s.places.data());
    for (const auto& c : s.crossings) crossings_.push_back(c.id);
    for (const auto& p : s.profiles) profiles_.push_back(p.id);
    for (const auto& c : s.countries)
      if (c.asylum) asylum_countries_.push_back(c.id);
  }

  std::vector<Diagnostic> run() {
    scenario_window();
    documents();
    unique_ids();
    origin();
    background_changes();
    places();
    crossings();
    profiles();
    departures();
    policies();
    behaviour();
    graph();
    return std::move(out_);
  }

 private:
  void err(Loc loc, std::string msg) { out_.push_back({loc, std::move(msg)}); }
  bool is_country(const std::string& id) const { return country_ix_.count(id) != 0; }
  bool is_vertex(const std::string& id) const { return is_country(id) || place_ix_.count(id) != 0; }
  bool is_document(const std::string& d) const {
    return std::find(s_.documents.begin(), s_.documents.end(), d) != s_.documents.end();
  }
  bool is_profile(const std::string& p) const {
    return std::find(profiles_.begin(), profiles_.end(), p) != profiles_.end();
  }
  // Some entity of the group could not be read far enough to know its id: a reference that
  // matches nothing may well mean that one, so reference checks into the group are skipped.
  template <class T>
  bool ids_unknown(const std::vector<T>& items, const std::set<std::size_t>& unread, std::string_view list) const {
    if (u_.has(list)) return true;
    for (std::size_t i : unread)
      if (i < items.size() && id_of(items[i]).empty()) return true;
    return false;
  }
  static const std::string& id_of(const PolicySpec& p) { return p.name; }
  template <class T>
  static const std::string& id_of(const T& x) {
    return x.id;
  }
  bool countries_unknown() const { return ids_unknown(s_.countries, u_.countries, key("countries")); }
  bool vertices_unknown() const { return countries_unknown() || ids_unknown(s_.places, u_.places, key("places")); }
  bool crossings_unknown() const { return ids_unknown(s_.crossings, u_.crossings, key("crossings")); }
  bool profiles_unknown() const { return ids_unknown(s_.profiles, u_.profiles, key("profiles")); }
  bool dates_unread() const {
    return u_.has(key("scenario")) || u_.has(key("scenario.start")) || u_.has(key("scenario.end"));
  }
  bool documents_unread() const { return u_.has(key("documents")); }

  void scenario_window() {
    if (dates_unread()) return;
    if (s_.start > s_.end)
      err(at(s_.scenario_locs, "scenario.end"), "scenario end " + iso_date(s_.end) + " is before start " +
                                                    iso_date(s_.start) + "; expected end on or after start");
    // The engine counts days in 16 bits per agent (memory: bytes per agent matter at 10^7
    // agents); a century is far more than any scenario needs and well inside that.
    else if (s_.end - s_.start + 1 > max_scenario_days)
      err(at(s_.scenario_locs, "scenario.end"), "scenario from " + iso_date(s_.start) + " to " + iso_date(s_.end) +
                                                    " is " + std::to_string(s_.end - s_.start + 1) +
                                                    " days long; expected at most " +
                                                    std::to_string(max_scenario_days) + " days (100 years)");
  }

  void documents() {
    if (documents_unread()) return;
    auto doc_loc = [&](std::size_t i) { return i < s_.document_locs.size() ? s_.document_locs[i] : Loc{}; };
    if (s_.documents.size() > 8)
      err(doc_loc(8), "document " + q(s_.documents[8]) + " is the 9th document kind; expected at most 8");
    for (std::size_t i = 0; i < s_.documents.size(); ++i)
      for (std::size_t j = 0; j < i; ++j)
        if (s_.documents[i] == s_.documents[j]) {
          err(doc_loc(i), "document " + q(s_.documents[i]) + " is listed twice; expected each document once");
          break;
        }
  }

  template <class T, class IdOf>
  void unique(const std::vector<T>& items, IdOf id_of, const char* what, std::map<std::string, Loc>& seen,
              const char* id_key, const char* among) {
    for (const T& item : items) {
      const std::string& id = id_of(item);
      if (id.empty()) continue;  // the reader reported the missing id
      auto [it, fresh] = seen.emplace(id, item.at(id_key));
      if (!fresh)
        err(item.at(id_key), std::string(what) + " " + id_key + " " + q(id) + " is already used at line " +
                                 std::to_string(it->second.line) + "; expected unique " + id_key + "s among " + among);
    }
  }

  void unique_ids() {
    std::map<std::string, Loc> vertices, crossings, profiles, policies;
    auto id = [](const auto& x) -> const std::string& { return x.id; };
    unique(s_.countries, id, "country", vertices, "id", "countries and places");
    unique(s_.places, id, "place", vertices, "id", "countries and places");
    unique(s_.crossings, id, "crossing", crossings, "id", "crossings");
    unique(s_.profiles, id, "profile", profiles, "id", "profiles");
    unique(
        s_.policies, [](const PolicySpec& p) -> const std::string& { return p.name; }, "policy", policies, "name",
        "policies");
  }

  void origin() {
    if (u_.has(key("people")) || u_.has(key("people.origin")) || vertices_unknown()) return;
    const Loc where = at(s_.people_locs, "people.origin");
    if (is_country(s_.origin)) return;
    if (place_ix_.count(s_.origin))
      err(where, "origin " + q(s_.origin) + " is a place; expected a country, " + one_of(countries_));
    else
      err(where, "origin " + q(s_.origin) + " is not a known country; expected " + one_of(countries_));
  }

  // A country's dated series (the background load, other nationalities' registrations, other
  // traffic): in date order, each change a day of the scenario. Other traffic crosses between
  // the origin and the country, so the origin has none.
  void background_changes() {
    const bool window_known = !dates_unread() && s_.start <= s_.end;
    for (std::size_t i = 0; i < s_.countries.size(); ++i) {
      const CountrySpec& c = s_.countries[i];
      if (u_.countries.count(i)) continue;
      if (c.asylum)
        for (const auto& [series, name] : {std::pair{&c.asylum->background_changes, "asylum background change"},
                                           std::pair{&c.asylum->other_registrations, "asylum other registrations"}})
          dated_series(c, *series, name, window_known);
      dated_series(c, c.other_traffic, "other traffic", window_known);
      const bool origin_known = !u_.has(key("people")) && !u_.has(key("people.origin"));
      if (origin_known && c.id == s_.origin && !c.other_traffic.empty())
        err(at(c, "countries[].other_traffic"),
            "country " + q(c.id) +
                " is the origin, and other_traffic counts crossings between the origin and "
                "another country; expected it on the countries the origin's travellers cross into");
    }
  }

  void dated_series(const CountrySpec& c, const std::vector<BackgroundChange>& changes, const char* name,
                    bool window_known) {
    for (std::size_t k = 0; k < changes.size(); ++k) {
      const std::string what =
          "country " + q(c.id) + " " + name + " #" + std::to_string(k + 1) + " from " + iso_date(changes[k].from);
      if (k > 0 && changes[k].from <= changes[k - 1].from)
        err(changes[k].loc, what + " is not after the one before (" + iso_date(changes[k - 1].from) +
                                "); expected changes in date order, one per day at most");
      else if (window_known && (changes[k].from < s_.start || changes[k].from > s_.end))
        err(changes[k].loc, what + " lies outside the scenario " + iso_date(s_.start) + " to " + iso_date(s_.end) +
                                "; expected a day within it");
    }
  }

  void places() {
    if (countries_unknown()) return;
    for (std::size_t i = 0; i < s_.places.size(); ++i) {
      const PlaceSpec& p = s_.places[i];
      if (u_.places.count(i) || is_country(p.country)) continue;
      err(at(p, "places[].country"),
          "place " + q(p.id) + ": country " + q(p.country) + " is not a known country; expected " + one_of(countries_));
    }
  }

  void crossings() {
    const bool vertices_unread = vertices_unknown();
    for (std::size_t i = 0; i < s_.crossings.size(); ++i) {
      const CrossingSpec& c = s_.crossings[i];
      if (u_.crossings.count(i)) continue;
      if (!vertices_unread) {
        for (const char* end : {"from", "to"}) {
          const std::string& v = std::string_view(end) == "from" ? c.from : c.to;
          if (!is_vertex(v))
            err(at(c, std::string("crossings[].") + end), "crossing " + q(c.id) + ": " + end + " " + q(v) +
                                                              " is not a known country or place; expected " +
                                                              one_of(vertices_));
        }
        if (c.from == c.to && is_vertex(c.from))
          err(at(c, "crossings[].to"),
              "crossing " + q(c.id) + " leads from " + q(c.from) + " to itself; expected two different places");
      }
      if (!documents_unread())
        for (std::size_t k = 0; k < c.requires_documents.size(); ++k)
          if (!is_document(c.requires_documents[k]))
            err(item_at(c, "crossings[].requires", k),
                "crossing " + q(c.id) + ": requires " + q(c.requires_documents[k]) +
                    ", which is not a known document; expected " + one_of(s_.documents));
    }
  }

  void profiles() {
    bool all_read = !u_.has(key("profiles"));
    double sum = 0;
    std::string terms;
    for (std::size_t i = 0; i < s_.profiles.size(); ++i) {
      const ProfileSpec& p = s_.profiles[i];
      sum += p.share;
      terms += (i ? " + " : "") + num(p.share);
      if (u_.profiles.count(i)) {
        all_read = false;
        continue;
      }
      if (!documents_unread())
        for (const auto& [doc, prob] : p.documents)
          if (!is_document(doc))
            err(map_key_at(p, "profiles[].documents", doc), "profile " + q(p.id) + ": document " + q(doc) +
                                                                " is not a known document; expected " +
                                                                one_of(s_.documents));
      double band_sum = 0;
      for (const AgeBand& b : p.age) {
        band_sum += b.share;
        if (b.from > b.to)
          err(b.loc, "profile " + q(p.id) + ": age band from " + std::to_string(b.from) + " to " +
                         std::to_string(b.to) + " runs backwards; expected from <= to");
      }
      if (!p.age.empty() && std::fabs(band_sum - 1) > kSumTolerance)
        err(at(p, "profiles[].age"),
            "profile " + q(p.id) + ": age band shares sum to " + num(band_sum) + "; expected 1");
    }
    // One sum over all profiles: only meaningful when every share was read.
    if (all_read && !s_.profiles.empty() && std::fabs(sum - 1) > kSumTolerance)
      err(at(s_.profiles.front(), "profiles[].share"),
          "profile shares sum to " + num(sum) + " (" + terms + "); expected 1");
  }

  void departures() {
    // A backwards scenario has been reported; windows measured against it would only echo it.
    const bool window_known = !dates_unread() && s_.start <= s_.end;
    bool all_read = !u_.has(key("departures"));
    double total_weight = 0;  // weight x days inside the scenario
    std::vector<std::size_t> order;
    for (std::size_t i = 0; i < s_.departures.size(); ++i) {
      const DepartureSpec& d = s_.departures[i];
      if (u_.departures.count(i)) {
        all_read = false;
        continue;
      }
      if (d.from > d.until) {
        err(at(d, "departures[].until"), "departure window until " + iso_date(d.until) + " is before its from " +
                                             iso_date(d.from) + "; expected until on or after from");
        continue;
      }
      order.push_back(i);
      if (window_known) {
        if (d.from < s_.start || d.from > s_.end)
          err(at(d, "departures[].from"), "departure window from " + iso_date(d.from) + " lies outside the scenario " +
                                              iso_date(s_.start) + " to " + iso_date(s_.end) +
                                              "; expected a day within it");
        if (d.until > s_.end || d.until < s_.start)
          err(at(d, "departures[].until"), "departure window until " + iso_date(d.until) +
                                               " lies outside the scenario " + iso_date(s_.start) + " to " +
                                               iso_date(s_.end) + "; expected a day within it");
        const Date lo = std::max(d.from, s_.start), hi = std::min(d.until, s_.end);
        if (lo <= hi) total_weight += d.weight * (hi - lo + 1);
      }
      if (!d.profile_shares.empty() && !profiles_unknown()) {
        double sum = 0;
        for (const auto& [profile, share] : d.profile_shares) {
          sum += share;
          if (!is_profile(profile))
            err(map_key_at(d, "departures[].shares", profile),
                "departure window from " + iso_date(d.from) + ": profile " + q(profile) +
                    " is not a known profile; expected " + one_of(profiles_));
        }
        if (std::fabs(sum - 1) > kSumTolerance)
          err(at(d, "departures[].shares"),
              "departure window from " + iso_date(d.from) + ": shares sum to " + num(sum) + "; expected 1");
      }
      if (!d.place_shares.empty()) origin_places(d);
    }
    std::sort(order.begin(), order.end(),
              [&](std::size_t a, std::size_t b) { return s_.departures[a].from < s_.departures[b].from; });
    // Sorted by start, a window overlaps an earlier one iff it starts on or before the latest
    // end so far; naming that latest window points the user at the clash.
    for (std::size_t k = 1, latest = order.empty() ? 0 : order[0]; k < order.size(); ++k) {
      const DepartureSpec& a = s_.departures[latest];
      const DepartureSpec& b = s_.departures[order[k]];
      if (b.from <= a.until)
        err(at(b, "departures[].from"), "departure window " + iso_date(b.from) + " to " + iso_date(b.until) +
                                            " overlaps the window " + iso_date(a.from) + " to " + iso_date(a.until) +
                                            " (line " + std::to_string(a.loc.line) +
                                            "); expected windows that do not overlap");
      if (b.until > a.until) latest = order[k];
    }
    if (all_read && window_known && !u_.has(key("people")) && !u_.has(key("people.total")) && s_.total_people > 0 &&
        total_weight <= 0)
      err(at(s_.people_locs, "people.total"),
          std::string(key("people.total")) + " is " + num(s_.total_people) +
              " but the departure schedule has no weight inside the scenario; expected "
              "a window with weight > 0 between " +
              iso_date(s_.start) + " and " + iso_date(s_.end));
  }

  void names_known(const Located& l, std::string_view path, const std::vector<std::string>& names,
                   const std::vector<std::string>& known, const std::string& who, const char* what) {
    for (std::size_t k = 0; k < names.size(); ++k)
      if (std::find(known.begin(), known.end(), names[k]) == known.end())
        err(item_at(l, path, k),
            who + ": " + last_of(path) + " " + q(names[k]) + " is not a known " + what + "; expected " + one_of(known));
  }

  void policies() {
    for (std::size_t i = 0; i < s_.policies.size(); ++i) {
      const PolicySpec& p = s_.policies[i];
      if (u_.policies.count(i)) continue;
      const std::string who = "policy " + q(p.name);
      if (p.until && p.from > *p.until)
        err(at(p, "policies[].until"), who + ": until " + iso_date(*p.until) + " is before from " + iso_date(p.from) +
                                           "; expected until on or after from");
      if (!profiles_unknown()) names_known(p.who, "policies[].who.profiles", p.who.profiles, profiles_, who, "profile");
      if (!documents_unread()) {
        names_known(p.who, "policies[].who.documents", p.who.documents, s_.documents, who, "document");
        names_known(p.who, "policies[].who.lacking", p.who.lacking, s_.documents, who, "document");
      }
      if (p.who.age_from && p.who.age_to && *p.who.age_from > *p.who.age_to)
        err(at(p.who, "policies[].who.age"), who + ": age from " + std::to_string(*p.who.age_from) + " to " +
                                                 std::to_string(*p.who.age_to) +
                                                 " runs backwards; expected from <= to");
      if (!countries_unknown())
        names_known(p.where, "policies[].where.countries", p.where.countries, countries_, who, "country");
      if (!crossings_unknown())
        names_known(p.where, "policies[].where.crossings", p.where.crossings, crossings_, who, "crossing");
      // A type that needs a where would do nothing with an empty one.
      if (info(p.type()).needs_where && p.where.countries.empty() && p.where.crossings.empty())
        err(at(p, "policies[].where"),
            who + ": " + std::string(name_of(p.type())) +
                " has a where with no countries and no crossings; expected at least one of them");
      policy_parameters(p, who);
    }
    exclusive_windows();
  }

  // References and relations among one policy's type-dependent parameters: the registry's
  // fields say which ids refer to what, and a type's problem() states what ranges cannot.
  void policy_parameters(const PolicySpec& p, const std::string& who) {
    std::visit(
        [&](const auto& params) {
          using Params = std::decay_t<decltype(params)>;
          for_each_field<Params>([&](const auto& field) {
            if constexpr (std::is_same_v<std::decay_t<decltype(params.*field.member)>, std::string>)
              reference(p, who, field.key, params.*field.member, field.refers);
          });
          if constexpr (requires { params.problem(); }) {
            const ParamProblem problem = params.problem();
            if (!problem.key.empty())
              err(at(p, "policies[]." + std::string(problem.key)), who + ": " + problem.message);
          }
        },
        p.params);
    // A queue policy in a country with no queue would silently do nothing. A country with a
    // form error may have lost its asylum section to it, so it is not judged.
    if (info(p.type()).on_asylum && !countries_unknown())
      for (std::size_t k = 0; k < p.where.countries.size(); ++k) {
        const auto c = country_ix_.find(p.where.countries[k]);
        if (c == country_ix_.end() || u_.countries.count(static_cast<std::size_t>(c->second))) continue;
        if (!s_.countries[static_cast<std::size_t>(c->second)].asylum)
          err(item_at(p.where, "policies[].where.countries", k),
              who + ": country " + q(c->first) + " has no asylum procedure for " + std::string(name_of(p.type())) +
                  " to act on; expected " + one_of(asylum_countries_) + " (countries with an asylum section)");
      }
  }

  void reference(const PolicySpec& p, const std::string& who, std::string_view field, const std::string& id,
                 Refers refers) {
    if (id.empty()) return;
    const std::string name(field);
    const Loc loc = at(p, "policies[]." + name);
    if (refers == Refers::country && !countries_unknown() && !is_country(id))
      err(loc, who + ": " + name + " " + q(id) + (place_ix_.count(id) ? " is a place" : " is not a known country") +
                   "; expected " + one_of(countries_));
    if (refers == Refers::document && !documents_unread() && !is_document(id))
      err(loc, who + ": " + name + " " + q(id) + " is not a known document; expected " + one_of(s_.documents));
  }

  // Types that set one value per country (a capacity, a stay rule, who is responsible) cannot
  // have two policies in force for the same country on the same day: which one holds would
  // depend on file order. (Recognition may overlap; the last one listed wins, as documented.)
  void exclusive_windows() {
    const bool end_known = !dates_unread() && s_.start <= s_.end;
    const Date open_end = end_known ? s_.end : std::numeric_limits<Date>::max();
    for (std::size_t j = 0; j < s_.policies.size(); ++j) {
      const PolicySpec& b = s_.policies[j];
      if (!info(b.type()).exclusive || u_.policies.count(j) || (b.until && b.from > *b.until)) continue;
      const Date b_end = b.until.value_or(open_end);
      for (std::size_t i = 0; i < j; ++i) {
        const PolicySpec& a = s_.policies[i];
        if (a.type() != b.type() || u_.policies.count(i) || (a.until && a.from > *a.until)) continue;
        const Date lo = std::max(a.from, b.from), hi = std::min(a.until.value_or(open_end), b_end);
        if (lo > hi) continue;
        for (const std::string& c : b.where.countries) {
          if (std::find(a.where.countries.begin(), a.where.countries.end(), c) == a.where.countries.end()) continue;
          const std::string days = hi == std::numeric_limits<Date>::max() ? "from " + iso_date(lo) + " on"
                                                                          : "on " + iso_date(lo) + ".." + iso_date(hi);
          err(at(b, "policies[].from"), "policies " + q(a.name) + " and " + q(b.name) + " both set " +
                                            std::string(name_of(b.type())) + " for " + c + " " + days +
                                            "; expected windows that do not overlap");
        }
      }
    }
  }

  // (The logit weights' signs are the reader's ranges, and build_model's invariants for specs
  // built in code.)
  void behaviour() {
    const auto& b = s_.behaviour;
    if (!documents_unread())
      names_known(b, "behaviour.settle_with", b.settle_with, s_.documents, "behaviour", "document");
    after_refusal();
  }

  void after_refusal() {
    // A share that could not be read is not summed: its own error is the one to fix.
    const auto first_unread = u_.keys.lower_bound(key("behaviour.after_refusal"));
    if (u_.has(key("behaviour")) ||
        (first_unread != u_.keys.end() && first_unread->starts_with(key("behaviour.after_refusal"))))
      return;
    const AfterRefusalSpec& a = s_.behaviour.after_refusal;
    const double sum = a.move_on + a.non_eu + a.hide + a.go_home;
    if (std::fabs(sum - 1) > kSumTolerance)
      err(a.loc, std::string(key("behaviour.after_refusal")) + " shares sum to " + num(sum) + " (move_on " +
                     num(a.move_on) + " + non_eu " + num(a.non_eu) + " + hide " + num(a.hide) + " + go_home " +
                     num(a.go_home) + "); expected 1");
  }

  // A window's places: the origin, or places that lie in it; their shares sum to 1.
  void origin_places(const DepartureSpec& d) {
    const std::string window = "departure window from " + iso_date(d.from);
    double sum = 0;
    for (const auto& [place, share] : d.place_shares) {
      sum += share;
      if (vertices_unknown() || u_.has(key("people.origin")) || place == s_.origin) continue;
      const auto p = place_ix_.find(place);
      if (p == place_ix_.end())
        err(map_key_at(d, "departures[].places", place),
            window + ": " + q(place) + (is_country(place) ? " is another country" : " is not a known place") +
                "; expected the origin " + q(s_.origin) + " or a place in it");
      else if (s_.places[p->second].country != s_.origin)
        err(map_key_at(d, "departures[].places", place),
            window + ": place " + q(place) + " lies in " + q(s_.places[p->second].country) + "; expected the origin " +
                q(s_.origin) + " or a place in it");
    }
    if (std::fabs(sum - 1) > kSumTolerance)
      err(at(d, "departures[].places"), window + ": places' shares sum to " + num(sum) + "; expected 1");
  }

  void graph() {
    if (u_.has(key("countries")) || u_.has(key("places")) || u_.has(key("crossings")) || u_.has(key("people")) ||
        u_.has(key("people.origin")) || !u_.countries.empty() || !u_.places.empty() || !u_.crossings.empty())
      return;
    bool any_destination = false;
    for (const auto& c : s_.countries) any_destination = any_destination || (c.destination && c.id != s_.origin);
    if (!any_destination) {
      err(s_.countries.empty() ? Loc{} : at(s_.countries.front(), "countries[].destination"),
          "no country other than the origin is a destination; expected at least one country with destination: true");
      return;
    }
    if (!is_country(s_.origin)) return;  // origin() has said so
    // Plain breadth-first search, documents ignored: can anyone get anywhere at all?
    std::unordered_map<std::string, std::vector<std::string>> next;
    for (const auto& c : s_.crossings) {
      next[c.from].push_back(c.to);
      if (c.both_ways) next[c.to].push_back(c.from);
    }
    const auto reaches = [&](const std::string& from) {
      std::unordered_map<std::string, bool> seen{{from, true}};
      std::deque<std::string> todo{from};
      while (!todo.empty()) {
        const std::string v = todo.front();
        todo.pop_front();
        if (v != from && reaches_destination(v)) return true;
        for (const auto& w : next[v])
          if (!seen[w]) seen[w] = true, todo.push_back(w);
      }
      return false;
    };
    const std::string expected = "; expected a chain of crossings to a country with destination: true";
    if (!reaches(s_.origin))
      err(at(s_.people_locs, "people.origin"),
          "origin " + q(s_.origin) + " reaches no destination country through the crossings" + expected);
    std::set<std::string> checked{s_.origin};
    for (const auto& d : s_.departures)
      for (const auto& [place, share] : d.place_shares) {
        const auto p = place_ix_.find(place);
        if (share <= 0 || p == place_ix_.end() || s_.places[p->second].country != s_.origin) continue;
        if (checked.insert(place).second && !reaches(place))
          err(map_key_at(d, "departures[].places", place),
              "place " + q(place) + " of the origin reaches no destination country through the crossings" + expected);
      }
  }

  // A destination country, or a place inside one other than the origin.
  bool reaches_destination(const std::string& v) const {
    std::string country = v;
    if (auto p = place_ix_.find(v); p != place_ix_.end()) country = s_.places[p->second].country;
    auto c = country_ix_.find(country);
    return c != country_ix_.end() && country != s_.origin && s_.countries[c->second].destination;
  }

  const ScenarioSpec& s_;
  const Unread& u_;
  std::vector<Diagnostic> out_;
  std::vector<std::string> countries_, vertices_, crossings_, profiles_, asylum_countries_;
  std::unordered_map<std::string, std::ptrdiff_t> country_ix_, place_ix_;
};

}  // namespace

std::vector<Diagnostic> validate(const ScenarioSpec& spec, const Unread& unread) {
  return Checker(spec, unread).run();
}

std::vector<Diagnostic> validate(const ScenarioSpec& spec) {
  return validate(spec, Unread{});
}

}  // namespace migsim::io
