// mem_hot.c — the Go guide's mem_hot in C: allocate -count blocks of -bytes,
// write into each, and either keep them (-hold=true, a leak-like live set) or
// free each at once (-hold=false, churn). -memprofile writes a gperftools heap
// profile at the end, the counterpart of pprof.WriteHeapProfile:
//
//   mem_hot -bytes 1024 -count 200000 -hold=true -memprofile heap.prof
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "heap_dump.h"
#include "memwork.h"

// The largest block and count mem_hot accepts (1 GiB blocks, a billion of them).
#define MAX_BYTES (1L << 30)
#define MAX_COUNT 1000000000L

struct options {
  long bytes;              // -bytes N: size of each block
  long count;              // -count N: how many blocks
  int hold;                // -hold[=true|false]: keep the blocks until exit
  const char *memprofile;  // -memprofile FILE, or NULL
};

// Held blocks live in a global, like a package-level slice in Go: at exit they
// are still reachable (memcheck says "still reachable", not "definitely lost").
static struct mem_held held;

// Prints the usage text to out.
static void usage(FILE *out) {
  fprintf(out,
          "usage: mem_hot [-bytes N] [-count N] [-hold[=true|false]] [-memprofile FILE]\n"
          "  -bytes N           size of each block in bytes, 1..%ld (default 1024)\n"
          "  -count N           number of blocks, 1..%ld (default 200000)\n"
          "  -hold=true|false   keep every block until exit (default false: free each at once)\n"
          "  -memprofile FILE   write a gperftools heap profile at the end to FILE\n",
          MAX_BYTES, MAX_COUNT);
}

// Prints the one-line error for a bad flag or value and returns the usage exit status.
static int bad(const char *what, const char *arg) {
  fprintf(stderr, "mem_hot: %s \"%s\" (see mem_hot -h)\n", what, arg);
  return 2;
}

// Parses a whole number in [1, max]; returns 0 on success.
static int parse_size(const char *s, long max, long *out) {
  char *end;
  errno = 0;
  long v = strtol(s, &end, 10);
  if (errno != 0 || end == s || *end != '\0' || v < 1 || v > max) return -1;
  *out = v;
  return 0;
}

// Parses a boolean the way Go's flag package does (1, t, true, 0, f, false, any case).
static int parse_bool(const char *s, int *out) {
  static const char *yes[] = {"1", "t", "T", "true", "TRUE", "True"};
  static const char *no[] = {"0", "f", "F", "false", "FALSE", "False"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
    if (strcmp(s, yes[i]) == 0) return *out = 1, 0;
    if (strcmp(s, no[i]) == 0) return *out = 0, 0;
  }
  return -1;
}

// Applies a flag that takes a value; returns 0 or 2 on a bad value or unknown flag.
static int apply_value(struct options *o, const char *name, const char *value) {
  if (strcmp(name, "bytes") == 0)
    return parse_size(value, MAX_BYTES, &o->bytes) ? bad("invalid value for -bytes (want 1..1073741824):", value) : 0;
  if (strcmp(name, "count") == 0)
    return parse_size(value, MAX_COUNT, &o->count) ? bad("invalid value for -count (want 1..1000000000):", value) : 0;
  if (value[0] == '\0') return bad("-memprofile wants a file name, got", value);
  o->memprofile = value;
  return 0;
}

// Applies argv[*i], "-name", "-name=value" or "-name value" (then *i advances).
// Returns 0, 1 after printing help, or 2 on bad input.
static int apply(struct options *o, int argc, char **argv, int *i) {
  const char *arg = argv[*i], *body = arg + (arg[1] == '-' ? 2 : 1), *eq = strchr(body, '=');
  char name[16];
  size_t len = eq ? (size_t)(eq - body) : strlen(body);
  if (len == 0 || len >= sizeof name) return bad("unknown flag", arg);
  memcpy(name, body, len);
  name[len] = '\0';
  if (!eq && (strcmp(name, "h") == 0 || strcmp(name, "help") == 0)) return usage(stdout), 1;
  if (strcmp(name, "hold") == 0) {  // a boolean: -hold alone means true, as in Go
    if (eq && parse_bool(eq + 1, &o->hold) != 0) return bad("invalid value for -hold (want true or false):", eq + 1);
    if (!eq) o->hold = 1;
    return 0;
  }
  if (strcmp(name, "bytes") != 0 && strcmp(name, "count") != 0 && strcmp(name, "memprofile") != 0)
    return bad("unknown flag", arg);
  const char *value = eq ? eq + 1 : (*i + 1 < argc ? argv[++*i] : NULL);
  return value ? apply_value(o, name, value) : bad("flag needs a value:", arg);
}

// Parses the command line into o; returns 0, 1 after help, or 2 on bad input.
static int parse_flags(int argc, char **argv, struct options *o) {
  *o = (struct options){.bytes = 1024, .count = 200000};
  for (int i = 1; i < argc; i++) {
    if (argv[i][0] != '-' || argv[i][1] == '\0') return bad("unexpected argument", argv[i]);
    int rc = apply(o, argc, argv, &i);
    if (rc != 0) return rc;
  }
  return 0;
}

//> mem-hot-main
int main(int argc, char **argv) {
  struct options o;
  int rc = parse_flags(argc, argv, &o);
  if (rc != 0) return rc == 1 ? 0 : rc;
  if (o.memprofile && heap_profile_start(o.memprofile, "mem_hot") != 0) return 1;
  if (mem_alloc_blocks((size_t)o.bytes, o.count, o.hold, &held) != 0) {
    fprintf(stderr, "mem_hot: out of memory after allocating some of %ld blocks of %ld bytes\n", o.count, o.bytes);
    return 1;
  }
  double mib = (double)o.bytes * (double)o.count / (1 << 20);
  printf("mem_hot: %ld blocks of %ld bytes (%.1f MiB) allocated, hold=%s: %.1f MiB still held\n", o.count, o.bytes,
         mib, o.hold ? "true" : "false", o.hold ? mib : 0.0);
  if (o.memprofile && heap_profile_write(o.memprofile, "mem_hot") != 0) return 1;
  return 0;  // held blocks stay allocated until exit, as a live set would
}
//< mem-hot-main
