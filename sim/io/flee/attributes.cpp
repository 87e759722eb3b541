// Location and route attributes as overrides (attributes.hpp): their paths' shape and values.
#include "attributes.hpp"

#include <charconv>
#include <cmath>

namespace migsim::io::detail {
namespace {

struct Shape {
  const char* prefix;     // "locations."
  const char* attribute;  // after the last dot
  FleeAttribute kind;
  const char* expected;    // the path's form, for messages
  const char* value_text;  // what the value must be
  bool zero_allowed;
};

constexpr Shape shapes[] = {
    {"locations.", "population", FleeAttribute::population, "locations.<name>.population",
     "a number >= 0 (a town's population, a camp's capacity)", true},
    {"routes.", "distance", FleeAttribute::distance, "routes.<name1>.<name2>.distance", "a number of km > 0", false},
};

const Shape* shape_of(std::string_view path) {
  for (const Shape& s : shapes)
    if (path.substr(0, std::string_view(s.prefix).size()) == s.prefix) return &s;
  return nullptr;
}

}  // namespace

bool is_attribute_path(std::string_view path) {
  return shape_of(path) != nullptr;
}

std::string attribute_path_problem(std::string_view path) {
  const Shape* s = shape_of(path);
  if (s == nullptr) return "'" + std::string(path) + "' is not a location's or a route's attribute";
  const std::string_view rest = path.substr(std::string_view(s->prefix).size());
  const std::size_t dot = rest.rfind('.');
  const std::string_view name = dot == std::string_view::npos ? std::string_view() : rest.substr(0, dot);
  const std::string_view attribute = dot == std::string_view::npos ? rest : rest.substr(dot + 1);
  if (attribute != s->attribute)
    return "'" + std::string(path) + "': no attribute '" + std::string(attribute) + "'; expected " + s->expected;
  if (name.empty()) return "'" + std::string(path) + "' names no location; expected " + s->expected;
  if (s->kind == FleeAttribute::distance && name.find('.') == std::string_view::npos)
    return "'" + std::string(path) + "' names one location, not two; expected " + s->expected;
  return "";
}

std::optional<AttributeOverride> read_attribute_override(const std::string& text, FleeLog& log) {
  const std::size_t eq = text.find('=');
  const std::string path = text.substr(0, eq);
  if (const std::string problem = attribute_path_problem(path); !problem.empty()) {
    log.add(text, 0, 0, problem);
    return std::nullopt;
  }
  const Shape& s = *shape_of(path);
  const std::string value = eq == std::string::npos ? "" : text.substr(eq + 1);
  double v = 0;
  const char* b = value.data();
  const char* e = b + value.size();
  if (b != e && *b == '+') ++b;
  const auto res = std::from_chars(b, e, v);
  if (value.empty() || res.ec != std::errc() || res.ptr != e || !std::isfinite(v) || v < 0 ||
      (v == 0 && !s.zero_allowed)) {
    log.add(text, 0, 0, path + " '" + value + "': expected " + s.value_text);
    return std::nullopt;
  }
  const std::string_view rest = std::string_view(path).substr(std::string_view(s.prefix).size());
  return AttributeOverride{s.kind, std::string(rest.substr(0, rest.rfind('.'))), v, text};
}

}  // namespace migsim::io::detail
