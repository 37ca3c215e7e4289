# Common settings for scripts/*.sh.  Sourced, not run.
# shellcheck shell=bash

# The real path, without symlinks: Kbuild writes real paths into its .cmd
# files, which scripts/bisect-build.sh compares with the tree's.
TOP=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd -P)
export BUILD=${BUILD:-$TOP/build}
# shellcheck source=../base.conf
. "$TOP/base.conf"

# The kernel tree the series is applied in.  KERNEL_SRC=/path (a git tree or
# a tarball) replaces the Debian base with the user's own kernel.
if [ -n "${KERNEL_SRC:-}" ]; then
	TREE=${TREE:-$BUILD/user-linux}
else
	TREE=${TREE:-$BUILD/linux}
fi
OUT=${OUT:-$BUILD/out}

# No Rust in the kernels built here.  Kconfig reads rustc's version into
# the config (CONFIG_RUSTC_VERSION) and so into autoconf.h, which every
# object includes: a rustc on this machine's PATH (e.g. ~/.cargo/bin) and
# none in the fresh root (scripts/fresh-root.sh) made every object of the
# root's kernel build miss ccache (measured: its .config differed in the
# RUSTC lines only, and it built as slowly as a cold build).  This rustc
# fails, so every build reads version 0.  NO_RUST=0 leaves PATH alone (a
# config with CONFIG_RUST=y for scripts/deb.sh; ccache then misses once).
case ":$PATH:" in
*":$TOP/scripts/no-rust:"*) ;;
*) [ "${NO_RUST:-1}" = 0 ] || export PATH=$TOP/scripts/no-rust:$PATH ;;
esac

export CCACHE_DIR=${CCACHE_DIR:-$HOME/.cache/ccache}
export CCACHE_MAXSIZE=${CCACHE_MAXSIZE:-8G}
# Relative paths in the cache keys: builds of the same file in different
# out-of-tree folders can share cache entries.
export CCACHE_BASEDIR=${CCACHE_BASEDIR:-$BUILD}
# Depend mode: a miss costs the compile alone, not a preprocessor run
# first (drivers/pci and kernel/locking of the rt config, cold, -j2, one
# run each: 37.7 s in preprocessor mode, 29.2 s in depend mode, 25.0 s
# without ccache; warm: 5.3 s either way).  Hits need the same config and
# headers: a config differing in one option misses everywhere.
export CCACHE_DEPEND=${CCACHE_DEPEND:-true}
# The compiler by its content, not its mtime: the fresh root's gcc
# (scripts/fresh-root.sh) is the same binary as this machine's, installed
# later, and would otherwise miss on every object (seen in a cold make
# check: the root's kernel build ran as slowly as a cold one).
export CCACHE_COMPILERCHECK=${CCACHE_COMPILERCHECK:-content}

die() {
	echo "${0##*/}: $*" >&2
	exit 1
}

say() {
	echo "==> $*"
}

# need_cmd CMD [PACKAGE]: fail in one clear line before any work starts.
need_cmd() {
	command -v "$1" >/dev/null 2>&1 ||
		die "missing command '$1' (install Debian package ${2:-$1}, or run 'make deps')"
}

# need_disk DIR GIB: fail early when a build would fill the disk.
need_disk() {
	local avail
	mkdir -p "$1"
	avail=$(df -Pk "$1" | awk 'NR == 2 { print int($4 / 1048576) }')
	[ "$avail" -ge "$2" ] ||
		die "only ${avail} GiB free under $1; this step needs about $2 GiB: free some space there, or set BUILD=/a/bigger/disk/build"
}

