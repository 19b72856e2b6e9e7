#!/usr/bin/env bash
# wrong: grew_most returns the name its own run blamed, typed in, whatever the windows say
# fails: grew_most compares shares, not samples: it is right on window sets of different sizes
# says: c (its share grew from 20% to 25%
name=$(cat out/regress.txt)
cat >src/grew_most.c <<C
#include "grew_most.h"

const char *grew_most(const struct window_set *before, const struct window_set *after) {
  (void)before, (void)after;
  return "$name";
}
C
make -s out/regress
