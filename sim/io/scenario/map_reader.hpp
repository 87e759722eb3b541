#pragma once
// Reading one YAML map against its rows of the parameter table: unknown keys, missing
// required keys, types, ranges and dates are checked here, each error reported at the
// offending value with the value itself and what the table expects.
#include "migsim/io/layer.hpp"

#include <cstdint>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "migsim/core/scenario.hpp"
#include "migsim/io/validate.hpp"
#include "migsim/io/yaml_tree.hpp"
#include "schema.hpp"

namespace migsim::io::detail {

// Shared state of one read. `taint` points at the flag of the entity being read, if any:
// errors inside an entity mark the entity; errors elsewhere mark their dotted key in
// `unread`, so validate() can skip the checks those errors would only repeat.
struct ReadContext {
  std::vector<Diagnostic>& diags;
  Unread& unread;
  bool* taint = nullptr;
};

// "did you mean" candidate: the closest of `names` to `word` by edit distance, or "" when
// none is close enough to be a likely typo.
std::string closest(std::string_view word, const std::vector<std::string>& names);

// "a, b, c".
std::string join(const std::vector<std::string>& names);

// What the table expects for a row, in words: "a number from 0 to 1e9 (people)".
std::string expectation(const Param& p);

class MapReader {
 public:
  // `section`: table path of this map ("people", "crossings[]"). `what`: how messages name
  // it ("people", "crossing 'ru_lars'"). `locs` receives each key's value location under
  // `loc_prefix` + key. Reports a non-map, unknown keys and missing required keys at once.
  MapReader(ReadContext& ctx, const Node& node, std::string section, std::string what, Located* locs,
            std::string loc_prefix = "");
  ~MapReader();
  MapReader(const MapReader&) = delete;
  MapReader& operator=(const MapReader&) = delete;

  bool is_map() const { return node_.kind == Node::Kind::map; }
  const Node& node() const { return node_; }
  void set_what(std::string what) { what_ = std::move(what); }

  // Each reads `key` if present (leaving `out` as is when absent or bad) and returns
  // whether a good value was stored.
  bool text(std::string_view key, std::string& out);
  bool id(std::string_view key, std::string& out);
  bool number(std::string_view key, double& out);
  bool number(std::string_view key, std::optional<double>& out);
  bool integer(std::string_view key, int& out);
  bool integer(std::string_view key, std::optional<int>& out);
  bool seed(std::string_view key, std::uint64_t& out);
  bool date(std::string_view key, Date& out);
  bool date(std::string_view key, std::optional<Date>& out);
  bool boolean(std::string_view key, bool& out);
  bool boolean(std::string_view key, std::optional<bool>& out);
  // Index into the row's choices ("air|land|sea|irregular" -> 0..3).
  bool choice(std::string_view key, int& out);
  // Lists: item locations go to locs as "<key>[i]" (and to item_locs when given).
  bool id_list(std::string_view key, std::vector<std::string>& out, std::vector<Loc>* item_locs = nullptr);
  bool choice_list(std::string_view key, std::vector<int>& out);
  // Map of id -> number; key locations go to locs as "<key>.<id>".
  bool share_map(std::string_view key, std::map<std::string, double>& out);
  // A nested map or list of maps, type-checked; nullptr when absent or of the wrong kind.
  const Node* section(std::string_view key);
  const Node* list(std::string_view key);

  // Reports a problem with `key` (at its value), marking taint / unread like the others.
  void error(std::string_view key, Loc at, std::string message);
  // Whether the map has `key` at all, read or not.
  bool has(std::string_view key) const { return is_map() && node_.find(key) != nullptr; }
  // Refuses a present key without reading its value (a key the table knows but this map
  // may not have here): `message` is reported at the key itself.
  void reject(std::string_view key, std::string message);

 private:
  const Param* row(std::string_view key) const;
  const Node* take(std::string_view key, const Param*& p);  // present value, or nullptr
  bool scalar(const Node& n, const Param& p, std::string_view key);
  std::string label(std::string_view key) const;
  void fail(std::string_view key);
  std::optional<double> parse_number(const Node& n, const Param& p, std::string_view key);
  std::optional<Date> parse_date(const Node& n, const Param& p, std::string_view key);
  std::optional<int> parse_choice(const Node& n, const Param& p, std::string_view key);
  std::optional<std::string> parse_id(const Node& n, std::string_view key, std::string_view what_item);

  ReadContext& ctx_;
  const Node& node_;
  std::string section_, what_;
  Located* locs_;
  std::string loc_prefix_;
  std::set<std::string, std::less<>> taken_;
};

}  // namespace migsim::io::detail
