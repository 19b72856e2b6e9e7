#!/usr/bin/env bash
# right: a trigger instead of -N: nothing below busy_for (the variant's name for it) is recorded (-T busy_for@depth=1), which leaves out the same clock_gettime calls
holder=$(make -s --no-print-directory print-HOLDER)
printf '%s\n' "# Record $holder itself, none of what it calls." "-T $holder@depth=1" >src/record.opts
make -s run >/dev/null
