#!/usr/bin/env bash
# right: divisor 1 under an 18 MiB heap limit collects less often than the best divisor and still fits (issue 18)
printf '# A lax divisor, and a heap limit that leaves room for the memory outside the heap.\nGC_FREE_SPACE_DIVISOR=1\nGC_MAXIMUM_HEAP_SIZE=18M\n' >src/tuning.env
