#!/usr/bin/env bash
# wrong: events deleted from out/trace.json with jq after the task (issue 18 did it to the starter's trace; any edit is the same forgery)
# fails: out/trace.json has at most 50000 call events
# says: out/trace.json was not produced by this step's task
jq -c '.traceEvents |= map(select(.name != "hash_round" and .name != "fold_bits"))' out/trace.json >out/trace.json.new
mv out/trace.json.new out/trace.json
