// go_flags.h — command lines the way Go's flag package reads them, for the lab
// programs: -name value, -name=value, --name, and -name alone for a boolean.
//
//   long count = 200000; int hold = 0; const char *profile = NULL;
//   const struct go_flag flags[] = {
//       {"count", GO_FLAG_LONG, &count, 1, 1000000000, "number of blocks"},
//       {"hold", GO_FLAG_BOOL, &hold, 0, 0, "keep every block until exit"},
//       {"memprofile", GO_FLAG_STRING, &profile, 0, 0, "write a heap profile to FILE"},
//       {0}};
//   int rc = go_flags_parse("mem_hot", flags, argc, argv);  // 0 ok, 1 help shown, 2 bad input
#ifndef GO_FLAGS_H
#define GO_FLAGS_H

#include <stdio.h>

enum go_flag_type {
  GO_FLAG_LONG,    // a whole number in [min, max]; value points to a long
  GO_FLAG_BOOL,    // true/false (1, t, T, TRUE, true, True, 0, f, ...); value points to an int
  GO_FLAG_STRING,  // a non-empty string; value points to a const char *
  GO_FLAG_FUNC,    // value points to a struct go_flag_func that reads it (e.g. -benchtime 1s|100x)
};

// A flag with its own syntax: parse stores text into dst and returns NULL, or
// what a value should look like ("a duration like 1s") for the error line.
struct go_flag_func {
  const char *(*parse)(const char *text, void *dst);
  void *dst;
  const char *arg;  // the value's name in the usage text, e.g. " 1s|100x"
};

// One flag; a table of them ends with {0}.
struct go_flag {
  const char *name;
  enum go_flag_type type;
  void *value;
  long min, max;     // GO_FLAG_LONG only
  const char *help;  // one line for the usage text
};

// Parses argv by the table. Returns 0; 1 after -h or -help printed the usage on
// stdout; 2 after one line on stderr ("PROG: ...") for a bad flag or value.
int go_flags_parse(const char *prog, const struct go_flag *flags, int argc, char **argv);

// Prints the usage text: one line per flag with its help.
void go_flags_usage(const char *prog, const struct go_flag *flags, FILE *out);

#endif
