#!/bin/bash
# get_maintainer.pl --nogit for each patch of the series, and for the whole
# series (the cover letter's recipients).  --nofixes: the base has no
# history to look the Fixes: commits up in; their authors come from
# ./known-commits instead.
#   scripts/maintainers.sh [--to|--cc] [PATCH]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
gm() {
	(cd "$TREE" && perl scripts/get_maintainer.pl --nogit --nogit-fallback \
		--nofixes --norolestats "$@")
}

# The authors of the commits a patch's Fixes: tags name.
fixes_authors() {
	local id
	for id in $(sed -nE 's/^Fixes: ([0-9a-f]{12,}) .*/\1/p' "$@"); do
		grep -i "^$id" "$TOP/known-commits" | cut -f2
	done | { grep -E '^[^<>]+ <[^<>@ ]+@[^<>@ ]+>$' || true; } | sort -u
}

# To: the maintainers; Cc: reviewers, lists, and the authors of fixed commits.
recipients() {
	local what=$1
	shift
	case "$what" in
	--to) gm --m --nor --nol "$@" ;;
	--cc) { gm --nom --r --l "$@"; fixes_authors "$@"; } | awk '!seen[$0]++' ;;
	esac
}

if [ "${1:-}" = --to ] || [ "${1:-}" = --cc ]; then
	recipients "$@"
	exit 0
fi

mapfile -t patches < <(series_patches | sed "s|^|$TOP/patches/|")
for p in "${patches[@]}"; do
	echo "== ${p##*/}"
	recipients --to "$p" | sed 's/^/To: /'
	recipients --cc "$p" | sed 's/^/Cc: /'
done
echo "== cover letter (the whole series)"
recipients --to "${patches[@]}" | sed 's/^/To: /'
recipients --cc "${patches[@]}" | sed 's/^/Cc: /'
