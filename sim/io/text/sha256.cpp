// SHA-256 of the scenario file and of an overrides file, so a manifest names exactly which
// input produced it.
#include <openssl/evp.h>

#include <array>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>

#include "migsim/io/paths.hpp"
#include "migsim/io/results.hpp"

namespace migsim::io {
namespace {

template <class Fail>
std::string hex_digest(EVP_MD_CTX* ctx, const Fail& fail) {
  std::array<unsigned char, EVP_MAX_MD_SIZE> md{};
  unsigned int len = 0;
  if (EVP_DigestFinal_ex(ctx, md.data(), &len) != 1) throw fail("OpenSSL digest final failed");

  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  out.reserve(2 * len);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(hex[md[i] >> 4]);
    out.push_back(hex[md[i] & 0x0F]);
  }
  return out;
}

}  // namespace

std::string sha256_file(const std::filesystem::path& file) {
  const auto fail = [&](const std::string& why) {
    return std::runtime_error("cannot compute SHA-256 of '" + file.string() + "': " + why);
  };
  // Checked first: a FIFO would block the open, and a folder opens fine and fails at the read.
  if (const std::string problem = detail::input_file_problem(file); !problem.empty()) throw fail(problem);
  std::unique_ptr<std::FILE, int (*)(std::FILE*)> in(std::fopen(file.c_str(), "rb"), &std::fclose);
  if (!in) throw fail(std::strerror(errno));
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) throw fail("OpenSSL digest setup failed");

  std::array<unsigned char, 1 << 16> buf;
  for (;;) {
    const std::size_t n = std::fread(buf.data(), 1, buf.size(), in.get());
    if (n > 0 && EVP_DigestUpdate(ctx.get(), buf.data(), n) != 1) throw fail("OpenSSL digest update failed");
    if (n < buf.size()) {
      // A directory opens fine on Linux and fails here (EISDIR), so this is not just EOF.
      if (std::ferror(in.get())) throw fail(std::strerror(errno));
      break;
    }
  }
  return hex_digest(ctx.get(), fail);
}

std::string sha256_text(std::string_view bytes) {
  const auto fail = [](const std::string& why) { return std::runtime_error("cannot compute SHA-256: " + why); };
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX*)> ctx(EVP_MD_CTX_new(), &EVP_MD_CTX_free);
  if (!ctx || EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) != 1) throw fail("OpenSSL digest setup failed");
  if (EVP_DigestUpdate(ctx.get(), bytes.data(), bytes.size()) != 1) throw fail("OpenSSL digest update failed");
  return hex_digest(ctx.get(), fail);
}

}  // namespace migsim::io
