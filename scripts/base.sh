#!/bin/bash
# Make the base kernel tree: Debian's linux-source-7.3, verified against the
# pinned sha256, unpacked under build/ and committed with a fixed identity and
# date so that the base commit has the same hash on every machine; tagged
# 'base'.  With KERNEL_SRC=/path, the user's git tree or tarball is the base.
# Rerunning it reuses what is already there.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

base_commit() {
	local msg=$1 files=${2:-0}
	git -C "$TREE" add -A -f -v . | progress "git add" "$files" || return 1
	GIT_AUTHOR_NAME=$BASE_IDENT_NAME GIT_AUTHOR_EMAIL=$BASE_IDENT_EMAIL \
	GIT_COMMITTER_NAME=$BASE_IDENT_NAME GIT_COMMITTER_EMAIL=$BASE_IDENT_EMAIL \
	GIT_AUTHOR_DATE=$BASE_DATE GIT_COMMITTER_DATE=$BASE_DATE \
		git -C "$TREE" commit -q --no-verify -m "$msg" || return 1
	git -C "$TREE" tag -f base >/dev/null || return 1
}

tree_init() {
	rm -rf "$TREE.tmp"
	mkdir -p "$TREE.tmp"
	git -C "$TREE.tmp" init -q -b queue
	git -C "$TREE.tmp" config user.name "${GIT_AUTHOR_NAME:-pci-rescan-queue}"
	git -C "$TREE.tmp" config user.email "${GIT_AUTHOR_EMAIL:-pci-rescan-queue@example.org}"
	git -C "$TREE.tmp" config core.abbrev 12
	# Big tree: keep status fast, never gc in the middle of a build.
	git -C "$TREE.tmp" config gc.auto 0
}

# Verify a file against a sha256; print the actual one on mismatch.
check_sha() {
	local got
	got=$(sha256sum "$1" | cut -d' ' -f1)
	[ "$got" = "$2" ] || { echo "$got"; return 1; }
}

