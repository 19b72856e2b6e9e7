#!/usr/bin/env bash
# wrong: grew_most compares sample counts, not shares (every count grows when the after set has more windows)
# fails: grew_most compares shares, not samples: it is right on window sets of different sizes
# says: c (its share grew from 20% to 25%
cat >src/grew_most.c <<'C'
#include "grew_most.h"

#include <stddef.h>

const char *grew_most(const struct window_set *before, const struct window_set *after) {
  const char *best = NULL;
  long best_growth = 0;
  for (size_t i = 0; i < after->n; i++) {
    long growth = after->fns[i].samples - window_set_samples(before, after->fns[i].name);
    if (growth > best_growth) best_growth = growth, best = after->fns[i].name;
  }
  return best;
}
C
make -s out/regress
