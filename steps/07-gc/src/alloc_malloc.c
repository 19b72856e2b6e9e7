// alloc_malloc.c — the workload's allocator as plain malloc/free: glibc's, or
// tcmalloc's or jemalloc's when one is preloaded with LD_PRELOAD.
#include <stdlib.h>

#include "alloc.h"

void mem_init(void) {}

void *mem_alloc(size_t n) { return calloc(1, n); }

void *mem_alloc_data(size_t n) { return malloc(n); }

void mem_drop(void *p) { free(p); }

long mem_collections(void) { return 0; }

size_t mem_heap_bytes(void) { return 0; }

const char *mem_kind(void) { return "malloc"; }

int mem_thread_create(pthread_t *t, void *(*fn)(void *), void *arg) { return pthread_create(t, NULL, fn, arg); }

int mem_thread_join(pthread_t t) { return pthread_join(t, NULL); }
