#include "migsim/io/yaml_tree.hpp"

#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>
#include <yaml-cpp/yaml.h>

#include <cstdio>
#include <sstream>

namespace migsim::io::detail {

const Entry* Node::find_entry(std::string_view key) const {
  for (const Entry& e : entries)
    if (e.key == key) return &e;
  return nullptr;
}
const Node* Node::find(std::string_view key) const {
  const Entry* e = find_entry(key);
  return e ? &e->node() : nullptr;
}
Node* Node::find(std::string_view key) {
  for (Entry& e : entries)
    if (e.key == key) return &e.node();
  return nullptr;
}

std::string_view kind_name(Node::Kind k) {
  switch (k) {
    case Node::Kind::null:
      return "nothing";
    case Node::Kind::scalar:
      return "a single value";
    case Node::Kind::list:
      return "a list";
    case Node::Kind::map:
      return "a map";
  }
  return "?";
}

std::string text_problem(std::string_view text) {
  if (text.size() > kMaxBytes) return "file is larger than 64 MiB; expected a scenario of a few kilobytes";
  char buf[160];
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  for (std::size_t i = 0; i < n;) {
    const unsigned char c = s[i];
    if (c == 0) {
      std::snprintf(buf, sizeof buf,
                    "file contains a NUL byte at offset %zu; expected UTF-8 YAML text, not a binary file", i);
      return buf;
    }
    std::size_t len = 0;
    unsigned min = 0;
    unsigned cp = 0;
    if (c < 0x80) {
      i += 1;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1Fu;
      min = 0x80;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0Fu;
      min = 0x800;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07u;
      min = 0x10000;
    }
    bool good = len != 0 && i + len <= n;
    for (std::size_t k = 1; good && k < len; ++k) {
      if ((s[i + k] & 0xC0) != 0x80)
        good = false;
      else
        cp = (cp << 6) | (s[i + k] & 0x3Fu);
    }
    // Overlong forms, surrogates and code points past U+10FFFF are not UTF-8 either.
    if (good && (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))) good = false;
    if (!good) {
      std::snprintf(buf, sizeof buf,
                    "file is not valid UTF-8 (byte 0x%02X at offset %zu); expected UTF-8 YAML text, not a binary file",
                    c, i);
      return buf;
    }
    i += len;
  }
  return {};
}

namespace {

// Thrown from inside the event handler to stop yaml-cpp at the first thing we refuse.
struct Refused {
  Loc loc;
  std::string message;
};

Loc loc_of(const YAML::Mark& m, std::uint16_t source) {
  if (m.is_null()) return Loc{source, 0, 0};
  return Loc{source, m.line + 1, m.column + 1};
}

class TreeBuilder final : public YAML::EventHandler {
 public:
  TreeBuilder(std::uint16_t source, std::vector<Diagnostic>& diags) : source_(source), diags_(diags) {}

