#include "overrides.hpp"

#include <charconv>
#include <limits>

#include "map_reader.hpp"
#include "schema.hpp"

namespace migsim::io::detail {
namespace {

struct Segment {
  std::string text;
  std::int32_t col;  // 1-based column in the override text
};

bool scalar_kind(Kind k) {
  return k == Kind::text || k == Kind::id || k == Kind::choice || k == Kind::number || k == Kind::integer ||
         k == Kind::seed || k == Kind::date || k == Kind::boolean;
}

// The key whose value names a list item, or "" for lists addressed by position.
std::string_view item_key(std::string_view list_path) {
  if (find_param(std::string(list_path) + "[].id")) return "id";
  if (find_param(std::string(list_path) + "[].name")) return "name";
  return "";
}

Node* add_entry(Node& map, const std::string& key, Loc loc, Node::Kind kind) {
  Entry e;
  e.key = key;
  e.key_loc = loc;
  e.value.emplace_back();
  e.value.front().kind = kind;
  e.value.front().loc = loc;
  map.entries.push_back(std::move(e));
  return &map.entries.back().node();
}

class Override {
 public:
  // `who` names what sets the value in messages: "--set", "an overrides file".
  Override(Node& root, std::string_view who, std::vector<Diagnostic>& diags) : root_(root), who_(who), diags_(diags) {}

  // "--set path=value": locations count columns in the text as typed after --set, line 1.
  void apply_text(std::string_view text, std::uint16_t source) {
    source_ = source;
    line_ = 1;
    const auto eq = text.find('=');
    if (eq == std::string_view::npos) {
      err(1, "override '" + std::string(text) + "' has no '='; expected path=value, e.g. people.total=500000");
      return;
    }
    const std::string value(text.substr(eq + 1));
    apply(text.substr(0, eq), 1, value, value.empty(), Loc{source_, 1, static_cast<std::int32_t>(eq + 2)},
          "override '" + std::string(text) + "'", "path=value, e.g. crossings.ru_lars.days=3");
  }

  void apply_entry(const OverrideAt& o) {
    source_ = o.path_loc.source;
    line_ = o.path_loc.line;
    apply(o.path, o.path_loc.col, o.value, o.null, o.value_loc, "path '" + o.path + "'",
          "a dotted path such as crossings.ru_lars.days");
  }

 private:
  void apply(std::string_view path_text, std::int32_t col0, const std::string& value, bool null, Loc value_loc,
             const std::string& what, const std::string& expected) {
    std::vector<Segment> path;
    std::size_t start = 0;
    while (start <= path_text.size()) {
      const auto dot = path_text.find('.', start);
      const auto end = dot == std::string_view::npos ? path_text.size() : dot;
      path.push_back({std::string(path_text.substr(start, end - start)), static_cast<std::int32_t>(start) + col0});
      start = end + 1;
    }
    for (const Segment& s : path)
      if (s.text.empty()) {
        err(s.col, what + " has an empty path step; expected " + expected);
        return;
      }
    value_ = value;
    null_ = null;
    value_loc_ = value_loc;
    walk(path);
  }

  void err(std::int32_t col, std::string message) { diags_.push_back({Loc{source_, line_, col}, std::move(message)}); }

  void set(Node& target) {
    target = Node{};
    target.kind = null_ ? Node::Kind::null : Node::Kind::scalar;
    target.text = value_;
    target.loc = value_loc_;
  }

