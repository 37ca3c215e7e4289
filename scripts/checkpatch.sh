#!/bin/bash
# Static checks of every patch in patches/series, one result line each:
#  - checkpatch.pl --strict (UNKNOWN_COMMIT_ID ignored: the base has no
#    history), plus every Fixes: tag checked against ./known-commits;
#  - kernel-doc -none -Wall on the C files the patch touches, as they are
#    after the patch, compared with the base: no new kernel-doc warning.
# Prints "PASS name" / "FAIL name"; exits non-zero if anything failed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
cd "$TREE"
fail=0
result() {
	echo "$1 $2"
	[ "$1" = PASS ] || fail=1
}

fixes_ok() {
	local p=$1 ok=0 id subj known
	while IFS= read -r line; do
		id=$(sed -E 's/^Fixes: ([0-9a-f]+) .*/\1/' <<<"$line")
		subj=$(sed -E 's/^Fixes: [0-9a-f]+ \("(.*)"\)$/\1/' <<<"$line")
		known=$(grep -i "^$id" "$TOP/known-commits" | cut -f3)
		if [ "${#id}" -lt 12 ]; then
			echo "  $p: Fixes: id $id is shorter than 12 characters"; ok=1
		elif [ -z "$known" ]; then
			echo "  $p: Fixes: $id is not in known-commits"; ok=1
		elif [ "$known" != "$subj" ]; then
			echo "  $p: Fixes: $id says \"$subj\", known-commits says \"$known\""; ok=1
		fi
	done < <(grep '^Fixes: ' "$TOP/patches/$p")
	return $ok
}

kdoc_warnings() {
	# kernel-doc warnings of the given files at the given commit, without
	# line numbers
	local rev=$1 f
	shift
	for f in "$@"; do
		git show "$rev:$f" >"$BUILD/kdoc.c" 2>/dev/null || continue
		scripts/kernel-doc -none -Wall "$BUILD/kdoc.c" 2>&1 |
			sed -E -e "s|$BUILD/kdoc.c|$f|" -e 's/:[0-9]+ / /' || true
	done | sort
}

i=0
while read -r p; do
	i=$((i + 1))
	out=$(PATH=/usr/bin:$PATH perl scripts/checkpatch.pl --strict --quiet --no-summary \
		--ignore UNKNOWN_COMMIT_ID "$TOP/patches/$p" 2>&1)
	if [ -n "$out" ]; then
		echo "$out" | sed 's/^/  /'
		result FAIL "checkpatch $p"
	elif ! fixes_ok "$p"; then
		result FAIL "checkpatch $p (Fixes:)"
	else
		result PASS "checkpatch $p"
	fi
done < <(series_patches)

# kernel-doc, per commit of the queue: no new warning in the files it
# touches, and none at all about the functions it changes.
for c in $(git rev-list --reverse base..queue); do
	files=$(git diff --name-only "$c~1" "$c" -- '*.c' '*.h')
	[ -n "$files" ] || continue
	subj=$(git log -1 --format=%s "$c")
	# shellcheck disable=SC2086
	after=$(kdoc_warnings "$c" $files)
	# shellcheck disable=SC2086
	new=$(comm -13 <(kdoc_warnings "$c~1" $files) <(echo "$after"))
	new+=$'\n'$("$TOP/scripts/kdoc-changed.py" "$c" | sed -E 's/:[0-9]+ / /')
	new=$(sed '/^$/d' <<<"$new" | sort -u)
	if [ -n "$new" ]; then
		echo "$new" | sed 's/^/  /'
		result FAIL "kernel-doc: $subj"
	else
		result PASS "kernel-doc: $subj"
	fi
done
rm -f "$BUILD/kdoc.c"
exit $fail
