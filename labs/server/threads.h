// threads.h — the thread dump, the counterpart of Go's goroutine profile: every
// thread's stack, identical stacks grouped with a count.
#ifndef THREADS_H
#define THREADS_H

#include <stdio.h>

// Installs the signal handler that collects stacks; returns 0 or -1.
int threads_init(void);

// Writes the dump to OUT. debug 1: stacks grouped with counts (Go's debug=1);
// debug 2: one block per thread with its id and name (Go's debug=2). Returns 0 or -1.
int threads_dump(FILE *out, int debug);

#endif
