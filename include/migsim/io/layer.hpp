#pragma once
// Included first by every header under migsim/io/: the core library (sim/core, compiled with
// MIGSIM_LAYER_CORE) may not include IO. Layers: cli -> io -> core; never core -> io.
#ifdef MIGSIM_LAYER_CORE
#error "migsim core includes an io header: the core does no IO (README.md, Architecture)"
#endif
