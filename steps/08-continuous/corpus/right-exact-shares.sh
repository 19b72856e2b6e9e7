#!/usr/bin/env bash
# right: grew_most compares shares exactly in whole numbers (a/A - b/B has the same sign and order as a*B - b*A, for one pair of sets), and answers.md writes the function as `name()` and the rate with its unit ("19 Hz")
. ../../lib/answers.sh
cat >src/grew_most.c <<'C'
#include "grew_most.h"

#include <stddef.h>

const char *grew_most(const struct window_set *before, const struct window_set *after) {
  const char *best = NULL;
  long long best_growth = 0, A = after->total, B = before->total > 0 ? before->total : 1;
  for (size_t i = 0; i < after->n; i++) {
    const char *name = after->fns[i].name;
    long long growth = after->fns[i].samples * B - window_set_samples(before, name) * A;  // (share after - share before) * A * B
    if (growth > best_growth) best_growth = growth, best = name;
  }
  return best;
}
C
make -s out/regress
answer_put answers.md regressed_function "\`$(answer_text answers.md regressed_function)()\`"
answer_put answers.md frequency_hz "$(answer_text answers.md frequency_hz) Hz"
