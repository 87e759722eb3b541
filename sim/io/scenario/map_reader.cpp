#include "map_reader.hpp"

#include <algorithm>
#include <charconv>
#include <cmath>

#include "migsim/io/date_text.hpp"

namespace migsim::io::detail {
namespace {

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diag = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t up = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diag + (a[i - 1] == b[j - 1] ? 0u : 1u)});
      diag = up;
    }
  }
  return row[b.size()];
}

bool is_id_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
}

std::vector<std::string> split_choices(std::string_view choices) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= choices.size()) {
    const auto bar = choices.find('|', start);
    const auto end = bar == std::string_view::npos ? choices.size() : bar;
    out.emplace_back(choices.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

std::string quoted(std::string_view s) {
  // Long or multi-line values would swamp the message; the location finds the rest.
  std::string v(s.substr(0, 60));
  if (s.size() > 60) v += "...";
  for (char& c : v)
    if (c == '\n' || c == '\r' || c == '\t') c = ' ';
  return "'" + v + "'";
}

}  // namespace

std::string closest(std::string_view word, const std::vector<std::string>& names) {
  // One edit per three letters (at least one) reads as a typo; more is a different word,
  // and suggesting "RU" for "XX" would only mislead.
  std::string best;
  std::size_t best_d = std::max<std::size_t>(1, word.size() / 3) + 1;
  for (const auto& n : names) {
    const std::size_t d = edit_distance(word, n);
    if (d < best_d && d < std::max(word.size(), n.size())) best_d = d, best = n;
  }
  return best;
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) out += (i ? ", " : "") + names[i];
  return out;
}

std::string expectation(const Param& p) {
  const std::string unit = p.unit.empty() || p.kind == Kind::date ? "" : " (" + std::string(p.unit) + ")";
  switch (p.kind) {
    case Kind::section: {
      std::vector<std::string> keys;
      for (const Param* k : keys_of(p.path)) keys.emplace_back(key_of(*k));
      return "a map with keys: " + join(keys);
    }
    case Kind::entity_list:
      return "a list of maps" + (range_text(p).empty() ? "" : ", " + range_text(p));
    case Kind::text:
      return "text";
    case Kind::id:
      return "an id (letters, digits, '_' or '-')";
    case Kind::id_list:
      return "a list of ids" + (range_text(p).empty() ? "" : ", " + range_text(p));
    case Kind::choice:
      return kind_text(p);
    case Kind::choice_list:
      return "a list, each " + kind_text(p);
    case Kind::number:
      return "a number from " + range_text(p) + unit;
    case Kind::integer:
      return "a whole number from " + range_text(p) + unit;
    case Kind::seed:
      return "a whole number from " + range_text(p);
    case Kind::date:
      return "a date YYYY-MM-DD from " + range_text(p);
    case Kind::boolean:
      return "true or false";
    case Kind::share_map:
      return "a map of id: number from " + range_text(p) + unit;
  }
  return "?";
}

MapReader::MapReader(ReadContext& ctx, const Node& node, std::string section, std::string what, Located* locs,
                     std::string loc_prefix)
    : ctx_(ctx),
      node_(node),
      section_(std::move(section)),
      what_(std::move(what)),
      locs_(locs),
      loc_prefix_(std::move(loc_prefix)) {
  const Param* self = find_param(section_.size() > 2 && section_.ends_with("[]")
                                     ? std::string_view(section_).substr(0, section_.size() - 2)
                                     : std::string_view(section_));
  if (node_.kind != Node::Kind::map) {
    const std::string expected =
        self ? (self->kind == Kind::entity_list ? "a map with keys: " +
                                                      [&] {
                                                        std::vector<std::string> keys;
                                                        for (const Param* k : keys_of(section_))
                                                          keys.emplace_back(key_of(*k));
                                                        return join(keys);
                                                      }()
                                                : expectation(*self))
             : "a map of sections: scenario, people, countries, crossings, profiles, departures";
    ctx_.diags.push_back({node_.loc, (what_.empty() ? std::string("the file") : what_) + " is " +
                                         std::string(kind_name(node_.kind)) + "; expected " + expected});
    fail("");
    return;
  }
  if (locs_ && loc_prefix_.empty()) locs_->loc = node_.loc;
  std::vector<std::string> known;
  for (const Param* k : keys_of(section_)) known.emplace_back(key_of(*k));
  for (const Entry& e : node_.entries) {
    if (std::find(known.begin(), known.end(), e.key) != known.end()) continue;
    const std::string near = closest(e.key, known);
    ctx_.diags.push_back({e.key_loc, "unknown key " + quoted(e.key) + " in " + (what_.empty() ? "the file" : what_) +
                                         "; expected one of: " + join(known) +
                                         (near.empty() ? "" : " (did you mean '" + near + "'?)")});
    fail(e.key);
  }
  for (const Param* k : keys_of(section_)) {
    if (!k->required || node_.find(key_of(*k))) continue;
    ctx_.diags.push_back({node_.loc, (what_.empty() ? std::string("the file") : what_) + " has no key '" +
                                         std::string(key_of(*k)) + "'; expected " + expectation(*k)});
    fail(key_of(*k));
  }
}

