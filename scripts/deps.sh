#!/bin/bash
# Install what the build and the tests need, from Debian's archive only:
# bookworm for the tool chain, bookworm-backports for a QEMU with igb.
# Installs nothing when everything is there already.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

pkgs="gcc make flex bison bc libelf-dev libssl-dev ccache cpio xz-utils file
      busybox-static git git-email b4 perl python3 python3-ply python3-git"

missing=
for p in $pkgs; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing="$missing $p"
done
need_qemu=0
if ! command -v qemu-system-x86_64 >/dev/null ||
   ! qemu-system-x86_64 -device help 2>/dev/null | grep -q '"igb"'; then
	need_qemu=1
fi
if [ -z "$missing" ] && [ "$need_qemu" = 0 ]; then
	say "build and test dependencies are installed"
	exit 0
fi
[ "$(id -u)" = 0 ] || die "missing packages:$missing$([ $need_qemu = 1 ] && echo ' qemu-system-x86 (bookworm-backports)'); run 'make deps' as root"
"$TOP/scripts/apt-suites.sh"
export DEBIAN_FRONTEND=noninteractive
if [ -n "$missing" ]; then
	say "installing:$missing"
	apt-get install -y -q --no-install-recommends $missing >"$BUILD/apt.log" 2>&1 ||
		die "apt-get install failed for:$missing (see $BUILD/apt.log)"
fi
if [ "$need_qemu" = 1 ]; then
	say "installing qemu-system-x86 from bookworm-backports (QEMU with igb)"
	apt-get install -y -q --no-install-recommends -t bookworm-backports qemu-system-x86 >>"$BUILD/apt.log" 2>&1 ||
		die "apt-get install -t bookworm-backports qemu-system-x86 failed (see $BUILD/apt.log)"
fi
