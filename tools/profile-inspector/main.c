// main.c — profile-inspect: validates gperftools CPU and heap profiles and legacy
// contention profiles, and prints a one-screen summary the checks can read.
//
//   profile-inspect [--kind cpu|heap|contention] [--binary PATH] [--min-samples N] [--field NAME] FILE
//
// Exit status: 0 valid, 1 not a valid profile (one line on stderr says why), 2 usage.
#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "inspect.h"

// Below this share of stack addresses inside mapped code, the samples were not taken from this memory map.
#define MIN_MAPPED_PERCENT 90.0

struct options {
  enum profile_kind want;  // KIND_UNKNOWN: any kind
  const char *binary;      // the executable the profile must come from, or NULL
  uint64_t min_samples;
  const char *field;       // print only this summary field
  const char *file;
};

// Prints the usage line and returns the usage exit status.
static int usage(const char *why) {
  if (why) fprintf(stderr, "profile-inspect: %s\n", why);
  fprintf(stderr,
          "usage: profile-inspect [--kind cpu|heap|contention] [--binary PATH] [--min-samples N] "
          "[--field NAME] FILE\n");
  return 2;
}

// Maps a --kind argument to the enum; KIND_UNKNOWN if not a kind.
static enum profile_kind parse_kind(const char *s) {
  if (strcmp(s, "cpu") == 0) return KIND_CPU;
  if (strcmp(s, "heap") == 0) return KIND_HEAP;
  if (strcmp(s, "contention") == 0 || strcmp(s, "mutex") == 0 || strcmp(s, "block") == 0) return KIND_CONTENTION;
  return KIND_UNKNOWN;
}

// Parses the command line; returns 0 or the usage exit status.
static int parse_args(int argc, char **argv, struct options *o) {
  *o = (struct options){0};
  for (int i = 1; i < argc; i++) {
    const char *a = argv[i];
    int has_value = i + 1 < argc;
    if (strcmp(a, "--kind") == 0 && has_value) {
      o->want = parse_kind(argv[++i]);
      if (o->want == KIND_UNKNOWN) return usage("--kind wants cpu, heap or contention");
    } else if (strcmp(a, "--binary") == 0 && has_value) {
      o->binary = argv[++i];
    } else if (strcmp(a, "--min-samples") == 0 && has_value) {
      char *end;
      errno = 0;
      unsigned long long v = strtoull(argv[++i], &end, 10);
      if (errno || *end || end == argv[i] || argv[i][0] == '-') return usage("--min-samples wants a whole number");
      o->min_samples = v;
    } else if (strcmp(a, "--field") == 0 && has_value) {
      o->field = argv[++i];
    } else if (a[0] == '-' && a[1] != '\0') {
      return usage(has_value || a[1] != '-' ? "unknown option" : "option needs a value");
    } else if (o->file) {
      return usage("only one FILE at a time");
    } else {
      o->file = a;
    }
  }
  return o->file ? 0 : usage("no FILE given");
}

// The first mapped file, which gperftools writes first: the profiled executable.
static const struct mapping *executable(const struct profile *p) {
  for (size_t i = 0; i < p->nmaps; i++)
    if (p->maps[i].path_len > 0 && p->maps[i].path[0] == '/') return &p->maps[i];
  return NULL;
}

// Checks that the profile maps exactly this build of the binary (same path and inode).
static int check_binary(const struct profile *p, const char *binary, char *err, size_t errlen) {
  char real[PATH_MAX];
  struct stat st;
  if (!realpath(binary, real) || stat(real, &st) != 0) {
    snprintf(err, errlen, "cannot find the binary %s to compare with: %s", binary, strerror(errno));
    return -1;
  }
  size_t n = strlen(real);
  int same_path = 0;
  for (size_t i = 0; i < p->nmaps; i++) {
    const struct mapping *m = &p->maps[i];
    if (m->path_len != n || memcmp(m->path, real, n) != 0) continue;
    if (m->inode == (uint64_t)st.st_ino) return 0;
    same_path = 1;
  }
  if (same_path) {
    snprintf(err, errlen, "taken from an older build of %.200s (the binary was rebuilt since): run the step again",
             binary);
  } else {
    const struct mapping *x = executable(p);
    int xlen = x ? (int)(x->path_len < 200 ? x->path_len : 200) : 7;
    snprintf(err, errlen, "not a profile of %.200s: it was taken from %.*s", real, xlen, x ? x->path : "unknown");
  }
  return -1;
}

// Applies the checks the options ask for beyond a well-formed file.
static int check_expectations(const struct profile *p, const struct options *o, char *err, size_t errlen) {
  if (o->want != KIND_UNKNOWN && o->want != p->kind) {
    snprintf(err, errlen, "expected a %s profile, found a %s profile", kind_name(o->want), kind_name(p->kind));
    return -1;
  }
  double mapped = p->pcs ? 100.0 * (double)p->pcs_mapped / (double)p->pcs : 100.0;
  if (mapped < MIN_MAPPED_PERCENT) {
    snprintf(err, errlen, "only %.1f%% of stack addresses fall inside the mapped code (edited, or another process's)",
             mapped);
    return -1;
  }
  if (p->samples < o->min_samples) {
    snprintf(err, errlen, "only %llu samples, want at least %llu (run longer or raise the sampling frequency)",
             (unsigned long long)p->samples, (unsigned long long)o->min_samples);
    return -1;
  }
  return o->binary ? check_binary(p, o->binary, err, errlen) : 0;
}

