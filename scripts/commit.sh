#!/usr/bin/env bash
# Commit only the given paths, serialized with a lock, so people (and helpers) working in parallel
# on other packages never sweep each other's files into their commits.
# usage: scripts/commit.sh "message" path [path...]
set -euo pipefail
msg=$1; shift
exec 9>/tmp/refundkit-git.lock
flock 9
git add -A -- "$@"
git commit -q -m "$msg" -- "$@"
git log --oneline -1
