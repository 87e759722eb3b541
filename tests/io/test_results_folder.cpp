// ResultsFolder: nothing but a complete result ever appears under the final name, and
// nothing is left next to it afterwards.
#include <doctest/doctest.h>

#include <algorithm>
#include <stdexcept>
#include <vector>

#include "migsim/io/results.hpp"
#include "results_fixture.hpp"

namespace fs = std::filesystem;
using migsim::io::ResultsFolder;
using migsim::test::read_text;
using migsim::test::TempDir;
using migsim::test::write_text;

namespace {

std::vector<std::string> entries(const fs::path& dir) {
  std::vector<std::string> names;
  for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

TEST_CASE("ResultsFolder stages in a hidden sibling and commit renames it into place") {
  TempDir dir;
  const fs::path out = dir.path() / "out";
  {
    ResultsFolder folder(out, false);
    CHECK(folder.final_path() == out);
    CHECK(folder.staging().parent_path() == dir.path());
    CHECK(folder.staging().filename().string().rfind(".out.tmp-", 0) == 0);
    CHECK(fs::is_directory(folder.staging()));
    CHECK_FALSE(fs::exists(out));
    write_text(folder.staging() / "a.csv", "x\n");
    folder.commit();
  }
  CHECK(entries(dir.path()) == std::vector<std::string>{"out"});
  CHECK(read_text(out / "a.csv") == "x\n");
}

TEST_CASE("ResultsFolder refuses an existing result unless told to overwrite") {
  TempDir dir;
  const fs::path out = dir.path() / "out";
  fs::create_directory(out);
  write_text(out / "manifest.json", "{}\n");
  std::string message;
  try {
    ResultsFolder folder(out, false);
  } catch (const std::runtime_error& e) {
    message = e.what();
  }
  CHECK(message == out.string() + ": error: already exists; pass --force to replace it, or choose another --out");
  CHECK(entries(dir.path()) == std::vector<std::string>{"out"});
  CHECK(read_text(out / "manifest.json") == "{}\n");
}

TEST_CASE("ResultsFolder with overwrite replaces the old result and leaves no debris") {
  TempDir dir;
  const fs::path out = dir.path() / "out";
  fs::create_directory(out);
  write_text(out / "manifest.json", "old\n");
  write_text(out / "old.csv", "old\n");
  {
    ResultsFolder folder(out, true);
    CHECK(read_text(out / "old.csv") == "old\n");  // untouched until commit
    write_text(folder.staging() / "manifest.json", "new\n");
    folder.commit();
  }
  CHECK(entries(dir.path()) == std::vector<std::string>{"out"});
  CHECK(entries(out) == std::vector<std::string>{"manifest.json"});
  CHECK(read_text(out / "manifest.json") == "new\n");
}

TEST_CASE("ResultsFolder with overwrite still refuses a folder that is not a result") {
  TempDir dir;
  const fs::path out = dir.path() / "src";
  fs::create_directory(out);
  write_text(out / "main.cpp", "int main() {}\n");
  CHECK_THROWS_AS(ResultsFolder(out, true), std::runtime_error);
  write_text(dir.path() / "file", "data\n");
  CHECK_THROWS_AS(ResultsFolder(dir.path() / "file", true), std::runtime_error);
  CHECK(read_text(out / "main.cpp") == "int main() {}\n");
  CHECK(entries(dir.path()) == std::vector<std::string>{"file", "src"});
}

TEST_CASE("ResultsFolder removes its staging folder when commit is never reached") {
  TempDir dir;
  const fs::path out = dir.path() / "out";
  fs::path staging;
  try {
    ResultsFolder folder(out, false);
    staging = folder.staging();
    write_text(staging / "daily.csv", "partial");
    fs::create_directory(staging / "nested");
    throw std::runtime_error("run failed");
  } catch (const std::runtime_error&) {
  }
  CHECK_FALSE(staging.empty());
  CHECK_FALSE(fs::exists(staging));
  CHECK_FALSE(fs::exists(out));
  CHECK(entries(dir.path()).empty());
}

TEST_CASE("ResultsFolder creates missing parent folders and accepts a trailing slash") {
  TempDir dir;
  const fs::path out = dir.path() / "a" / "b" / "run1";
  {
    ResultsFolder folder(out.string() + "/", false);
    CHECK(folder.final_path() == out);
    folder.commit();
  }
  CHECK(fs::is_directory(out));
  CHECK(entries(dir.path() / "a" / "b") == std::vector<std::string>{"run1"});
}

TEST_CASE("ResultsFolder commit fails if a result appeared meanwhile and overwrite is off") {
  TempDir dir;
  const fs::path out = dir.path() / "out";
  ResultsFolder folder(out, false);
  fs::create_directory(out);  // another run finished first; an empty folder, which rename(2) would replace
  CHECK_THROWS_AS(folder.commit(), std::runtime_error);
  CHECK(fs::is_empty(out));
}
