// server.h — the profiling server's shared pieces: one request's state, replies,
// and the handlers the router dispatches to.
#ifndef SERVER_H
#define SERVER_H

#include <microhttpd.h>
#include <stdatomic.h>
#include <stddef.h>
#include <stdio.h>

#include "guard.h"

// Largest POST body the server reads (pprof's symbol lookups are far smaller).
#define MAX_BODY (1 << 20)

// One request from its first byte to its completion.
struct request {
  struct MHD_Connection *conn;
  const char *method, *path;
  char *body;
  size_t body_len;
  int status;              // the status answered, for the access log
  int seen;                // the guard saw it (so guard_done must run)
  int too_big;             // the body went over MAX_BODY
  struct guard_request g;  // what the guard was shown
};

// Set by SIGINT/SIGTERM: long handlers (profile?seconds=N) return early.
extern atomic_int server_stopping;

// The program's arguments, for /debug/pprof/cmdline.
extern int server_argc;
extern char **server_argv;

// Answers with a text body made like printf; returns MHD_YES/MHD_NO for the router.
__attribute__((format(printf, 3, 4))) enum MHD_Result reply_text(struct request *r, unsigned status,
                                                                  const char *fmt, ...);

// Answers with BODY of LEN bytes and a content type; takes ownership of a malloc'd BODY.
enum MHD_Result reply_owned(struct request *r, unsigned status, const char *type, char *body, size_t len);

// The same, with more headers: HEADERS is NAME, VALUE, NAME, VALUE, ..., NULL.
enum MHD_Result reply_owned_with(struct request *r, unsigned status, const char *type, char *body, size_t len,
                                 const char *const *headers);

// Writes the body through FN(stream, ARG) into memory and answers with it (500 if FN fails).
enum MHD_Result reply_stream(struct request *r, const char *type, int (*fn)(FILE *, int), int arg);

// The load endpoints (/work/...): return MHD_YES/MHD_NO after replying.
enum MHD_Result work_cpu(struct request *r);
enum MHD_Result work_mem(struct request *r);
enum MHD_Result work_contention(struct request *r);
enum MHD_Result work_leak(struct request *r);

// The profiling endpoints (/debug/pprof/...).
enum MHD_Result pprof_index(struct request *r);
enum MHD_Result pprof_profile(struct request *r);
enum MHD_Result pprof_heap(struct request *r);
enum MHD_Result pprof_mutex(struct request *r);
enum MHD_Result pprof_block(struct request *r);
enum MHD_Result pprof_threads(struct request *r);
enum MHD_Result pprof_symbol(struct request *r);
enum MHD_Result pprof_cmdline(struct request *r);

// Runs gperftools' CPU profiler for SECONDS (less if the server stops) and returns the
// profile's bytes (malloc'd), or NULL; *start and *end get the Unix times the sampling
// started and stopped. Always-on profiling calls it too.
char *cpu_profile(long seconds, size_t *len, double *start, double *end);

// Starts the heap sampler (HEAP_PROFILE_RATE) if this build has tcmalloc; returns 0, or -1
// with a one-line reason in why for a bad setting.
int heap_profiling_start(char *why, size_t n);
// Logs what it could not record, if anything.
void heap_profiling_stop(void);

// libmicrohttpd's callbacks (router.c): each request, and its completion.
enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                           const char *version, const char *upload, size_t *upload_size, void **con_cls);
void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode why);

// Routes a request that the guard admitted.
enum MHD_Result route(struct request *r);

// Writes a log line like Go's log package: "2025/09/24 12:49:16 message".
__attribute__((format(printf, 1, 2))) void log_line(const char *fmt, ...);

#endif
