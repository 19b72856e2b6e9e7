// lockprof.h — the mutex and block profiler for pthreads, the C counterpart of
// Go's runtime.SetMutexProfileFraction / SetBlockProfileRate and of the
// /debug/pprof/mutex and /debug/pprof/block profiles.
//
// Preload tools/bin/liblockprof.so into any program, or link tools/bin/liblockprof.a.
// The environment turns it on (unset or 0 means off, and off costs next to nothing):
//   MUTEX_PROFILE_FRACTION=N  record on average 1 in N contended lock acquisitions
//   BLOCK_PROFILE_RATE_NS=R   record every wait of R ns or more, shorter ones with probability wait/R
//   LOCKPROF_MUTEX_OUT=FILE   write the mutex profile to FILE when the process exits
//   LOCKPROF_BLOCK_OUT=FILE   write the block profile to FILE when the process exits
// A contended acquisition is any wait for a mutex, rwlock or spin lock: blocked
// in pthread_mutex_lock (or _timedlock, the rwlock locks), spinning in
// pthread_spin_lock, or trying again and again (pthread_*_trylock) from the
// first failed try until the thread holds the lock. Condition-variable waits
// go to the block profile only, as in Go.
// Profiles are in the legacy contention format google-pprof and go tool pprof read;
// the delay column is nanoseconds (cycles/second = 1000000000).
#ifndef LOCKPROF_H
#define LOCKPROF_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

// The two profiles: contended mutex/rwlock acquisitions, and every kind of wait.
enum lockprof_kind { LOCKPROF_MUTEX, LOCKPROF_BLOCK };

// Sets the mutex sampling fraction (0 turns it off); returns the previous value.
int lockprof_set_mutex_fraction(int n);

// Sets the block sampling rate in nanoseconds (0 turns it off); returns the previous value.
long lockprof_set_block_rate(long ns);

// The current settings.
int lockprof_mutex_fraction(void);
long lockprof_block_rate(void);

// Writes the current profile of KIND to OUT; returns 0, or -1 if writing failed.
int lockprof_write(enum lockprof_kind kind, FILE *out);

// Formats the current profile of KIND into BUF (at most CAP bytes, always
// NUL-terminated when CAP > 0); returns the length the whole profile needs, like snprintf.
size_t lockprof_format(enum lockprof_kind kind, char *buf, size_t cap);

// Events that could not be recorded because the profile's table was full.
uint64_t lockprof_dropped(enum lockprof_kind kind);

#endif
