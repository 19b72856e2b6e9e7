// profile-merge.c — merges gperftools CPU profiles of ONE process (consecutive
// windows of a server) into one profile that google-pprof reads like any other:
//
//   profile-merge -o OUT FILE...
//   profile-merge --callers-fixed -o OUT FILE
//
// Output: the first file's header, every file's sample records, the trailer,
// and the last file's memory map. Addresses only mean something inside the
// process that recorded them, so every file must come from the same process
// (the executable mapped at the same address, same inode) and share one
// sampling period; otherwise it refuses in one line (merge folded stacks then).
// The output is written to OUT.tmp and renamed: never half a file.
// --callers-fixed writes one profile with every caller address less one, as
// google-pprof --raw writes the profile after its symbol table, and without its
// memory map: with the table of a merge of the windows before it, google-pprof
// folds a window without running nm, objdump and addr2line again
// (tools/collector/windows does), and without a map it runs no objdump -h on
// each of the server's twenty libraries either (a tenth of the CPU time).
// Exit status: 0 merged, 1 a file is not a profile or does not belong, 2 usage.
// It reuses the profile inspector's parser (tools/profile-inspector).
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "inspect.h"

// One input: its bytes, what the parser learned, and where its records end (in words).
struct input {
  const char *path;
  struct buffer buf;
  struct profile *p;
  size_t records_end;  // the word where the trailer 0,1,0 starts
};

// Reads word i of a buffer.
static uint64_t word(const struct buffer *b, size_t i) {
  uint64_t w;
  memcpy(&w, b->data + i * sizeof w, sizeof w);
  return w;
}

// Finds the trailer after the records of a profile the parser accepted.
static size_t find_trailer(const struct buffer *b) {
  size_t i = 5;
  while (!(word(b, i) == 0 && word(b, i + 1) == 1)) i += 2 + (size_t)word(b, i + 1);
  return i;
}

// The first file-backed mapping: the profiled executable.
static const struct mapping *executable(const struct profile *p) {
  for (size_t i = 0; i < p->nmaps; i++)
    if (p->maps[i].path_len > 0 && p->maps[i].path[0] == '/') return &p->maps[i];
  return NULL;
}

// Loads and checks one input; prints why and returns -1 if it cannot be merged with FIRST.
static int load_input(struct input *in, const struct input *first) {
  char err[512];
  in->p = calloc(1, sizeof *in->p);
  if (!in->p || load_file(in->path, &in->buf, err, sizeof err) != 0 || (in->p->kind = sniff_kind(&in->buf)) != KIND_CPU ||
      parse_cpu(&in->buf, in->p, err, sizeof err) != 0) {
    fprintf(stderr, "profile-merge: %s: %s\n", in->path, in->p && in->p->kind != KIND_CPU && in->buf.data ? "not a CPU profile" : err);
    return -1;
  }
  in->records_end = find_trailer(&in->buf);
  if (!first) return 0;
  const struct mapping *a = executable(first->p), *b = executable(in->p);
  if (in->p->period_us != first->p->period_us) {
    fprintf(stderr, "profile-merge: %s: sampled every %llu us, %s every %llu us\n", in->path,
            (unsigned long long)in->p->period_us, first->path, (unsigned long long)first->p->period_us);
    return -1;
  }
  if (!a || !b || a->start != b->start || a->inode != b->inode || a->path_len != b->path_len ||
      memcmp(a->path, b->path, a->path_len) != 0) {
    fprintf(stderr, "profile-merge: %s: not from the same process as %s (restarted or rebuilt?): merge folded stacks instead\n",
            in->path, first->path);
    return -1;
  }
  return 0;
}

// Writes the merged profile to F: first header, all records, trailer, last memory map.
static int write_merged(FILE *f, const struct input *in, int n) {
  static const uint64_t trailer[3] = {0, 1, 0};
  int ok = fwrite(in[0].buf.data, sizeof(uint64_t), 5, f) == 5;
  for (int i = 0; i < n && ok; i++) {
    size_t words = in[i].records_end - 5;
    ok = fwrite(in[i].buf.data + 5 * sizeof(uint64_t), sizeof(uint64_t), words, f) == words;
  }
  const struct buffer *last = &in[n - 1].buf;
  size_t maps_at = (in[n - 1].records_end + 3) * sizeof(uint64_t);
  ok = ok && fwrite(trailer, sizeof trailer, 1, f) == 1;
  return ok && fwrite(last->data + maps_at, 1, last->len - maps_at, f) == last->len - maps_at ? 0 : -1;
}

// Writes IN to F with each stack's caller addresses (all but the first) less one, and the
// trailer, but no memory map (the symbol table put before it names every address).
static int write_callers_fixed(FILE *f, const struct input *in) {
  static const uint64_t trailer[3] = {0, 1, 0};
  const struct buffer *b = &in->buf;
  int ok = fwrite(b->data, sizeof(uint64_t), 5, f) == 5;
  for (size_t i = 5; i < in->records_end && ok; i += 2 + (size_t)word(b, i + 1)) {
    uint64_t depth = word(b, i + 1);
    for (size_t j = 0; j < 2 + depth && ok; j++) {
      uint64_t w = word(b, i + j) - (j >= 3 ? 1 : 0);
      ok = fwrite(&w, sizeof w, 1, f) == 1;
    }
  }
  return ok && fwrite(trailer, sizeof trailer, 1, f) == 1 ? 0 : -1;
}

int main(int argc, char **argv) {
  int fixed = argc > 1 && strcmp(argv[1], "--callers-fixed") == 0;
  if (argc < 4 + fixed || strcmp(argv[1 + fixed], "-o") != 0 || (fixed && argc != 5)) {
    fprintf(stderr, "usage: profile-merge -o OUT FILE...   (gperftools CPU profiles of one process)\n"
                    "       profile-merge --callers-fixed -o OUT FILE\n");
    return 2;
  }
  const char *out = argv[2 + fixed];
  int n = argc - 3 - fixed;
  struct input *in = calloc((size_t)n, sizeof *in);
  if (!in) return 1;
  for (int i = 0; i < n; i++) {
    in[i].path = argv[3 + fixed + i];
    if (load_input(&in[i], i ? &in[0] : NULL) != 0) return 1;
  }
  char tmp[4096];
  snprintf(tmp, sizeof tmp, "%s.tmp", out);
  FILE *f = fopen(tmp, "wb");
  if (!f || (fixed ? write_callers_fixed(f, in) : write_merged(f, in, n)) != 0 || fclose(f) != 0 || rename(tmp, out) != 0) {
    fprintf(stderr, "profile-merge: cannot write %s\n", out);
    remove(tmp);
    return 1;
  }
  return 0;
}
