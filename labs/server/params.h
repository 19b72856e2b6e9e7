// params.h — strict query parameters: a bad or out-of-range value is a 400 with
// a one-line reason, never a silent default (unlike the Go guide's server).
#ifndef PARAMS_H
#define PARAMS_H

#include "parse_arg.h"
#include "server.h"

// Reads parameter NAME as a whole number in [min, max], or DEF when absent.
// Returns 0, or replies 400 with the reason and returns -1.
int param_long(struct request *r, const char *name, long min, long max, long def, long *out);

// Reads parameter NAME as a boolean (true/false/1/0), or DEF when absent; 400 as above.
int param_bool(struct request *r, const char *name, int def, int *out);

// Replies 400 and returns -1 if the query has a parameter not in the NULL-terminated list.
int params_only(struct request *r, const char *const *allowed);

// Reads the environment variable NAME as a whole number in [min, max] into *out (left as it
// is when NAME is unset). Returns 0, or -1 with a one-line reason in why (for server settings).
int env_long(const char *name, long min, long max, long *out, char *why, size_t n);

#endif
