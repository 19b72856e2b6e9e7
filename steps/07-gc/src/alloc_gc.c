// alloc_gc.c — the workload's allocator as Boehm GC (libgc): GC_MALLOC and no
// free. GC_FREE_SPACE_DIVISOR, GC_MAXIMUM_HEAP_SIZE and GC_PRINT_STATS are read
// from the environment by GC_INIT.
#define GC_THREADS
#include <gc.h>

#include "alloc.h"

void mem_init(void) { GC_INIT(); }

void *mem_alloc(size_t n) { return GC_MALLOC(n); }

void *mem_alloc_data(size_t n) { return GC_MALLOC_ATOMIC(n); }

void mem_drop(void *p) { (void)p; }

long mem_collections(void) { return (long)GC_get_gc_no(); }

size_t mem_heap_bytes(void) { return GC_get_heap_size(); }

const char *mem_kind(void) { return "boehm"; }

int mem_thread_create(pthread_t *t, void *(*fn)(void *), void *arg) { return GC_pthread_create(t, NULL, fn, arg); }

int mem_thread_join(pthread_t t) { return GC_pthread_join(t, NULL); }