# download VERSION: the base .deb into $dl, through a folder of its own so
# that a download that fails half way leaves nothing a rerun could trust.
download() {
	local version=$1 tmp=$dl/partial log=$dl/download.log
	rm -rf "$tmp"
	mkdir -p "$tmp"
	: >"$log"	# judged on this attempt's lines only
	say "downloading $BASE_PACKAGE=$version from $BASE_SUITE (about 167 MB)"
	if ! (cd "$tmp" && apt_run "$BASE_PACKAGE" "$log" apt-get download -q "$BASE_PACKAGE=$version"); then
		rm -rf "$tmp"
		return 1
	fi
	mv "$tmp"/*.deb "$dl/"
	rm -rf "$tmp"
}

# progress LABEL TOTAL: one line per 10 % of TOTAL lines read on stdin.
progress() {
	awk -v l="$1" -v t="$2" '
		{ n++; p = t > 0 ? int(n * 100 / t / 10) * 10 : 0; if (p > 100) p = 100
		  if (p > shown) { printf "  %s: %d%% (%d files)\n", l, p, n; fflush(); shown = p } }
		END { if (shown < 100) printf "  %s: %d files\n", l, n }'
}

from_debian() {
	local dl=$BUILD/dl deb version got files
	need_cmd apt-get apt
	need_cmd dpkg-deb dpkg
	need_cmd xz xz-utils
	mkdir -p "$dl"
	version=$BASE_VERSION
	deb=$dl/${BASE_PACKAGE}_${version}_all.deb
	if [ ! -s "$deb" ] || ! check_sha "$deb" "$BASE_DEB_SHA256" >/dev/null; then
		"$TOP/scripts/apt-suites.sh" || exit 1
		rm -f "$deb"
		if ! download "$version"; then
			if grep -qE "Unable to locate package|Can't find a source|has no installation candidate|Version '.*' for '.*' was not found" "$dl/download.log"; then
				# The pinned version left the archive: take the newest 7.3.y.
				version=$(apt-cache madison "$BASE_PACKAGE" | awk -v s="$BASE_SUITE" '$0 ~ s { print $3; exit }')
				[ -n "$version" ] || die "$BASE_PACKAGE is not in $BASE_SUITE of this machine's mirror: run 'make deps' as root (it adds $BASE_SUITE), or bring your own tree with KERNEL_SRC=/path/to/linux"
				echo "!!!!! WARNING: $BASE_PACKAGE=$BASE_VERSION has left the archive; using $version instead !!!!!"
				download "$version" || die "apt-get download $BASE_PACKAGE=$version failed: $(apt_why "$dl/download.log" "$dl")"
				deb=$dl/${BASE_PACKAGE}_${version}_all.deb
			else
				die "apt-get download $BASE_PACKAGE=$version failed: $(apt_why "$dl/download.log" "$dl")"
			fi
		fi
		if [ "$version" = "$BASE_VERSION" ] && ! got=$(check_sha "$deb" "$BASE_DEB_SHA256"); then
			rm -f "$deb"
			die "$deb: sha256 $got, expected $BASE_DEB_SHA256 (removed): the mirror, or a proxy in between, serves other bytes for this version than base.conf pins"
		fi
	fi
	say "unpacking $BASE_PACKAGE $version"
	rm -rf "$dl/x"
	mkdir -p "$dl/x"
	dpkg-deb -x "$deb" "$dl/x" 2>"$dl/unpack.err" ||
		{ rm -rf "$dl/x"; die "dpkg-deb -x $deb failed: $(head -n 1 "$dl/unpack.err") ($(df -Ph "$dl" | awk 'NR == 2 { print $4 }') free under $dl)"; }
	if [ "$version" = "$BASE_VERSION" ] && ! got=$(check_sha "$dl/x/$BASE_TARBALL" "$BASE_TARBALL_SHA256"); then
		rm -rf "$dl/x"
		die "$BASE_TARBALL: sha256 $got, expected $BASE_TARBALL_SHA256"
	fi
	tree_init
	# BASE_FILES: how many the tarball holds, for the percentage.
	tar -xvf "$dl/x/$BASE_TARBALL" -C "$TREE.tmp" --strip-components=1 2>"$dl/unpack.err" | progress "unpacking the kernel tarball" "${BASE_FILES:-0}" ||
		{ rm -rf "$dl/x" "$TREE.tmp"; die "unpacking $BASE_TARBALL failed: $(head -n 1 "$dl/unpack.err") ($(df -Ph "$BUILD" | awk 'NR == 2 { print $4 }') free under $BUILD)"; }
	rm -rf "$dl/x"
	files=$(git -C "$TREE.tmp" ls-files -o | wc -l)
	say "committing the base tree ($files files; this takes about a minute)"
	TREE=$TREE.tmp base_commit "Linux $BASE_UPSTREAM as packaged by Debian ($BASE_PACKAGE $version)" "$files" 2>"$dl/commit.err" ||
		{ rm -rf "$TREE.tmp"; die "committing the base tree failed: $(grep -m1 -E '^(error|fatal)' "$dl/commit.err" || head -n 1 "$dl/commit.err") ($(df -Ph "$BUILD" | awk 'NR == 2 { print $4 }') free under $BUILD)"; }
	mv "$TREE.tmp" "$TREE"
}

from_user() {
	local src=$KERNEL_SRC
	if [ -d "$src" ] && git -C "$src" rev-parse -q --verify HEAD >/dev/null 2>&1; then
		say "base: HEAD of the git tree $src"
		rm -rf "$TREE.tmp"
		# --shared: nothing is written into the user's tree.
		git clone -q --shared --no-checkout "$src" "$TREE.tmp"
		git -C "$TREE.tmp" checkout -q -b queue "$(git -C "$src" rev-parse HEAD)"
		git -C "$TREE.tmp" config core.abbrev 12
		git -C "$TREE.tmp" config gc.auto 0
		git -C "$TREE.tmp" tag -f base >/dev/null
		# the user's own tags of these names mean nothing here
		git -C "$TREE.tmp" tag -d applied >/dev/null 2>&1 || true
		mv "$TREE.tmp" "$TREE"
	elif [ -f "$src" ]; then
		say "base: the tarball $src"
		tree_init
		tar -xf "$src" -C "$TREE.tmp" --strip-components=1
		TREE=$TREE.tmp base_commit "Linux from ${src##*/}"
		mv "$TREE.tmp" "$TREE"
	else
		die "KERNEL_SRC=$src is neither a git tree nor a tarball"
	fi
}

if git -C "$TREE" rev-parse -q --verify refs/tags/base >/dev/null 2>&1; then
	say "base tree already at $TREE ($(git -C "$TREE" rev-parse --short base))"
	exit 0
fi
need_disk "$BUILD" 6
if [ -n "${KERNEL_SRC:-}" ]; then
	from_user
else
	from_debian
fi
say "base tree at $TREE, base $(git -C "$TREE" rev-parse base)"
