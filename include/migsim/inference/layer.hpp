#pragma once
// Included first by every header of the inference layer (designs, ABC-SMC, Morris, Sobol',
// quantiles: math on numbers). It sits beside the core, not above it: the engine may not
// include it. Study and the layers above it may. Layers: README.md, Architecture.
#ifdef MIGSIM_LAYER_CORE
#error "migsim layers: core includes an inference header; the engine knows nothing of studies (README.md, Architecture)"
#endif
