#!/usr/bin/env bash
# wrong: grew_most ranks by how many times a share grew (after / before), not by how much (after - before): a tiny function that doubles wins
# fails: grew_most compares shares, not samples: it is right on window sets of different sizes
# says: c only doubled
cat >src/grew_most.c <<'C'
#include "grew_most.h"

#include <stddef.h>

const char *grew_most(const struct window_set *before, const struct window_set *after) {
  const char *best = NULL;
  double best_ratio = 1.0;
  for (size_t i = 0; i < after->n; i++) {
    const char *name = after->fns[i].name;
    double a = (double)after->fns[i].samples / (double)after->total;
    double b = (double)window_set_samples(before, name) / (double)before->total;
    double ratio = b > 0 ? a / b : 1e9;
    if (ratio > best_ratio) best_ratio = ratio, best = name;
  }
  return best;
}
C
make -s out/regress
