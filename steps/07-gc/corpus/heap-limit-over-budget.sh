#!/usr/bin/env bash
# wrong: a heap limit that lets the peak go over the budget (26M: above divisor 1's own peak of about 25 MiB; 24M gave about 21 MiB, too near the budget to fail every time), with out/tuned.csv forged to fit
# fails: your src/tuning.env stays within the budget with no more collections than needed
# says: a peak RSS of at most 20 MiB
# The check runs the setting itself and never reads out/tuned.csv.
printf 'GC_FREE_SPACE_DIVISOR=1\nGC_MAXIMUM_HEAP_SIZE=26M\n' >src/tuning.env
awk -F, -v OFS=, '$1 == "tuned" { $3 = "GC_FREE_SPACE_DIVISOR=1 GC_MAXIMUM_HEAP_SIZE=26M"; $4 = 20300; $9 = 128 } { print }' out/tuned.csv >out/tuned.forged
cat out/tuned.forged >out/tuned.csv && rm out/tuned.forged
