// request.c — parses request lines into struct request. Every request allocates
// three things: the struct, a copy of the path, and the parameter array.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "request.h"

// Room for this many query parameters per request.
#define MAX_PARAMS 8

// Copies the path and query (up to the first space) so the request owns it.
__attribute__((noinline)) static char *copy_path(const char *s, size_t n) {
  char *p = malloc(n + 1);
  if (!p) return NULL;
  memcpy(p, s, n);
  p[n] = '\0';
  return p;
}

//> parse-params
// Splits "a=1&b=2" (or nothing, if query is NULL) in place into key/value pairs.
__attribute__((noinline)) static struct param *parse_params(char *query, int *n) {
  struct param *params = calloc(MAX_PARAMS, sizeof *params);
  if (!params) return NULL;
  char *save = NULL;
  *n = 0;
  for (char *pair = query ? strtok_r(query, "&", &save) : NULL; pair && *n < MAX_PARAMS;
       pair = strtok_r(NULL, "&", &save)) {
    char *eq = strchr(pair, '=');
    if (eq) *eq++ = '\0';
    params[*n].key = pair;
    params[(*n)++].value = eq ? eq : "";
  }
  return params;
}
//< parse-params

struct request *request_parse(const char *line) {
  const char *sp = strchr(line, ' ');
  if (!sp || sp == line || (size_t)(sp - line) >= METHOD_MAX) return NULL;
  const char *end = strchr(sp + 1, ' ');
  struct request *req = calloc(1, sizeof *req);
  if (!req) return NULL;
  memcpy(req->method, line, (size_t)(sp - line));
  req->path = copy_path(sp + 1, end ? (size_t)(end - sp - 1) : strlen(sp + 1));
  char *query = req->path ? strchr(req->path, '?') : NULL;
  if (query) *query++ = '\0';
  req->params = parse_params(query, &req->nparams);
  if (!req->path || !req->params || sscanf(req->path, "/users/%ld", &req->user_id) != 1) {
    request_free(req);
    return NULL;
  }
  return req;
}

const char *request_param(const struct request *req, const char *key) {
  for (int i = 0; i < req->nparams; i++)
    if (strcmp(req->params[i].key, key) == 0) return req->params[i].value;
  return NULL;
}

//> request-free
void request_free(struct request *req) {
  if (!req) return;
  // The parameter array was the leak: parse_params allocates it for every request
  // (memcheck: "definitely lost ... by parse_params"), and nothing freed it.
  // key and value point into req->path, so the array alone is freed, before path.
  free(req->params);
  free(req->path);
  free(req);
}
//< request-free
