#!/usr/bin/env bash
# wrong: GC_DONT_GC=1 in src/tuning.env, the collector switched off (no collections at all)
# fails: your src/tuning.env stays within the budget with no more collections than needed
# says: only GC_FREE_SPACE_DIVISOR=N and GC_MAXIMUM_HEAP_SIZE=SIZE are read
printf 'GC_FREE_SPACE_DIVISOR=2\nGC_DONT_GC=1\n' >src/tuning.env
