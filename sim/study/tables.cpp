#include "tables.hpp"
#include "lower_layers.hpp"

#include <charconv>
#include <ctime>
#include <filesystem>

#include "migsim/io/out_file.hpp"
#include "migsim/io/results.hpp"
#include "migsim/version.hpp"

namespace migsim::study::detail {

std::string csv_cell(const std::string& text) {
  if (text.find_first_of(",\"\r\n") == std::string::npos) return text;
  std::string out = "\"";
  for (char c : text) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

std::string number_text(const std::optional<double>& v) {
  if (!v) return "";
  char buf[32];
  const auto res = std::to_chars(buf, buf + sizeof buf, *v);
  return std::string(buf, res.ptr);
}

void write_atomically(const std::string& dir, const std::string& name, const std::string& text) {
  namespace fs = std::filesystem;
  const fs::path final_path = fs::path(dir) / name, staging = fs::path(dir) / (name + ".part");
  OutFile f(staging);
  f.write(text);
  f.close();
  fs::rename(staging, final_path);
}

nlohmann::json study_json(std::string_view kind, const std::string& file, const std::string& scenario) {
  nlohmann::json j;
  j["migsim_version"] = build::version;
  j["git_commit"] = build::git_commit;
  j[std::string(kind) + "_file"] = file;
  j[std::string(kind) + "_sha256"] = sha256_file(file);
  j["scenario"] = scenario;
  return j;
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

}  // namespace migsim::study::detail
