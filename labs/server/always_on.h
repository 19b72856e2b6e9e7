// always_on.h — always-on CPU profiling: the server profiles itself without a
// break, cut into windows of ALWAYS_ON_WINDOW_SEC seconds, and keeps the last
// ALWAYS_ON_KEEP windows in memory for GET /debug/pprof/window. The sampling
// rate is gperftools' CPUPROFILE_FREQUENCY, read once when the process starts.
#ifndef ALWAYS_ON_H
#define ALWAYS_ON_H

#include <stddef.h>

#include "server.h"

// Starts the window thread if ALWAYS_ON_WINDOW_SEC is set. Returns 0 (on or
// off), or -1 with a one-line reason in why for a bad setting.
int always_on_start(char *why, size_t n);

// Stops the window thread (the window in progress is dropped).
void always_on_stop(void);

// True while always-on profiling owns the process's one CPU profiler.
int always_on_active(void);

// The answer to /debug/pprof/profile while always-on runs: 409 and where to look instead.
enum MHD_Result always_on_conflict(struct request *r);

// GET /debug/pprof/window[?id=N]: one window (the latest complete one without
// id), with X-Window-Id, -Start, -End (Unix seconds) and -Seconds headers.
enum MHD_Result pprof_window(struct request *r);

#endif
