// contention.h — the lock-contention workload (the Go guide's /work/contention):
// several threads share one mutex and do their work while holding it.
#ifndef CONTENTION_H
#define CONTENTION_H

#include <stdint.h>

// Starts `workers` threads; each takes the one shared lock `iter` times and keeps
// it for about hold_ns nanoseconds of busy work. Returns the number of critical
// sections run (workers * iter), or 0 with errno set if a thread could not start.
uint64_t contention_run(long iter, long hold_ns, int workers);

#endif