  void walk(const std::vector<Segment>& path) {
    Node* cur = &root_;
    std::string section;  // table path of *cur
    std::string where = "the file";
    for (std::size_t i = 0; i < path.size(); ++i) {
      const Segment& seg = path[i];
      const bool last = i + 1 == path.size();
      const Param* p = find_param(join_path(section, seg.text));
      if (!p) {
        std::vector<std::string> known;
        for (const Param* k : keys_of(section)) known.emplace_back(key_of(*k));
        const std::string near = closest(seg.text, known);
        err(seg.col, "unknown key '" + seg.text + "' in " + where + "; expected one of: " + join(known) +
                         (near.empty() ? "" : " (did you mean '" + near + "'?)"));
        return;
      }
      Node* child = cur->find(seg.text);
      if (scalar_kind(p->kind)) {
        if (!last) {
          err(path[i + 1].col, "'" + seg.text + "' holds a single value; expected the path to end at it");
          return;
        }
        set(child ? *child : *add_entry(*cur, seg.text, Loc{source_, line_, seg.col}, Node::Kind::null));
        return;
      }
      if (last) {
        err(seg.col, "'" + seg.text + "' is " + expectation(*p) + "; " + std::string(who_) +
                         " sets single values only, expected a path that goes on to one of its values");
        return;
      }
      if (p->kind == Kind::section) {
        if (!child) child = add_entry(*cur, seg.text, Loc{source_, line_, seg.col}, Node::Kind::map);
        if (child->kind != Node::Kind::map) {
          err(seg.col, "'" + seg.text + "' in the file is " + std::string(kind_name(child->kind)) + ", so " +
                           std::string(who_) + " cannot go into it; expected " + expectation(*p));
          return;
        }
        cur = child;
        section = p->path;
        where = std::string(p->path);
        continue;
      }
      if (p->kind == Kind::share_map) {
        // The next step is a free key (a document or profile id) and must be the last.
        const Segment& key = path[i + 1];
        if (i + 2 != path.size()) {
          err(path[i + 2].col,
              "'" + seg.text + "." + key.text + "' holds a single value; expected the path to end at it");
          return;
        }
        if (!child) child = add_entry(*cur, seg.text, Loc{source_, line_, seg.col}, Node::Kind::map);
        if (child->kind != Node::Kind::map) {
          err(seg.col, "'" + seg.text + "' in the file is " + std::string(kind_name(child->kind)) + ", so " +
                           std::string(who_) + " cannot go into it; expected " + expectation(*p));
          return;
        }
        Node* leaf = child->find(key.text);
        set(leaf ? *leaf : *add_entry(*child, key.text, Loc{source_, line_, key.col}, Node::Kind::null));
        return;
      }
      if (p->kind == Kind::entity_list || p->kind == Kind::id_list || p->kind == Kind::choice_list) {
        if (p->kind != Kind::entity_list) {
          err(seg.col,
              "'" + seg.text + "' is " + expectation(*p) + "; " + std::string(who_) + " sets single values only");
          return;
        }
        const Segment& sel = path[i + 1];
        if (!child || child->kind != Node::Kind::list) {
          err(seg.col, "the file has no list '" + std::string(p->path) + "' to address '" + sel.text +
                           "' in; expected " + expectation(*p));
          return;
        }
        Node* item = select(*child, p->path, sel);
        if (!item) return;
        if (item->kind != Node::Kind::map) {
          err(sel.col, "'" + std::string(p->path) + "." + sel.text + "' in the file is " +
                           std::string(kind_name(item->kind)) + "; expected a map");
          return;
        }
        cur = item;
        section = std::string(p->path) + "[]";
        where = std::string(p->path) + "." + sel.text;
        ++i;
        if (i + 1 == path.size()) {
          err(sel.col, "'" + where + "' is a whole item; " + std::string(who_) +
                           " sets single values only, expected a path such as " + where + "." +
                           std::string(key_of(*keys_of(section).back())));
          return;
        }
        continue;
      }
      err(seg.col, "internal error: cannot address '" + seg.text + "'");
      return;
    }
  }

  Node* select(Node& list, std::string_view list_path, const Segment& sel) {
    const std::string_view key = item_key(list_path);
    if (key.empty()) {
      std::size_t index = 0;
      const auto [end, ec] = std::from_chars(sel.text.data(), sel.text.data() + sel.text.size(), index);
      if (ec != std::errc{} || end != sel.text.data() + sel.text.size() || index >= list.items.size()) {
        err(sel.col, "'" + sel.text + "' is not a position in " + std::string(list_path) + "; expected " +
                         (list.items.empty() ? std::string("none, the list is empty")
                                             : "0 to " + std::to_string(list.items.size() - 1)) +
                         " (" + std::string(list_path) + " items are addressed by position)");
        return nullptr;
      }
      return &list.items[index];
    }
    std::vector<std::string> names;
    for (Node& item : list.items) {
      const Node* id = item.kind == Node::Kind::map ? item.find(key) : nullptr;
      if (!id || id->kind != Node::Kind::scalar) continue;
      if (id->text == sel.text) return &item;
      names.push_back(id->text);
    }
    const std::string near = closest(sel.text, names);
    err(sel.col, "no item of " + std::string(list_path) + " has " + std::string(key) + " '" + sel.text +
                     "'; expected one of: " + join(names) + (near.empty() ? "" : " (did you mean '" + near + "'?)"));
    return nullptr;
  }

  Node& root_;
  std::string_view who_;
  std::vector<Diagnostic>& diags_;
  std::uint16_t source_ = 0;
  std::int32_t line_ = 1;
  std::string value_;
  bool null_ = false;
  Loc value_loc_;
};

}  // namespace

void apply_overrides(Node& root, const std::vector<std::string>& overrides, std::vector<std::string>& sources,
                     std::vector<Diagnostic>& diags) {
  for (const std::string& o : overrides) {
    if (sources.size() >= std::numeric_limits<std::uint16_t>::max()) {
      diags.push_back({Loc{}, "more than 65534 --set overrides; expected fewer"});
      return;
    }
    const auto source = static_cast<std::uint16_t>(sources.size());
    sources.push_back("--set " + o);
    if (root.kind != Node::Kind::map) continue;  // the reader reports the file's shape
    Override(root, "--set", diags).apply_text(o, source);
  }
}

void apply_override(Node& root, const OverrideAt& o, std::string_view who, std::vector<Diagnostic>& diags) {
  if (root.kind != Node::Kind::map) return;  // the reader reports the file's shape
  Override(root, who, diags).apply_entry(o);
}

}  // namespace migsim::io::detail
