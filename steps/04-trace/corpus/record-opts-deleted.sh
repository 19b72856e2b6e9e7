#!/usr/bin/env bash
# wrong: src/record.opts deleted: the checks say how to get it back, no raw sed error
# fails: out/trace.json is a Chrome trace-event file written by uftrace
# says: src/record.opts, the options of uftrace record
rm src/record.opts
