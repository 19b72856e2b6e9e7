// maps.c — reads the /proc/self/maps text that every gperftools profile carries,
// and checks stack addresses against it.
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inspect.h"

// Parses a hex number at *s, advancing *s; returns -1 if there are no digits.
static int hex_at(const char **s, const char *end, uint64_t *out) {
  const char *p = *s;
  uint64_t v = 0;
  int digits = 0;
  for (; p < end; p++, digits++) {
    int c = (unsigned char)*p, d;
    if (c >= '0' && c <= '9') d = c - '0';
    else if (c >= 'a' && c <= 'f') d = c - 'a' + 10;
    else if (c >= 'A' && c <= 'F') d = c - 'A' + 10;
    else break;
    if (digits >= 16) return -1;
    v = v << 4 | (uint64_t)d;
  }
  if (digits == 0) return -1;
  *s = p;
  *out = v;
  return 0;
}

// Skips spaces and tabs.
static const char *skip_blanks(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\t')) p++;
  return p;
}

// Skips one field (non-blank run).
static const char *skip_field(const char *p, const char *end) {
  while (p < end && *p != ' ' && *p != '\t') p++;
  return p;
}

// Parses one maps line "start-end perms offset dev inode [path]"; 0 on success.
static int parse_line(const char *p, const char *end, struct mapping *m) {
  const char *perms;
  if (hex_at(&p, end, &m->start) != 0 || p >= end || *p++ != '-') return -1;
  if (hex_at(&p, end, &m->end) != 0 || m->end <= m->start) return -1;
  p = skip_blanks(p, end);
  perms = p;
  p = skip_field(p, end);
  if (p - perms != 4) return -1;
  m->executable = perms[2] == 'x';
  p = skip_blanks(p, end);
  if (hex_at(&p, end, &m->offset) != 0) return -1;
  p = skip_field(skip_blanks(p, end), end);  // device "fe:01"
  p = skip_blanks(p, end);
  char *after;
  m->inode = strtoull(p, &after, 10);
  if (after == p || after > end) return -1;
  p = skip_blanks(after, end);
  m->path = p;
  m->path_len = (size_t)(end - p);
  while (m->path_len > 0 && (p[m->path_len - 1] == '\r' || p[m->path_len - 1] == ' ')) m->path_len--;
  return 0;
}

size_t parse_maps(const char *text, size_t len, struct profile *p) {
  const char *s = text, *stop = text + len;
  size_t found = 0;
  while (s < stop) {
    const char *nl = memchr(s, '\n', (size_t)(stop - s));
    const char *end = nl ? nl : stop;
    struct mapping m;
    if (parse_line(s, end, &m) == 0) {
      found++;
      if (p->nmaps < MAX_MAPPINGS) p->maps[p->nmaps++] = m;
    }
    s = nl ? nl + 1 : stop;
  }
  return found;
}

int check_maps(const char *text, size_t len, struct profile *p, char *err, size_t errlen) {
  if (parse_maps(text, len, p) == 0) {
    snprintf(err, errlen, "truncated: no memory map after the samples");
    return -1;
  }
  // Every Linux process maps a [stack], near the end of the list; a cut file loses it.
  int stack = 0;
  for (size_t i = 0; i < p->nmaps && !stack; i++)
    stack = p->maps[i].path_len == 7 && memcmp(p->maps[i].path, "[stack]", 7) == 0;
  if (len == 0 || text[len - 1] != '\n' || !stack) {
    snprintf(err, errlen, "truncated: the memory map is cut off (no [stack] line or no final newline)");
    return -1;
  }
  return 0;
}

void count_pc(struct profile *p, uint64_t pc) {
  p->pcs++;
  for (size_t i = 0; i < p->nmaps; i++) {
    const struct mapping *m = &p->maps[i];
    // gperftools stores return addresses; allow one past the end of a mapping.
    if (m->executable && pc >= m->start && pc <= m->end) {
      p->pcs_mapped++;
      return;
    }
  }
}
