// serve.c — a toy service for step 02: `serve -requests N` parses N request lines,
// looks up the user in a cache and renders a response for each, like a server's
// request loop without the network. It links no profiler: profile it with
// LD_PRELOAD=libtcmalloc.so.4 HEAPPROFILE=prefix, and check it with valgrind.
// -users U and -cache SLOTS set how many users send requests and how many records
// the cache keeps (the task passes the learner's variant; the checks' own runs of
// your code take the defaults, 200 and 256).
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "request.h"
#include "user_cache.h"

// How many distinct users the requests come from, unless -users says otherwise.
#define USERS 200
// The cache's slots, unless -cache says otherwise (fewer than the users: it thrashes).
#define CACHE_SLOTS USER_CACHE_MAX
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
// Handles request number i (from user i % users); returns the response length, or -1 if it failed.
static long serve_one(long i, long users) {
  char line[128];
  if (i % PLAIN_EVERY == PLAIN_EVERY - 1)
    snprintf(line, sizeof line, "GET /users/%ld/feed HTTP/1.1", i % users);
  else
    snprintf(line, sizeof line, "GET /users/%ld/feed?page=%ld&limit=20&lang=en HTTP/1.1", i % users, i % 7 + 1);
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

// The command line: -requests N, -users U, -cache SLOTS (each also as -flag=N).
struct options {
  long requests, users, cache;
};

// Reads the number after one flag (-name N or -name=N) into *value; 1 if argv[*i] was
// that flag with a number from min to max, 0 if it is another flag, -1 if the number is bad.
static int parse_flag(char **argv, int argc, int *i, const char *name, long min, long max, long *value) {
  size_t len = strlen(name);
  const char *arg = argv[*i], *text = NULL;
  if (arg[0] != '-' || strncmp(arg + 1, name, len) != 0) return 0;
  if (arg[len + 1] == '=') text = arg + len + 2;
  else if (arg[len + 1] == '\0' && *i + 1 < argc) text = argv[++*i];
  else if (arg[len + 1] != '\0') return 0;
  char *end;
  errno = 0;
  long n = text ? strtol(text, &end, 10) : 0;
  if (!text || errno != 0 || end == text || *end != '\0' || n < min || n > max) return -1;
  *value = n;
  return 1;
}

// Parses the flags into *o; 0, or -1 after a usage line.
static int parse_options(int argc, char **argv, struct options *o) {
  *o = (struct options){.requests = 100000, .users = USERS, .cache = CACHE_SLOTS};
  for (int i = 1; i < argc; i++) {
    int r = parse_flag(argv, argc, &i, "requests", 1, 100000000L, &o->requests);
    if (r == 0) r = parse_flag(argv, argc, &i, "users", 1, 1000000L, &o->users);
    if (r == 0) r = parse_flag(argv, argc, &i, "cache", 1, USER_CACHE_MAX, &o->cache);
    if (r != 1) {
      fprintf(stderr, "usage: serve [-requests N] [-users U] [-cache SLOTS]  (N 1..100000000, default 100000;"
                      " U 1..1000000, default %d; SLOTS 1..%d, default %d)\n", USERS, USER_CACHE_MAX, CACHE_SLOTS);
      return -1;
    }
  }
  return 0;
}

int main(int argc, char **argv) {
  struct options o;
  long bytes = 0;
  if (parse_options(argc, argv, &o) != 0) return 2;
  user_cache_size((int)o.cache);
  for (long i = 0; i < o.requests; i++) {
    long len = serve_one(i, o.users);
    if (len < 0) {
      fprintf(stderr, "serve: request %ld failed: out of memory\n", i);
      return 1;
    }
    bytes += len;
  }
  printf("served %ld requests, %ld response bytes (checksum %08x), from %ld users\n", o.requests, bytes, (unsigned)checksum,
         o.users);
  return 0;
}