MapReader::~MapReader() {
  // A row the reader forgot to read would be a silently ignored key: make it loud in tests.
  if (!is_map()) return;
  for (const Entry& e : node_.entries)
    if (row(e.key) && !taken_.count(e.key))
      ctx_.diags.push_back({e.key_loc, "internal error: key '" + e.key + "' in " + section_ + " was not read"});
}

const Param* MapReader::row(std::string_view key) const {
  return find_param(join_path(section_, key));
}

std::string MapReader::label(std::string_view key) const {
  if (what_.empty()) return std::string(key);
  const bool entity = what_.find_first_of(" '#") != std::string::npos;
  return what_ + (entity ? " " : ".") + std::string(key);
}

void MapReader::fail(std::string_view key) {
  if (ctx_.taint)
    *ctx_.taint = true;
  else
    ctx_.unread.keys.insert(key.empty() ? section_ : join_path(section_, key));
}

void MapReader::error(std::string_view key, Loc at, std::string message) {
  ctx_.diags.push_back({at, std::move(message)});
  fail(key);
}

void MapReader::reject(std::string_view key, std::string message) {
  if (!is_map()) return;
  for (const Entry& e : node_.entries)
    if (e.key == key) {
      taken_.insert(std::string(key));
      error(key, e.key_loc, std::move(message));
      return;
    }
}

const Node* MapReader::take(std::string_view key, const Param*& p) {
  p = row(key);
  if (!p || !is_map()) return nullptr;
  const Node* n = node_.find(key);
  if (!n) return nullptr;
  taken_.insert(std::string(key));
  if (locs_) locs_->key_locs[loc_prefix_ + std::string(key)] = n->loc;
  return n;
}

bool MapReader::scalar(const Node& n, const Param& p, std::string_view key) {
  if (n.kind == Node::Kind::scalar) return true;
  error(key, n.loc,
        label(key) + (n.kind == Node::Kind::null ? " has no value" : " is " + std::string(kind_name(n.kind))) +
            "; expected " + expectation(p));
  return false;
}

std::optional<double> MapReader::parse_number(const Node& n, const Param& p, std::string_view key) {
  if (!scalar(n, p, key)) return std::nullopt;
  std::string_view t = n.text;
  const std::string bad = label(key) + " " + quoted(n.text);
  // A map's value is one number; say so rather than describe the whole map.
  Param one = p;
  if (one.kind == Kind::share_map) one.kind = Kind::number;
  const std::string expect = "; expected " + expectation(one);
  if (!t.empty() && t.front() == '+') t.remove_prefix(1);
  // from_chars also takes "inf", "nan" and hex forms; a scenario number is decimal only.
  const bool decimal = !t.empty() && std::all_of(t.begin(), t.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == '.' || c == 'e' || c == 'E' || c == '-' || c == '+';
  }) && std::any_of(t.begin(), t.end(), [](char c) { return c >= '0' && c <= '9'; });
  double v = 0;
  const auto [end, ec] = decimal ? std::from_chars(t.data(), t.data() + t.size(), v)
                                 : std::from_chars_result{t.data(), std::errc::invalid_argument};
  if (ec == std::errc::result_out_of_range) {
    error(key, n.loc, bad + " is not a finite number (too large or too small to represent)" + expect);
    return std::nullopt;
  }
  if (ec != std::errc{} || end != t.data() + t.size()) {
    const std::string lower = [&] {
      std::string s(n.text);
      for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      return s;
    }();
    const bool nonfinite = lower.find("inf") != std::string::npos || lower.find("nan") != std::string::npos;
    error(key, n.loc, bad + (nonfinite ? " is not a finite number" : " is not a number") + expect);
    return std::nullopt;
  }
  if (!std::isfinite(v)) {
    error(key, n.loc, bad + " is not a finite number" + expect);
    return std::nullopt;
  }
  if (p.kind == Kind::integer && v != std::floor(v)) {
    error(key, n.loc, bad + " is not a whole number" + expect);
    return std::nullopt;
  }
  if (v < p.min || v > p.max) {
    error(key, n.loc, bad + (v < 0 && p.min >= 0 ? " is negative" : " is out of range") + expect);
    return std::nullopt;
  }
  return v;
}

