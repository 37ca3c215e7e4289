#!/bin/bash
# Build every commit of the queue on its own, oldest first, so that the
# series bisects.  Each commit is checked out in the kernel tree and built
# incrementally into the same output folders as the matrix (configs/builds
# names given as arguments), so a commit costs only the files it changes.
# The tree is back on 'queue' at the end, whatever happens.
#   scripts/bisect-build.sh NAME...
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	die "$TREE has uncommitted changes"
trap 'git -C "$TREE" checkout -q queue' EXIT
fail=0
for c in $(git -C "$TREE" rev-list --reverse base..queue); do
	subj=$(git -C "$TREE" log -1 --format=%s "$c")
	git -C "$TREE" checkout -q --detach "$c"
	for name in "$@"; do
		if "$TOP/scripts/build-kernel.sh" "$name" >"$OUT/bisect-$name.log" 2>&1; then
			echo "PASS build $name: $subj"
		else
			tail -n 15 "$OUT/bisect-$name.log" | sed 's/^/  /'
			echo "FAIL build $name: $subj"
			fail=1
		fi
	done
done
exit $fail
