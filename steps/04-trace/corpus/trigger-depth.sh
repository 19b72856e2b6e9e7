#!/usr/bin/env bash
# right: a trigger instead of -N: nothing below busy_for is recorded (-T busy_for@depth=1), which leaves out the same clock_gettime calls
printf '%s\n' '# Record busy_for itself, none of what it calls.' '-T busy_for@depth=1' >src/record.opts
make -s run >/dev/null
