#pragma once
// A small YAML document tree with a source location on every node, built from yaml-cpp's
// event stream rather than YAML::Load. Reasons: anchors and aliases are refused before
// anything expands (an alias bomb never grows), nesting deeper than kMaxDepth is refused
// before yaml-cpp recurses far, duplicate keys are caught (YAML::Node keeps them silently),
// and every key has its own location for diagnostics.
#include "migsim/io/layer.hpp"

#include <cstddef>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "migsim/core/scenario.hpp"

namespace migsim::io::detail {

inline constexpr int kMaxDepth = 32;                 // nested maps / lists
inline constexpr std::size_t kMaxNodes = 2'000'000;  // keeps memory bounded on huge inputs
inline constexpr std::size_t kMaxBytes = 64u << 20;  // 64 MiB; scenarios are kilobytes

struct Node;

struct Entry {
  std::string key;
  Loc key_loc;
  std::vector<Node> value;  // exactly one element; a vector because Node is incomplete here
  const Node& node() const { return value.front(); }
  Node& node() { return value.front(); }
};

struct Node {
  enum class Kind { null, scalar, list, map };
  Kind kind = Kind::null;
  Loc loc;
  std::string text;            // scalar text as written (after YAML unquoting)
  std::vector<Node> items;     // list
  std::vector<Entry> entries;  // map, in file order, keys unique

  const Node* find(std::string_view key) const;
  Node* find(std::string_view key);
  const Entry* find_entry(std::string_view key) const;
};

std::string_view kind_name(Node::Kind k);  // "a map", "a list", "a value", "nothing"

struct ParseResult {
  bool ok = false;  // false: diagnostics say why and `root` is unusable
  Node root;
  std::vector<Diagnostic> diagnostics;
};

// Parses `text` (already known to be UTF-8 without NUL bytes) as one YAML document.
// Never throws for bad input. `source` is stored in every Loc.
ParseResult parse_yaml(const std::string& text, std::uint16_t source);

// Empty string when `text` is fit for the parser, else why not (NUL byte, bad UTF-8, size).
std::string text_problem(std::string_view text);

}  // namespace migsim::io::detail
