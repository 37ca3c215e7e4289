#!/bin/bash
# The proof of scripts/deb.sh: build the packages with the small QEMU
# config, unpack the linux-image .deb (dpkg-deb -x, nothing installed),
# check that its kernel release, vmlinuz version string and modules folder
# name the series, and boot that vmlinuz in QEMU with the selftest smoke.
# One PASS/FAIL line per check.
#   scripts/deb-check.sh [iterations]
set -uo pipefail
. "$(dirname "$0")/lib.sh"

iter=${1:-1}
lv=-pci-rescan-v$(series_version)	# what deb.sh names the kernel by default
dir=$BUILD/deb-qemu
if ! QEMU=1 "$TOP/scripts/deb.sh"; then
	echo "FAIL deb: QEMU=1 scripts/deb.sh"
	exit 1
fi
echo "PASS deb: make bindeb-pkg with the QEMU config"
deb=$(ls "$dir"/linux-image-*.deb 2>/dev/null | grep -v -- '-dbg_' | head -n 1)
[ -n "$deb" ] || { echo "FAIL deb: no linux-image .deb in $dir"; exit 1; }
release=$(dpkg-deb -f "$deb" Package | sed 's/^linux-image-//')
x=$dir/unpacked
rm -rf "$x"
dpkg-deb -x "$deb" "$x"
fail=0
check() {	# check NAME CMD...
	if "${@:2}" >/dev/null 2>&1; then echo "PASS deb: $1"; else echo "FAIL deb: $1"; fail=1; fi
}
check "the package's kernel release $release names the series ($lv)" test "${release%"$lv"}" != "$release"
check "boot/vmlinuz-$release is in the package" test -f "$x/boot/vmlinuz-$release"
check "the vmlinuz version string is $release" sh -c "file -b '$x/boot/vmlinuz-$release' | grep -q 'version $release '"
check "lib/modules/$release is in the package" test -d "$x/lib/modules/$release"
# This boot runs the selftest under dash, Debian's /bin/sh; the other
# selftest boots run it under busybox sh.
OUT=$dir KERNEL_IMAGE=$x/boot/vmlinuz-$release DEADLINE=${DEADLINE:-300} \
	QEMU_APPEND=ksft_shell=dash "$TOP/scripts/smoke.sh" build "$iter" | sed 's/^\(PASS\|FAIL\|SKIP\) build/\1 deb: vmlinuz from the .deb:/'
st=${PIPESTATUS[0]}
rm -rf "$x"
[ "$fail" = 0 ] && [ "$st" = 0 ]
