#!/bin/bash
# W=1 on the objects of the files the series touches, at queue and, if
# there are any warnings at queue, at base: the series must add none.  Runs in the kernel tree and the output
# folder of a configured build (configs/builds NAME), checking out base and
# going back to where the tree was.  TREE= and OUT= (scripts/lib.sh) name
# another worktree and output folder.
#   scripts/w1.sh NAME
set -euo pipefail
. "$(dirname "$0")/lib.sh"

name=${1:?usage: w1.sh NAME}
build_config "$name"
need_tree
o=$OUT/$name
[ -f "$o/.config" ] || die "build $name first"
cd "$TREE"
files=$(git diff --name-only base queue -- '*.c' | grep -v '^tools/' || true)
objs=
for f in $files; do
	# only objects this configuration builds
	[ -f "$o/${f%.c}.o" ] && objs="$objs ${f%.c}.o"
done
[ -n "$objs" ] || { echo "SKIP W=1 $name: no object of a touched file in $o (not built, or not in this config)"; exit 0; }

mk() {	# mk MAKE-ARGS...: make in the build's folder, output in w1.log
	make -C "$TREE" O="$o" ARCH="$arch" CROSS_COMPILE="$cross" CC="ccache ${cross}gcc" "$@" >"$o/w1.log" 2>&1
}
w1() {	# w1 OBJ...: the W=1 warnings of OBJs, one per line; a failed make ends the script
	local log=$o/w1.log
	if ! mk W=1 "$@"; then
		grep -E 'error|Error' "$log" | head -n 20 | sed 's/^/  /' >&2
		echo "FAIL W=1 $name: make failed at $(git rev-parse --short HEAD) (see $log)" >&2
		exit 1
	fi
	grep -E 'warning:' "$log" | sed -E 's/:[0-9]+:[0-9]+:/:/' | sort -u || true
}
# back to the branch or commit the tree was on, whatever happens
orig=$(git symbolic-ref -q --short HEAD || git rev-parse HEAD)
# The base's objects leave the base's dependencies in their .cmd files,
# which scripts/bisect-build.sh reads: if the script ends before the tip's
# are back, the folder loses its record of a full build (lib.sh: built_at),
# so that the next build is a real one.
at_base=0
on_exit() {
	git -C "$TREE" checkout -q "$orig"
	[ "$at_base" = 0 ] || rm -f "$o/.built-commit" "$o/.built-stamp"
}
trap on_exit EXIT
# The tip first: with no warning there, none can be new, and the base
# (a checkout and a rebuild of what depends on the files it changes) is
# not needed.
git checkout -q --detach queue
after=$(w1 $objs)
base_note="(the tip has none, so the base was not built)"
if [ -n "$after" ]; then
	at_base=1
	git checkout -q --detach base
	# only the objects whose source the base has (not the files the series adds)
	base_objs=
	for ob in $objs; do
		git cat-file -e "base:${ob%.o}.c" 2>/dev/null && base_objs="$base_objs $ob"
	done
	before=
	[ -z "$base_objs" ] || before=$(w1 $base_objs)
	git checkout -q --detach queue
	base_note="at base and queue alike"
else
	before=
fi
new=$(comm -13 <(echo "$before") <(echo "$after"))
# The tip's objects and .cmd files again, with the normal flags (ccache
# has them from the build before): the folder is the build it was.
# shellcheck disable=SC2086
mk $objs || { echo "FAIL W=1 $name: rebuilding the tip's objects failed (see $o/w1.log)"; exit 1; }
at_base=0
if [ -n "$new" ]; then
	echo "$new" | sed 's/^/  /'
	echo "FAIL W=1 $name:$objs"
	exit 1
fi
echo "PASS W=1 $name:$objs ($(echo "$after" | sed '/^$/d' | wc -l) warnings $base_note)"
