#pragma once
// Overrides of a location's or a route's attribute (internal to sim/io): besides the
// simsetting.yml keys, import_flee's overrides may set what a cell of locations.csv or
// routes.csv says, so that a study varies a camp's capacity or a route's length as it varies
// a setting:
//   locations.<name>.population=<number >= 0>  the location's pop/cap cell: a town's or conflict
//                                               zone's population, a camp's capacity (before
//                                               hasten divides it, as the cell would be)
//   routes.<name1>.<name2>.distance=<km > 0>    the distance of every row of routes.csv between the
//                                               two (either order)
// A name may hold dots: the attribute is after the last one, and a route's two names are the
// one split of the middle into two locations of locations.csv.
#include "migsim/io/layer.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "csv.hpp"

namespace migsim::io::detail {

enum class FleeAttribute : std::uint8_t { population, distance };

struct AttributeOverride {
  FleeAttribute attribute = FleeAttribute::population;
  std::string target;  // locations: the location's name; routes: "<name1>.<name2>" as written
  double value = 0;
  std::string text;  // the override as given: the source its problems are logged under
};

// Whether `path` (an override's part before '=') is a locations.* or routes.* path rather than
// a simsetting.yml key.
bool is_attribute_path(std::string_view path);
// "" when such a path has the shape above (whether its names exist is the importer's check);
// else what is wrong and what is expected.
std::string attribute_path_problem(std::string_view path);
// The override `text` ("path=value", its path is_attribute_path), or none with its problem
// logged under `text` (shape, or a value that is no number of the attribute's range).
std::optional<AttributeOverride> read_attribute_override(const std::string& text, FleeLog& log);

}  // namespace migsim::io::detail
