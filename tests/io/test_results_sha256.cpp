// sha256_file against published test vectors (FIPS 180-2 examples).
#include <doctest/doctest.h>

#include <stdexcept>
#include <string>

#include "migsim/io/results.hpp"
#include "results_fixture.hpp"

using migsim::io::sha256_file;
using migsim::test::TempDir;
using migsim::test::write_text;

TEST_CASE("sha256_file matches the standard test vectors") {
  TempDir dir;
  write_text(dir.path() / "abc", "abc");
  CHECK(sha256_file(dir.path() / "abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  write_text(dir.path() / "empty", "");
  CHECK(sha256_file(dir.path() / "empty") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  // Longer than the read buffer, so several updates are chained.
  write_text(dir.path() / "million", std::string(1000000, 'a'));
  CHECK(sha256_file(dir.path() / "million") == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256_file names the path it cannot read") {
  TempDir dir;
  const auto missing = dir.path() / "missing.yaml";
  std::string message;
  try {
    sha256_file(missing);
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  CHECK(message.find(missing.string()) != std::string::npos);
  CHECK_THROWS_AS(sha256_file(dir.path()), std::runtime_error);  // a folder is not a file
}
