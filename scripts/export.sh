#!/bin/bash
# Regenerate patches/ from the commits base..queue of the kernel tree, so that
# an apply -> export round trip changes no byte.  The cover letter is ours,
# kept as patches/0000-cover-letter.patch, and is not touched.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
cd "$TREE"
[ -n "$(git status --porcelain --untracked-files=no)" ] &&
	die "$TREE has uncommitted changes; commit them first"
[ "$(git rev-list --count base..HEAD)" -gt 0 ] || die "no commits on top of base"

tmp=$(mktemp -d "$BUILD/export.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
git -c core.abbrev=12 -c diff.noprefix=false -c format.signOff=false \
	format-patch -q --zero-commit --no-signature --no-numbered-files \
	--no-cover-letter --no-base --abbrev=12 -o "$tmp" base..HEAD >/dev/null
find "$TOP/patches" -maxdepth 1 -name '[0-9][0-9][0-9][0-9]-*.patch' ! -name '0000-*' -delete
mv "$tmp"/*.patch "$TOP/patches/"
(cd "$TOP/patches" && ls [0-9][0-9][0-9][0-9]-*.patch | grep -v '^0000-') >"$TOP/patches/series"
git tag -f applied >/dev/null
say "exported $(wc -l <"$TOP/patches/series") patches to patches/"
