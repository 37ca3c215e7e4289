#!/bin/bash
# A second work tree of the kernel tree, checked out at the unpatched base,
# for the before/after runs: build/linux-base.
set -euo pipefail
. "$(dirname "$0")/lib.sh"
need_tree
base=$BUILD/linux-base
if ! git -C "$base" rev-parse -q --verify HEAD >/dev/null 2>&1; then
	rm -rf "$base"
	git -C "$TREE" worktree prune
	git -C "$TREE" worktree add -q --detach "$base" base
fi
[ "$(git -C "$base" rev-parse HEAD)" = "$(git -C "$TREE" rev-parse base)" ] ||
	git -C "$base" checkout -q --detach base
echo "$base"
