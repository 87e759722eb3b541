#pragma once
// What the files of the study commands — sweep, sensitivity, calibrate — have in common
// (internal to sim/study): each is a YAML map that names a base scenario, overrides of every run
// (`set`), scenario paths to vary, a seed and a targets file, and each is checked as a
// scenario is — unknown keys, types, ranges, every problem at once at its line:col — and
// against the files it names. StudyReader holds the file, its folder and the error list and
// reads those common keys with one message each; a command's reader derives from it and adds
// its own keys. read_study_text parses the text, runs such a reader and puts the problems in
// the file's order.
#include "migsim/study/layer.hpp"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <initializer_list>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "lower_layers.hpp"
#include "migsim/core/diagnostic.hpp"
#include "migsim/io/yaml_fields.hpp"
#include "migsim/io/yaml_tree.hpp"
#include "migsim/study/sweep.hpp"

namespace migsim::study::detail {

// The most runs a study may plan: its plan and journal are held in memory.
inline constexpr std::uint64_t max_study_runs = 100000000;

// The position of `s` in `names`, or none.
template <class Names>
std::optional<std::size_t> choice(std::string_view s, const Names& names) {
  for (std::size_t i = 0; i < names.size(); ++i)
    if (names[i] == s) return i;
  return std::nullopt;
}
// The file's bytes, or none with why in `problem` if it is not a regular file this process
// can read (migsim/io/paths.hpp: a folder, a FIFO, a device are refused before opening).
std::optional<std::string> read_file(const std::string& path, std::string& problem);

class StudyReader {
 public:
  // `file`: the study file as given (the errors name it); `errors`: where problems go.
  StudyReader(std::string file, std::vector<std::string>& errors);

  void error(Loc loc, std::string message);
  std::size_t error_count() const { return errors_.size(); }
  // `relative` against the study file's folder.
  std::string resolve(const std::string& relative) const;
  // The scalar at `key`, or nullptr (told when the key holds a list or a map).
  const Node* scalar(const Node& map, std::string_view key, const std::string& expected);

  // The root must be a map ("the file is a list; expected a <what>: a map with keys ...")
  // whose keys are all in `keys` (each other key: "unknown key 'x' in the <what>; expected one
  // of: ..."). False if the root is not a map: nothing more can be read.
  bool root_keys(const Node& root, std::string_view what, std::span<const std::string_view> keys);
  // "the <what> has no key 'k'" for each of `keys` missing from the root.
  void required(const Node& root, std::string_view what, std::initializer_list<const char*> keys);
  // A whole number from lo to hi at `key`: "<key> 'x' is not a whole number from lo to hi".
  std::optional<std::uint64_t> whole_number(const Node& map, std::string_view key, const std::string& expected,
                                            std::uint64_t lo, std::uint64_t hi);
  // `seed`: any 64-bit whole number.
  std::optional<std::uint64_t> seed(const Node& root);
  // `set`: a map of scenario paths to single values, as "path=value" in file order; where each
  // entry is is remembered, for check_scenario's messages.
  std::vector<std::string> set(const Node& root);
  // `targets`: the targets file's path, resolved; "" when there is no key.
  std::string targets(const Node& root);

  // `parameters`: a non-empty list of maps with `keys`, each with a `path` not seen before
  // (`shape` says what an item holds, for the message of a parameters key that is no list).
  // `rest` reads the item's other keys; "parameter <i>" names it in messages.
  using ReadItem = std::function<void(const Node& item, const std::string& what, SweepParameter& p)>;
  std::vector<SweepParameter> parameters(const Node& root, const std::string& shape,
                                         std::span<const std::string_view> keys, const ReadItem& rest);
  // An item's range: min and max (both required), scale (optional: linear or log).
  void range(const Node& item, const std::string& what, SweepParameter& p);

  // The targets file (at the root's `targets`, resolved to `path`) must read.
  void check_targets(const Node& root, const std::string& path);
  // The base scenario (at the root's `scenario`, resolved to `path`) must parse, every
  // parameter's path lead somewhere in it (told at the parameter), and the base with `set`
  // be valid (a problem of a set entry told at that entry). Then every target of `targets`
  // (resolved; "" for none) must be one the base with `set` can answer: a geography among its
  // countries, a period within its run (told at the root's `targets`), so that no run is
  // spent on a target that would fail it.
  // A Flee scenario folder (io::is_flee_folder) is checked so too: it must import, every path
  // be a simsetting.yml key a run acts on or a location's or route's attribute the folder has
  // (io::flee_setting_problem, io::import_flee), `set` apply, and the targets be Flee metrics
  // of its camps and dates.
  void check_scenario(const Node& root, const std::string& path, const std::vector<std::string>& set,
                      const std::vector<SweepParameter>& parameters, const std::string& targets);

  // Whether `units` of something that takes about `bytes_each` bytes of the study's own memory
  // (its plan, journal and tables, held while it runs) fit in half of what this process may
  // use (migsim/io/paths.hpp: the machine's memory, ulimit, cgroup; the runs need the other
  // half). If not, an error at `loc`: "<what> would take about 14 GB of memory ...; expected at
  // most N <unit>s". Checked before anything of that size is made.
  bool memory_fits(Loc loc, const std::string& what, double units, double bytes_each, const std::string& unit);

 private:
  std::string file_;
  std::vector<std::string>& errors_;
  std::filesystem::path folder_;
  std::vector<Loc> set_locs_;  // [i]: where set entry i is

  void check_flee_scenario(const Node& scenario, const std::string& path, const std::vector<std::string>& set,
                           const std::vector<SweepParameter>& parameters, const Node* targets_at,
                           const std::string& targets);
};

// Parses `text` (the study file at `path`) and runs `read` on its root, then sorts `errors` into
// the file's order (problems of other files after). A text that is not YAML, or is empty
// ("file is empty; expected a <what>"), is reported without running `read`.
void read_study_text(const std::string& text, const std::string& path, std::string_view what,
                     std::vector<std::string>& errors, const std::function<void(const Node& root)>& read);
// The study file's text, or none with "<why it cannot be read>; expected <expected>" in `errors`.
std::optional<std::string> study_text(const std::string& path, std::string_view expected,
                                      std::vector<std::string>& errors);

}  // namespace migsim::study::detail
