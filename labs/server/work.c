// work.c — the load endpoints, the Go guide's /work/...: each runs one of the
// shared workloads (labs/workloads) with checked parameters and says what it did.
#include <errno.h>
#include <inttypes.h>
#include <pthread.h>
#include <string.h>
#include <time.h>

#include "burn.h"
#include "clock.h"
#include "contention.h"
#include "memwork.h"
#include "params.h"
#include "server.h"

// Longest a single /work/contention request may keep its workers busy, in ns.
#define MAX_CONTENTION_NS (60LL * 1000000000LL)
// Most bytes one /work/mem request may allocate (bytes * count).
#define MAX_MEM_BYTES (1LL << 30)
// Most parked threads /work/leak keeps at once, and how long each stays parked.
#define MAX_PARKED 200
#define PARK_SECONDS 30

// Milliseconds since START (from now_ns).
static double ms_since(int64_t start) { return (double)(now_ns() - start) / 1e6; }

enum MHD_Result work_cpu(struct request *r) {
  static const char *const allowed[] = {"n", "workers", NULL};
  long n, workers;
  if (params_only(r, allowed) || param_long(r, "n", 1, 100000000, 1000000, &n) ||
      param_long(r, "workers", 1, 64, 1, &workers))
    return r->status ? MHD_YES : MHD_NO;
  int64_t t0 = now_ns();
  uint64_t sum = burn_cpu(n, (int)workers);
  if (sum == 0) return reply_text(r, MHD_HTTP_SERVICE_UNAVAILABLE, "cannot start workers: %s\n", strerror(errno));
  return reply_text(r, MHD_HTTP_OK, "cpu: %ld rounds on %ld workers in %.1f ms (checksum %016" PRIx64 ")\n", n,
                    workers, ms_since(t0), sum);
}

// The blocks /work/mem?hold=true keeps alive, until the next request replaces them.
static struct mem_held held;
static pthread_mutex_t held_lock = PTHREAD_MUTEX_INITIALIZER;

// Keeps a new set of blocks and frees the previous one.
static void keep_blocks(struct mem_held *fresh) {
  pthread_mutex_lock(&held_lock);
  struct mem_held old = held;
  held = *fresh;
  pthread_mutex_unlock(&held_lock);
  mem_release(&old);
}

enum MHD_Result work_mem(struct request *r) {
  static const char *const allowed[] = {"bytes", "count", "hold", NULL};
  long bytes, count;
  int hold;
  if (params_only(r, allowed) || param_long(r, "bytes", 1, 16 << 20, 1024, &bytes) ||
      param_long(r, "count", 1, 1000000, 10000, &count) || param_bool(r, "hold", 0, &hold))
    return r->status ? MHD_YES : MHD_NO;
  if ((long long)bytes * count > MAX_MEM_BYTES)
    return reply_text(r, MHD_HTTP_BAD_REQUEST, "bad request: bytes*count must be at most 1 GiB, got %lld\n",
                      (long long)bytes * count);
  struct mem_held fresh;
  if (mem_alloc_blocks((size_t)bytes, count, hold, &fresh) != 0)
    return reply_text(r, MHD_HTTP_SERVICE_UNAVAILABLE, "out of memory\n");
  if (hold) keep_blocks(&fresh);
  return reply_text(r, MHD_HTTP_OK, "mem: %ld blocks of %ld bytes, %s\n", count, bytes,
                    hold ? "held until the next hold=true request" : "freed");
}

enum MHD_Result work_contention(struct request *r) {
  static const char *const allowed[] = {"iter", "holdNs", "workers", NULL};
  long iter, hold_ns, workers;
  if (params_only(r, allowed) || param_long(r, "iter", 1, 10000000, 100000, &iter) ||
      param_long(r, "holdNs", 0, 1000000, 10000, &hold_ns) || param_long(r, "workers", 1, 64, 4, &workers))
    return r->status ? MHD_YES : MHD_NO;
  if ((long long)iter * hold_ns > MAX_CONTENTION_NS)
    return reply_text(r, MHD_HTTP_BAD_REQUEST, "bad request: iter*holdNs must be at most 60 s of holding, got %lld ns\n",
                      (long long)iter * hold_ns);
  int64_t t0 = now_ns();
  if (contention_run(iter, hold_ns, (int)workers) == 0 && iter > 0)
    return reply_text(r, MHD_HTTP_SERVICE_UNAVAILABLE, "cannot start workers: %s\n", strerror(errno));
  return reply_text(r, MHD_HTTP_OK, "contention: %ld workers x %ld critical sections of %ld ns in %.1f ms\n", workers,
                    iter, hold_ns, ms_since(t0));
}

// The parked threads: they wait on a condition nobody signals, then leave by themselves.
static pthread_mutex_t park_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t park_cond = PTHREAD_COND_INITIALIZER;
static int parked;

//> leak-park
// A thread that waits for something that never comes: the goroutine-leak
// counterpart. It shows in /debug/pprof/threads while parked, and in the block
// profile once its 30 s wait ends.
__attribute__((noinline)) static void *leak_park(void *arg) {
  (void)arg;
  struct timespec until;
  clock_gettime(CLOCK_REALTIME, &until);
  until.tv_sec += PARK_SECONDS;
  pthread_mutex_lock(&park_lock);
  while (pthread_cond_timedwait(&park_cond, &park_lock, &until) != ETIMEDOUT) {
  }
  parked--;
  pthread_mutex_unlock(&park_lock);
  return NULL;
}
//< leak-park

// Starts one parked thread, detached; returns 0 or an errno value.
static int park_one(void) {
  pthread_attr_t attr;
  pthread_t t;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attr, 64 << 10);
  int rc = pthread_create(&t, &attr, leak_park, NULL);
  pthread_attr_destroy(&attr);
  if (rc == 0) pthread_setname_np(t, "leak-park");
  return rc;
}

enum MHD_Result work_leak(struct request *r) {
  static const char *const allowed[] = {"n", NULL};
  long n;
  if (params_only(r, allowed) || param_long(r, "n", 1, 100, 1, &n)) return r->status ? MHD_YES : MHD_NO;
  pthread_mutex_lock(&park_lock);
  int room = parked + n <= MAX_PARKED;
  if (room) parked += (int)n;
  pthread_mutex_unlock(&park_lock);
  if (!room) return reply_text(r, MHD_HTTP_SERVICE_UNAVAILABLE, "too many parked threads (at most %d)\n", MAX_PARKED);
  long started = 0;
  while (started < n && park_one() == 0) started++;
  if (started < n) {
    pthread_mutex_lock(&park_lock);
    parked -= (int)(n - started);
    pthread_mutex_unlock(&park_lock);
  }
  return reply_text(r, MHD_HTTP_OK, "leak: %ld threads parked for %d s\n", started, PARK_SECONDS);
}
