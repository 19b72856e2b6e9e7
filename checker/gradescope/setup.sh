#!/usr/bin/env bash
# Gradescope runs this once, as root, when it builds the autograder's image
# (Ubuntu): it installs the workbook's packages with its own scripts/deps, and
# git, then makes the workbook in c-prof-labs/ a git checkout of itself (the
# grader grades from the tracked files at HEAD).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends git ca-certificates >/dev/null
AUTOGRADER=$(dirname "$here") bash "$here/run_autograder" --prepare
"$here/c-prof-labs/scripts/deps"
"$here/c-prof-labs/scripts/deps" --check
