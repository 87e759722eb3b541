#pragma once
// The paths a command is given, checked before any work (io's toolkit, for the layers above it
// too): an input must be a regular file this process can read, and an output a path it can
// create. One rule for every command, so that `--out ''`, a folder given as a file, a FIFO or
// a path under a file are refused alike, with exit 2 and a message, never an internal error
// or a hang half-way through.
#include "migsim/io/layer.hpp"

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

namespace migsim::io::detail {

// What is wrong with `path` as a file to read: "" when it is a regular file (symbolic links
// followed) this process may read; otherwise "does not exist", "is a folder", "is a FIFO, not
// a regular file", "cannot be read: Permission denied", ... Checked before opening, so that a
// FIFO never blocks and a folder never reads as an empty file.
std::string input_file_problem(const std::filesystem::path& path);

// The file's bytes, or none with why in `problem` (input_file_problem's words, or the read's).
std::optional<std::string> read_input_file(const std::filesystem::path& path, std::string& problem);

// What is wrong with `path` as a new file or folder to write: "" when nothing is known to be;
// otherwise "is empty", "has a name longer than 255 bytes", "'x' above it is a file, not a
// folder", "cannot create anything in 'x': Permission denied". Whether it may exist already is
// each command's rule (--force, --resume). Some filesystems refuse only when asked (/proc):
// create_folder and creating the file are the last word.
std::string output_path_problem(const std::filesystem::path& path);

// Creates the folder `path` and the folders above it: "" when it is a folder now, otherwise
// why not, naming the folder that refused.
std::string create_folder(const std::filesystem::path& path);

// "path: error: problem; expected what", the one shape of these messages; an empty path is
// named by its option ("--out '': error: is empty; expected ...").
std::string path_error(const std::filesystem::path& path, const std::string& option, const std::string& problem,
                       const std::string& expected);

// What is at `path` without following a symbolic link, for messages: "a folder", "a regular
// file", "a symbolic link", "a FIFO", "a socket", "a device", or "" when nothing is there.
std::string what_is_at(const std::filesystem::path& path);

// The memory this process may use, in bytes: the smallest of the machine's memory, the
// process's address-space and data limits (ulimit -v, -d) and its cgroup's limit.
std::uint64_t usable_memory();

// "1.5 GB": a count of bytes for a message.
std::string bytes_text(double bytes);

}  // namespace migsim::io::detail
