#!/bin/bash
# The README's set-up on a fresh Debian bookworm root: what `.ci/run` on a
# machine with everything installed cannot show.  mmdebstrap makes a minimal
# bookworm root (minbase, plus git and make, the two things the README
# assumes) from this machine's own mirror; a clone of this repository's HEAD
# goes in at the same path as here, and in a chroot there, as root:
#   make deps; make setup; make checkpatch; the mail check
#   (scripts/series-check.sh); make kernel (build, boot, selftest smoke).
# ccache is shared through a bind mount, so a warm run rebuilds little.
# The root after `make deps` is kept as build/fresh-root/root-KEY.tar, KEY
# from deps.sh, apt-suites.sh, lib.sh, the Makefile, the mirror and
# mmdebstrap's arguments: while they are unchanged the next run starts from
# it (make deps then finds everything installed); when any of them changes,
# the root is made anew and make deps runs from nothing.
# One PASS/FAIL line per step.
#   scripts/fresh-root.sh [all|prepare|kernel]   FRESH_ROOT_KEEP=1 keeps the unpacked root
# prepare stops before make kernel and keeps the root; kernel then runs
# make kernel in it.  make check runs prepare beside the x86_64 builds (it
# is mostly downloads and unpacking) and kernel after them, when ccache
# has the objects.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ]; then
	echo "SKIP fresh root: needs root (mmdebstrap, chroot, mounts); CI runs it as root"
	exit 0
fi
need_cmd mmdebstrap
need_cmd unshare util-linux
part=${1:-all}
case "$part" in all | prepare | kernel) ;; *) die "usage: fresh-root.sh [all|prepare|kernel]" ;; esac

dir=$BUILD/fresh-root
root=$dir/root
mkdir -p "$dir" "$CCACHE_DIR"
# what prepare leaves for kernel: the commit it set up
prepared=$dir/prepared
uri=$("$TOP/scripts/apt-suites.sh" --uri)
[ -n "$uri" ] || die "no Debian mirror found in /etc/apt/sources*"
mmargs=(--variant=minbase --include=git,make bookworm)
# from HEAD, which is what goes into the root
key=$({ git -C "$TOP" show HEAD:scripts/deps.sh HEAD:scripts/apt-suites.sh HEAD:scripts/lib.sh HEAD:Makefile; echo "${mmargs[*]} $uri"; } | sha256sum | cut -c1-12)
tarball=$dir/root-$key.tar

fail=0
result() {	# result NAME STATUS
	if [ "$2" = 0 ]; then
		echo "PASS fresh root: $1"
	else
		echo "FAIL fresh root: $1"
		fail=1
	fi
}

in_root() {
	chroot_run "$root" "$1"
}

# step NAME LOG CMD: one result line for CMD in the root; its output in LOG,
# and the PASS/FAIL lines it printed itself, indented.
step() {
	local name=$1 log=$2 rc t=$(date +%s)
	say "fresh root: $name (log: $log)"
	in_root "$3" >"$log" 2>&1
	rc=$?
	grep -E '^(PASS|FAIL|SKIP) ' "$log" | sed 's/^/  /' || true
	[ "$rc" = 0 ] || tail -n 15 "$log" | sed 's/^/  /'
	result "$name ($(( $(date +%s) - t ))s)" "$rc"
	return "$rc"
}

if [ "$part" = kernel ]; then
	t0=$(date +%s)
	# prepare writes the commit it cloned into the root once make setup passed
	# and the root still holds that commit, which is this repository's HEAD
	want=$(git -C "$TOP" rev-parse HEAD)
	if [ "$(cat "$prepared" 2>/dev/null)" != "$want" ] ||
	   [ "$(git -C "$root$TOP" rev-parse HEAD 2>/dev/null)" != "$want" ]; then
		echo "FAIL fresh root: make kernel: no root set up by fresh-root.sh prepare (make setup did not pass for this HEAD, or the root is gone)"
		remove_root "$root"
		exit 1
	fi
	rm -f "$prepared"
	step "make kernel (build, boot, selftest smoke)" "$dir/kernel.log" "ITER=1 make kernel"
	[ "${FRESH_ROOT_KEEP:-0}" = 1 ] || remove_root "$root"
	say "fresh root: make kernel: $(( $(date +%s) - t0 ))s"
	exit "$fail"
fi

need_disk "$BUILD" 12
rm -f "$prepared"
remove_root "$root"
t0=$(date +%s)
if [ -f "$tarball" ]; then
	say "fresh root: from $tarball (bookworm + make deps, made $(date -r "$tarball" +%F))"
	mkdir -p "$root"
	tar -xf "$tarball" -C "$root" || die "unpacking $tarball failed"
	fresh=0
else
	say "fresh root: mmdebstrap bookworm (minbase, git, make) from $uri"
	rm -f "$dir"/root-*.tar
	if ! mmdebstrap --quiet "${mmargs[@]}" "$root" \
		"deb $uri bookworm main" "deb $uri bookworm-updates main" >"$dir/mmdebstrap.log" 2>&1; then
		tail -n 10 "$dir/mmdebstrap.log" | sed 's/^/  /'
		result "mmdebstrap bookworm" 1
		exit 1
	fi
	result "mmdebstrap bookworm ($(( $(date +%s) - t0 ))s)" 0
	fresh=1
fi

# A clone of HEAD, at the same path as this repository.
head=$(git -C "$TOP" rev-parse HEAD)
[ -z "$(git -C "$TOP" status --porcelain --untracked-files=no)" ] ||
	echo "  (uncommitted changes here are not in the fresh root: it tests HEAD $(git -C "$TOP" rev-parse --short HEAD))"
mkdir -p "$(dirname "$root$TOP")"
git clone -q --no-local "$TOP" "$root$TOP" && git -C "$root$TOP" checkout -q "$head" ||
	{ result "clone of $TOP" 1; remove_root "$root"; exit 1; }

if [ "$fresh" = 1 ]; then
	step "make deps" "$dir/deps.log" "make deps" || { remove_root "$root"; exit 1; }
	# the root as make deps left it, without the clone
	if tar -cf "$tarball.tmp" -C "$root" --exclude=".$TOP" . && mv "$tarball.tmp" "$tarball"; then
		say "fresh root: kept as $tarball ($(du -h "$tarball" | cut -f1))"
	else
		rm -f "$tarball.tmp"
	fi
else
	step "make deps (cached root: it installed them when it was made)" "$dir/deps.log" "make deps" || { remove_root "$root"; exit 1; }
fi
step "make setup" "$dir/setup.log" "make setup" || { remove_root "$root"; exit 1; }
# make kernel needs only the set-up: the marker says it passed
[ "$part" = prepare ] && echo "$head" >"$prepared"
step "make checkpatch" "$dir/checkpatch.log" "make checkpatch"
step "mail check (git send-email --dry-run)" "$dir/series.log" "scripts/series-check.sh"
if [ "$part" = prepare ]; then
	say "fresh root: set up in $(( $(date +%s) - t0 ))s; make kernel comes with fresh-root.sh kernel"
	exit "$fail"
fi
# One iteration of the selftest: the boot and the test's run are the point
# here; check.sh has run it in full on this machine already.
step "make kernel (build, boot, selftest smoke)" "$dir/kernel.log" "ITER=1 make kernel"

[ "${FRESH_ROOT_KEEP:-0}" = 1 ] || remove_root "$root"
say "fresh root: $(( $(date +%s) - t0 ))s"
exit "$fail"
