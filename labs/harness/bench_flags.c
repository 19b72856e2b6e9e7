// bench_flags.c — the harness's flags, those of `go test -bench`, read by the
// labs' one Go-style flag parser (go_flags.c).
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bench_flags.h"
#include "go_flags.h"

// The longest run a learner could want; guards against overflow in ns arithmetic.
#define MAX_BENCHTIME_NS (3600LL * 1000000000LL)

// Nanoseconds per unit for a duration suffix, or 0 if the suffix is unknown.
static double unit_ns(const char *unit) {
  static const struct { const char *name; double ns; } units[] = {
      {"ns", 1}, {"us", 1e3}, {"µs", 1e3}, {"ms", 1e6}, {"s", 1e9}, {"m", 60e9}, {"h", 3600e9}};
  for (size_t i = 0; i < sizeof units / sizeof units[0]; i++)
    if (strcmp(unit, units[i].name) == 0) return units[i].ns;
  return 0;
}

// Reads -benchtime: "Nx" for a count, or a number and a unit for a duration.
static const char *parse_benchtime(const char *s, void *value) {
  struct bench_flags *f = value;
  const char *want = "a duration like 1s or 500ms, or a count like 100x";
  char *end;
  size_t len = strlen(s);
  if (len > 1 && s[len - 1] == 'x') {
    long n = strtol(s, &end, 10);
    if (end != s + len - 1 || n < 1 || s[0] == '-' || s[0] == '+' || s[0] == ' ') return want;
    f->benchtime_n = n;
    f->benchtime_ns = 0;
    return NULL;
  }
  double v = strtod(s, &end);
  double per = end == s ? 0 : unit_ns(end);
  if (per == 0 || !(v > 0) || v * per < 1 || v * per > (double)MAX_BENCHTIME_NS) return want;
  f->benchtime_ns = (int64_t)(v * per);
  f->benchtime_n = 0;
  return NULL;
}

// Reads -bench: a POSIX extended regular expression, checked here so a bad one is a usage error.
static const char *parse_pattern(const char *s, void *value) {
  regex_t re;
  if (regcomp(&re, s, REG_EXTENDED | REG_NOSUB) != 0) return "a POSIX extended regular expression";
  regfree(&re);
  *(const char **)value = s;
  return NULL;
}

int bench_parse_flags(int argc, char **argv, struct bench_flags *f) {
  *f = (struct bench_flags){.bench = ".", .benchtime_ns = 1000000000LL, .count = 1};
  const struct go_flag_func pattern = {parse_pattern, &f->bench, " REGEX"};
  const struct go_flag_func benchtime = {parse_benchtime, f, " 1s|100x"};
  const struct go_flag flags[] = {
      {"bench", GO_FLAG_FUNC, (void *)&pattern, 0, 0, "run the benchmarks whose name matches (default . : all)"},
      {"benchtime", GO_FLAG_FUNC, (void *)&benchtime, 0, 0,
       "run each benchmark for a duration (ns, us, ms, s, m) or exactly N times"},
      {"count", GO_FLAG_LONG, &f->count, 1, 1000000, "run each benchmark this many times"},
      {"cpuprofile", GO_FLAG_STRING, &f->cpuprofile, 0, 0, "write a gperftools CPU profile of the whole run"},
      {"memprofile", GO_FLAG_STRING, &f->memprofile, 0, 0, "write a gperftools heap profile at the end of the run"},
      {"list", GO_FLAG_BOOL, &f->list, 0, 0, "print the benchmark names and exit"},
      {0}};
  return go_flags_parse("bench", flags, argc, argv);
}