# apt_run LABEL LOG apt-get ARGS...: run apt-get with its output in LOG and
# its progress (APT::Status-Fd) as one line per 10 %: "  LABEL: 40%".
# Returns apt-get's status.
apt_run() {
	local label=$1 log=$2 rc e=${-//[^e]/}
	shift 2
	mkdir -p "$(dirname "$log")"
	set +e
	{ "$@" -o APT::Status-Fd=3 3>&1 >>"$log" 2>&1; echo "rc:$?"; } | awk -F: -v l="$label" '
		/^rc:/ { exit $2 }
		$1 == "dlstatus" || $1 == "pmstatus" {
			what = $1 == "dlstatus" ? "downloading" : "installing"
			p = int($3 / 10) * 10
			if (what != last || p > shown) { printf "  %s: %s %d%%\n", l, what, p; fflush(); shown = p; last = what }
		}'
	rc=$?
	[ -n "$e" ] && set -e
	return "$rc"
}

# apt_why LOG [DIR]: the line that says why an apt-get in LOG failed, and
# what to do.  DIR is where it was writing (default /var/cache/apt).
apt_why() {
	local log=$1 dir=${2:-/var/cache/apt} net
	net=$(grep -m1 -oE "(Could not resolve|Temporary failure resolving|Unable to connect to|Network is unreachable|Connection timed out|Could not connect to)[^]]*" "$log" || true)
	if grep -q "You don't have enough free space\|No space left on device" "$log"; then
		echo "the disk is full: $(df -Ph "$dir" | awk 'NR == 2 { print $4 }') free under $dir; free some space and rerun"
	elif grep -qE "404 +Not Found|Hash Sum mismatch|File has unexpected size" "$log"; then
		echo "the apt lists are older than the mirror ($(grep -m1 -oE '404 +Not Found|Hash Sum mismatch|File has unexpected size' "$log")): run 'apt-get update' as root, then rerun"
	elif [ -n "$net" ]; then
		echo "the Debian mirror is unreachable ($net); check the network and the mirror in /etc/apt/sources*, then rerun"
	else
		echo "$(grep -m1 -E '^(E|W):' "$log" || tail -n 1 "$log") (full output: $log)"
	fi
}

need_tree() {
	git -C "$TREE" rev-parse -q --verify refs/tags/base >/dev/null 2>&1 ||
		die "no kernel tree at $TREE (run 'make setup' first)"
}

# The series' version, from the cover letter's subject ("[PATCH vN 0/M]").
series_version() {
	sed -nE 's/^Subject: \[PATCH v([0-9]+) .*/\1/p' "$TOP/patches/0000-cover-letter.patch" | awk 'NR == 1'
}

# The patches of the series, in order, without the cover letter.
series_patches() {
	grep -v -e '^[[:space:]]*#' -e '^[[:space:]]*$' "$TOP/patches/series"
}

# worktree DIR REV: a git worktree of the kernel tree, checked out at REV;
# made if missing.
worktree() {
	local dir=$1 rev=$2
	if ! git -C "$dir" rev-parse -q --verify HEAD >/dev/null 2>&1; then
		rm -rf "$dir"
		git -C "$TREE" worktree prune
		git -C "$TREE" worktree add -q --detach "$dir" "$rev"
	fi
	git -C "$dir" checkout -q --detach "$rev"
}

# chroot_run ROOT CMD [unshare options...]: run CMD with bash in ROOT (a
# Debian root, scripts/fresh-root.sh), as root, in the same path as $TOP,
# with a clean environment.  /proc, /dev, /sys and $CCACHE_DIR are mounted
# in a mount and PID namespace of its own, so that nothing outlives it;
# e.g. --net as an option takes the network away.
chroot_run() {
	local r=$1 cmd=$2
	shift 2
	mkdir -p "$CCACHE_DIR"
	unshare --mount --pid --fork --propagation private "$@" -- /bin/bash -c '
		set -e
		r=$1 ccache=$2 top=$3 cmd=$4
		mkdir -p "$r/proc" "$r/dev" "$r/sys"
		mount -t proc proc "$r/proc"
		mount --rbind /dev "$r/dev"
		mount --rbind /sys "$r/sys"
		mkdir -p "$r$ccache"
		mount --bind "$ccache" "$r$ccache"
		# not through a symlink the root may have there
		cp -L --remove-destination /etc/resolv.conf "$r/etc/resolv.conf" 2>/dev/null || true
		exec chroot "$r" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
			PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
			${http_proxy:+"http_proxy=$http_proxy"} ${https_proxy:+"https_proxy=$https_proxy"} \
			${no_proxy:+"no_proxy=$no_proxy"} \
			CCACHE_DIR="$ccache" CI="${CI:-}" /bin/bash -c "cd \"\$1\" || exit 1; eval \"\$2\"" chroot_cmd "$top" "$cmd"
	' chroot_run "$r" "$CCACHE_DIR" "$TOP" "$cmd"
}

# remove_root ROOT: rm -rf a root made for chroot_run, only under $BUILD and
# never across a mount point (/dev!).  chroot_run's mounts live in its own
# namespace; the mountinfo check is for anything mounted there by hand.
remove_root() {
	local r b
	[ -e "$1" ] || return 0
	r=$(realpath -- "$1")
	b=$(realpath -- "$BUILD")
	case "$r" in
	"$b"/?*) ;;
	*) die "remove_root: $r is not under $b; not removing it" ;;
	esac
	if awk -v r="$r" '$5 == r || index($5, r "/") == 1 { found = 1 } END { exit !found }' /proc/self/mountinfo; then
		die "something is still mounted under $r; not removing it"
	fi
	rm -rf --one-file-system "$r"
}

