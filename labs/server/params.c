// params.c — parsing and checking query parameters.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "params.h"

// The raw value of a parameter: NULL if absent, "" if given without a value.
static const char *raw(struct request *r, const char *name, int *present) {
  const char *v = NULL;
  *present = MHD_lookup_connection_value_n(r->conn, MHD_GET_ARGUMENT_KIND, name, strlen(name), &v, NULL) == MHD_YES;
  return v ? v : "";
}

int param_long(struct request *r, const char *name, long min, long max, long def, long *out) {
  int present;
  const char *v = raw(r, name, &present);
  if (!present) {
    *out = def;
    return 0;
  }
  if (parse_long(v, min, max, out) == 0) return 0;
  reply_text(r, MHD_HTTP_BAD_REQUEST, "bad request: %s must be a whole number from %ld to %ld, got '%.40s'\n", name,
             min, max, v);
  return -1;
}

int param_bool(struct request *r, const char *name, int def, int *out) {
  int present;
  const char *v = raw(r, name, &present);
  if (!present) *out = def;
  else if (strcmp(v, "true") == 0 || strcmp(v, "1") == 0) *out = 1;
  else if (strcmp(v, "false") == 0 || strcmp(v, "0") == 0) *out = 0;
  else {
    reply_text(r, MHD_HTTP_BAD_REQUEST, "bad request: %s must be true or false, got '%.40s'\n", name, v);
    return -1;
  }
  return 0;
}

// What the parameter iterator looks for: the first name not in the list.
struct unknown_search {
  const char *const *allowed;
  char first[48];
};

// Called for each query parameter; stops at the first unknown one.
static enum MHD_Result find_unknown(void *cls, enum MHD_ValueKind kind, const char *key, const char *value) {
  (void)kind, (void)value;
  struct unknown_search *s = cls;
  for (const char *const *a = s->allowed; *a; a++)
    if (strcmp(*a, key) == 0) return MHD_YES;
  strncpy(s->first, *key ? key : "(empty name)", sizeof s->first - 1);
  return MHD_NO;
}

int params_only(struct request *r, const char *const *allowed) {
  struct unknown_search s = {allowed, ""};
  MHD_get_connection_values(r->conn, MHD_GET_ARGUMENT_KIND, find_unknown, &s);
  if (!s.first[0]) return 0;
  reply_text(r, MHD_HTTP_BAD_REQUEST, "bad request: unknown parameter '%s'\n", s.first);
  return -1;
}

int env_long(const char *name, long min, long max, long *out, char *why, size_t n) {
  const char *v = getenv(name);
  if (!v || parse_long(v, min, max, out) == 0) return 0;
  snprintf(why, n, "%s must be a whole number from %ld to %ld, got '%.40s'", name, min, max, v);
  return -1;
}
