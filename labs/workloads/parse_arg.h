// parse_arg.h — reads a whole number within a range: the one parser for command-
// line arguments (burn_cpu, mem_hot's flags, step programs) and the server's
// query parameters.
#ifndef PARSE_ARG_H
#define PARSE_ARG_H

#include <errno.h>
#include <stdlib.h>

// Parses a whole number in [min, max]: digits with an optional leading '-', no
// blanks or '+' (strtol would accept those). Returns 0 on success, -1 otherwise.
static inline int parse_long(const char *s, long min, long max, long *out) {
  char *end;
  if (!s || !*s || *s == ' ' || *s == '\t' || *s == '+') return -1;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || v < min || v > max) return -1;
  *out = v;
  return 0;
}

#endif
