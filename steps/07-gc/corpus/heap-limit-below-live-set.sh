#!/usr/bin/env bash
# wrong: a heap limit below the live set: the workload runs out of memory
# fails: your src/tuning.env stays within the budget with no more collections than needed
# says: out of memory
printf 'GC_FREE_SPACE_DIVISOR=1\nGC_MAXIMUM_HEAP_SIZE=8M\n' >src/tuning.env
