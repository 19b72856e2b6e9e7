// grew_most.c — your part of step 08: from the windows before a release and
// the windows after it, name the function behind the slowdown.
#include "grew_most.h"

#include <stddef.h>

//> grew-most
const char *grew_most(const struct window_set *before, const struct window_set *after) {
  // TODO: return the name of the function whose SHARE of the samples grew most
  // (its samples / the set's total, after minus before), or NULL if none grew.
  // The two sets may hold different numbers of windows and samples: compare
  // shares, not sample counts. window_set_samples() gives a function's samples.
  (void)before, (void)after;
  return NULL;
}
//< grew-most