  Node root;
  bool have_root = false;

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& mark, YAML::anchor_t anchor) override {
    check_anchor(mark, anchor);
    Node n;
    n.kind = Node::Kind::null;
    n.loc = loc_of(mark, source_);
    attach(std::move(n));
  }
  void OnAlias(const YAML::Mark& mark, YAML::anchor_t) override { refuse_anchor(mark); }
  void OnAnchor(const YAML::Mark& mark, const std::string&) override { refuse_anchor(mark); }
  void OnScalar(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor, const std::string& value) override {
    check_anchor(mark, anchor);
    Node n;
    n.kind = Node::Kind::scalar;
    n.loc = loc_of(mark, source_);
    n.text = value;
    attach(std::move(n));
  }
  void OnSequenceStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(mark, anchor, Node::Kind::list);
  }
  void OnSequenceEnd() override { close(); }
  void OnMapStart(const YAML::Mark& mark, const std::string&, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(mark, anchor, Node::Kind::map);
  }
  void OnMapEnd() override { close(); }

 private:
  struct Frame {
    Node node;
    bool have_key = false;  // maps: a key has been read and waits for its value
    std::string key;
    Loc key_loc;
  };

  void check_anchor(const YAML::Mark& mark, YAML::anchor_t anchor) {
    if (anchor != YAML::NullAnchor) refuse_anchor(mark);
  }
  [[noreturn]] void refuse_anchor(const YAML::Mark& mark) {
    throw Refused{loc_of(mark, source_),
                  "aliases and anchors are not supported (found '&' or '*'); expected plain values written out"};
  }
  void count(const YAML::Mark& mark) {
    if (++nodes_ > kMaxNodes)
      throw Refused{loc_of(mark, source_), "more than 2000000 values; expected a scenario of a few thousand"};
  }
  void open(const YAML::Mark& mark, YAML::anchor_t anchor, Node::Kind kind) {
    check_anchor(mark, anchor);
    count(mark);
    if (static_cast<int>(stack_.size()) >= kMaxDepth)
      throw Refused{loc_of(mark, source_),
                    "nesting is deeper than 32 levels; expected a scenario nested a few levels deep"};
    Frame f;
    f.node.kind = kind;
    f.node.loc = loc_of(mark, source_);
    stack_.push_back(std::move(f));
  }
  void close() {
    Node n = std::move(stack_.back().node);
    stack_.pop_back();
    attach(std::move(n));
  }
  void attach(Node&& n) {
    if (n.kind != Node::Kind::list && n.kind != Node::Kind::map) count({});
    if (stack_.empty()) {
      root = std::move(n);
      have_root = true;
      return;
    }
    Frame& top = stack_.back();
    if (top.node.kind == Node::Kind::list) {
      top.node.items.push_back(std::move(n));
      return;
    }
    if (!top.have_key) {
      top.have_key = true;
      top.key_loc = n.loc;
      if (n.kind == Node::Kind::scalar) {
        top.key = std::move(n.text);
      } else {
        // Keep the pair but mark the key unusable; the value still has to be consumed.
        diags_.push_back({n.loc, "a key must be a plain name, got " + std::string(kind_name(n.kind)) +
                                     "; expected a key such as 'name:'"});
        top.key = "\x01";
      }
      return;
    }
    top.have_key = false;
    if (top.key == "\x01") return;
    for (const Entry& e : top.node.entries) {
      if (e.key == top.key) {
        diags_.push_back({top.key_loc, "duplicate key '" + top.key + "'; it was already given at line " +
                                           std::to_string(e.key_loc.line) + ", expected each key once per map"});
        return;
      }
    }
    Entry e;
    e.key = std::move(top.key);
    e.key_loc = top.key_loc;
    e.value.push_back(std::move(n));
    top.node.entries.push_back(std::move(e));
  }

  std::uint16_t source_;
  std::vector<Diagnostic>& diags_;
  std::vector<Frame> stack_;
  std::size_t nodes_ = 0;
};

}  // namespace

ParseResult parse_yaml(const std::string& text, std::uint16_t source) {
  ParseResult r;
  std::istringstream in(text);
  TreeBuilder builder(source, r.diagnostics);
  try {
    YAML::Parser parser(in);
    if (!parser.HandleNextDocument(builder) || !builder.have_root) {
      r.diagnostics.push_back(
          {Loc{source, 1, 1},
           "file is empty; expected a scenario (a map with keys such as scenario, people, countries)"});
      return r;
    }
    // A second document is probably a paste accident; reading it would also be unguarded work.
    TreeBuilder second(source, r.diagnostics);
    if (parser.HandleNextDocument(second)) {
      r.diagnostics.push_back(
          {second.root.loc, "a second YAML document ('---') follows the first; expected one scenario per file"});
      return r;
    }
  } catch (const Refused& e) {
    r.diagnostics.push_back({e.loc, e.message});
    return r;
  } catch (const YAML::Exception& e) {
    // e.msg is yaml-cpp's text without the "yaml-cpp: error at line" prefix; mark is 0-based.
    r.diagnostics.push_back({loc_of(e.mark, source), "YAML syntax error: " + e.msg + "; expected well-formed YAML"});
    return r;
  } catch (const std::exception& e) {
    r.diagnostics.push_back({Loc{source, 1, 1}, std::string("cannot read YAML: ") + e.what()});
    return r;
  }
  r.root = std::move(builder.root);
  r.ok = true;  // duplicate or complex keys were reported but leave a usable tree
  return r;
}

}  // namespace migsim::io::detail
