#!/bin/bash
# Install what the build and the tests need, from Debian's archive only:
# bookworm for the tool chain, bookworm-backports for a QEMU with igb.
# Installs nothing when everything is there already.  Progress goes to the
# terminal in steps of 10 %; apt's own output to build/apt.log.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

# libmailtools-perl: git send-email's Mail::Address (only a Recommends of
# git-email, and we install without Recommends).  mmdebstrap: the fresh-root
# check of `make check` (scripts/fresh-root.sh).  dpkg-dev, debhelper,
# kmod, rsync: make bindeb-pkg (scripts/deb.sh).  gcc-s390x-linux-gnu: the
# s390x cross build of the matrix, where the bug was found.
# gcc-aarch64-linux-gnu: the KUnit suite on arm64 (kunit.py under QEMU).
# dash: the selftest runs under it in the guest, as on a Debian host.
# libc6-dev: static glibc for the guest's C tools (guest/tools/).
pkgs="gcc libc6-dev make flex bison bc libelf-dev libssl-dev ccache cpio xz-utils file
      busybox-static git git-email libmailtools-perl b4 perl python3
      python3-ply python3-git mmdebstrap dpkg-dev debhelper kmod rsync
      gcc-s390x-linux-gnu gcc-aarch64-linux-gnu dash"

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
need_qemu=0
devices=$(qemu-system-x86_64 -device help 2>/dev/null || true)
case "$devices" in
*'"igb"'*) ;;
*) need_qemu=1 ;;
esac
# qemu-system-arm for the arm64 KUnit run: from bookworm-backports as well,
# as it shares qemu-system-common with qemu-system-x86.
command -v qemu-system-aarch64 >/dev/null || need_qemu=1
if [ -z "$missing" ] && [ "$need_qemu" = 0 ]; then
	# The suites too: base.sh downloads from trixie-backports.
	if ! "$TOP/scripts/apt-suites.sh" --check; then
		[ "$(id -u)" = 0 ] || die "not root, and the project's apt suites are not configured: run 'make deps' as root (or 'sudo make deps'), then rerun as yourself"
		"$TOP/scripts/apt-suites.sh"
	fi
	say "build and test dependencies are installed"
	exit 0
fi
[ "$(id -u)" = 0 ] || die "not root, and these packages are missing:$missing$([ $need_qemu = 1 ] && echo ' qemu-system-x86 qemu-system-arm (bookworm-backports)'); run 'make deps' as root (or 'sudo make deps'), then rerun as yourself"
# build/ and the log belong to whoever owns the clone, so that the targets
# after `sudo make deps` run as that user.
owner=$(stat -c %u:%g "$TOP")
[ -d "$BUILD" ] || install -d -o "${owner%:*}" -g "${owner#*:}" "$BUILD"
log=$BUILD/apt.log
: >"$log"
chown "$owner" "$log"
# Measured on a minimal bookworm root: 100 MB of downloads, 410 MB installed.
avail=$(df -Pk /var/cache/apt | awk 'NR == 2 { print int($4 / 1024) }')
[ "$avail" -ge 1024 ] ||
	die "only $avail MiB free under /var/cache/apt; installing the build dependencies needs about 1 GiB (on a minimal bookworm: 100 MB of downloads, 410 MB installed): free some space and rerun"
"$TOP/scripts/apt-suites.sh"
export DEBIAN_FRONTEND=noninteractive
if [ -n "$missing" ]; then
	say "installing$missing (log: $log)"
	apt_run packages "$log" apt-get install -y -q --no-install-recommends $missing ||
		die "apt-get install failed: $(apt_why "$log")"
fi
if [ "$need_qemu" = 1 ]; then
	say "installing qemu-system-x86 and qemu-system-arm from bookworm-backports (QEMU with igb; log: $log)"
	apt_run qemu "$log" apt-get install -y -q --no-install-recommends -t bookworm-backports qemu-system-x86 qemu-system-arm ||
		die "apt-get install -t bookworm-backports qemu-system-x86 qemu-system-arm failed: $(apt_why "$log")"
fi
say "build and test dependencies are installed"
