#pragma once
// The parameter table: one row per key a scenario file may contain. The reader takes key
// names, kinds, ranges and required-ness from here, and docs/scenario.md is rendered from it.
#include "migsim/io/layer.hpp"

#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "migsim/core/policy_types.hpp"

namespace migsim::io::detail {

enum class Kind {
  section,      // a map with fixed keys (rows whose path continues this one)
  entity_list,  // a list of maps with fixed keys; rows under "<path>[]"
  text,         // free text
  id,           // a name other keys refer to: letters, digits, '_' and '-'
  id_list,      // a list of ids; min/max bound the number of items
  choice,       // one of `choices` (separated by '|')
  choice_list,  // a list of `choices`
  number,       // a finite real in [min, max]
  integer,      // a whole number in [min, max]
  seed,         // a whole number in [0, 2^64 - 1]
  date,         // YYYY-MM-DD, a real calendar day in [min, max] (as Date numbers)
  boolean,      // true or false
  share_map,    // a map id -> number in [min, max]
};

struct Param {
  std::string_view path;  // "crossings[].days": "[]" stands for every item of a list
  Kind kind;
  bool required;
  std::string_view unit;
  std::string_view def;      // default when absent, as text; "" for required keys or none
  double min, max;           // numbers: value range; lists: item count range
  std::string_view choices;  // choice kinds: "air|land|sea|irregular"
  std::string_view meaning;
  std::string_view source;  // where the default or range comes from
};

std::span<const Param> params();
// The policy-type registry (migsim/core/policy_types.hpp) as the reader and the docs need it.
std::span<const std::string_view> policy_parameters();        // every parameter key of any type, in table order
bool policy_takes(PolicyType t, std::string_view key);        // a parameter of the type
bool policy_needs(PolicyType t, std::string_view key);        // a parameter the type requires
std::vector<std::string> policy_parameters_of(PolicyType t);  // in table order
const Param* find_param(std::string_view path);

// Rows that are direct keys of `section` ("" = top level, "countries[]" = each country).
std::vector<const Param*> keys_of(std::string_view section);

// "people" + "total" -> "people.total"; "" + "people" -> "people".
std::string join_path(std::string_view section, std::string_view key);

// The last component of a row's path ("crossings[].days" -> "days").
std::string_view key_of(const Param& p);

// "0 to 1e9", "YYYY-MM-DD from 1900-01-01 to 2199-12-31", "" when not bounded.
std::string range_text(const Param& p);
std::string kind_text(const Param& p);  // "number", "list of ids", "one of: air, land, ..."
std::string format_number(double v);    // shortest form a reader recognises: 1e9, 0.5, 365

}  // namespace migsim::io::detail
