// release.h — the app that step 08 watches with continuous profiling: an order
// endpoint made of five code paths, and a "new release" switch that quietly
// makes one of them slower.
#ifndef RELEASE_H
#define RELEASE_H

#include "server.h"

// GET /app/order?items=N (1..64, default 8): runs the five code paths for one order.
enum MHD_Result app_order(struct request *r);

// GET /admin/release: the live release and the code paths.
// POST /admin/release?version=2[&slow=PATH | &seed=HEX]: deploys release 2, in which
// PATH (or the path the seed picks, or one at random) does more work; version=1 rolls back.
enum MHD_Result admin_release(struct request *r);

#endif
