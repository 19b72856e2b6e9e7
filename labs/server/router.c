// router.c — one request's path through the server: collect what the guard
// needs, ask it, read a POST body, dispatch to the handler, and tell the guard
// how it ended.
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "always_on.h"
#include "clock.h"
#include "release.h"
#include "server.h"

// A path and the handler that answers it; post says POST is allowed besides GET and HEAD.
struct route_entry {
  const char *path;
  enum MHD_Result (*handler)(struct request *);
  int post;
};

//> routes
static const struct route_entry routes[] = {
    {"/work/cpu", work_cpu, 0},
    {"/work/mem", work_mem, 0},
    {"/work/contention", work_contention, 0},
    {"/work/leak", work_leak, 0},
    {"/debug/pprof", pprof_index, 0},
    {"/debug/pprof/", pprof_index, 0},
    {"/debug/pprof/profile", pprof_profile, 0},
    {"/debug/pprof/heap", pprof_heap, 0},
    {"/debug/pprof/mutex", pprof_mutex, 0},
    {"/debug/pprof/contention", pprof_mutex, 0},
    {"/debug/pprof/block", pprof_block, 0},
    {"/debug/pprof/threads", pprof_threads, 0},
    {"/debug/pprof/symbol", pprof_symbol, 1},
    {"/debug/pprof/cmdline", pprof_cmdline, 0},
    {"/debug/pprof/window", pprof_window, 0},  // always-on windows (always_on.c)
    {"/app/order", app_order, 0},              // step 08's app and its release switch (release.c)
    {"/admin/release", admin_release, 1},
};
//< routes

enum MHD_Result route(struct request *r) {
  for (size_t i = 0; i < sizeof routes / sizeof routes[0]; i++) {
    if (strcmp(routes[i].path, r->path) != 0) continue;
    int get = strcmp(r->method, "GET") == 0 || strcmp(r->method, "HEAD") == 0;
    if (get || (routes[i].post && strcmp(r->method, "POST") == 0)) return routes[i].handler(r);
    return reply_text(r, MHD_HTTP_METHOD_NOT_ALLOWED, "method %.16s not allowed on %.200s (use GET%s)\n", r->method,
                      r->path, routes[i].post ? " or POST" : "");
  }
  return reply_text(r, MHD_HTTP_NOT_FOUND, "not found: %.200s\n", r->path);
}

// Adds up the bytes and the number of query parameters (for the guard's limits).
static enum MHD_Result measure_arg(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
  (void)kind;
  struct guard_request *g = cls;
  g->query_params++;
  g->url_length += 2 + strlen(key) + (value ? strlen(value) : 0);
  return MHD_YES;
}

// Fills what the guard is shown; peer is storage for the client's address.
static void describe(struct request *r, char *peer, size_t peer_len) {
  struct guard_request *g = &r->g;
  g->method = r->method;
  g->path = r->path;
  g->authorization = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_AUTHORIZATION);
  g->seconds = MHD_lookup_connection_value(r->conn, MHD_GET_ARGUMENT_KIND, "seconds");
  const union MHD_ConnectionInfo *info = MHD_get_connection_info(r->conn, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  const struct sockaddr_in *sin = info ? (const void *)info->client_addr : NULL;
  if (!sin || sin->sin_family != AF_INET || !inet_ntop(AF_INET, &sin->sin_addr, peer, (socklen_t)peer_len))
    strcpy(peer, "?");
  g->peer = peer;
  g->url_length = strlen(r->path);
  MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, measure_arg, g);
  const char *cl = MHD_lookup_connection_value(r->conn, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  g->content_length = cl ? atoll(cl) : -1;
  g->profiling = strncmp(r->path, "/debug/pprof", 12) == 0;
  g->cpu_profile = strcmp(r->path, "/debug/pprof/profile") == 0;
  g->started = (double)now_ns() / 1e9;  // monotonic seconds, as the guard reads them
}

// A request and the storage for its peer address.
struct request_box {
  struct request r;
  char peer[64];
};

// First call for a request: describe it and ask the guard; a refusal is answered at once.
static enum MHD_Result begin(struct MHD_Connection *c, const char *url, const char *method, void **con_cls) {
  struct request_box *box = calloc(1, sizeof *box);
  if (!box) return MHD_NO;
  *con_cls = box;
  struct request *r = &box->r;
  r->conn = c, r->path = url, r->method = method;
  describe(r, box->peer, sizeof box->peer);
  char why[200] = "refused";
  int status = guard_admit(&r->g, why, sizeof why);
  r->seen = 1;  // guard_done runs for this request whatever happens next
  if (status) return reply_text(r, (unsigned)status, "%s\n", why);
  return MHD_YES;
}

// Keeps a POST body up to MAX_BODY; more is read and dropped, and answered with 413.
static void take_body(struct request *r, const char *data, size_t n) {
  char *grown = r->too_big || r->body_len + n > MAX_BODY ? NULL : realloc(r->body, r->body_len + n + 1);
  if (!grown) {
    r->too_big = 1;
    return;
  }
  memcpy(grown + r->body_len, data, n);
  r->body = grown;
  r->body_len += n;
  r->body[r->body_len] = '\0';
}

// libmicrohttpd's access handler: called with the headers, then with each piece of body, then once more.
enum MHD_Result on_request(void *cls, struct MHD_Connection *c, const char *url, const char *method,
                           const char *version, const char *upload, size_t *upload_size, void **con_cls) {
  (void)cls, (void)version;
  if (!*con_cls) return begin(c, url, method, con_cls);
  struct request *r = *con_cls;
  if (r->status) {  // already answered (refused): drop any body
    *upload_size = 0;
    return MHD_YES;
  }
  if (*upload_size) {
    take_body(r, upload, *upload_size);
    *upload_size = 0;
    return MHD_YES;
  }
  if (r->too_big)
    return reply_text(r, MHD_HTTP_CONTENT_TOO_LARGE, "request body too large (at most %d bytes)\n", MAX_BODY);
  return route(r);
}

// libmicrohttpd's completion callback: the guard hears the outcome, the request is freed.
void on_completed(void *cls, struct MHD_Connection *c, void **con_cls, enum MHD_RequestTerminationCode why) {
  (void)cls, (void)c, (void)why;
  struct request *r = *con_cls;
  if (!r) return;
  if (r->seen) guard_done(&r->g, r->status);
  free(r->body);
  free(r);
  *con_cls = NULL;
}
