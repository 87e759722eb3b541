#pragma once
// Included first by every header of the io layer (file formats). The layers below it — core
// (compiled with MIGSIM_LAYER_CORE) and inference (MIGSIM_LAYER_INFERENCE) — may not include
// it: the core does no IO and inference is math on numbers. Layers: README.md, Architecture.
#ifdef MIGSIM_LAYER_CORE
#error "migsim layers: core includes an io header; the core does no IO (README.md, Architecture)"
#endif
#ifdef MIGSIM_LAYER_INFERENCE
#error \
    "migsim layers: inference includes an io header; inference is math on numbers, no files (README.md, Architecture)"
#endif
