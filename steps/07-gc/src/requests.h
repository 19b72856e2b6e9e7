// requests.h — a request-style workload: each worker keeps a live set of
// sessions and handles requests that allocate short-lived garbage, like a server.
#ifndef REQUESTS_H
#define REQUESTS_H

#include <stdint.h>

// What one run is asked to do.
struct load {
  long requests;  // in all, split over the workers
  long workers;
  long live_mb;   // the live set, in MiB, split over the workers
  int reuse;      // reuse per-worker buffers instead of allocating per request
};

// One worker's state; the sessions array is its share of the live set.
struct worker {
  const struct load *load;
  long id, nsessions, done;
  struct session **sessions;
  char *scratch_line, *scratch_body;  // used only with reuse
  struct token *scratch_tokens;
  int64_t *latency_ns;                // one per request handled
  uint64_t checksum;
  int failed;                         // out of memory
};

// Builds a worker's live set; returns -1 if memory ran out.
int worker_setup(struct worker *w, const struct load *load, long id);

// Gives back the worker's live set and buffers (the end of a burst of traffic).
void worker_release(struct worker *w);

// Handles the worker's share of the requests, timing each (a thread's body).
void *worker_run(void *arg);

#endif
