#include "read.hpp"

#include <type_traits>
#include <variant>

#include "map_reader.hpp"

namespace migsim::io::detail {
namespace {

// "country 'GE'" when the item has a usable id, else "country #2": messages about an item
// should name it the way the user will search for it.
std::string item_name(const Node& n, const char* what, const char* id_key, std::size_t i) {
  if (n.kind == Node::Kind::map)
    if (const Node* id = n.find(id_key); id && id->kind == Node::Kind::scalar && !id->text.empty())
      return std::string(what) + " '" + id->text + "'";
  return std::string(what) + " #" + std::to_string(i + 1);
}

class SpecReader {
 public:
  SpecReader(ScenarioSpec& spec, std::vector<Diagnostic>& diags) : s_(spec), ctx_{diags, unread_} {}

  Unread read(const Node& root) {
    MapReader top(ctx_, root, "", "", nullptr);
    if (!top.is_map()) {
      for (const char* k : {"scenario", "people", "countries", "crossings", "profiles", "departures"})
        unread_.keys.insert(k);
      return unread_;
    }
    if (const Node* n = top.section("scenario")) scenario(*n);
    top.id_list("documents", s_.documents, &s_.document_locs);
    if (const Node* n = top.section("people")) people(*n);
    each(top, "countries", s_.countries, unread_.countries,
         [&](const Node& n, CountrySpec& c, std::size_t i) { country(n, c, i); });
    each(top, "places", s_.places, unread_.places, [&](const Node& n, PlaceSpec& p, std::size_t i) { place(n, p, i); });
    each(top, "crossings", s_.crossings, unread_.crossings,
         [&](const Node& n, CrossingSpec& c, std::size_t i) { crossing(n, c, i); });
    each(top, "profiles", s_.profiles, unread_.profiles,
         [&](const Node& n, ProfileSpec& p, std::size_t i) { profile(n, p, i); });
    each(top, "departures", s_.departures, unread_.departures,
         [&](const Node& n, DepartureSpec& d, std::size_t i) { departure(n, d, i); });
    each(top, "policies", s_.policies, unread_.policies,
         [&](const Node& n, PolicySpec& p, std::size_t i) { policy(n, p, i); });
    if (const Node* n = top.section("behaviour")) behaviour(*n);
    return unread_;
  }

 private:
  // Reads each item of a top-level list; an item with any form error is recorded by index.
  template <class T, class F>
  void each(MapReader& top, std::string_view key, std::vector<T>& out, std::set<std::size_t>& bad, F read_item) {
    const Node* list = top.list(key);
    if (!list) return;
    for (std::size_t i = 0; i < list->items.size(); ++i) {
      bool taint = false;
      ctx_.taint = &taint;
      out.emplace_back();
      read_item(list->items[i], out.back(), i);
      ctx_.taint = nullptr;
      if (taint) bad.insert(i);
    }
  }

  // Each map of a list inside an entity (age bands, background changes), read by
  // `read(reader, where the item is)`; messages name an item "<what> #<n>".
  template <class F>
  void each_map(const Node& list, const char* section, const std::string& what, F read) {
    for (std::size_t k = 0; k < list.items.size(); ++k) {
      Located item_locs;
      MapReader r(ctx_, list.items[k], section, what + " #" + std::to_string(k + 1), &item_locs);
      read(r, list.items[k].loc);
    }
  }

  void scenario(const Node& n) {
    MapReader r(ctx_, n, "scenario", "scenario", &s_.scenario_locs);
    r.text("name", s_.name);
    r.date("start", s_.start);
    r.date("end", s_.end);
    r.seed("seed", s_.seed);
  }

  void people(const Node& n) {
    MapReader r(ctx_, n, "people", "people", &s_.people_locs);
    r.id("origin", s_.origin);
    r.number("total", s_.total_people);
    r.number("scale", s_.scale);
  }

  void country(const Node& n, CountrySpec& c, std::size_t i) {
    MapReader r(ctx_, n, "countries[]", item_name(n, "country", "id", i), &c);
    r.id("id", c.id);
    if (!r.text("name", c.name)) c.name = c.id;
    r.number("attractiveness", c.attractiveness);
    r.date("eu", c.eu_since);
    r.date("schengen", c.schengen_since);
    r.date("dublin", c.dublin_since);
    r.boolean("destination", c.destination);
    if (const Node* asylum = r.section("asylum")) {
      AsylumSpec& a = c.asylum.emplace();
      const std::string what = item_name(n, "country", "id", i) + " asylum";
      MapReader ar(ctx_, *asylum, "countries[].asylum", what, &a);
      ar.number("decisions_per_month", a.decisions_per_month);
      ar.number("background_pending", a.background_pending);
      ar.number("background_per_month", a.background_per_month);
      series(ar, "background_changes", "countries[].asylum.background_changes[]", what + " background change",
             a.background_changes);
      series(ar, "other_registrations", "countries[].asylum.other_registrations[]", what + " other registrations",
             a.other_registrations);
      ar.number("lodging_share", a.lodging_share);
      ar.number("recorded_at_entry", a.recorded_at_entry);
      ar.integer("days_to_lodge", a.days_to_lodge);
      ar.number("recognition", a.recognition);
      if (const Node* appeal = ar.section("appeal")) {
        MapReader pr(ctx_, *appeal, "countries[].asylum.appeal", what + ".appeal", &a, "appeal.");
        pr.number("share", a.appeal.share);
        pr.integer("days", a.appeal.days);
        pr.number("success", a.appeal.success);
      }
      ar.number("detention", a.detention);
    }
    series(r, "other_traffic", "countries[].other_traffic[]", item_name(n, "country", "id", i) + " other traffic",
           c.other_traffic);
  }

