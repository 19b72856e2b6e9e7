#!/usr/bin/env bash
# wrong: no Content-Length limit: the server reads (and waits for) every body before refusing it
# fails: request limits, /work included: a URL over 1024 bytes is 414, more than 8 parameters 400, a Content-Length over 65536 413
# says: a POST announcing 100000 bytes
. corpus/guard.bash
guard_replace '  if (r->content_length > MAX_BODY_BYTES) return snprintf(why, n, "body too large (at most %d bytes)", MAX_BODY_BYTES), 413;
' ''
rebuild_server
