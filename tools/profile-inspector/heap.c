// heap.c — validates a gperftools heap profile (text):
//   heap profile: INUSE_OBJS: INUSE_BYTES [ALLOC_OBJS: ALLOC_BYTES] @ heapprofile
//   objs: bytes [objs: bytes] @ 0x... 0x...
//   MAPPED_LIBRARIES:
//   <maps>
#include <stdio.h>
#include <string.h>

#include "text.h"

// Parses "objs: bytes [objs: bytes] @" at the start of p; returns the position of '@' or NULL.
static const char *parse_counts(const char *p, const char *end, uint64_t v[4]) {
  if (decimal_at(&p, end, &v[0]) != 0 || p >= end || *p++ != ':') return NULL;
  if (decimal_at(&p, end, &v[1]) != 0) return NULL;
  p = blanks(p, end);
  if (p >= end || *p++ != '[') return NULL;
  if (decimal_at(&p, end, &v[2]) != 0 || p >= end || *p++ != ':') return NULL;
  if (decimal_at(&p, end, &v[3]) != 0) return NULL;
  p = blanks(p, end);
  if (p >= end || *p++ != ']') return NULL;
  p = blanks(p, end);
  return p < end && *p == '@' ? p : NULL;
}

// Reads the header line: the totals and the sampler name after '@'.
static int parse_header(const char *line, const char *end, struct profile *p, uint64_t tot[4]) {
  const char *at = parse_counts(line + strlen("heap profile:"), end, tot);
  if (!at) return -1;
  at = blanks(at + 1, end);
  size_t n = (size_t)(end - at);
  if (n == 0 || n >= sizeof p->heap_sampler) return -1;
  memcpy(p->heap_sampler, at, n);
  p->heap_sampler[n] = '\0';
  if (strcmp(p->heap_sampler, "heapprofile") != 0 && strncmp(p->heap_sampler, "heap_v2/", 8) != 0) return -1;
  return 0;
}

// Reads the rows up to MAPPED_LIBRARIES:, summing them into p.
static int parse_rows(struct lines *it, struct profile *p, char *err, size_t errlen) {
  const char *line, *end;
  while (next_line(it, &line, &end)) {
    if (end == line) continue;
    if (line_is(line, end, "MAPPED_LIBRARIES:")) return 0;
    uint64_t v[4];
    const char *at = parse_counts(line, end, v);
    if (!at || parse_stack(at, end, p) < 0) {
      snprintf(err, errlen, "line %zu is not a heap profile row", it->number);
      return -1;
    }
    p->records++;
    p->inuse_objects += v[0];
    p->inuse_bytes += v[1];
    p->alloc_objects += v[2];
    p->alloc_bytes += v[3];
  }
  snprintf(err, errlen, "truncated: no MAPPED_LIBRARIES: section after the rows");
  return -1;
}

int parse_heap(const struct buffer *buf, struct profile *p, char *err, size_t errlen) {
  const char *maps = find_marker_line(buf, "MAPPED_LIBRARIES:");
  if (!maps) {
    snprintf(err, errlen, "truncated: no MAPPED_LIBRARIES: section");
    return -1;
  }
  if (check_maps(maps, (size_t)(buf->data + buf->len - maps), p, err, errlen) != 0) return -1;
  struct lines it = {buf->data, buf->data + buf->len, 0};
  const char *line, *end;
  uint64_t tot[4];
  if (!next_line(&it, &line, &end) || parse_header(line, end, p, tot) != 0) {
    snprintf(err, errlen, "bad header line: want \"heap profile: N: N [N: N] @ heapprofile\"");
    return -1;
  }
  if (parse_rows(&it, p, err, errlen) != 0) return -1;
  if (tot[0] != p->inuse_objects || tot[1] != p->inuse_bytes || tot[2] != p->alloc_objects ||
      tot[3] != p->alloc_bytes) {
    snprintf(err, errlen, "the header totals do not equal the sum of the rows (the profile was edited)");
    return -1;
  }
  return 0;
}
