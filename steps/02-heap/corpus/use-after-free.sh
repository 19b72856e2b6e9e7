#!/usr/bin/env bash
# wrong: frees the parameter array, then reads a parameter from it for a log line (works natively, by luck)
# fails: memcheck finds no invalid reads, writes or frees in serve (the checker's own run)
# says: Invalid read of size 8 at request_free (request.c:
sed -i 's|^  free(req->params);|&\n  if (req->nparams > 1 \&\& req->params[1].value[0] == '"'?'"') fprintf(stderr, "request: odd limit\\n");|' src/request.c
grep -q 'odd limit' src/request.c && make -s out/serve
