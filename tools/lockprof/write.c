// write.c — prints a profile in the legacy contention format both pprofs read:
//   --- contention:
//   cycles/second = 1000000000        (so the delay column is nanoseconds)
//   sampling period = N               (mutex: the fraction, which both pprofs multiply back)
//   <delay> <count> @ 0xleaf 0xcaller ...
//   --- Memory map: ---
//   <the lines of /proc/self/maps>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "internal.h"

// Where formatted text goes: a FILE, or a fixed buffer that also counts what did not fit.
struct sink {
  FILE *file;
  char *buf;
  size_t cap, len;
  int failed;
};

// Appends n bytes to the sink.
static void put(struct sink *s, const char *text, size_t n) {
  if (s->file) {
    if (fwrite(text, 1, n, s->file) != n) s->failed = 1;
  } else if (s->len < s->cap) {
    size_t room = s->cap - s->len;
    memcpy(s->buf + s->len, text, n < room ? n : room);
  }
  s->len += n;
}

// Appends a formatted line (all lines here are short).
__attribute__((format(printf, 2, 3))) static void putf(struct sink *s, const char *fmt, ...) {
  char line[64];
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(line, sizeof line, fmt, ap);
  va_end(ap);
  if (n > 0) put(s, line, (size_t)n < sizeof line ? (size_t)n : sizeof line - 1);
}

// Appends one "<delay> <count> @ pcs" row for a filled slot.
static void put_row(struct sink *s, struct lp_slot *slot) {
  uint64_t fixed = atomic_load_explicit(&slot->count, memory_order_relaxed);
  uint64_t count = (fixed + LP_COUNT_ONE / 2) / LP_COUNT_ONE;
  if (count == 0) count = 1;
  putf(s, "%" PRIu64 " %" PRIu64 " @", atomic_load_explicit(&slot->delay_ns, memory_order_relaxed), count);
  for (uint32_t i = 0; i < slot->depth; i++) putf(s, " 0x%" PRIxPTR, slot->pcs[i]);
  put(s, "\n", 1);
}

// Appends this process's memory map, which lets pprof name the addresses.
static void put_maps(struct sink *s) {
  char chunk[4096];
  int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    s->failed = 1;
    return;
  }
  ssize_t n;
  while ((n = read(fd, chunk, sizeof chunk)) > 0) put(s, chunk, (size_t)n);
  if (n < 0) s->failed = 1;
  close(fd);
}

// Writes the whole profile of one kind to the sink.
static void put_profile(struct sink *s, enum lockprof_kind kind) {
  struct lp_table *t = &lp_tables[kind == LOCKPROF_BLOCK];
  int period = kind == LOCKPROF_MUTEX ? atomic_load(&lp_mutex_fraction) : 1;
  put(s, "--- contention:\ncycles/second = 1000000000\n", 43);
  putf(s, "sampling period = %d\n", period > 0 ? period : 1);
  for (size_t i = 0; i < LP_SLOTS; i++) {
    struct lp_slot *slot = &t->slots[i];
    if (atomic_load_explicit(&slot->ready, memory_order_acquire)) put_row(s, slot);
  }
  put(s, "--- Memory map: ---\n", 20);
  put_maps(s);
}

int lockprof_write(enum lockprof_kind kind, FILE *out) {
  struct sink s = {.file = out};
  put_profile(&s, kind);
  if (fflush(out) != 0) s.failed = 1;
  return s.failed ? -1 : 0;
}

size_t lockprof_format(enum lockprof_kind kind, char *buf, size_t cap) {
  struct sink s = {.buf = buf, .cap = cap};
  put_profile(&s, kind);
  if (cap > 0) buf[s.len < cap ? s.len : cap - 1] = '\0';
  return s.len;
}
