// bench_alloc.h — allocation counting for B/op and allocs/op.
#ifndef BENCH_ALLOC_H
#define BENCH_ALLOC_H

#include <stdint.h>

// Installs the allocation hook; returns 0 on success.
int bench_alloc_install(void);
// Turns counting on (1) or off (0); allocations while off are not counted.
void bench_alloc_counting(int on);
// Reads the running totals of counted allocations and bytes.
void bench_alloc_read(uint64_t *allocs, uint64_t *bytes);

#endif
