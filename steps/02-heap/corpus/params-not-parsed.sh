#!/usr/bin/env bash
# wrong: no leak because the parameters are no longer parsed at all: every page is the default one (the byte count does not change)
# fails: serve still renders the same responses (2000 requests, byte for byte)
# says: found:    served 2000 requests, 1872900 response bytes (checksum
cp "$STARTER/src/request.c" src/request.c
sed -i 's|^  req->params = parse_params(query, &req->nparams);|  req->params = parse_params(NULL, \&req->nparams);|' src/request.c
sed -i 's|^  free(req->path);|  free(req->params);\n  free(req->path);|' src/request.c
grep -q 'parse_params(NULL' src/request.c && make -s out/serve
