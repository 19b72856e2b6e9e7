// cpu.c — validates a gperftools CPU profile (the binary format, 64-bit words).
#include <stdio.h>
#include <string.h>

#include "inspect.h"

// gperftools never records deeper stacks than this; a bigger count means corruption.
#define MAX_DEPTH 1024

// Reads word i of the buffer (native byte order, as gperftools writes it).
static uint64_t word(const struct buffer *buf, size_t i) {
  uint64_t w;
  memcpy(&w, buf->data + i * sizeof w, sizeof w);
  return w;
}

// Checks the five header words: 0, 3, 0, period, 0.
static int check_header(const struct buffer *buf, size_t nwords, struct profile *p, char *err, size_t errlen) {
  if (nwords < 5 || word(buf, 0) != 0 || word(buf, 1) != 3 || word(buf, 2) != 0 || word(buf, 4) != 0) {
    snprintf(err, errlen, "not a gperftools CPU profile (bad header)");
    return -1;
  }
  p->period_us = word(buf, 3);
  if (p->period_us == 0 || p->period_us > 1000000) {
    snprintf(err, errlen, "implausible sampling period %llu us in the header", (unsigned long long)p->period_us);
    return -1;
  }
  return 0;
}

// Walks the sample records up to the trailer 0,1,0; returns the word after it or 0 on error.
static size_t walk_records(const struct buffer *buf, size_t nwords, struct profile *p, char *err, size_t errlen) {
  size_t i = 5;
  while (i + 2 <= nwords) {
    uint64_t count = word(buf, i), npcs = word(buf, i + 1);
    if (count == 0 && npcs == 1 && i + 3 <= nwords && word(buf, i + 2) == 0) return i + 3;
    if (count == 0 || npcs == 0 || npcs > MAX_DEPTH) {
      snprintf(err, errlen, "corrupt sample record at byte %zu (count %llu, depth %llu)", i * 8,
               (unsigned long long)count, (unsigned long long)npcs);
      return 0;
    }
    if (npcs > nwords - i - 2) break;
    p->records++;
    p->samples += count;
    i += 2 + (size_t)npcs;
  }
  snprintf(err, errlen, "truncated: the profile ends before its trailer (cut off or still being written)");
  return 0;
}

// Second pass, once the memory map is known: checks every stack address against it.
static void count_record_pcs(const struct buffer *buf, size_t end, struct profile *p) {
  for (size_t i = 5; i + 2 <= end - 3;) {
    uint64_t npcs = word(buf, i + 1);
    for (uint64_t k = 0; k < npcs; k++) count_pc(p, word(buf, i + 2 + k));
    i += 2 + (size_t)npcs;
  }
}

int parse_cpu(const struct buffer *buf, struct profile *p, char *err, size_t errlen) {
  size_t nwords = buf->len / sizeof(uint64_t);
  if (check_header(buf, nwords, p, err, errlen) != 0) return -1;
  size_t after = walk_records(buf, nwords, p, err, errlen);
  if (after == 0) return -1;
  size_t text_at = after * sizeof(uint64_t);
  if (check_maps(buf->data + text_at, buf->len - text_at, p, err, errlen) != 0) return -1;
  count_record_pcs(buf, after, p);
  return 0;
}
