#!/usr/bin/env bash
# wrong: frees the parameter array only when the request had parameters (a request without a query still gets one)
# fails: memcheck finds no definitely lost bytes in serve (the checker's own run)
# says: definitely lost:
sed -i 's|^  free(req->params);|  if (req->nparams > 0) free(req->params);|' src/request.c
grep -q 'if (req->nparams > 0) free' src/request.c && make -s out/serve
