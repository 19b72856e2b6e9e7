// text.h — line-by-line helpers shared by the text profile formats (heap, contention).
#ifndef TEXT_H
#define TEXT_H

#include <stddef.h>
#include <stdint.h>

#include "inspect.h"

// A cursor over the lines of a buffer.
struct lines {
  const char *at, *stop;
  size_t number;  // 1-based number of the line last returned
};

// Returns the next line (without its newline) in *line/*end, or 0 at the end of the text.
int next_line(struct lines *it, const char **line, const char **end);
// Parses a decimal number at *s (after blanks), advancing *s; -1 if there is none.
int decimal_at(const char **s, const char *end, uint64_t *out);
// Skips blanks; returns the new position.
const char *blanks(const char *p, const char *end);
// Parses "@ 0xPC 0xPC ..." at p and counts each address; -1 unless there is at least one.
int parse_stack(const char *p, const char *end, struct profile *prof);
// True if the line [line, end) is exactly text.
int line_is(const char *line, const char *end, const char *text);
// Finds the line that equals marker; returns the text after it, or NULL.
const char *find_marker_line(const struct buffer *buf, const char *marker);

#endif
