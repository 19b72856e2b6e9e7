// latency.h — percentiles of per-request latencies.
#ifndef LATENCY_H
#define LATENCY_H

#include <stdint.h>

// Sorts the n latencies in place and returns the p-th percentile (0 < p <= 100), or 0 if n is 0.
int64_t latency_percentile(int64_t *ns, long n, double p);

#endif
