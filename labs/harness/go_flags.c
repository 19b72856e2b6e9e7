// go_flags.c — parses a table of flags the way Go's flag package does (see go_flags.h).
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "go_flags.h"
#include "../workloads/parse_arg.h"

void go_flags_usage(const char *prog, const struct go_flag *flags, FILE *out) {
  fprintf(out, "usage: %s [flags]\n", prog);
  for (const struct go_flag *f = flags; f->name; f++) {
    const char *arg = f->type == GO_FLAG_LONG   ? " N"
                      : f->type == GO_FLAG_BOOL ? "[=true|false]"
                      : f->type == GO_FLAG_FUNC ? ((const struct go_flag_func *)f->value)->arg
                                                : " FILE";
    char left[64];
    snprintf(left, sizeof left, "-%s%s", f->name, arg);
    if (f->type == GO_FLAG_LONG)
      fprintf(out, "  %-22s %s (%ld..%ld, default %ld)\n", left, f->help, f->min, f->max, *(long *)f->value);
    else
      fprintf(out, "  %-22s %s\n", left, f->help);
  }
}

// Prints "PROG: WHAT "ARG" (see PROG -h)" and returns the usage exit status.
static int bad(const char *prog, const char *what, const char *arg) {
  fprintf(stderr, "%s: %s \"%s\" (see %s -h)\n", prog, what, arg, prog);
  return 2;
}

// Parses a boolean as Go's strconv.ParseBool does; returns 0 on success.
static int parse_bool(const char *s, int *out) {
  static const char *yes[] = {"1", "t", "T", "true", "TRUE", "True"};
  static const char *no[] = {"0", "f", "F", "false", "FALSE", "False"};
  for (size_t i = 0; i < sizeof yes / sizeof yes[0]; i++) {
    if (strcmp(s, yes[i]) == 0) return *out = 1, 0;
    if (strcmp(s, no[i]) == 0) return *out = 0, 0;
  }
  return -1;
}

// Stores a flag's value; returns 0 or 2 after the error line.
static int store(const char *prog, const struct go_flag *f, const char *value) {
  char what[96];
  snprintf(what, sizeof what, "invalid value for -%s:", f->name);
  if (f->type == GO_FLAG_BOOL) return parse_bool(value, f->value) ? bad(prog, what, value) : 0;
  if (f->type == GO_FLAG_LONG) return parse_long(value, f->min, f->max, f->value) ? bad(prog, what, value) : 0;
  if (f->type == GO_FLAG_FUNC) {
    const struct go_flag_func *fn = f->value;
    const char *want = fn->parse(value, fn->dst);
    if (!want) return 0;
    fprintf(stderr, "%s: %s \"%s\": want %s (see %s -h)\n", prog, what, value, want, prog);
    return 2;
  }
  if (value[0] == '\0') return bad(prog, what, value);
  *(const char **)f->value = value;
  return 0;
}

// The table entry named name (len characters), or NULL.
static const struct go_flag *find(const struct go_flag *flags, const char *name, size_t len) {
  for (const struct go_flag *f = flags; f->name; f++)
    if (strlen(f->name) == len && strncmp(f->name, name, len) == 0) return f;
  return NULL;
}

int go_flags_parse(const char *prog, const struct go_flag *flags, int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
    const char *arg = argv[i];
    if (arg[0] != '-' || arg[1] == '\0') return bad(prog, "unexpected argument", arg);
    const char *name = arg + (arg[1] == '-' ? 2 : 1), *eq = strchr(name, '=');
    size_t len = eq ? (size_t)(eq - name) : strlen(name);
    if (!eq && (strcmp(name, "h") == 0 || strcmp(name, "help") == 0)) return go_flags_usage(prog, flags, stdout), 1;
    const struct go_flag *f = len ? find(flags, name, len) : NULL;
    if (!f) return bad(prog, "unknown flag", arg);
    if (!eq && f->type == GO_FLAG_BOOL) {  // -hold alone means true, as in Go
      *(int *)f->value = 1;
      continue;
    }
    const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
    if (!value) return bad(prog, "flag needs a value:", arg);
    int rc = store(prog, f, value);
    if (rc != 0) return rc;
  }
  return 0;
}
