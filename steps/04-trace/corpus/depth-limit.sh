#!/usr/bin/env bash
# wrong: a depth limit (--depth=3) drops clock_gettime, and the allocations with it
# fails: the trace shows the workload's functions, the lock calls and the allocations
# says: none of: alloc_block malloc free
cp "$STARTER/src/record.opts" src/record.opts
echo '--depth=3' >>src/record.opts
. corpus/record.bash
