// serve.c — a toy service for step 02: `serve -requests N` parses N request lines,
// looks up the user in a cache and renders a response for each, like a server's
// request loop without the network. It links no profiler: profile it with
// LD_PRELOAD=libtcmalloc.so.4 HEAPPROFILE=prefix, and check it with valgrind.
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "request.h"
#include "user_cache.h"

// How many distinct users the requests come from.
#define USERS 200
// The size of every response buffer.
#define RESPONSE_BYTES 1024
// One request in this many comes without a query string (its page is the default).
#define PLAIN_EVERY 10

// A hash of every response byte (FNV-1a), printed at the end: the same responses
// give the same checksum, and any change to one of them shows.
static uint32_t checksum = 2166136261u;

// Folds one response into the checksum.
static void checksum_add(const char *body) {
  for (const unsigned char *p = (const unsigned char *)body; *p; p++) checksum = (checksum ^ *p) * 16777619u;
}

//> render-response
// Renders the response body into a fresh buffer; the caller frees it.
__attribute__((noinline)) static char *render_response(const struct request *req, const struct user *u) {
  char *body = malloc(RESPONSE_BYTES);
  if (!body) return NULL;
  const char *page = request_param(req, "page");
  snprintf(body, RESPONSE_BYTES, "{\"user\":\"%s\",\"page\":%s,\"bio\":\"%.900s\"}", u->name, page ? page : "1",
           u->bio);
  return body;
}
//< render-response

//> serve-one
// Handles request number i; returns the response length, or -1 if it failed.
static long serve_one(long i) {
  char line[128];
  if (i % PLAIN_EVERY == PLAIN_EVERY - 1)
    snprintf(line, sizeof line, "GET /users/%ld/feed HTTP/1.1", i % USERS);
  else
    snprintf(line, sizeof line, "GET /users/%ld/feed?page=%ld&limit=20&lang=en HTTP/1.1", i % USERS, i % 7 + 1);
  struct request *req = request_parse(line);
  const struct user *u = req ? user_lookup(req->user_id) : NULL;
  char *body = u ? render_response(req, u) : NULL;
  long len = body ? (long)strlen(body) : -1;
  if (body) checksum_add(body);
  free(body);
  request_free(req);
  return len;
}
//< serve-one

// Parses "-requests N" (or -requests=N); returns N, or -1 after a usage line.
static long parse_requests(int argc, char **argv) {
  const char *value = NULL;
  if (argc == 3 && strcmp(argv[1], "-requests") == 0) value = argv[2];
  if (argc == 2 && strncmp(argv[1], "-requests=", 10) == 0) value = argv[1] + 10;
  if (argc == 1) return 100000;
  char *end;
  errno = 0;
  long n = value ? strtol(value, &end, 10) : 0;
  if (value && errno == 0 && end != value && *end == '\0' && n >= 1 && n <= 100000000L) return n;
  fprintf(stderr, "usage: serve [-requests N]  (N 1..100000000, default 100000)\n");
  return -1;
}

int main(int argc, char **argv) {
  long n = parse_requests(argc, argv), bytes = 0;
  if (n < 0) return 2;
  for (long i = 0; i < n; i++) {
    long len = serve_one(i);
    if (len < 0) {
      fprintf(stderr, "serve: request %ld failed: out of memory\n", i);
      return 1;
    }
    bytes += len;
  }
  printf("served %ld requests, %ld response bytes (checksum %08x), from %d users\n", n, bytes, (unsigned)checksum, USERS);
  return 0;
}
