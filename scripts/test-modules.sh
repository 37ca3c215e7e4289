#!/bin/bash
# Build the harness's test modules (tests/*/ with a Kbuild file) against the
# kernel in build/out/NAME, into build/out/NAME/test-modules/.  They are
# test tooling of this repository, never part of the series.
#   scripts/test-modules.sh NAME
set -euo pipefail
. "$(dirname "$0")/lib.sh"

name=${1:?usage: test-modules.sh NAME}
kout=$OUT/$name
[ -f "$kout/vmlinux" ] || die "no kernel in $kout (scripts/build-kernel.sh)"
grep -q '^CONFIG_MODULES=y' "$kout/.config" || die "$name: kernel without CONFIG_MODULES"
# The source tree the kernel was built from (the series, or the unpatched
# base): Kbuild links it as 'source' in the output folder.
src=$(readlink -f "$kout/source") || true
[ -f "$src/Makefile" ] || die "$name: no source link in $kout; rebuild with scripts/build-kernel.sh"
dest=$kout/test-modules
mkdir -p "$dest"
# one build at a time per kernel: boots of the same kernel may overlap
exec 9>"$dest/.lock"
flock 9
# The kernel's exported symbols for modpost.  With every driver built in,
# 'make modules' only writes Module.symvers.
if [ ! -f "$kout/Module.symvers" ] || [ "$kout/vmlinux" -nt "$kout/Module.symvers" ]; then
	make -s -C "$src" O="$kout" modules >>"$kout/build.log" 2>&1 ||
		die "$name: make modules failed (see $kout/build.log)"
fi
# The series' KUnit suite, as a module (kernels with KUnit, and a tree
# with the suite): guest/tests/kunit_module.sh loads it twice.  It is built
# from the kernel tree's own file, in a folder whose ../pci.h is the tree's
# drivers/pci/pci.h, as the suite includes it.
kunit_src=$src/drivers/pci/tests/rescan_remove_kunit.c
if grep -q '^CONFIG_KUNIT=y' "$kout/.config" && [ -f "$kunit_src" ]; then
	work=$dest/pci-kunit
	if [ ! -f "$dest/rescan_remove_kunit.ko" ] ||
	   [ -n "$(find "$kunit_src" "$src/drivers/pci/pci.h" "$kout/vmlinux" -newer "$dest/rescan_remove_kunit.ko")" ]; then
		rm -rf "$work"
		mkdir -p "$work/tests"
		cp "$kunit_src" "$work/tests/"
		ln -s "$src/drivers/pci/pci.h" "$work/pci.h"
		echo 'obj-m += rescan_remove_kunit.o' >"$work/tests/Kbuild"
		make -s -C "$src" O="$kout" M="$work/tests" modules >"$work/build.log" 2>&1 || {
			cat "$work/build.log" >&2
			die "$name: the KUnit suite failed to build as a module"
		}
		cp "$work/tests/rescan_remove_kunit.ko" "$dest/"
	fi
fi
for kbuild in "$TOP"/tests/*/Kbuild; do
	mdir=$(dirname "$kbuild")
	mod=$(basename "$mdir")
	work=$dest/$mod
	# nothing to do when the module is newer than its sources and the kernel
	if [ -f "$dest/$mod.ko" ] && [ -z "$(find "$mdir" "$kout/vmlinux" -newer "$dest/$mod.ko")" ]; then
		continue
	fi
	rm -rf "$work"
	cp -r "$mdir" "$work"
	make -s -C "$src" O="$kout" M="$work" W=1 modules >"$work/build.log" 2>&1 || {
		cat "$work/build.log" >&2
		die "$name: test module $mod failed to build"
	}
	if grep -q 'warning:' "$work/build.log"; then
		cat "$work/build.log" >&2
		die "$name: test module $mod has warnings"
	fi
	cp "$work/$mod.ko" "$dest/"
done
