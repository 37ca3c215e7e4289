#!/bin/bash
# Bad input at set-up time, each case in a fresh Debian root (the one
# scripts/fresh-root.sh keeps in build/fresh-root/): what `make deps` and
# `make setup` say, and what they leave behind.
#   no network (stale apt lists, and fresh ones); a mirror without
#   trixie-backports; a full disk (/var/cache/apt, build/); a base commit
#   interrupted half way, then rerun; not root (packages missing, suites
#   not configured).
# A case passes when the command fails, prints the one line expected, and
# leaves no half-done download or tree that a rerun would trust.
#   scripts/setup-faults.sh            (as root; about 3 minutes)
set -uo pipefail
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || die "needs root (chroot, mounts); run it as root"
tarball=$(ls -t "$BUILD"/fresh-root/root-*.tar 2>/dev/null | head -n 1)
[ -n "$tarball" ] || die "no fresh root in $BUILD/fresh-root; run scripts/fresh-root.sh first"
root=$BUILD/setup-faults/root
log=$BUILD/setup-faults
mkdir -p "$log"
fail=0
stamp=/var/lib/apt/lists/.pci-rescan-queue-updated
nothing_left='test ! -e build/linux && ! ls build/dl/*.deb build/dl/partial >/dev/null 2>&1 && echo "nothing left behind"'

fresh() {
	remove_root "$root"
	mkdir -p "$root"
	tar -xf "$tarball" -C "$root" || die "unpacking $tarball failed"
	git clone -q --no-local "$TOP" "$root$TOP" || die "clone into $root failed"
}

# case NAME PATTERN CMD [unshare options]: CMD must fail (its status is
# written last as "status N") and print a line matching PATTERN.
case_() {
	local name=$1 pat=$2 cmd=$3 out
	shift 3
	out=$log/$(echo "$name" | tr -c 'a-z0-9\n' '-').log
	fresh
	chroot_run "$root" "$cmd" "$@" >"$out" 2>&1
	if grep -qE '^status [1-9]' "$out" && grep -qE "$pat" "$out" && { ! grep -q '^post:' "$out" || grep -q '^post: nothing left behind' "$out"; }; then
		echo "PASS $name"
	else
		echo "FAIL $name (log: $out)"
		fail=1
	fi
	grep -E "$pat" "$out" | head -n 1 | sed 's/^/  | /'
	grep '^post:' "$out" | sed 's/^/  | /'
}

case_ "no network, apt lists stale: make setup" "cannot reach the Debian mirror" \
	"rm -f $stamp; make setup; echo status \$?; echo post: \$($nothing_left)" --net
case_ "no network, apt lists fresh: make setup" "download .* failed: the Debian mirror is unreachable" \
	"touch $stamp; make setup; echo status \$?; echo post: \$($nothing_left)" --net
case_ "mirror without trixie-backports: make setup" "has no trixie-backports" \
	"mkdir -p /srv/mirror; sed -i '1i deb file:///srv/mirror bookworm main' /etc/apt/sources.list; rm -f $stamp /etc/apt/sources.list.d/pci-rescan-queue.sources; make setup; echo status \$?; echo post: \$($nothing_left)"
case_ "full disk, /var/cache/apt: make deps" "free under /var/cache/apt" \
	"apt-get remove -y -q b4 >/dev/null; mount -t tmpfs -o size=100m none /var/cache/apt; make deps; echo status \$?"
case_ "full disk, build/: make setup" "GiB free under .*needs about 6 GiB" \
	"mkdir -p build; mount -t tmpfs -o size=1g none build; make setup; echo status \$?; echo post: \$($nothing_left)"
# Stopped while git adds the ~100,000 files: no tree a rerun takes for done,
# and the rerun makes it (a status of 0 here would fail the case, so the
# rerun's success is printed and the case's status is the interrupt's).
case_ "base commit interrupted, then rerun: make setup" "rerun: base tree at .*base [0-9a-f]{40}" \
	"setsid make setup >/tmp/setup.log 2>&1 & p=\$!
	 while ! grep -q 'git add: 30%' /tmp/setup.log; do kill -0 \$p 2>/dev/null || break; sleep 0.2; done
	 kill -TERM -- -\$p; wait \$p; st=\$?
	 git -C build/linux rev-parse -q --verify base >/dev/null 2>&1 && echo 'post: a tree was left that make setup takes for done' || echo 'post: nothing left behind'
	 make setup 2>&1 | sed -n 's/^==> base tree at/rerun: base tree at/p'; echo status \$st"
case_ "not root, packages missing: make deps" "not root, and these packages are missing: b4; run 'make deps' as root" \
	"apt-get remove -y -q b4 >/dev/null; setpriv --reuid=65534 --regid=65534 --clear-groups make deps; echo status \$?"
case_ "not root, suites not configured: make setup" "not root, and trixie-backports/bookworm-backports are not configured" \
	"rm -f /etc/apt/sources.list.d/pci-rescan-queue.sources; chown -R 65534:65534 .; setpriv --reuid=65534 --regid=65534 --clear-groups make setup; echo status \$?; echo post: \$($nothing_left)"

remove_root "$root"
exit "$fail"
