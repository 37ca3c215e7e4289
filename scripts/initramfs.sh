#!/bin/bash
# Build the test initramfs: busybox-static, guest/init, the PCI selftest
# of the kernel tree with the kselftest helpers it sources, the harness's own
# guest tests (guest/tests/, next to the selftest), its C tools
# (guest/tools/, static, in /bin) and, when a folder of
# test modules is given, those modules in /lib/test-modules.
#   scripts/initramfs.sh OUT.cpio [MODULE_DIR]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

out=${1:?usage: initramfs.sh OUT.cpio [MODULE_DIR]}
mods=${2:-}
need_cmd cpio
need_tree
bb=$(command -v busybox || true)
[ -n "$bb" ] && file -L "$bb" 2>/dev/null | grep -q 'statically linked' || bb=/bin/busybox
[ -x "$bb" ] || die "missing busybox-static (apt-get install busybox-static)"
ldd "$bb" >/dev/null 2>&1 && die "$bb is not static; install busybox-static"

root=$(mktemp -d "$BUILD/initramfs.XXXXXX")
trap 'rm -rf "$root"' EXIT
mkdir -p "$root"/{bin,sbin,dev,proc,sys,tmp,kselftest/pci,kselftest/kselftest,lib/test-modules}
cp "$bb" "$root/bin/busybox"
ln -s busybox "$root/bin/sh"
install -m 0755 "$TOP/guest/init" "$root/init"
# The selftest always comes from the series (branch queue), so that the base
# and the patched kernel run the very same test.
git -C "$TREE" archive queue tools/testing/selftests/pci \
	tools/testing/selftests/kselftest/ktap_helpers.sh | tar -x -C "$root"
cp -a "$root/tools/testing/selftests/pci/." "$root/kselftest/pci/"
cp "$root/tools/testing/selftests/kselftest/ktap_helpers.sh" "$root/kselftest/kselftest/"
rm -rf "$root/tools"
install -m 0755 "$TOP"/guest/tests/*.sh "$root/kselftest/pci/"
install -m 0644 "$TOP"/guest/tests/*.awk "$root/kselftest/pci/"
# The harness's small C tools (guest/tools/), static: the guest has no libc.
need_cmd gcc
for c in "$TOP"/guest/tools/*.c; do
	gcc -static -O2 -Wall -Wextra -Werror -o "$root/bin/$(basename "$c" .c)" "$c" ||
		die "building $c failed"
done
# dash, Debian's /bin/sh, with the libraries it links: the selftest must
# pass under it too (guest/init: ksft_shell=dash).
dash=$(command -v dash) || die "missing dash"
for f in "$dash" $(ldd "$dash" | grep -o '/[^ ]*'); do
	mkdir -p "$root/$(dirname "$f")"
	cp -L "$f" "$root/$f"
done
ln -sf "$dash" "$root/bin/dash"
if [ -n "$mods" ]; then
	cp "$mods"/*.ko "$root/lib/test-modules/"
fi
(cd "$root" && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) >"$out.tmp"
mv "$out.tmp" "$out"
