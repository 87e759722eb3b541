#pragma once
// Pieces shared by the readers of the files that are not scenarios — targets files, study
// files, the tables a report reads back (io's toolkit, for the layers above it too): a value
// in quotes, a list of words, a finite number, a whole number, true or false, and the scalar
// at a key with the one message for a key that holds something else.
#include "migsim/io/layer.hpp"

#include <charconv>
#include <cmath>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "migsim/io/yaml_tree.hpp"

namespace migsim::io::detail {

inline std::string quoted_text(std::string_view s) {
  return "'" + std::string(s) + "'";
}

// "a, b, c"
template <class List>
std::string joined(const List& items) {
  std::string out;
  for (const auto& i : items) out += (out.empty() ? "" : ", ") + std::string(i);
  return out;
}

// The whole text as a finite number, or none.
inline std::optional<double> finite_number(std::string_view s) {
  double v = 0;
  const auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || res.ec != std::errc() || res.ptr != s.data() + s.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

// The whole text as a whole number (no sign, no spaces), or none.
inline std::optional<std::uint64_t> whole(std::string_view s) {
  std::uint64_t v = 0;
  const auto res = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || res.ec != std::errc() || res.ptr != s.data() + s.size()) return std::nullopt;
  return v;
}

// "true" or "false", or none.
inline std::optional<bool> boolean(std::string_view s) {
  if (s == "true") return true;
  if (s == "false") return false;
  return std::nullopt;
}

// The scalar at `key` of `map`; nullptr if there is none, or if it holds a list or a map,
// which `error(loc, message)` is told: "<key> is a list; expected <expected>".
template <class Error>
const Node* scalar_at(const Node& map, std::string_view key, const std::string& expected, Error&& error) {
  const Node* n = map.find(key);
  if (n == nullptr) return nullptr;
  if (n->kind != Node::Kind::scalar) {
    error(n->loc, std::string(key) + " is " + std::string(kind_name(n->kind)) + "; expected " + expected);
    return nullptr;
  }
  return n;
}

}  // namespace migsim::io::detail
