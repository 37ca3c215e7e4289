#!/bin/bash
# Bad input at set-up time, each case in a fresh Debian root (the one
# scripts/fresh-root.sh keeps in build/fresh-root/): what `make deps` and
# `make setup` say, and what they leave behind.
#   no network (stale apt lists, and fresh ones); a mirror without
#   trixie-backports; a full disk (/var/cache/apt, build/); a base commit
#   interrupted half way, then rerun; not root (packages missing, suites
#   not configured); and `make deps` as root leaving build/ to the user.
# A failing case passes when the command fails, prints the one line
# expected, and leaves no half-done download, tree or apt source behind.
#   scripts/setup-faults.sh            (as root; about 5 minutes)
set -uo pipefail
. "$(dirname "$0")/lib.sh"

[ "$(id -u)" = 0 ] || die "needs root (chroot, mounts); run it as root"
tarball=$(ls -t "$BUILD"/fresh-root/root-*.tar 2>/dev/null | head -n 1)
[ -n "$tarball" ] || die "no fresh root in $BUILD/fresh-root; run 'make fresh-root' first"
root=$BUILD/setup-faults/root
log=$BUILD/setup-faults
mkdir -p "$log"
fail=0
stamp=/var/lib/apt/lists/.pci-rescan-queue-updated
# What a failed set-up must not leave: a .deb or a partial download, or a
# tree tagged base; and where apt-get update failed, the project's apt
# source (post_apt).
left='{ compgen -G "build/dl/*.deb" || test -e build/dl/partial; } >/dev/null && echo "a download left behind";
	git -C build/linux rev-parse -q --verify base >/dev/null 2>&1 && echo "a base tree left behind";'
post="echo post: \$($left echo done)"
post_apt="echo post: \$($left test -e /etc/apt/sources.list.d/pci-rescan-queue.sources && echo 'an apt source left behind'; echo done)"
# After an interrupted commit the verified .deb may stay: only the tree counts.
post_tree='echo post: $(git -C build/linux rev-parse -q --verify base >/dev/null 2>&1 && echo "a base tree left behind"; echo done)'

fresh() {
	remove_root "$root"
	mkdir -p "$root"
	tar -xf "$tarball" -C "$root" || die "unpacking $tarball failed"
	git clone -q --no-local "$TOP" "$root$TOP" || die "clone into $root failed"
}

# case_ fails|works NAME PATTERN CMD [unshare options]: CMD prints its
# status last as "status N"; it must be non-zero (fails) or zero (works),
# and a line must match PATTERN; a "post:" line must say only "done".
case_() {
	local want=$1 name=$2 pat=$3 cmd=$4 out ok=1
	shift 4
	out=$log/$(echo "$name" | tr -c 'a-z0-9\n' '-').log
	fresh
	chroot_run "$root" "$cmd" "$@" >"$out" 2>&1
	case $want in
	fails) grep -qE '^status [1-9]' "$out" || ok=0 ;;
	works) grep -qE '^status 0$' "$out" || ok=0 ;;
	esac
	grep -qE "$pat" "$out" || ok=0
	if grep -q '^post:' "$out" && ! grep -qx 'post: done' "$out"; then
		ok=0
	fi
	if [ "$ok" = 1 ]; then
		echo "PASS $name"
	else
		echo "FAIL $name (log: $out)"
		fail=1
	fi
	grep -E "$pat" "$out" | head -n 1 | sed 's/^/  | /'
	grep '^post:' "$out" | sed 's/^/  | /'
}

case_ fails "no network, apt lists stale: make setup" "cannot reach the Debian mirror" \
	"rm -f $stamp; make setup; echo status \$?; $post" --net
case_ fails "no network, apt lists fresh: make setup" "download .* failed: the Debian mirror is unreachable" \
	"touch $stamp; make setup; echo status \$?; $post" --net
# An empty file: mirror: it lacks bookworm too, but trixie-backports is the
# suite named, and the project's apt source must be gone afterwards.
case_ fails "mirror without trixie-backports: make setup" "has no trixie-backports" \
	"mkdir -p /srv/mirror; sed -i '1i deb file:///srv/mirror bookworm main' /etc/apt/sources.list; rm -f $stamp /etc/apt/sources.list.d/pci-rescan-queue.sources; make setup; echo status \$?; $post_apt"
case_ fails "full disk, /var/cache/apt: make deps" "free under /var/cache/apt" \
	"apt-get remove -y -q b4 >/dev/null; mount -t tmpfs -o size=100m none /var/cache/apt; make deps; echo status \$?"
case_ fails "full disk, build/: make setup" "GiB free under .*needs about 6 GiB" \
	"mkdir -p build; mount -t tmpfs -o size=1g none build; make setup; echo status \$?; $post"
# Stopped by SIGTERM while git adds the ~100,000 files: the case needs the
# 30 % line seen while make ran, and status 143; then no tree a rerun takes
# for done, and the rerun makes one.
case_ fails "base commit interrupted, then rerun: make setup" "^interrupted at git add 30%; rerun: .*base tree at .*base [0-9a-f]{40}" \
	"setsid make setup >/tmp/setup.log 2>&1 & p=\$!
	 seen=0
	 while kill -0 \$p 2>/dev/null; do grep -q 'git add: 30%' /tmp/setup.log && { seen=1; break; }; sleep 0.2; done
	 kill -TERM -- -\$p; wait \$p; st=\$?
	 [ \$seen = 1 ] && [ \$st = 143 ] || st=0
	 $post_tree
	 echo \"interrupted at git add 30%; rerun: \$(make setup 2>&1 | grep 'base tree at')\"
	 echo status \$st"
case_ fails "not root, packages missing: make deps" "not root, and these packages are missing: b4; run 'make deps' as root" \
	"apt-get remove -y -q b4 >/dev/null; setpriv --reuid=65534 --regid=65534 --clear-groups make deps; echo status \$?"
# ... and the advice works: after make deps as root, the user's check passes.
case_ fails "not root, suites not configured: make setup" "not root, and the project's apt suites are not configured: run 'make deps' as root.*; advice followed: configured" \
	"rm -f /etc/apt/sources.list.d/pci-rescan-queue.sources; chown -R 65534:65534 .
	 setpriv --reuid=65534 --regid=65534 --clear-groups make setup 2>&1 | tr '\n' ' '; st=\${PIPESTATUS[0]}
	 make deps >/dev/null 2>&1 && setpriv --reuid=65534 --regid=65534 --clear-groups scripts/apt-suites.sh --check && echo '; advice followed: configured'
	 echo status \$st; $post"
case_ works "make deps as root, then the user owns build/" "^build/ belongs to the user" \
	"chown -R 65534:65534 .; rm -rf build; apt-get remove -y -q b4 >/dev/null
	 make deps >/dev/null 2>&1; st=\$?
	 [ \$st = 0 ] && [ \"\$(stat -c %u build build/apt.log | sort -u)\" = 65534 ] && echo 'build/ belongs to the user' || st=1
	 echo status \$st"

remove_root "$root"
exit "$fail"
