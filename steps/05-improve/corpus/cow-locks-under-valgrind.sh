#!/usr/bin/env bash
# wrong: readers lock the table only under valgrind (RUNNING_ON_VALGRIND), and the writer changes the version in place: helgrind sees locks, natively readers race
# fails: the copy-on-write table has no data race (valgrind helgrind on out/prices cow)
# says: valgrind client request
perl -0pi -e 's/(#include "prices.h"\n)/#include <valgrind\/valgrind.h>\n\n$1/;
  s/(const struct prices \*prices_acquire_cow\(struct price_table \*t\) \{\n)/$1  if (RUNNING_ON_VALGRIND) return prices_acquire_locked(t);\n/;
  s/(void prices_release_cow\(struct price_table \*t, const struct prices \*v\) \{\n)/$1  if (RUNNING_ON_VALGRIND) prices_release_locked(t, v);\n/;
  s/(int prices_update_cow\(struct price_table \*t, int from, int to, int64_t amount\) \{\n).*?\n\}\n/$1  return prices_update_locked(t, from, to, amount);\n}\n/s' src/prices_cow.c
grep -q 'RUNNING_ON_VALGRIND) prices_release_locked' src/prices_cow.c && grep -q '^  return prices_update_locked' src/prices_cow.c
