// bench_flags.c — parses `-flag value` and `-flag=value` the way `go test` does.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_flags.h"

// The longest run a learner could want; guards against overflow in ns arithmetic.
#define MAX_BENCHTIME_NS (3600LL * 1000000000LL)

void bench_usage(FILE *out) {
  fprintf(out,
          "usage: bench [-bench REGEX] [-benchtime 1s|500ms|100x] [-count N]\n"
          "             [-cpuprofile FILE] [-memprofile FILE] [-list]\n"
          "  -bench REGEX       run benchmarks whose name matches (POSIX extended regex, default .)\n"
          "  -benchtime D|Nx    run each benchmark for duration D (ns, us, ms, s, m) or exactly N iterations\n"
          "  -count N           run each benchmark N times (default 1)\n"
          "  -cpuprofile FILE   write a gperftools CPU profile of the whole run to FILE\n"
          "  -memprofile FILE   write a gperftools heap profile at the end of the run to FILE\n"
          "  -list              print the benchmark names and exit\n");
}

// Prints the one-line error for a bad value and returns the usage exit status.
static int bad_value(const char *flag, const char *value, const char *want) {
  fprintf(stderr, "bench: invalid value \"%s\" for -%s: want %s (see bench -h)\n", value, flag, want);
  return 2;
}

// Parses a positive whole number that fits a long; returns 0 on success.
static int parse_count(const char *s, long *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || v <= 0) return -1;
  *out = v;
  return 0;
}

// Nanoseconds per unit for a duration suffix, or 0 if the suffix is unknown.
static double unit_ns(const char *unit) {
  static const struct { const char *name; double ns; } units[] = {
      {"ns", 1}, {"us", 1e3}, {"µs", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"m", 60e9}, {"h", 3600e9}};
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    if (strcmp(unit, units[i].name) == 0) return units[i].ns;
  return 0;
}

// Parses -benchtime: "Nx" for a count, or a number and a unit for a duration.
static int parse_benchtime(const char *s, struct bench_flags *f) {
  size_t len = strlen(s);
  if (len > 1 && s[len - 1] == 'x') {
    char digits[32];
    if (len - 1 >= sizeof digits) return -1;
    memcpy(digits, s, len - 1);
    digits[len - 1] = '\0';
    if (parse_count(digits, &f->benchtime_n) != 0) return -1;
    f->benchtime_ns = 0;
    return 0;
  }
  char *end;
  errno = 0;
  double v = strtod(s, &end);
  if (errno != 0 || end == s || !(v > 0)) return -1;
  double per = unit_ns(end);
  if (per == 0 || v * per < 1 || v * per > (double)MAX_BENCHTIME_NS) return -1;
  f->benchtime_ns = (int64_t)(v * per);
  f->benchtime_n = 0;
  return 0;
}

// Applies one flag with its value; returns 0 or the usage exit status.
static int apply(struct bench_flags *f, const char *name, const char *value) {
  if (strcmp(name, "bench") == 0) {
    f->bench = value;
  } else if (strcmp(name, "benchtime") == 0) {
    if (parse_benchtime(value, f) != 0)
      return bad_value(name, value, "a duration like 1s or 500ms, or a count like 100x");
  } else if (strcmp(name, "count") == 0) {
    if (parse_count(value, &f->count) != 0) return bad_value(name, value, "a whole number >= 1");
  } else {  // cpuprofile or memprofile
    if (value[0] == '\0') return bad_value(name, value, "a file name");
    *(name[0] == 'c' ? &f->cpuprofile : &f->memprofile) = value;
  }
  return 0;
}

// True for the flags that take no value.
static int is_switch(const char *name) {
  return strcmp(name, "list") == 0 || strcmp(name, "h") == 0 || strcmp(name, "help") == 0;
}

// True for the flags that take a value.
static int takes_value(const char *name) {
  static const char *names[] = {"bench", "benchtime", "count", "cpuprofile", "memprofile"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(name, names[i]) == 0) return 1;
  return 0;
}

int bench_parse_flags(int argc, char **argv, struct bench_flags *f) {
  *f = (struct bench_flags){.bench = ".", .benchtime_ns = 1000000000LL, .count = 1};
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (arg[0] != '-' || arg[1] == '\0') {
      fprintf(stderr, "bench: unexpected argument \"%s\" (flags start with -, see bench -h)\n", arg);
      return 2;
    }
    char name[32];
    const char *body = arg + (arg[1] == '-' ? 2 : 1);
    const char *eq = strchr(body, '=');
    size_t nlen = eq ? (size_t)(eq - body) : strlen(body);
    if (nlen == 0 || nlen >= sizeof name) {
      fprintf(stderr, "bench: unknown flag %s (see bench -h)\n", arg);
      return 2;
    }
    memcpy(name, body, nlen);
    name[nlen] = '\0';
    if (is_switch(name)) {
      if (eq) return bad_value(name, eq + 1, "no value");
      if (name[0] == 'h') { bench_usage(stdout); return 1; }
      f->list = 1;
      continue;
    }
    if (!takes_value(name)) {
      fprintf(stderr, "bench: unknown flag -%s (see bench -h)\n", name);
      return 2;
    }
    const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
    if (value == NULL) {
      fprintf(stderr, "bench: flag -%s needs a value (see bench -h)\n", name);
      return 2;
    }
    int rc = apply(f, name, value);
    if (rc != 0) return rc;
  }
  return 0;
}
