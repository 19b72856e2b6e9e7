// burn.h — the multi-worker CPU burner (the Go guide's burn_cpu N workers).
#ifndef BURN_H
#define BURN_H

#include <stdint.h>

// Keeps `workers` threads busy for `rounds` hash rounds each; returns a checksum
// of their results, or 0 with errno set if a thread could not be started.
uint64_t burn_cpu(long rounds, int workers);

// Makes PART (hash_round, fold_bits or count_ones) the part of each round that takes
// most of the time in later burn_cpu calls; -1 with errno EINVAL for another name.
int burn_use_hot(const char *part);

#endif