  // A dated series of monthly numbers (background changes, other registrations, other
  // traffic): each item's date and number, read alike.
  void series(MapReader& r, const char* key, const char* section, const std::string& what,
              std::vector<BackgroundChange>& out) {
    if (const Node* list = r.list(key))
      each_map(*list, section, what, [&](MapReader& cr, Loc at) {
        BackgroundChange& change = out.emplace_back();
        change.loc = at;
        cr.date("from", change.from);
        cr.number("per_month", change.per_month);
      });
  }

  void place(const Node& n, PlaceSpec& p, std::size_t i) {
    MapReader r(ctx_, n, "places[]", item_name(n, "place", "id", i), &p);
    r.id("id", p.id);
    if (!r.text("name", p.name)) p.name = p.id;
    r.id("country", p.country);
  }

  void crossing(const Node& n, CrossingSpec& c, std::size_t i) {
    MapReader r(ctx_, n, "crossings[]", item_name(n, "crossing", "id", i), &c);
    r.id("id", c.id);
    r.id("from", c.from);
    r.id("to", c.to);
    int mode = 0;
    if (r.choice("mode", mode)) c.mode = static_cast<Mode>(mode);  // choices listed in enum order
    r.integer("days", c.days);
    r.number("cost", c.cost);
    r.id_list("requires", c.requires_documents);
    r.number("capacity_per_day", c.capacity_per_day);
    r.boolean("both_ways", c.both_ways);
  }

  void profile(const Node& n, ProfileSpec& p, std::size_t i) {
    const std::string what = item_name(n, "profile", "id", i);
    MapReader r(ctx_, n, "profiles[]", what, &p);
    r.id("id", p.id);
    r.number("share", p.share);
    r.number("male_share", p.male_share);
    if (const Node* age = r.list("age"))
      each_map(*age, "profiles[].age[]", what + " age band", [&](MapReader& br, Loc at) {
        AgeBand& band = p.age.emplace_back();
        band.loc = at;
        br.integer("from", band.from);
        br.integer("to", band.to);
        br.number("share", band.share);
      });
    r.share_map("documents", p.documents);
    r.number("criminal_record", p.criminal_record);
    r.number("ex_combatant", p.ex_combatant);
    if (const Node* sav = r.section("savings")) {
      MapReader sr(ctx_, *sav, "profiles[].savings", what + " savings", &p, "savings.");
      sr.number("median", p.savings_median);
      sr.number("sigma", p.savings_sigma);
    }
  }

  void departure(const Node& n, DepartureSpec& d, std::size_t i) {
    MapReader r(ctx_, n, "departures[]", "departure window #" + std::to_string(i + 1), &d);
    r.date("from", d.from);
    r.date("until", d.until);
    r.number("weight", d.weight);
    r.share_map("shares", d.profile_shares);
    r.share_map("places", d.place_shares);
  }

  void policy(const Node& n, PolicySpec& p, std::size_t i) {
    const std::string what = item_name(n, "policy", "name", i);
    MapReader r(ctx_, n, "policies[]", what, &p);
    r.id("name", p.name);
    int type = -1;
    // Choices listed in PolicyType order; the type's parameters start at their defaults.
    if (r.choice("type", type)) p.params = default_params(static_cast<PolicyType>(type));
    // With the type unknown, parameters are still read for their ranges, but which of them
    // belong is unknowable: the type's own error is the one to fix first.
    const PolicyTypeInfo* kind = type >= 0 ? &info(static_cast<PolicyType>(type)) : nullptr;
    const std::string typed = kind ? what + " (" + std::string(kind->name) + ")" : what;
    r.date("from", p.from);
    r.date("until", p.until);
    r.boolean("enabled", p.enabled);
    if (const Node* who = r.section("who")) {
      MapReader wr(ctx_, *who, "policies[].who", what + " who", &p.who);
      wr.id_list("profiles", p.who.profiles);
      if (kind && kind->who_profiles_only) {
        // Anything else would be silently ignored by a type that acts per profile.
        for (const char* key : {"sex", "age", "documents", "lacking", "ex_combatant", "criminal_record"})
          wr.reject(key, typed + " acts on destination choice, which is made per profile, so its who does not take '" +
                             key + "'; expected only: profiles");
      } else {
        int sex = 0;
        if (wr.choice("sex", sex)) p.who.male = sex == 0;
        if (const Node* age = wr.section("age")) {
          MapReader ar(ctx_, *age, "policies[].who.age", what + " who.age", &p.who, "age.");
          ar.integer("from", p.who.age_from);
          ar.integer("to", p.who.age_to);
        }
        wr.id_list("documents", p.who.documents);
        wr.id_list("lacking", p.who.lacking);
        wr.boolean("ex_combatant", p.who.ex_combatant);
        wr.boolean("criminal_record", p.who.criminal_record);
      }
    }
    if (const Node* where = r.section("where")) {
      MapReader wr(ctx_, *where, "policies[].where", what + " where", &p.where);
      wr.id_list("countries", p.where.countries);
      if (kind && !kind->on_crossings) {
        // Crossings and modes would be silently ignored by a type that acts in countries.
        for (const char* key : {"crossings", "modes"})
          wr.reject(key,
                    typed + " acts in countries, so its where does not take '" + key + "'; expected only: countries");
      } else {
        wr.id_list("crossings", p.where.crossings);
        std::vector<int> modes;
        if (wr.choice_list("modes", modes))
          for (int m : modes) p.where.modes.push_back(static_cast<Mode>(m));
      }
    } else if (kind && kind->needs_where && r.is_map() && !r.has("where")) {
      r.error("where", r.node().loc,
              typed + " has no key 'where'; expected " + expectation(*find_param("policies[].where")));
    }
    parameters(r, p, kind, typed);
  }

