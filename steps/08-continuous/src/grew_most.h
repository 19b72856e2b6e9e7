// grew_most.h — the question a regression hunt asks of two sets of windows.
#ifndef GREW_MOST_H
#define GREW_MOST_H

#include "window_set.h"

// The function whose share of the CPU samples grew most from BEFORE to AFTER,
// or NULL when no function's share grew.
const char *grew_most(const struct window_set *before, const struct window_set *after);

#endif
