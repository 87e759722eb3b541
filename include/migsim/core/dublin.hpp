#pragma once
// Dublin requests and transfers between two states, counted as the published figures count
// them (Eurostat migr_dubri/migr_dubro, migr_dubti/migr_dubto; AIDA country reports): per
// pair of states, a request in the month it is made, by the requesting state to the state
// responsible, take-back and take-charge apart; a transfer in the month it is carried out.
// The published figures cover every nationality; the simulated people are one, and the
// others are counted where a country has them (asylum.other_registrations).
#include "migsim/core/layer.hpp"

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "migsim/core/date.hpp"
#include "migsim/core/world.hpp"

namespace migsim {

// Why the responsible state is responsible, as the requests are typed: take back someone
// who applied (or registered an intention) there; take charge of someone who only entered
// it irregularly (fingerprinted, Eurodac category 2).
enum class DublinBasis : std::uint8_t { take_back, take_charge };
inline constexpr std::array<std::string_view, 2> dublin_basis_names = {"take_back", "take_charge"};
static_assert(static_cast<std::size_t>(DublinBasis::take_charge) + 1 == dublin_basis_names.size(),
              "dublin_basis_names must name every DublinBasis, in order");

// Whom a count is about: the people the scenario simulates, or the other nationalities
// registered in the responsible state (their requests and transfers follow the simulated
// people's, see FinalStats::dublin).
enum class Nationalities : std::uint8_t { simulated, other };
inline constexpr std::array<std::string_view, 2> nationalities_names = {"simulated", "other"};
static_assert(static_cast<std::size_t>(Nationalities::other) + 1 == nationalities_names.size(),
              "nationalities_names must name every Nationalities, in order");

// One month of one pair of states, in people: sorted by month, from, to, nationalities, basis.
struct DublinCount {
  Date month = 0;           // its first day
  NodeId from = 0, to = 0;  // the requesting state, the responsible state (country nodes)
  Nationalities nationalities = Nationalities::simulated;
  DublinBasis basis = DublinBasis::take_back;
  std::uint64_t requests = 0;   // requests made that month
  std::uint64_t transfers = 0;  // transfers carried out that month
};

}  // namespace migsim