  // The type-dependent parameters: those the type does not take are refused unread, those
  // it needs must be there, and the rest are read into the type's struct like any value
  // (in the table's order, so that messages come in the order of docs/scenario.md).
  void parameters(MapReader& r, PolicySpec& p, const PolicyTypeInfo* kind, const std::string& typed) {
    const PolicyType type = p.type();
    for (const std::string_view key : policy_parameters()) {
      if (!r.has(key)) {
        if (kind && policy_needs(type, key))
          r.error(key, r.node().loc,
                  typed + " has no key '" + std::string(key) + "'; expected " +
                      expectation(*find_param(join_path("policies[]", key))));
        continue;
      }
      if (!kind) {
        read_unowned(r, key);
        continue;
      }
      if (!policy_takes(type, key)) {
        const auto takes = policy_parameters_of(type);
        r.reject(key, typed + " does not take '" + std::string(key) + "'; expected " +
                          (takes.empty() ? std::string("no parameters") : "only: " + join(takes)));
        continue;
      }
      std::visit(
          [&](auto& params) {
            for_each_field<std::decay_t<decltype(params)>>([&](const auto& field) {
              if (field.key == key) read_value(r, key, params.*field.member);
            });
          },
          p.params);
    }
  }

  static void read_value(MapReader& r, std::string_view key, double& v) { r.number(key, v); }
  static void read_value(MapReader& r, std::string_view key, int& v) { r.integer(key, v); }
  static void read_value(MapReader& r, std::string_view key, std::string& v) { r.id(key, v); }

  // A parameter of a policy whose type is unknown: checked against its row, then dropped.
  static void read_unowned(MapReader& r, std::string_view key) {
    switch (find_param(join_path("policies[]", key))->kind) {
      case Kind::number: {
        double v = 0;
        r.number(key, v);
        break;
      }
      case Kind::integer: {
        int v = 0;
        r.integer(key, v);
        break;
      }
      default: {
        std::string v;
        r.id(key, v);
        break;
      }
    }
  }

  void behaviour(const Node& n) {
    MapReader r(ctx_, n, "behaviour", "behaviour", &s_.behaviour);
    if (const Node* logit = r.section("logit")) {
      MapReader lr(ctx_, *logit, "behaviour.logit", "behaviour.logit", &s_.behaviour);
      lr.number("attractiveness", s_.behaviour.attractiveness_coef);
      lr.number("cost_per_1000_usd", s_.behaviour.cost_coef);
      lr.number("travel_days", s_.behaviour.days_coef);
      lr.number("recognition", s_.behaviour.recognition_coef);
    }
    r.number("lodging_recognition", s_.behaviour.lodging_recognition_coef);
    r.boolean("sees_queues", s_.behaviour.sees_queues);
    r.id_list("settle_with", s_.behaviour.settle_with);
    if (const Node* after = r.section("after_refusal")) {
      // Given at all, the map says everything: a share it leaves out is 0, not the
      // default's hide = 1, so that the four it shows are the four that sum to 1.
      AfterRefusalSpec& a = s_.behaviour.after_refusal;
      a.move_on = a.non_eu = a.hide = a.go_home = 0;
      MapReader ar(ctx_, *after, "behaviour.after_refusal", "behaviour.after_refusal", &a);
      ar.number("move_on", a.move_on);
      ar.number("non_eu", a.non_eu);
      ar.number("hide", a.hide);
      ar.number("go_home", a.go_home);
    }
  }

  ScenarioSpec& s_;
  Unread unread_;
  ReadContext ctx_;
};

}  // namespace

Unread read_spec(const Node& root, ScenarioSpec& spec, std::vector<Diagnostic>& diags) {
  return SpecReader(spec, diags).read(root);
}

}  // namespace migsim::io::detail
