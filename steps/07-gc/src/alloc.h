// alloc.h — the allocator the request workload uses, chosen when it is built:
// alloc_gc.c (Boehm GC: nothing is freed, the collector finds the garbage) or
// alloc_malloc.c (malloc/free: glibc, or tcmalloc/jemalloc when preloaded).
#ifndef ALLOC_H
#define ALLOC_H

#include <pthread.h>
#include <stddef.h>

// Starts the allocator; call once before anything else.
void mem_init(void);
// Allocates n bytes that may hold pointers to other allocations (zeroed).
void *mem_alloc(size_t n);
// Allocates n bytes that hold no pointers (the collector need not scan them).
void *mem_alloc_data(size_t n);
// Gives a block back: free() with malloc, nothing with the collector.
void mem_drop(void *p);
// Collections so far (0 with malloc).
long mem_collections(void);
// The collector's heap size in bytes (0 with malloc).
size_t mem_heap_bytes(void);
// "boehm" or "malloc".
const char *mem_kind(void);
// Starts a thread the allocator knows about (the collector must scan its stack).
int mem_thread_create(pthread_t *t, void *(*fn)(void *), void *arg);
// Waits for a thread started by mem_thread_create.
int mem_thread_join(pthread_t t);

#endif
