#!/bin/bash
# Build every commit of the queue on its own, oldest first, so that the
# series bisects.  Each commit is checked out in the kernel tree and built
# incrementally into the same output folders as the matrix (configs/builds
# names given as arguments), so a commit costs only the files it changes.
#
# A commit that changes no file a build reads is not built again for it:
# the build of the commit before is its build, and it gets a SKIP line that
# says so, not a PASS.  The output folder records its last full build
# (scripts/build-kernel.sh, from a clean tree: the commit, the configs/
# fragments and the image's hash; built_at in scripts/lib.sh), and the
# files that differ from that commit count.  What a build reads is what
# Kbuild recorded in the .cmd files of its output folder (every source
# and header of every object, the linker scripts); a commit that touches a
# Makefile, Kbuild or Kconfig file, or anything under scripts/ or tools/
# (but the selftests, tools/testing/), is always built, and so is every
# commit when the record is missing or does not fit.
#
# After a run in which every commit passed or was skipped, the record
# names the tip: scripts/check.sh boots that kernel only then.
# The tree goes back to the commit or branch it was on, whatever happens.
# TREE= and OUT= (scripts/lib.sh) choose another worktree and output folder.
#   scripts/bisect-build.sh NAME...
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
	die "$TREE has uncommitted changes"
orig=$(git -C "$TREE" symbolic-ref -q --short HEAD || git -C "$TREE" rev-parse HEAD)
trap 'git -C "$TREE" checkout -q "$orig"' EXIT
mkdir -p "$OUT"

# reads NAME FILE...: did the last build in OUT/NAME read one of the FILEs
# (relative to the tree)?  Kbuild's .cmd files name each source and header
# by its absolute path or by its path relative to the output folder.
# Kbuild writes the tree's real path (no symlink in it), so the patterns
# use realpath.  Every object reads include/linux/kconfig.h: if no .cmd file
# names it by these patterns, they do not fit this build, and every file
# counts as read (the commit is built, never wrongly skipped).
reads() {
	local o=$OUT/$1 abs rel f pats=()
	shift
	abs=$(realpath "$TREE")
	rel=$(realpath --relative-to="$o" "$abs")
	if ! grep -rqF --include='*.cmd' -e "$abs/include/linux/kconfig.h" -e "$rel/include/linux/kconfig.h" "$o"; then
		echo "  $1: no .cmd file in $o names $abs/include/linux/kconfig.h or $rel/...: building" >&2
		return 0
	fi
	for f in "$@"; do
		pats+=(-e "$abs/$f" -e "$rel/$f")
	done
	grep -rqF --include='*.cmd' "${pats[@]}" "$o"
}

# changes_build COMMIT NAME: does COMMIT differ from the commit the build
# NAME was last made from in a file that build reads?  Anything in doubt
# (no record of a full build, another config, a failed grep) counts as yes.
changes_build() {
	local c=$1 o=$OUT/$2 files was rc
	built_at "$2" "$(cat "$o/.built-commit" 2>/dev/null)" || return 0
	was=$(cat "$o/.built-commit")
	files=$(git -C "$TREE" diff --no-renames --name-only "$was" "$c") || return 0
	# the kernel build reads nothing of the selftests
	files=$(grep -vE '^tools/testing/' <<<"$files" || true)
	[ -n "$files" ] || return 1
	grep -qE '(^|/)(Makefile|Kbuild|Kconfig)[^/]*$|^(scripts|tools)/' <<<"$files" && return 0
	# nor of the documentation (but its Kconfig, above)
	files=$(grep -vE '^Documentation/' <<<"$files" || true)
	[ -n "$files" ] || return 1
	# shellcheck disable=SC2086
	reads "$2" $files
	rc=$?
	# grep: 0 found, 1 not found, anything else an error
	[ "$rc" = 1 ] && return 1
	return 0
}

fail=0
for c in $(git -C "$TREE" rev-list --reverse base..queue); do
	subj=$(git -C "$TREE" log -1 --format=%s "$c")
	for name in "$@"; do
		if ! changes_build "$c" "$name"; then
			echo "SKIP build $name: $subj: changes no file this build reads (the build of the commit before stands)"
			# ... and is this commit's build (the stamp stays: same
			# fragments, same image)
			echo "$c" >"$OUT/$name/.built-commit"
			continue
		fi
		git -C "$TREE" checkout -q --detach "$c"
		t=$(date +%s)
		if "$TOP/scripts/build-kernel.sh" "$name" >"$OUT/bisect-$name.log" 2>&1; then
			echo "PASS build $name: $subj ($(( $(date +%s) - t ))s)"
		else
			tail -n 15 "$OUT/bisect-$name.log" | sed 's/^/  /'
			echo "FAIL build $name: $subj"
			fail=1
		fi
	done
done
exit $fail
