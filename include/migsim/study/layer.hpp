#pragma once
// Included first by every header of the study layer (sweep, calibrate, sensitivity: study
// files, runners, journal, dispatch). Only report and cli, above it, may include it.
// Layers: README.md, Architecture.
#ifdef MIGSIM_LAYER_CORE
#error "migsim layers: core includes a study header; only report and cli may (README.md, Architecture)"
#endif
#ifdef MIGSIM_LAYER_INFERENCE
#error "migsim layers: inference includes a study header; only report and cli may (README.md, Architecture)"
#endif
#ifdef MIGSIM_LAYER_IO
#error "migsim layers: io includes a study header; only report and cli may (README.md, Architecture)"
#endif
