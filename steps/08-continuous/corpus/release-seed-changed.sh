#!/usr/bin/env bash
# wrong: release.seed replaced after the run (a grader's run would deploy another release than the one answered)
# fails: answer regressed_function names the function your release made slower
# says: release.seed as it was for the run in out/
echo 0123456789abcdef >release.seed
