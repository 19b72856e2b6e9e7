// bench_alloc.c — counts the workload's allocations for B/op and allocs/op.
//
// tcmalloc (linked by the harness) calls a hook on every allocation; the
// harness switches counting on only while a benchmark's timer runs.
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>

#include <gperftools/malloc_hook_c.h>

#include "bench_alloc.h"

static atomic_int counting;
static atomic_uint_least64_t total_allocs;
static atomic_uint_least64_t total_bytes;

// Called by tcmalloc for every malloc/calloc/realloc/new while the hook is installed.
static void on_alloc(const void *ptr, size_t size) {
  (void)ptr;
  if (!atomic_load_explicit(&counting, memory_order_relaxed)) return;
  atomic_fetch_add_explicit(&total_allocs, 1, memory_order_relaxed);
  atomic_fetch_add_explicit(&total_bytes, size, memory_order_relaxed);
}

int bench_alloc_install(void) { return MallocHook_AddNewHook(on_alloc) ? 0 : -1; }

void bench_alloc_counting(int on) { atomic_store(&counting, on); }

void bench_alloc_read(uint64_t *allocs, uint64_t *bytes) {
  *allocs = atomic_load(&total_allocs);
  *bytes = atomic_load(&total_bytes);
}
