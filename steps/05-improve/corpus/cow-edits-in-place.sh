#!/usr/bin/env bash
# wrong: readers take no lock, but the writer still changes the one published version in place (the before's update, under the table's lock), so a reader can see it half written
# fails: the copy-on-write table has no data race (valgrind helgrind on out/prices cow)
# says: Possible data race
perl -0pi -e 's/(int prices_update_cow\(struct price_table \*t, int from, int to, int64_t amount\) \{\n).*?\n\}\n/$1  return prices_update_locked(t, from, to, amount);\n}\n/s' src/prices_cow.c
grep -q '^  return prices_update_locked(t, from, to, amount);$' src/prices_cow.c
