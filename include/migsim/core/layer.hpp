#pragma once
// Included first by every header of the core (the model, the engine, the Flee rule set) but
// rng.hpp. Inference, beside the core, may not include them: it is math on numbers and knows
// no scenario. rng.hpp is the exception, and does not include this: the one counter-based
// random stream of migsim, which inference's designs and ABC-SMC draw from too.
// Layers: README.md, Architecture.
#ifdef MIGSIM_LAYER_INFERENCE
#error \
    "migsim layers: inference includes a core header other than rng.hpp; inference knows no scenario (README.md, Architecture)"
#endif
