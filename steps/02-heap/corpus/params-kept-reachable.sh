#!/usr/bin/env bash
# wrong: every parameter array kept in a global list: memcheck's "definitely lost" goes, the growth stays
# fails: serve's memory in use at exit does not grow with the number of requests
# says: after 4000
cp "$STARTER/src/request.c" src/request.c
sed -i 's|^  struct param \*params = calloc(MAX_PARAMS, sizeof \*params);|&\n  static void **kept;\n  static size_t nkept;\n  void **more = realloc(kept, (nkept + 1) * sizeof *kept);\n  if (more) { kept = more; kept[nkept++] = params; }|' src/request.c
grep -q 'kept\[nkept++\]' src/request.c && make -s out/serve
