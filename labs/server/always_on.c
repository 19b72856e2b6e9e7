// always_on.c — always-on CPU profiling, the in-process half of continuous
// profiling (what Pyroscope's and Parca's agents do for a whole fleet). A
// thread runs gperftools' profiler without a break, one window of
// ALWAYS_ON_WINDOW_SEC seconds after another, and keeps the last
// ALWAYS_ON_KEEP windows in memory; GET /debug/pprof/window serves them.
//
// gperftools has one CPU profiler per process, so while this runs
// /debug/pprof/profile answers 409 Conflict and points here. The rate is
// CPUPROFILE_FREQUENCY (gperftools reads it once, when the process starts):
// 19 Hz keeps the cost low and avoids beating in step with 10 ms or 100 ms timers.
#include <gperftools/profiler.h>
#include <limits.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "always_on.h"
#include "params.h"

// One complete window: its number (from 1), when it started and ended (Unix seconds), its profile.
struct window {
  long id;
  double start, end;
  char *bytes;
  size_t len;
};

// The settings, fixed at start.
static long window_sec, keep = 60;
// The ring of the last `keep` windows; window id lives in slot (id - 1) % keep.
static struct window *ring;
static long newest;  // the newest complete window's id, 0 before the first
static pthread_mutex_t ring_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t window_done = PTHREAD_COND_INITIALIZER;
static pthread_t window_thread;
static atomic_int active;

// Puts a finished window into the ring (dropping the oldest) and wakes the waiting requests.
static void ring_push(char *bytes, size_t len, double start, double end) {
  pthread_mutex_lock(&ring_lock);
  struct window *w = &ring[newest % keep];
  free(w->bytes);
  *w = (struct window){newest + 1, start, end, bytes, len};
  newest++;
  pthread_cond_broadcast(&window_done);
  pthread_mutex_unlock(&ring_lock);
}

//> always-on-loop
// The window thread: one profile of window_sec seconds after another until the server stops.
static void *window_loop(void *unused) {
  (void)unused;
  while (!atomic_load(&server_stopping)) {
    double start = 0, end = 0;
    size_t len = 0;
    char *bytes = cpu_profile(window_sec, &len, &start, &end);  // ProfilerStart, sleep, ProfilerStop (pprof.c)
    if (!bytes) {
      log_line("always-on profiling stopped: cannot run the CPU profiler");
      break;
    }
    if (atomic_load(&server_stopping)) free(bytes);  // cut short: not a whole window
    else ring_push(bytes, len, start, end);
  }
  atomic_store(&active, 0);
  return NULL;
}
//< always-on-loop

int always_on_start(char *why, size_t n) {
  if (env_long("ALWAYS_ON_WINDOW_SEC", 1, 3600, &window_sec, why, n) || env_long("ALWAYS_ON_KEEP", 1, 1000, &keep, why, n))
    return -1;
  if (!window_sec) return 0;
  struct ProfilerState state;
  ProfilerGetCurrentState(&state);
  if (state.enabled) {
    snprintf(why, n, "ALWAYS_ON_WINDOW_SEC: the CPU profiler is already running (CPUPROFILE is set?)");
    return -1;
  }
  ring = calloc((size_t)keep, sizeof *ring);
  if (!ring) return snprintf(why, n, "always-on: out of memory"), -1;
  atomic_store(&active, 1);
  if (pthread_create(&window_thread, NULL, window_loop, NULL) != 0) {
    atomic_store(&active, 0);
    return snprintf(why, n, "always-on: cannot start its thread"), -1;
  }
  const char *hz = getenv("CPUPROFILE_FREQUENCY");
  log_line("always-on CPU profile: %s Hz, windows of %ld s, the last %ld kept (GET /debug/pprof/window)", hz ? hz : "100",
           window_sec, keep);
  return 0;
}

void always_on_stop(void) {
  if (!ring) return;
  pthread_join(window_thread, NULL);
  for (long i = 0; i < keep; i++) free(ring[i].bytes);
  free(ring);
  ring = NULL;
}

int always_on_active(void) { return atomic_load(&active); }

enum MHD_Result always_on_conflict(struct request *r) {
  return reply_text(r, MHD_HTTP_CONFLICT,
                    "the CPU profiler is busy: always-on profiling runs (windows of %ld s); GET /debug/pprof/window\n",
                    window_sec);
}

// Waits (ring_lock held) while window ID is the one in progress, up to one window and 5 s more.
static void wait_for_window(long id) {
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += window_sec + 5;
  while (id == newest + 1 && atomic_load(&active) && !atomic_load(&server_stopping)) {
    struct timespec nap;
    clock_gettime(CLOCK_REALTIME, &nap);
    if (nap.tv_sec > until.tv_sec || (nap.tv_sec == until.tv_sec && nap.tv_nsec >= until.tv_nsec)) break;
    nap.tv_nsec += 200000000L;  // wake up now and then to notice a stopping server
    if (nap.tv_nsec >= 1000000000L) nap.tv_sec++, nap.tv_nsec -= 1000000000L;
    pthread_cond_timedwait(&window_done, &ring_lock, &nap);
  }
}

// Replies with a copy of window W and its X-Window-* headers (ring_lock held).
static enum MHD_Result reply_window(struct request *r, const struct window *w) {
  char *copy = malloc(w->len ? w->len : 1);
  if (!copy) return reply_text(r, MHD_HTTP_SERVICE_UNAVAILABLE, "out of memory\n");
  memcpy(copy, w->bytes, w->len);
  char v[4][32];
  snprintf(v[0], sizeof v[0], "%ld", w->id);
  snprintf(v[1], sizeof v[1], "%.3f", w->start);
  snprintf(v[2], sizeof v[2], "%.3f", w->end);
  snprintf(v[3], sizeof v[3], "%ld", window_sec);
  const char *const headers[] = {"X-Window-Id", v[0], "X-Window-Start", v[1], "X-Window-End", v[2],
                                 "X-Window-Seconds", v[3], NULL};
  return reply_owned_with(r, MHD_HTTP_OK, "application/octet-stream", copy, w->len, headers);
}

//> pprof-window
enum MHD_Result pprof_window(struct request *r) {
  static const char *const allowed[] = {"id", NULL};
  long id;
  if (params_only(r, allowed) || param_long(r, "id", 1, LONG_MAX, 0, &id)) return MHD_YES;
  if (!always_on_active())
    return reply_text(r, MHD_HTTP_NOT_FOUND, "always-on profiling is off (start the server with ALWAYS_ON_WINDOW_SEC=N)\n");
  pthread_mutex_lock(&ring_lock);
  if (id == 0) id = newest ? newest : 1;  // the latest complete window, or the first one to come
  wait_for_window(id);
  enum MHD_Result ok;
  if (id > newest + 1)
    ok = reply_text(r, MHD_HTTP_NOT_FOUND, "window %ld has not started (the newest complete one is %ld)\n", id, newest);
  else if (id == newest + 1)
    ok = reply_text(r, MHD_HTTP_SERVICE_UNAVAILABLE, "window %ld is not complete yet\n", id);
  else if (id <= newest - keep)
    ok = reply_text(r, MHD_HTTP_GONE, "window %ld was dropped: the server keeps the last %ld (now %ld..%ld)\n", id, keep,
                    newest - keep + 1, newest);
  else
    ok = reply_window(r, &ring[(id - 1) % keep]);
  pthread_mutex_unlock(&ring_lock);
  return ok;
}
//< pprof-window
