// requests.c — the request workload. A request reads a line, splits it into
// tokens, renders a response, and now and then replaces a session of the live
// set; everything but the live set is garbage as soon as the request ends.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "alloc.h"
#include "requests.h"

// Bytes of one session's payload, of a request line, of a response body. Boehm
// GC adds a byte to each object (so a pointer just past its end still keeps it
// alive): 2000 and 32000 fit its 4 KiB blocks, where 2048 and 32768 would waste
// almost a block each.
#define SESSION_BYTES 2000
#define LINE_BYTES 500
#define BODY_BYTES 32000
// Tokens a request line is split into.
#define TOKENS 16
// One request in this many replaces a session (the live set changes slowly).
#define REPLACE_EVERY 4

struct session {
  long id;
  char *payload;  // SESSION_BYTES, scanned by the collector like any object with pointers
};

struct token {
  struct token *next;
  const char *text;  // points into the request line
  long len;
};

// Monotonic clock in nanoseconds.
static int64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (int64_t)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

// A new session with its payload filled in; NULL if memory ran out.
static struct session *new_session(long id) {
  struct session *s = mem_alloc(sizeof *s);
  if (!s || !(s->payload = mem_alloc(SESSION_BYTES))) return NULL;
  s->id = id;
  memset(s->payload, (int)(id & 0x7f), SESSION_BYTES);
  return s;
}

// Frees a session (with malloc; the collector finds it unreachable on its own).
static void drop_session(struct session *s) {
  if (!s) return;
  mem_drop(s->payload);
  mem_drop(s);
}

int worker_setup(struct worker *w, const struct load *load, long id) {
  *w = (struct worker){.load = load, .id = id};
  w->nsessions = load->live_mb * 1048576 / load->workers / (SESSION_BYTES + (long)sizeof(struct session));
  if (w->nsessions < 1) w->nsessions = 1;
  long n = load->requests / load->workers + (id < load->requests % load->workers);
  w->latency_ns = malloc((size_t)(n > 0 ? n : 1) * sizeof *w->latency_ns);
  w->sessions = mem_alloc((size_t)w->nsessions * sizeof *w->sessions);
  if (!w->latency_ns || !w->sessions) return -1;
  for (long i = 0; i < w->nsessions; i++)
    if (!(w->sessions[i] = new_session(id * 1000000 + i))) return -1;
  if (load->reuse) {
    w->scratch_line = mem_alloc_data(LINE_BYTES);
    w->scratch_body = mem_alloc_data(BODY_BYTES);
    w->scratch_tokens = mem_alloc(TOKENS * sizeof *w->scratch_tokens);
    if (!w->scratch_line || !w->scratch_body || !w->scratch_tokens) return -1;
  }
  return 0;
}

// Splits the line at spaces into a list of at most TOKENS tokens (from spare when reusing).
static struct token *tokenize(const char *line, struct token *spare) {
  struct token *head = NULL;
  const char *p = line;
  for (int k = 0; k < TOKENS && *p; k++) {
    struct token *t = spare ? &spare[k] : mem_alloc(sizeof *t);
    if (!t) return NULL;
    t->text = p;
    t->len = (long)strcspn(p, " ");
    t->next = head;
    head = t;
    p += t->len + (p[t->len] == ' ');
  }
  return head;
}

// Frees a token list (with malloc and without reuse).
static void drop_tokens(struct token *t, int reused) {
  while (t && !reused) {
    struct token *next = t->next;
    mem_drop(t);
    t = next;
  }
}

//> handle-request
// Handles request i: parse, render, maybe replace a session. Returns 0, or -1 if memory ran out.
static int handle_request(struct worker *w, long i) {
  int reuse = w->load->reuse;
  char *line = reuse ? w->scratch_line : mem_alloc_data(LINE_BYTES);
  char *body = reuse ? w->scratch_body : mem_alloc_data(BODY_BYTES);
  if (!line || !body) return -1;
  struct session *s = w->sessions[(i * 7919) % w->nsessions];
  snprintf(line, LINE_BYTES, "GET /session/%ld/feed?page=%ld HTTP/1.1 host: example accept: */* user: %ld", s->id,
           i % 10, w->id);
  struct token *tokens = tokenize(line, reuse ? w->scratch_tokens : NULL);
  if (!tokens) return -1;
  int n = snprintf(body, BODY_BYTES, "{\"session\":%ld,\"tokens\":[", s->id);
  for (struct token *t = tokens; t && n < BODY_BYTES - 64; t = t->next) n += snprintf(body + n, 64, "%ld,", t->len);
  memcpy(body + n, s->payload, (size_t)(BODY_BYTES - n) < SESSION_BYTES ? (size_t)(BODY_BYTES - n) : SESSION_BYTES);
  w->checksum += (uint64_t)body[n / 2] + (uint64_t)n;
  if (i % REPLACE_EVERY == 0) {  // the session is refreshed: the old one becomes garbage
    long slot = (i * 31) % w->nsessions;
    struct session *fresh = new_session(w->sessions[slot]->id);
    if (!fresh) return -1;
    drop_session(w->sessions[slot]);
    w->sessions[slot] = fresh;
  }
  drop_tokens(tokens, reuse);
  if (!reuse) mem_drop(body), mem_drop(line);
  return 0;
}
//< handle-request

void worker_release(struct worker *w) {
  for (long i = 0; i < w->nsessions; i++) {
    drop_session(w->sessions[i]);
    w->sessions[i] = NULL;
  }
  if (w->load->reuse) mem_drop(w->scratch_line), mem_drop(w->scratch_body), mem_drop(w->scratch_tokens);
  w->scratch_line = w->scratch_body = NULL;
  w->scratch_tokens = NULL;
}

void *worker_run(void *arg) {
  struct worker *w = arg;
  long n = w->load->requests / w->load->workers + (w->id < w->load->requests % w->load->workers);
  for (long i = 0; i < n; i++) {
    int64_t t0 = now_ns();
    if (handle_request(w, i) != 0) {
      w->failed = 1;
      break;
    }
    w->latency_ns[i] = now_ns() - t0;
    w->done = i + 1;
  }
  return NULL;
}
