// pprof.c — the /debug/pprof endpoints, the counterpart of Go's net/http/pprof,
// answering the way both google-pprof and go tool pprof expect (see
// ../shared/notes/pprof-facts.md): profile, heap, mutex (alias contention),
// block, threads, symbol (GET and POST) and cmdline.
#include <errno.h>
#include <fcntl.h>
#include <gperftools/profiler.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "always_on.h"
#include "clock.h"
#include "lockprof.h"
#include "params.h"
#include "server.h"
#include "symbols.h"
#include "threads.h"

// One CPU profile at a time in this process (gperftools has one profiler).
static atomic_int cpu_busy;

// The index page, like Go's: one line per profile.
static const char index_page[] =
    "<html><head><title>/debug/pprof/</title></head><body>\n"
    "<h1>/debug/pprof/</h1>\n<p>Profiles of this process:</p>\n<table>\n"
    "<tr><td><a href=\"profile?seconds=30\">profile</a></td><td>CPU profile (gperftools); ?seconds=N, default 30</td></tr>\n"
    "<tr><td><a href=\"heap\">heap</a></td><td>heap in use and allocated, one sample per HEAP_PROFILE_RATE bytes (default 512 KiB)</td></tr>\n"
    "<tr><td><a href=\"mutex\">mutex</a></td><td>contended lock waits, 1 in MUTEX_PROFILE_FRACTION (alias: contention)</td></tr>\n"
    "<tr><td><a href=\"block\">block</a></td><td>every kind of wait, sampled by BLOCK_PROFILE_RATE_NS</td></tr>\n"
    "<tr><td><a href=\"threads\">threads</a></td><td>every thread's stack, identical stacks grouped; ?debug=2 one by one</td></tr>\n"
    "<tr><td><a href=\"window\">window</a></td><td>always-on CPU profile windows (ALWAYS_ON_WINDOW_SEC); ?id=N</td></tr>\n"
    "<tr><td><a href=\"cmdline\">cmdline</a></td><td>the command line</td></tr>\n"
    "<tr><td><a href=\"symbol\">symbol</a></td><td>addresses to function names (POST 0xADDR+0xADDR...)</td></tr>\n"
    "</table>\n</body></html>\n";

enum MHD_Result pprof_index(struct request *r) {
  char *page = strdup(index_page);
  if (!page) return reply_text(r, MHD_HTTP_SERVICE_UNAVAILABLE, "out of memory\n");
  return reply_owned(r, MHD_HTTP_OK, "text/html; charset=utf-8", page, strlen(page));
}

// Reads a whole file into a malloc'd buffer; returns it, or NULL.
static char *slurp(const char *path, size_t *len) {
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  struct stat st;
  char *buf = NULL;
  if (fd >= 0 && fstat(fd, &st) == 0 && (buf = malloc((size_t)st.st_size + 1))) {
    size_t got = 0;
    ssize_t n;
    while (got < (size_t)st.st_size && (n = read(fd, buf + got, (size_t)st.st_size - got)) > 0) got += (size_t)n;
    *len = got;
  }
  if (fd >= 0) close(fd);
  return buf;
}

// Sleeps until SECONDS have passed on the monotonic clock, returning early when the server
// stops. It naps at most 100 ms at a time to notice that; a nap a signal cuts short (the CPU
// profiler's SIGPROF, the thread dump's signal) is not counted as whole: the deadline decides.
static void sleep_unless_stopping(long seconds) {
  int64_t deadline = now_ns() + (int64_t)seconds * 1000000000LL, left;
  while ((left = deadline - now_ns()) > 0 && !atomic_load(&server_stopping)) {
    struct timespec nap = {0, (long)(left < 100000000 ? left : 100000000)};
    nanosleep(&nap, NULL);
  }
}

char *cpu_profile(long seconds, size_t *len, double *start, double *end) {
  char path[] = "/tmp/labs-server-cpu-XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return NULL;
  close(fd);
  char *bytes = NULL;
  if (ProfilerStart(path)) {
    *start = unix_seconds();
    sleep_unless_stopping(seconds);
    *end = unix_seconds();
    ProfilerStop();
    bytes = slurp(path, len);
  }
  unlink(path);
  return bytes;
}

//> pprof-profile
enum MHD_Result pprof_profile(struct request *r) {
  static const char *const allowed[] = {"seconds", NULL};
  long seconds;
  if (params_only(r, allowed) || param_long(r, "seconds", 1, 3600, 30, &seconds)) return MHD_YES;
  if (always_on_active()) return always_on_conflict(r);  // its windows: /debug/pprof/window
  int idle = 0;
  if (!atomic_compare_exchange_strong(&cpu_busy, &idle, 1))  // what Go answers too
    return reply_text(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "could not enable CPU profiling: already in use\n");
  size_t len = 0;
  double start = 0, end = 0;
  char *bytes = cpu_profile(seconds, &len, &start, &end);
  char when[2][32];  // the seconds the profile covers, as always-on windows say them (X-Window-Start, -End)
  snprintf(when[0], sizeof when[0], "%.3f", start);
  snprintf(when[1], sizeof when[1], "%.3f", end);
  atomic_store(&cpu_busy, 0);
  if (!bytes) return reply_text(r, MHD_HTTP_INTERNAL_SERVER_ERROR, "could not write the CPU profile: %s\n", strerror(errno));
  const char *const headers[] = {"X-Profile-Start", when[0], "X-Profile-End", when[1], NULL};
  return reply_owned_with(r, MHD_HTTP_OK, "application/octet-stream", bytes, len, headers);
}
//< pprof-profile

// Replies with one of the lock profiler's profiles.
static enum MHD_Result lock_profile(struct request *r, enum lockprof_kind kind) {
  size_t need = lockprof_format(kind, NULL, 0), cap = need + 65536;  // the map may grow meanwhile
  char *buf = malloc(cap);
  if (!buf) return reply_text(r, MHD_HTTP_SERVICE_UNAVAILABLE, "out of memory\n");
  size_t len = lockprof_format(kind, buf, cap);
  if (len >= cap) len = cap - 1;
  return reply_owned(r, MHD_HTTP_OK, "text/plain; charset=utf-8", buf, len);
}

enum MHD_Result pprof_mutex(struct request *r) {
  static const char *const allowed[] = {NULL};
  return params_only(r, allowed) ? MHD_YES : lock_profile(r, LOCKPROF_MUTEX);
}

enum MHD_Result pprof_block(struct request *r) {
  static const char *const allowed[] = {NULL};
  return params_only(r, allowed) ? MHD_YES : lock_profile(r, LOCKPROF_BLOCK);
}

enum MHD_Result pprof_threads(struct request *r) {
  static const char *const allowed[] = {"debug", NULL};
  long debug;
  if (params_only(r, allowed) || param_long(r, "debug", 1, 2, 1, &debug)) return MHD_YES;
  return reply_stream(r, "text/plain; charset=utf-8", threads_dump, (int)debug);
}

// Writes the command line, arguments separated by NUL bytes as Go does.
static int write_cmdline(FILE *f, int unused) {
  (void)unused;
  for (int i = 0; i < server_argc; i++) {
    if (i) fputc('\0', f);
    fputs(server_argv[i], f);
  }
  return 0;
}

enum MHD_Result pprof_cmdline(struct request *r) {
  return reply_stream(r, "text/plain; charset=utf-8", write_cmdline, 0);
}
