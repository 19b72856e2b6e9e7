// contention.c — validates a legacy contention profile (text), the format both
// google-pprof and go tool pprof read:
//   --- contention:
//   cycles/second = 1000000000
//   sampling period = 1
//   <delay> <count> @ 0x... 0x...
//   --- Memory map: ---
//   <maps>
#include <stdio.h>
#include <string.h>

#include "text.h"

// The line that separates the rows from the memory map.
#define MAP_MARKER "--- Memory map: ---"

// Reads a "key = value" header line into p; -1 for a key both pprofs would not accept.
static int parse_header_line(const char *line, const char *end, struct profile *p) {
  const char *eq = memchr(line, '=', (size_t)(end - line));
  if (!eq) return -1;
  const char *key_end = eq;
  while (key_end > line && key_end[-1] == ' ') key_end--;
  size_t klen = (size_t)(key_end - line);
  const char *v = eq + 1;
  uint64_t value;
  if (decimal_at(&v, end, &value) != 0 || blanks(v, end) != end) return -1;
  if (klen == 13 && memcmp(line, "cycles/second", 13) == 0) p->cycles_per_second = value;
  else if (klen == 15 && memcmp(line, "sampling period", 15) == 0) p->sampling_period = value;
  else return -1;
  return 0;
}

// Reads one "<delay> <count> @ pcs" row into p.
static int parse_row(const char *line, const char *end, struct profile *p) {
  uint64_t delay, count;
  const char *s = line;
  if (decimal_at(&s, end, &delay) != 0 || decimal_at(&s, end, &count) != 0) return -1;
  if (parse_stack(s, end, p) < 0) return -1;
  p->records++;
  p->delay += delay;
  p->samples += count;
  return 0;
}

// Reads the header and rows up to the memory-map marker.
static int parse_body(struct lines *it, struct profile *p, char *err, size_t errlen) {
  const char *line, *end;
  while (next_line(it, &line, &end)) {
    if (end == line) continue;
    if (line_is(line, end, MAP_MARKER)) return 0;
    int rc = (line[0] >= '0' && line[0] <= '9' && memchr(line, '@', (size_t)(end - line)))
                 ? parse_row(line, end, p)
                 : (p->records == 0 ? parse_header_line(line, end, p) : -1);
    if (rc != 0) {
      snprintf(err, errlen, "line %zu is neither a \"key = value\" header nor a \"delay count @ pcs\" row",
               it->number);
      return -1;
    }
  }
  snprintf(err, errlen, "truncated: no \"--- Memory map: ---\" line after the rows");
  return -1;
}

int parse_contention(const struct buffer *buf, struct profile *p, char *err, size_t errlen) {
  const char *maps = find_marker_line(buf, MAP_MARKER);
  if (!maps) {
    snprintf(err, errlen, "truncated: no \"" MAP_MARKER "\" line");
    return -1;
  }
  if (check_maps(maps, (size_t)(buf->data + buf->len - maps), p, err, errlen) != 0) return -1;
  struct lines it = {buf->data, buf->data + buf->len, 0};
  const char *line, *end;
  if (!next_line(&it, &line, &end) || !line_is(line, end, "--- contention:")) {
    snprintf(err, errlen, "bad first line: want \"--- contention:\"");
    return -1;
  }
  if (parse_body(&it, p, err, errlen) != 0) return -1;
  if (p->cycles_per_second == 0) {
    snprintf(err, errlen, "missing \"cycles/second = N\" header line");
    return -1;
  }
  return 0;
}