std::optional<Date> MapReader::parse_date(const Node& n, const Param& p, std::string_view key) {
  if (!scalar(n, p, key)) return std::nullopt;
  const std::string& t = n.text;
  const std::string bad = label(key) + " " + quoted(t);
  const std::string expect = "; expected " + expectation(p);
  const auto v = parse_iso_date(t);
  if (!v) {
    error(key, n.loc, bad + " " + date_problem(t) + expect);
    return std::nullopt;
  }
  if (*v < p.min || *v > p.max) {
    error(key, n.loc, bad + " is out of range" + expect);
    return std::nullopt;
  }
  return v;
}

std::optional<int> MapReader::parse_choice(const Node& n, const Param& p, std::string_view key) {
  if (!scalar(n, p, key)) return std::nullopt;
  const auto options = split_choices(p.choices);
  for (std::size_t i = 0; i < options.size(); ++i)
    if (options[i] == n.text) return static_cast<int>(i);
  const std::string near = closest(n.text, options);
  error(key, n.loc,
        label(key) + " " + quoted(n.text) + " is not allowed; expected " + expectation(p) +
            (near.empty() ? "" : " (did you mean '" + near + "'?)"));
  return std::nullopt;
}

std::optional<std::string> MapReader::parse_id(const Node& n, std::string_view key, std::string_view what_item) {
  if (n.kind != Node::Kind::scalar) {
    error(key, n.loc,
          label(key) + std::string(what_item) +
              (n.kind == Node::Kind::null ? " has no value" : " is " + std::string(kind_name(n.kind))) +
              "; expected an id (letters, digits, '_' or '-')");
    return std::nullopt;
  }
  if (n.text.empty() || !std::all_of(n.text.begin(), n.text.end(), is_id_char)) {
    error(key, n.loc,
          label(key) + std::string(what_item) + " " + quoted(n.text) +
              " is not a valid id; expected letters, digits, '_' or '-' (no spaces or dots)");
    return std::nullopt;
  }
  return n.text;
}

bool MapReader::text(std::string_view key, std::string& out) {
  const Param* p;
  const Node* n = take(key, p);
  if (!n || !scalar(*n, *p, key)) return false;
  if (n->text.empty()) {
    error(key, n->loc, label(key) + " is empty; expected " + expectation(*p));
    return false;
  }
  out = n->text;
  return true;
}

bool MapReader::id(std::string_view key, std::string& out) {
  const Param* p;
  const Node* n = take(key, p);
  if (!n) return false;
  auto v = parse_id(*n, key, "");
  // Keep even a malformed id's text: other entities that refer to it then still resolve,
  // and the one error above is all the user sees.
  if (n->kind == Node::Kind::scalar) out = n->text;
  return v.has_value();
}

bool MapReader::number(std::string_view key, double& out) {
  const Param* p;
  const Node* n = take(key, p);
  if (!n) return false;
  auto v = parse_number(*n, *p, key);
  if (v) out = *v;
  return v.has_value();
}

bool MapReader::number(std::string_view key, std::optional<double>& out) {
  double v = 0;
  if (!number(key, v)) return false;
  out = v;
  return true;
}

bool MapReader::integer(std::string_view key, int& out) {
  double v = 0;
  if (!number(key, v)) return false;
  out = static_cast<int>(v);  // the table's range keeps it well inside int
  return true;
}

bool MapReader::integer(std::string_view key, std::optional<int>& out) {
  int v = 0;
  if (!integer(key, v)) return false;
  out = v;
  return true;
}

