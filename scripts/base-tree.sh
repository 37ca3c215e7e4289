#!/bin/bash
# A second work tree of the kernel tree, checked out at the unpatched base,
# for the before/after runs: build/linux-base.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tree
base=$BUILD/linux-base
worktree "$base" base
echo "$base"
