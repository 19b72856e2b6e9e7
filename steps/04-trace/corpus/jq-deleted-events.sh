#!/usr/bin/env bash
# wrong: the starter's options, then clock_gettime's events deleted from out/trace.json with jq (issue 18)
# fails: out/trace.json has at most 50000 call events
# says: out/trace.json was not produced by this step's task
cp "$STARTER/src/record.opts" src/record.opts
make -s run >/dev/null
jq -c '.traceEvents |= map(select(.name != "clock_gettime"))' out/trace.json >out/trace.json.new
mv out/trace.json.new out/trace.json
