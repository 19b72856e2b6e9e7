// parse_arg.h — reads a whole-number command-line argument within a range, for
// the small programs built from the workloads (burn_cpu, step 04's timeline).
#ifndef PARSE_ARG_H
#define PARSE_ARG_H

#include <errno.h>
#include <stdlib.h>

// Parses a whole number in [min, max]; returns 0 on success, -1 otherwise.
static inline int parse_long(const char *s, long min, long max, long *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || v < min || v > max) return -1;
  *out = v;
  return 0;
}

#endif
