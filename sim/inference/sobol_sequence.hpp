#pragma once
// The Sobol' sequence, one place for the sweep's sobol design (design.cpp) and the Saltelli
// design of sensitivity analysis (sensitivity.cpp), which scrambles it.
#include <cstddef>
#include <cstdint>
#include <vector>

#include "migsim/inference/design.hpp"

namespace migsim::sweep {

// Unit coordinates in [0, 1), a row per point and a column per dimension; values_at turns
// them into parameter values.
using Units = std::vector<Point>;

// The first n points of the Sobol' sequence in d dimensions (Boost's Joe–Kuo direction
// numbers, the origin first), each coordinate's 64-bit fraction XORed with shift[j]
// (shift has d words): all zeros is the plain sequence; random words are a random digital
// shift, which keeps every (t, m, s)-net of the sequence a net. Boost refuses d > 3667.
Units sobol_units(std::uint64_t n, std::size_t d, const std::vector<std::uint64_t>& shift);

}  // namespace migsim::sweep
