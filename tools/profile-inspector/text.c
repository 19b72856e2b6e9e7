// text.c — line-by-line helpers shared by the text profile formats.
#include <string.h>

#include "text.h"

int next_line(struct lines *it, const char **line, const char **end) {
  if (it->at >= it->stop) return 0;
  const char *nl = memchr(it->at, '\n', (size_t)(it->stop - it->at));
  *line = it->at;
  *end = nl ? nl : it->stop;
  if (*end > *line && (*end)[-1] == '\r') (*end)--;
  it->at = nl ? nl + 1 : it->stop;
  it->number++;
  return 1;
}

const char *blanks(const char *p, const char *end) {
  while (p < end && (*p == ' ' || *p == '\t')) p++;
  return p;
}

int decimal_at(const char **s, const char *end, uint64_t *out) {
  const char *p = blanks(*s, end);
  uint64_t v = 0;
  int digits = 0;
  for (; p < end && *p >= '0' && *p <= '9'; p++, digits++) {
    if (v > (UINT64_MAX - 9) / 10) return -1;
    v = v * 10 + (uint64_t)(*p - '0');
  }
  if (digits == 0) return -1;
  *s = p;
  *out = v;
  return 0;
}

// Parses one "0x..." address at *s, advancing *s.
static int address_at(const char **s, const char *end, uint64_t *out) {
  const char *p = *s;
  if (end - p < 3 || p[0] != '0' || (p[1] != 'x' && p[1] != 'X')) return -1;
  p += 2;
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
  if (digits == 0 || (p < end && *p != ' ' && *p != '\t')) return -1;
  *s = p;
  *out = v;
  return 0;
}

int parse_stack(const char *p, const char *end, struct profile *prof) {
  p = blanks(p, end);
  if (p >= end || *p != '@') return -1;
  p++;
  int n = 0;
  for (p = blanks(p, end); p < end; p = blanks(p, end), n++) {
    uint64_t pc;
    if (address_at(&p, end, &pc) != 0) return -1;
    if (prof) count_pc(prof, pc);
  }
  return n > 0 ? n : -1;
}

int line_is(const char *line, const char *end, const char *text) {
  size_t n = strlen(text);
  return (size_t)(end - line) == n && memcmp(line, text, n) == 0;
}

const char *find_marker_line(const struct buffer *buf, const char *marker) {
  struct lines it = {buf->data, buf->data + buf->len, 0};
  const char *line, *end;
  while (next_line(&it, &line, &end))
    if (line_is(line, end, marker)) return it.at;
  return NULL;
}