// Prints "name: value" lines; with a field name, only that field's value.
static void print_summary(const struct profile *p, const char *file, const char *field) {
  char rows[16][2][256];
  int n = 0;
#define ROW(name, ...) (snprintf(rows[n][0], 256, "%s", name), snprintf(rows[n][1], 256, __VA_ARGS__), n++)
  const struct mapping *x = executable(p);
  ROW("file", "%s", file);
  ROW("kind", "%s", kind_name(p->kind));
  ROW("samples", "%llu", (unsigned long long)p->samples);
  ROW("records", "%llu", (unsigned long long)p->records);
  if (p->kind == KIND_CPU) {
    ROW("period_us", "%llu", (unsigned long long)p->period_us);
    ROW("frequency_hz", "%llu", (unsigned long long)(1000000 / p->period_us));
  } else if (p->kind == KIND_HEAP) {
    ROW("sampler", "%s", p->heap_sampler);
    ROW("inuse_objects", "%llu", (unsigned long long)p->inuse_objects);
    ROW("inuse_bytes", "%llu", (unsigned long long)p->inuse_bytes);
    ROW("alloc_objects", "%llu", (unsigned long long)p->alloc_objects);
    ROW("alloc_bytes", "%llu", (unsigned long long)p->alloc_bytes);
  } else {
    ROW("delay", "%llu", (unsigned long long)p->delay);
    ROW("cycles_per_second", "%llu", (unsigned long long)p->cycles_per_second);
    ROW("sampling_period", "%llu", (unsigned long long)p->sampling_period);
  }
  ROW("executable", "%.*s", x ? (int)x->path_len : 1, x ? x->path : "-");
  ROW("mappings", "%zu", p->nmaps);
  ROW("stack_addresses", "%llu", (unsigned long long)p->pcs);
#undef ROW
  for (int i = 0; i < n; i++) {
    if (!field) printf("%-18s %s\n", strcat(rows[i][0], ":"), rows[i][1]);
    else if (strcmp(field, rows[i][0]) == 0) printf("%s\n", rows[i][1]);
  }
}

// Prints each distinct mapped file once, in map order (--field libraries).
static void print_libraries(const struct profile *p) {
  for (size_t i = 0; i < p->nmaps; i++) {
    const struct mapping *m = &p->maps[i];
    int seen = m->path_len == 0 || m->path[0] != '/';
    for (size_t j = 0; j < i && !seen; j++)
      seen = p->maps[j].path_len == m->path_len && memcmp(p->maps[j].path, m->path, m->path_len) == 0;
    if (!seen) printf("%.*s\n", (int)m->path_len, m->path);
  }
}

// Runs the parser for the file's kind.
static int parse(const struct buffer *buf, struct profile *p, char *err, size_t errlen) {
  p->kind = sniff_kind(buf);
  switch (p->kind) {
    case KIND_CPU: return parse_cpu(buf, p, err, errlen);
    case KIND_HEAP: return parse_heap(buf, p, err, errlen);
    case KIND_CONTENTION: return parse_contention(buf, p, err, errlen);
    default:
      snprintf(err, errlen, "not a profile: neither a gperftools CPU or heap profile nor a contention profile");
      return -1;
  }
}

// The known summary field names, for --field validation.
static int known_field(const char *f) {
  static const char *names[] = {"file", "kind", "samples", "records", "period_us", "frequency_hz", "sampler",
                                "inuse_objects", "inuse_bytes", "alloc_objects", "alloc_bytes", "delay",
                                "cycles_per_second", "sampling_period", "executable", "mappings",
                                "stack_addresses", "libraries"};
  for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
    if (strcmp(f, names[i]) == 0) return 1;
  return 0;
}

int main(int argc, char **argv) {
  struct options o;
  int rc = parse_args(argc, argv, &o);
  if (rc != 0) return rc;
  if (o.field && !known_field(o.field)) return usage("unknown --field name");
  static struct profile p;
  struct buffer buf = {0};
  char err[512];
  if (load_file(o.file, &buf, err, sizeof err) != 0 || parse(&buf, &p, err, sizeof err) != 0 ||
      check_expectations(&p, &o, err, sizeof err) != 0) {
    fprintf(stderr, "profile-inspect: %s: %s\n", o.file, err);
    free(buf.data);
    return 1;
  }
  if (o.field && strcmp(o.field, "libraries") == 0)
    print_libraries(&p);
  else
    print_summary(&p, o.file, o.field);
  free(buf.data);
  return 0;
}
