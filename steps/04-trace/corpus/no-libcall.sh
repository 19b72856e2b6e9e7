#!/usr/bin/env bash
# wrong: --no-libcall: no clock_gettime, but no lock calls or allocations either
# fails: the trace shows the workload's functions, the lock calls and the allocations
# says: pthread_mutex_lock
cp "$STARTER/src/record.opts" src/record.opts
echo '--no-libcall' >>src/record.opts
make -s run >/dev/null
