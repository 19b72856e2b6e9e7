// window_set.h — a set of profile windows, read from folded stacks
// ("root;...;leaf COUNT", one file per window): each function's self samples
// (the samples where it was the leaf), summed over the windows.
#ifndef WINDOW_SET_H
#define WINDOW_SET_H

#include <stddef.h>

// One function and its self samples in the set.
struct fn_samples {
  char *name;
  long samples;
};

// The windows read so far: every function seen as a leaf, and the totals.
struct window_set {
  struct fn_samples *fns;
  size_t n, cap;
  long total;   // every sample of every window in the set
  int windows;  // how many window files were read
};

// Adds one window (a folded-stacks file) to the set; returns 0, or -1 with a message on stderr.
int window_set_add_file(struct window_set *s, const char *path);

// The self samples of the function NAME in the set (0 if it never was a leaf).
long window_set_samples(const struct window_set *s, const char *name);

// Frees what the set holds.
void window_set_free(struct window_set *s);

#endif
