// load.c — reads a profile file into memory and guesses its kind from the first bytes.
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "inspect.h"

// Larger files are refused: no real profile in this workbook comes close.
#define MAX_PROFILE_BYTES (1024u * 1024u * 1024u)

int load_file(const char *path, struct buffer *buf, char *err, size_t errlen) {
  struct stat st;
  FILE *f = fopen(path, "rb");
  if (!f) {
    snprintf(err, errlen, "cannot open: %s", strerror(errno));
    return -1;
  }
  if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
    snprintf(err, errlen, "not a regular file");
    fclose(f);
    return -1;
  }
  if ((uint64_t)st.st_size > MAX_PROFILE_BYTES) {
    snprintf(err, errlen, "too large (%lld bytes) to be a profile", (long long)st.st_size);
    fclose(f);
    return -1;
  }
  buf->len = (size_t)st.st_size;
  buf->data = malloc(buf->len + 1);
  if (!buf->data || fread(buf->data, 1, buf->len, f) != buf->len) {
    snprintf(err, errlen, "cannot read the file");
    free(buf->data);
    buf->data = NULL;
    fclose(f);
    return -1;
  }
  buf->data[buf->len] = '\0';
  fclose(f);
  if (buf->len == 0) {
    snprintf(err, errlen, "empty file: not a profile");
    return -1;
  }
  return 0;
}

// True if the buffer starts with the given text.
static int starts_with(const struct buffer *buf, const char *text) {
  size_t n = strlen(text);
  return buf->len >= n && memcmp(buf->data, text, n) == 0;
}

enum profile_kind sniff_kind(const struct buffer *buf) {
  static const uint64_t cpu_header[3] = {0, 3, 0};
  if (buf->len >= sizeof cpu_header && memcmp(buf->data, cpu_header, sizeof cpu_header) == 0) return KIND_CPU;
  if (starts_with(buf, "heap profile:")) return KIND_HEAP;
  if (starts_with(buf, "--- contention")) return KIND_CONTENTION;
  return KIND_UNKNOWN;
}

const char *kind_name(enum profile_kind kind) {
  switch (kind) {
    case KIND_CPU: return "cpu";
    case KIND_HEAP: return "heap";
    case KIND_CONTENTION: return "contention";
    default: return "unknown";
  }
}
