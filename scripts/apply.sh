#!/bin/bash
# Apply patches/series onto the base tree with `git am` (no fuzz: git apply
# accepts exact context only).  The result becomes branch 'queue'.  A patch
# that does not apply is named, with the file and hunk git reports, and the
# last good tree is left as it was.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
cd "$TREE"

# A git am that an interruption left behind.
[ -d "$(git rev-parse --git-path rebase-apply)" ] && git am --abort >/dev/null 2>&1 || true

if [ -n "$(git status --porcelain --untracked-files=no)" ]; then
	die "$TREE has uncommitted changes; commit them and run 'make export', or discard them"
fi

# Nothing to do when the tree already holds exactly the queue.
want=$(series_patches | while read -r p; do cat "$TOP/patches/$p"; done | git patch-id --stable | cut -d' ' -f1)
have=$(git format-patch --stdout base..queue 2>/dev/null | git patch-id --stable | cut -d' ' -f1)
if git rev-parse -q --verify refs/heads/queue >/dev/null && [ "$want" = "$have" ]; then
	[ "$(git symbolic-ref -q --short HEAD)" = queue ] || git checkout -q queue
	say "series already applied ($(series_patches | wc -l) patches on base)"
	exit 0
fi
# Commits made in the tree since the last apply or export are the user's
# work: never drop them silently.
if git rev-parse -q --verify refs/heads/queue >/dev/null &&
   git rev-parse -q --verify refs/tags/applied >/dev/null &&
   [ "$(git rev-parse queue)" != "$(git rev-parse applied)" ] && [ "${FORCE:-0}" != 1 ]; then
	die "branch 'queue' in $TREE has commits that are not in patches/; run 'make export' to keep them, or FORCE=1 to drop them"
fi

git checkout -q -B apply-tmp base
n=0
while read -r p; do
	n=$((n + 1))
	[ -f "$TOP/patches/$p" ] || { git checkout -q queue 2>/dev/null || true; die "patches/series names $p, which does not exist"; }
	if ! out=$(git am --quiet --no-3way "$TOP/patches/$p" 2>&1); then
		echo "$out" | grep -E '^(error|Patch failed|Applying)' | head -10 >&2
		git am --abort >/dev/null 2>&1 || true
		git checkout -q queue 2>/dev/null || git checkout -q base
		git branch -q -D apply-tmp
		die "patch $n ($p) does not apply; the tree is left at the last good state"
	fi
done < <(series_patches)
git branch -q -f queue apply-tmp
git checkout -q queue
git branch -q -D apply-tmp
git tag -f applied >/dev/null
say "applied $n patches; $TREE is at $(git log -1 --format='%h %s')"
