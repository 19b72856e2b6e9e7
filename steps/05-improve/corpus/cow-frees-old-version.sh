#!/usr/bin/env bash
# wrong: the writer publishes a copy and frees the old version at once, while a reader may still be reading it
# fails: the copy-on-write writer publishes a new version and never changes a published one (memcheck on out/results cow)
# says: Invalid read
perl -0pi -e 's/  next->older = old;[^\n]*\n/  next->older = NULL;\n/; s/(  pthread_mutex_unlock\(&t->lock\);\n  return 0;\n\}\n\/\/< prices-cow)/  free(old);\n$1/' src/prices_cow.c
grep -q '^  free(old);$' src/prices_cow.c
