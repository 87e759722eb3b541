// Reading an overrides file (--set-file): its form only — a flat map of scalars, each path
// once. What the paths address and whether the values fit is the scenario loader's business
// (detail::apply_override, then the reader), which reports it at the entry's own line:col.
#include "migsim/io/overrides_file.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <string_view>
#include <system_error>
#include <tuple>

#include "migsim/io/results.hpp"
#include "migsim/io/yaml_tree.hpp"

namespace migsim::io {
namespace {

using detail::Node;

constexpr std::string_view kExpected =
    "a map of dotted.path: value, one per line, e.g. policies.croatia_recognition.rate: 0.163";

// Blank lines and comments only: YAML has no document there at all.
bool blank(std::string_view text) {
  std::size_t i = 0;
  while (i < text.size()) {
    const auto end = std::min(text.find('\n', i), text.size());
    const auto first = text.find_first_not_of(" \t\r", i);
    if (first < end && text[first] != '#') return false;
    i = end + 1;
  }
  return true;
}

// The character at a 1-based line:col of `text`, or '\0'.
char char_at(std::string_view text, Loc loc) {
  std::size_t at = 0;
  for (std::int32_t line = 1; line < loc.line; ++line) {
    at = text.find('\n', at);
    if (at == std::string_view::npos) return '\0';
    ++at;
  }
  at += static_cast<std::size_t>(loc.col - 1);
  return loc.line >= 1 && loc.col >= 1 && at < text.size() ? text[at] : '\0';
}

// The first path down a nested map to a single value: "policies.ban.from: 2022-10-01", to
// show how the nesting is written flat; empty if there is none.
std::string flat_example(const std::string& key, const Node& n) {
  if (n.kind == Node::Kind::scalar) return key + ": " + n.text;
  if (n.kind != Node::Kind::map || n.entries.empty()) return "";
  return flat_example(key + "." + n.entries.front().key, n.entries.front().node());
}

bool plain_safe(std::string_view s) {
  if (s.empty() || s == "null" || s == "Null" || s == "NULL") return false;
  for (const char c : s) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                    c == '.' || c == '-' || c == '+' || c == '/';
    if (!ok) return false;
  }
  return true;
}

std::string yaml_scalar(std::string_view s) {
  if (plain_safe(s)) return std::string(s);
  std::string out = "\"";
  for (const char c : s) {
    if (c == '"' || c == '\\') {
      out += '\\';
      out += c;
    } else if (static_cast<unsigned char>(c) < 0x20) {
      static constexpr char hex[] = "0123456789abcdef";
      out += "\\x";
      out += hex[(static_cast<unsigned char>(c) >> 4) & 0xF];
      out += hex[static_cast<unsigned char>(c) & 0xF];
    } else {
      out += c;
    }
  }
  return out + "\"";
}

}  // namespace

OverridesFile overrides_file_from_text(const std::string& text, const std::string& path) {
  OverridesFile f;
  f.path = path;
  auto error = [&f](Loc loc, std::string message) { f.diagnostics.push_back({loc, std::move(message)}); };
  try {
    f.sha256 = sha256_text(text);
    if (std::string problem = detail::text_problem(text); !problem.empty()) {
      error(Loc{0, 1, 1}, std::move(problem));  // binary data goes nowhere near yaml-cpp
      return f;
    }
    if (blank(text)) {
      error(Loc{0, 1, 1}, "file is empty; expected " + std::string(kExpected));
      return f;
    }
    detail::ParseResult parsed = detail::parse_yaml(text, 0);
    f.diagnostics = std::move(parsed.diagnostics);  // duplicate keys among them: a path given twice
    if (!parsed.ok) {
      if (f.diagnostics.empty()) error(Loc{0, 1, 1}, "cannot parse the file; expected YAML");
      return f;
    }
    const Node& root = parsed.root;
    if (root.kind == Node::Kind::null) {
      error(Loc{0, 1, 1}, "file is empty; expected " + std::string(kExpected));
      return f;
    }
    if (root.kind != Node::Kind::map) {
      error(root.loc,
            "the file is " + std::string(detail::kind_name(root.kind)) + "; expected " + std::string(kExpected));
      return f;
    }
    for (const detail::Entry& e : root.entries) {
      const Node& n = e.node();
      switch (n.kind) {
        case Node::Kind::scalar: {
          OverrideEntry entry{e.key, n.text, e.key_loc, n.loc};
          // A quoted key's path starts after its quote, so path steps are located exactly.
          const char first = char_at(text, e.key_loc);
          if (first == '"' || first == '\'') ++entry.path_loc.col;
          f.entries.push_back(std::move(entry));
          break;
        }
        case Node::Kind::null:
          error(e.key_loc,
                "'" + e.key + "' has no value; expected a single value after the colon, e.g. " + e.key + ": 0.163");
          break;
        case Node::Kind::map: {
          const std::string example = flat_example(e.key, n);
          error(n.loc,
                "'" + e.key + "' holds a map; expected a single value: an overrides file is flat, " +
                    (example.empty() ? "each line dotted.path: value" : "write '" + example + "' rather than nesting"));
          break;
        }
        case Node::Kind::list:
          error(n.loc, "'" + e.key +
                           "' holds a list; expected a single value (an overrides file sets single values "
                           "only, as --set does)");
          break;
      }
    }
  } catch (const std::exception& e) {
    error(Loc{0, 0, 0}, std::string("cannot read the overrides file: ") + e.what());
  }
  std::stable_sort(f.diagnostics.begin(), f.diagnostics.end(), [](const Diagnostic& a, const Diagnostic& b) {
    return std::tie(a.loc.line, a.loc.col) < std::tie(b.loc.line, b.loc.col);
  });
  return f;
}

OverridesFile read_overrides_file(const std::string& path) {
  auto fail = [&](const std::string& why) {
    OverridesFile f;
    f.path = path;
    f.diagnostics.push_back({Loc{0, 0, 0}, why + "; expected an overrides file (YAML, dotted.path: value)"});
    return f;
  };
  std::error_code ec;
  const auto status = std::filesystem::status(path, ec);
  if (ec || !std::filesystem::exists(status)) return fail("cannot open: no such file");
  if (!std::filesystem::is_regular_file(status)) return fail("cannot open: not a regular file");
  const auto size = std::filesystem::file_size(path, ec);
  if (!ec && size > detail::kMaxBytes) return fail("file is " + std::to_string(size) + " bytes, over 64 MiB");
  std::ifstream in(path, std::ios::binary);
  if (!in) return fail("cannot open: permission denied or unreadable");
  std::ostringstream buf;
  buf << in.rdbuf();
  if (in.bad()) return fail("cannot read the file");
  return overrides_file_from_text(buf.str(), path);
}

std::string overrides_file_text(const std::vector<std::pair<std::string, std::string>>& entries,
                                const std::string& comment) {
  std::string out;
  std::istringstream lines(comment);
  for (std::string line; std::getline(lines, line);) out += (line.empty() ? "#" : "# " + line) + "\n";
  for (const auto& [path, value] : entries) out += yaml_scalar(path) + ": " + yaml_scalar(value) + "\n";
  return out;
}

std::vector<std::string> override_texts(const OverridesFile& file) {
  std::vector<std::string> texts;
  for (const OverrideEntry& e : file.entries) texts.push_back(e.path + "=" + e.value);
  return texts;
}

}  // namespace migsim::io
