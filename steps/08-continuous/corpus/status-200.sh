#!/usr/bin/env bash
# wrong: 200, as if /debug/pprof/profile had run a second profile beside the always-on windows
# fails: answer profile_status is what /debug/pprof/profile answered while always-on profiling ran
# says: profile_status: 200
. ../../lib/answers.sh
answer_put answers.md profile_status 200
