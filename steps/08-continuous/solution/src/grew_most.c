// grew_most.c — your part of step 08: from the windows before a release and
// the windows after it, name the function behind the slowdown.
#include "grew_most.h"

#include <stddef.h>

// A function's share of a set's samples (0 for an empty set).
static double share(const struct window_set *s, const char *name) {
  return s->total ? (double)window_set_samples(s, name) / (double)s->total : 0.0;
}

//> grew-most
const char *grew_most(const struct window_set *before, const struct window_set *after) {
  // Shares, not counts: after holds more (or fewer) windows and samples than
  // before, so every count moves; a share moves only when the mix changes.
  // Only a function present after can have grown.
  const char *best = NULL;
  double best_growth = 0.0;
  for (size_t i = 0; i < after->n; i++) {
    const char *name = after->fns[i].name;
    double growth = share(after, name) - share(before, name);
    if (growth > best_growth) best_growth = growth, best = name;
  }
  return best;
}
//< grew-most
