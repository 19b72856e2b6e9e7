// table.c — the stacks the profiles keep: a fixed, lock-free open-addressing
// table per profile. Recording never allocates and never takes a lock, so it is
// safe inside pthread_mutex_lock itself, under any malloc, across fork.
#include <execinfo.h>
#include <string.h>

#include "internal.h"

struct lp_table lp_tables[2];

// Bounds of our own code (see LP_CODE): frames inside it are not the caller's.
extern const char __start_lockprof_text[], __stop_lockprof_text[];

// Longest probe sequence before an event counts as dropped.
#define LP_PROBES 64

// True if a return address lies inside the profiler's own functions.
static int in_profiler(uintptr_t pc) {
  return pc >= (uintptr_t)__start_lockprof_text && pc < (uintptr_t)__stop_lockprof_text;
}

// Fills pcs with the stack of the thread that waited, leaf first, without our frames.
LP_CODE static uint32_t capture_stack(uintptr_t *pcs) {
  void *raw[LP_MAX_DEPTH + 8];
  int n = backtrace(raw, (int)(sizeof raw / sizeof raw[0]));
  int first = 0;
  while (first < n && in_profiler((uintptr_t)raw[first])) first++;
  uint32_t depth = 0;
  for (int i = first; i < n && depth < LP_MAX_DEPTH; i++) pcs[depth++] = (uintptr_t)raw[i];
  return depth;
}

// FNV-1a over the program counters, never 0 (0 marks an empty slot).
static uint64_t stack_hash(const uintptr_t *pcs, uint32_t depth) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (uint32_t i = 0; i < depth; i++) {
    h ^= (uint64_t)pcs[i];
    h *= 0x100000001b3ULL;
  }
  return h | 1;
}

// Adds the event's totals to a slot.
static void add_to(struct lp_slot *s, uint64_t count, uint64_t delay_ns) {
  atomic_fetch_add_explicit(&s->count, count, memory_order_relaxed);
  atomic_fetch_add_explicit(&s->delay_ns, delay_ns, memory_order_relaxed);
}

// True if the slot is filled and holds exactly this stack.
static int holds(struct lp_slot *s, const uintptr_t *pcs, uint32_t depth) {
  return atomic_load_explicit(&s->ready, memory_order_acquire) && s->depth == depth &&
         memcmp(s->pcs, pcs, depth * sizeof pcs[0]) == 0;
}

// Claims an empty slot for the stack; the stack is visible to readers once ready is set.
static int claim(struct lp_slot *s, uint64_t h, const uintptr_t *pcs, uint32_t depth) {
  uint64_t empty = 0;
  if (!atomic_compare_exchange_strong(&s->hash, &empty, h)) return 0;
  s->depth = depth;
  memcpy(s->pcs, pcs, depth * sizeof pcs[0]);
  atomic_store_explicit(&s->ready, 1, memory_order_release);
  return 1;
}

LP_CODE void lp_record(struct lp_table *t, uint64_t count, uint64_t delay_ns) {
  uintptr_t pcs[LP_MAX_DEPTH];
  uint32_t depth = capture_stack(pcs);
  uint64_t h = stack_hash(pcs, depth);
  for (uint32_t probe = 0; probe < LP_PROBES; probe++) {
    struct lp_slot *s = &t->slots[(h + probe) & (LP_SLOTS - 1)];
    uint64_t cur = atomic_load_explicit(&s->hash, memory_order_acquire);
    // A slot still being filled by another thread is skipped: at worst one stack gets two rows.
    if ((cur == h && holds(s, pcs, depth)) || (cur == 0 && claim(s, h, pcs, depth))) {
      add_to(s, count, delay_ns);
      return;
    }
  }
  atomic_fetch_add_explicit(&t->dropped, 1, memory_order_relaxed);
}

uint64_t lockprof_dropped(enum lockprof_kind kind) {
  return atomic_load(&lp_tables[kind == LOCKPROF_BLOCK].dropped);
}
