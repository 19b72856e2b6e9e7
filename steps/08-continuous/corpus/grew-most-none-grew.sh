#!/usr/bin/env bash
# wrong: grew_most starts its best growth below zero, so when no share grew it names the one that shrank least instead of none
# fails: grew_most compares shares, not samples: it is right on window sets of different sizes
# says: no name and exit 1 when no share grew
sed -i 's/double best_growth = 0.0;/double best_growth = -1.0;/' src/grew_most.c
grep -q 'best_growth = -1.0' src/grew_most.c && make -s out/regress
