// window_set.c — reads folded-stacks files into per-function self samples.
#include "window_set.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

// The entry for NAME, added with 0 samples if new; NULL when out of memory.
static struct fn_samples *entry(struct window_set *s, const char *name, size_t len) {
  for (size_t i = 0; i < s->n; i++)
    if (strlen(s->fns[i].name) == len && memcmp(s->fns[i].name, name, len) == 0) return &s->fns[i];
  if (s->n == s->cap) {
    size_t cap = s->cap ? 2 * s->cap : 64;
    struct fn_samples *grown = realloc(s->fns, cap * sizeof *grown);
    if (!grown) return NULL;
    s->fns = grown, s->cap = cap;
  }
  char *copy = strndup(name, len);
  if (!copy) return NULL;
  s->fns[s->n] = (struct fn_samples){copy, 0};
  return &s->fns[s->n++];
}

// Adds one line "root;...;leaf COUNT" to the set; -1 if it is not such a line.
static int add_line(struct window_set *s, char *line) {
  line[strcspn(line, "\r\n")] = '\0';
  char *space = strrchr(line, ' '), *end;
  if (!space || space == line) return -1;
  long count = strtol(space + 1, &end, 10);
  if (*end || end == space + 1 || count < 0) return -1;
  *space = '\0';
  char *leaf = strrchr(line, ';');
  leaf = leaf ? leaf + 1 : line;
  struct fn_samples *e = entry(s, leaf, strlen(leaf));
  if (!e) return -1;
  e->samples += count;
  s->total += count;
  return 0;
}

int window_set_add_file(struct window_set *s, const char *path) {
  FILE *f = fopen(path, "r");
  if (!f) {
    fprintf(stderr, "regress: cannot open %s\n", path);
    return -1;
  }
  char *line = NULL;
  size_t cap = 0;
  long lineno = 0;
  int rc = 0;
  while (rc == 0 && getline(&line, &cap, f) > 0) {
    lineno++;
    if (line[0] != '\n' && add_line(s, line) != 0) {
      fprintf(stderr, "regress: %s:%ld: not a folded-stacks line (\"a;b;c COUNT\")\n", path, lineno);
      rc = -1;
    }
  }
  free(line);
  fclose(f);
  if (rc == 0) s->windows++;
  return rc;
}

long window_set_samples(const struct window_set *s, const char *name) {
  for (size_t i = 0; i < s->n; i++)
    if (strcmp(s->fns[i].name, name) == 0) return s->fns[i].samples;
  return 0;
}

void window_set_free(struct window_set *s) {
  for (size_t i = 0; i < s->n; i++) free(s->fns[i].name);
  free(s->fns);
  *s = (struct window_set){0};
}
