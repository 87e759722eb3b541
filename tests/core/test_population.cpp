// The per-agent record (Population::record): a residence permit held alone is kept in the
// record itself, without a dossier; one that does not fit there, or is held with a dossier,
// is kept in the dossier. Either way permit_until reads it back.
#include <doctest/doctest.h>

#include "engine/population.hpp"

using migsim::detail::no_day;
using migsim::detail::Population;

TEST_CASE("a permit held alone takes no dossier, and moves into one opened later") {
  Population pop;
  pop.allocate(2 * Population::dossier_block);
  const std::uint32_t a = 5;
  CHECK(pop.permit_until(a) == no_day);
  pop.set_permit(a, 400);
  CHECK(pop.permit_until(a) == 400);
  CHECK_FALSE(pop.has_dossier(a));
  CHECK(pop.dossiers[0].empty());
  CHECK(pop.dossier_of(a).asylum_node == migsim::no_node);

  pop.open_dossier(a).asylum_node = 3;  // registers: the permit moves into the dossier
  CHECK(pop.has_dossier(a));
  CHECK(pop.permit_until(a) == 400);
  pop.set_permit(a, 500);
  CHECK(pop.permit_until(a) == 500);
  CHECK(pop.dossiers[0].size() == 1);
  pop.end_permit(a);
  CHECK(pop.permit_until(a) == no_day);
  CHECK(pop.dossier_of(a).asylum_node == 3);  // the dossier stays

  pop.set_permit(a + 1, 10);
  pop.end_permit(a + 1);  // ends without leaving a record
  CHECK(pop.permit_until(a + 1) == no_day);
  CHECK_FALSE(pop.has_dossier(a + 1));
  pop.end_permit(a + 2);  // nobody's permit: still nothing
  CHECK(pop.permit_until(a + 2) == no_day);
  CHECK(pop.dossiers[0].size() == 1);
}

TEST_CASE("a permit ending too late for the record is kept in a dossier") {
  Population pop;
  pop.allocate(2 * Population::dossier_block);
  const std::uint32_t a = Population::dossier_block + 7, b = a + 1;
  const auto last_alone = static_cast<migsim::detail::DayIndex>(Population::no_record - Population::permit_alone - 1);
  pop.set_permit(a, last_alone);
  CHECK_FALSE(pop.has_dossier(a));
  CHECK(pop.permit_until(a) == last_alone);
  pop.set_permit(b, last_alone + 1);
  CHECK(pop.has_dossier(b));
  CHECK(pop.permit_until(b) == last_alone + 1);
  pop.set_permit(a, no_day - 1);  // the latest day a permit can end (life.cpp)
  CHECK(pop.has_dossier(a));
  CHECK(pop.permit_until(a) == no_day - 1);
  CHECK(pop.dossiers[1].size() == 2);
  CHECK(pop.dossiers[0].empty());
}
