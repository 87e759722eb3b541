#pragma once
// FinalStats::dublin: the Dublin requests and transfers of a run per month and pair of states,
// the simulated people's and the other nationalities' (migsim/core/dublin.hpp).
#include <vector>

#include "model.hpp"
#include "run.hpp"

namespace migsim::detail {

// `log`: every Dublin event of the simulated people, in agents; `scale`: people per agent.
std::vector<DublinCount> dublin_counts(const Model& m, const std::vector<DublinEvent>& log, double scale);

}  // namespace migsim::detail
