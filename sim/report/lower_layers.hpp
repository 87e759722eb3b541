#pragma once
// The report is written in the words of the layers below it: it reads results folders through
// io's table reader (BadResults, CsvReader), targets files through io's targets (TargetsFile),
// and study folders as the study layer writes them (SweepFile, CalibrationFile). Report sources include this first, so
// they name those as io's and study's own sources do.
#include "migsim/report/layer.hpp"

#include "migsim/io/date_text.hpp"
#include "migsim/io/table_reader.hpp"
#include "migsim/io/targets.hpp"
#include "migsim/io/text_format.hpp"
#include "migsim/study/sweep.hpp"

namespace migsim::report {
using namespace migsim::io;     // NOLINT(google-build-using-namespace): the layers below, by design
using namespace migsim::study;  // NOLINT(google-build-using-namespace)
namespace detail {
using namespace migsim::io::detail;  // NOLINT(google-build-using-namespace)
}  // namespace detail
}  // namespace migsim::report