bool MapReader::seed(std::string_view key, std::uint64_t& out) {
  const Param* p;
  const Node* n = take(key, p);
  if (!n || !scalar(*n, *p, key)) return false;
  const std::string& t = n->text;
  std::uint64_t v = 0;
  const auto [end, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
  if (ec == std::errc::result_out_of_range || (!t.empty() && t[0] == '-')) {
    error(key, n->loc, label(key) + " " + quoted(t) + " is out of range; expected " + expectation(*p));
    return false;
  }
  if (ec != std::errc{} || end != t.data() + t.size()) {
    error(key, n->loc, label(key) + " " + quoted(t) + " is not a whole number; expected " + expectation(*p));
    return false;
  }
  out = v;
  return true;
}

bool MapReader::date(std::string_view key, Date& out) {
  const Param* p;
  const Node* n = take(key, p);
  if (!n) return false;
  auto v = parse_date(*n, *p, key);
  if (v) out = *v;
  return v.has_value();
}

bool MapReader::date(std::string_view key, std::optional<Date>& out) {
  Date v = 0;
  if (!date(key, v)) return false;
  out = v;
  return true;
}

bool MapReader::boolean(std::string_view key, bool& out) {
  const Param* p;
  const Node* n = take(key, p);
  if (!n || !scalar(*n, *p, key)) return false;
  const std::string& t = n->text;
  // YAML 1.2 core schema spellings only; yes/no/on/off are YAML 1.1 surprises.
  if (t == "true" || t == "True" || t == "TRUE")
    out = true;
  else if (t == "false" || t == "False" || t == "FALSE")
    out = false;
  else {
    error(key, n->loc, label(key) + " " + quoted(t) + " is not true or false; expected true or false");
    return false;
  }
  return true;
}

bool MapReader::boolean(std::string_view key, std::optional<bool>& out) {
  bool v = false;
  if (!boolean(key, v)) return false;
  out = v;
  return true;
}

bool MapReader::choice(std::string_view key, int& out) {
  const Param* p;
  const Node* n = take(key, p);
  if (!n) return false;
  auto v = parse_choice(*n, *p, key);
  if (v) out = *v;
  return v.has_value();
}

namespace {
bool list_shape(MapReader& r, const Node& n, const Param& p, std::string_view key, const std::string& label) {
  if (n.kind != Node::Kind::list) {
    r.error(key, n.loc,
            label + (n.kind == Node::Kind::null ? " has no value" : " is " + std::string(kind_name(n.kind))) +
                "; expected " + expectation(p) + (n.kind == Node::Kind::null ? " (write [] for none)" : ""));
    return false;
  }
  const double count = static_cast<double>(n.items.size());
  if (count < p.min || count > p.max) {
    r.error(key, n.loc, label + " has " + std::to_string(n.items.size()) + " items; expected " + expectation(p));
    return false;
  }
  return true;
}
}  // namespace

bool MapReader::id_list(std::string_view key, std::vector<std::string>& out, std::vector<Loc>* item_locs) {
  const Param* p;
  const Node* n = take(key, p);
  if (!n || !list_shape(*this, *n, *p, key, label(key))) return false;
  bool good = true;
  out.clear();
  for (std::size_t i = 0; i < n->items.size(); ++i) {
    const Node& item = n->items[i];
    auto v = parse_id(item, key, " item " + std::to_string(i + 1));
    good = good && v.has_value();
    if (!v && item.kind != Node::Kind::scalar) continue;
    out.push_back(item.text);
    if (item_locs) item_locs->push_back(item.loc);
    if (locs_) locs_->key_locs[loc_prefix_ + std::string(key) + "[" + std::to_string(out.size() - 1) + "]"] = item.loc;
  }
  return good;
}

bool MapReader::choice_list(std::string_view key, std::vector<int>& out) {
  const Param* p;
  const Node* n = take(key, p);
  if (!n || !list_shape(*this, *n, *p, key, label(key))) return false;
  bool good = true;
  out.clear();
  for (const Node& item : n->items) {
    auto v = parse_choice(item, *p, key);
    if (v) out.push_back(*v);
    good = good && v.has_value();
  }
  return good;
}

bool MapReader::share_map(std::string_view key, std::map<std::string, double>& out) {
  const Param* p;
  const Node* n = take(key, p);
  if (!n) return false;
  if (n->kind != Node::Kind::map) {
    error(key, n->loc,
          label(key) + (n->kind == Node::Kind::null ? " has no value" : " is " + std::string(kind_name(n->kind))) +
              "; expected " + expectation(*p));
    return false;
  }
  bool good = true;
  out.clear();
  for (const Entry& e : n->entries) {
    Node id_node;
    id_node.kind = Node::Kind::scalar;
    id_node.text = e.key;
    id_node.loc = e.key_loc;
    auto id = parse_id(id_node, key, " key");
    // The value is checked against the row's range as "<key>.<id>" so messages name both.
    auto v = parse_number(e.node(), *p, std::string(key) + "." + e.key);
    if (locs_) locs_->key_locs[loc_prefix_ + std::string(key) + "." + e.key] = e.key_loc;
    if (id && v) out[e.key] = *v;
    good = good && id && v;
  }
  return good;
}

const Node* MapReader::section(std::string_view key) {
  const Param* p;
  const Node* n = take(key, p);
  if (!n) return nullptr;
  if (n->kind != Node::Kind::map) {
    error(key, n->loc,
          label(key) + (n->kind == Node::Kind::null ? " has no value" : " is " + std::string(kind_name(n->kind))) +
              "; expected " + expectation(*p));
    return nullptr;
  }
  return n;
}

const Node* MapReader::list(std::string_view key) {
  const Param* p;
  const Node* n = take(key, p);
  if (!n || !list_shape(*this, *n, *p, key, label(key))) return nullptr;
  return n;
}

}  // namespace migsim::io::detail
