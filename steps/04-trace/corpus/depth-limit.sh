#!/usr/bin/env bash
# wrong: a depth limit (--depth=3) drops clock_gettime, and the allocations with it
# fails: the trace shows the workload's functions, the lock calls and the allocations
# says: alloc_block
cp "$STARTER/src/record.opts" src/record.opts
echo '--depth=3' >>src/record.opts
make -s run >/dev/null
