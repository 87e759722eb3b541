// The move phase's search for the agents whose day it is: both ways of finding equal
// 16-bit lanes agree with a plain loop, at every alignment and at the values whose bits
// the word-at-a-time way plays with (bit 15, 0, 0xFFFF).
#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <vector>

#include "flee/equal_lanes.hpp"

using namespace migsim::flee::detail;

namespace {

std::vector<std::uint32_t> plainly(const std::vector<std::uint16_t>& v, std::uint32_t first, std::uint32_t last,
                                   std::uint16_t value) {
  std::vector<std::uint32_t> found;
  for (std::uint32_t i = first; i < last; ++i)
    if (v[i] == value) found.push_back(i);
  return found;
}

template <class Find>
std::vector<std::uint32_t> by(Find find, const std::vector<std::uint16_t>& v, std::uint32_t first, std::uint32_t last,
                              std::uint16_t value) {
  std::vector<std::uint32_t> out(last - first + 1, 0xDEADBEEF);
  const std::uint32_t n = find(v.data(), first, last, value, out.data());
  REQUIRE(n <= last - first);
  CHECK(out[last - first] == 0xDEADBEEF);  // wrote no more than it was given room for
  out.resize(n);
  return out;
}

}  // namespace

TEST_CASE("flee move: equal lanes are found as a plain loop finds them, in order, at any alignment") {
  std::mt19937 gen(11);
  // Values near the wanted one in the bits the word-at-a-time test uses: bit 15 alone, the
  // low 15 bits alone, all bits, none.
  const std::vector<std::uint16_t> wanted = {0, 1, 7, 0x7FFF, 0x8000, 0x8001, 0xFFFE, 0xFFFF};
  int cases = 0;
  for (const std::uint16_t value : wanted)
    for (const double density : {0.0, 0.08, 0.5, 1.0}) {
      std::vector<std::uint16_t> v(300);
      for (auto& x : v) {
        const double u = std::uniform_real_distribution<double>(0, 1)(gen);
        const std::uint16_t other = wanted[gen() % wanted.size()] ^ static_cast<std::uint16_t>(gen() % 3);
        x = u < density ? value : (other == value ? static_cast<std::uint16_t>(value ^ 0x8000) : other);
      }
      for (std::uint32_t first : {0u, 1u, 3u, 5u, 16u, 17u})
        for (std::uint32_t last : {first, first + 1, first + 15, first + 16, first + 33, 300u}) {
          CAPTURE(value);
          CAPTURE(density);
          CAPTURE(first);
          CAPTURE(last);
          const auto expected = plainly(v, first, last, value);
          CHECK(by(equal_lanes_swar, v, first, last, value) == expected);
#if defined(__SSE2__)
          CHECK(by(equal_lanes_sse2, v, first, last, value) == expected);
#endif
          CHECK(by(equal_lanes, v, first, last, value) == expected);
          ++cases;
        }
    }
  CHECK(cases == 8 * 4 * 6 * 6);
}