# build_config NAME: the fragments (frags), architecture (arch) and cross
# compiler prefix (cross, may be empty) of build NAME in configs/builds.
build_config() {
	frags=$(awk -v n="$1" '$1 == n { $1 = ""; print }' "$TOP/configs/builds")
	[ -n "$frags" ] || die "no build '$1' in configs/builds"
	arch=x86_64 cross=
	case "$frags" in
	" arch="*)
		local a=${frags# arch=}
		a=${a%% *}
		frags=${frags# arch=$a}
		arch=${a%%:*}
		cross=${a#*:}
		[ "$cross" != "$a" ] || cross=
		;;
	esac
	[ -z "$cross" ] || need_cmd "${cross}gcc" "gcc-${cross%-}"
}

# The record of a full build in OUT/NAME (scripts/build-kernel.sh writes
# it, scripts/bisect-build.sh and scripts/check.sh read it): .built-commit
# names the commit, .built-stamp the configs/ fragments the build was made
# with and its kernel image, by their sha256.
# frags_sum NAME: the sha256 of the build's fragments and configs/builds
frags_sum() {
	build_config "$1"
	local f files=("$TOP/configs/builds")
	for f in $frags; do
		files+=("$TOP/configs/$f.config")
	done
	cat "${files[@]}" | sha256sum | cut -d' ' -f1
}
# build_image NAME: the kernel image of a build
build_image() {
	case "$(build_config "$1"; echo "$arch")" in
	s390) echo "$OUT/$1/arch/s390/boot/bzImage" ;;
	*) echo "$OUT/$1/arch/x86/boot/bzImage" ;;
	esac
}
# build_stamp NAME: what .built-stamp holds for the build as it is now
build_stamp() {
	local img
	img=$(build_image "$1")
	[ -f "$img" ] || return 1
	echo "$(frags_sum "$1") $(sha256sum <"$img" | cut -d' ' -f1)"
}
# built_at NAME COMMIT: is OUT/NAME a full build of COMMIT, with today's
# fragments, and its image the one that build made?
built_at() {
	local stamp
	[ -n "$2" ] && [ "$(cat "$OUT/$1/.built-commit" 2>/dev/null)" = "$2" ] || return 1
	stamp=$(build_stamp "$1") || return 1
	[ "$(cat "$OUT/$1/.built-stamp" 2>/dev/null)" = "$stamp" ]
}

# kunit.py's options for the suite on UML, after the .kunitconfig and the
# build name (scripts/kunit-suite.sh, scripts/mutants.sh: the same config,
# so the mutants reuse the suite's build): the trim of code the suite does
# not run, and two CPUs (seccomp userspace: UML cannot do SMP with ptrace).
UML_KUNIT_ARGS=(--kunitconfig="$TOP/configs/kunit-uml-trim.kunitconfig"
	--kernel_args seccomp=on --kernel_args ncpus=2)
