#!/usr/bin/env bash
# wrong: -N busy_for leaves clock_gettime out, and busy_for, the work under the lock, with it
# fails: the trace shows the workload's functions, the lock calls and the allocations
# says: none of: busy_for
cp "$STARTER/src/record.opts" src/record.opts
echo '--notrace=busy_for' >>src/record.opts
make -s run >/dev/null
