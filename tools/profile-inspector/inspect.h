// inspect.h — what the profile inspector learns from one profile file.
#ifndef INSPECT_H
#define INSPECT_H

#include <stddef.h>
#include <stdint.h>

// Most mappings kept from a profile's memory map; more are counted, not kept.
#define MAX_MAPPINGS 4096

enum profile_kind { KIND_UNKNOWN, KIND_CPU, KIND_HEAP, KIND_CONTENTION };

// One line of /proc/self/maps as the profile recorded it.
struct mapping {
  uint64_t start, end, offset, inode;
  int executable;       // perms contain 'x'
  const char *path;     // points into the profile buffer; "" when anonymous
  size_t path_len;
};

// The summary the inspector prints and the checks read.
struct profile {
  enum profile_kind kind;
  uint64_t records;       // stack records (rows)
  uint64_t samples;       // cpu: sum of counts; contention: sum of counts
  uint64_t period_us;     // cpu: sampling period
  uint64_t delay;         // contention: sum of delays (cycles)
  uint64_t cycles_per_second, sampling_period;  // contention header
  uint64_t inuse_objects, inuse_bytes, alloc_objects, alloc_bytes;  // heap totals
  char heap_sampler[32];  // heap: "heapprofile" or "heap_v2/N"
  uint64_t pcs, pcs_mapped;  // stack addresses, and how many fall inside executable mappings
  struct mapping maps[MAX_MAPPINGS];
  size_t nmaps;
};

// A file in memory, NUL-terminated for the text parsers.
struct buffer {
  char *data;
  size_t len;
};

// Each parser returns 0, or -1 after writing a one-line reason into err.
int load_file(const char *path, struct buffer *buf, char *err, size_t errlen);
enum profile_kind sniff_kind(const struct buffer *buf);
int parse_cpu(const struct buffer *buf, struct profile *p, char *err, size_t errlen);
int parse_heap(const struct buffer *buf, struct profile *p, char *err, size_t errlen);
int parse_contention(const struct buffer *buf, struct profile *p, char *err, size_t errlen);
// Parses memory-map lines from text[0..len); returns the number of mappings kept.
size_t parse_maps(const char *text, size_t len, struct profile *p);
// Parses the memory map and checks it is complete; -1 with a reason in err otherwise.
int check_maps(const char *text, size_t len, struct profile *p, char *err, size_t errlen);
// Counts a stack address, noting whether an executable mapping contains it.
void count_pc(struct profile *p, uint64_t pc);
const char *kind_name(enum profile_kind kind);

#endif
