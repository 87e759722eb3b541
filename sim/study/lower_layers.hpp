#pragma once
// The study layer is written in the io layer's words: its files are YAML read through io's
// tree (Node, quoted_text, ...), its tables are written through io's files (OutFile), its runs
// are scenarios and targets (io::Target). Study sources include this first, so they name
// io's types and io's toolkit as io's own sources do; Node is io's YAML node here, not the
// world's (migsim::Node).
#include "migsim/study/layer.hpp"

#include "migsim/io/targets.hpp"
#include "migsim/io/yaml_tree.hpp"

namespace migsim::study {
using namespace migsim::io;  // NOLINT(google-build-using-namespace): the layer below, by design
namespace detail {
using namespace migsim::io::detail;  // NOLINT(google-build-using-namespace)
using migsim::io::detail::Node;
}  // namespace detail
}  // namespace migsim::study
