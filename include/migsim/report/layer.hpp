#pragma once
// Included first by every header of the report layer (migsim report's data and page). Only
// cli, above it, may include it. Layers: README.md, Architecture.
#ifdef MIGSIM_LAYER_CORE
#error "migsim layers: core includes a report header; only cli may (README.md, Architecture)"
#endif
#ifdef MIGSIM_LAYER_INFERENCE
#error "migsim layers: inference includes a report header; only cli may (README.md, Architecture)"
#endif
#ifdef MIGSIM_LAYER_IO
#error "migsim layers: io includes a report header; only cli may (README.md, Architecture)"
#endif
#ifdef MIGSIM_LAYER_STUDY
#error "migsim layers: study includes a report header; only cli may (README.md, Architecture)"
#endif
