#!/bin/bash
# The build matrix at the tip of the queue, full kernels, one result line
# each: by default PCI_IOV=y with lockdep (the QEMU kernel), PREEMPT_RT=y
# without PCI_IOV (the PCI_IOV=n build) and s390x (cross); configs/builds
# names as arguments (or MATRIX=) choose others.  The UML build is the one
# scripts/kunit-suite.sh makes.
# PART=1 compiles only the directories of the C files the series changes
# (drivers/pci/, kernel/locking/, arch/s390/pci/ where the architecture has
# it), not the whole kernel: make check does this for rt and s390x, whose
# kernels nothing boots; the full builds and their links are `make matrix`
# and `make bisect`.
#   scripts/matrix.sh [NAME...]
set -uo pipefail
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT"
fail=0
# shellcheck disable=SC2086 # MATRIX is a list of names
[ "$#" -gt 0 ] || set -- ${MATRIX:-qemu rt s390x}
for name in "$@"; do
	dirs=() what=
	if [ "${PART:-0}" = 1 ]; then
		build_config "$name"
		srcarch=$arch
		[ "$arch" != x86_64 ] || srcarch=x86
		while read -r d; do
			# another architecture's folder is not built here
			case "$d" in arch/"$srcarch"/*) ;; arch/*) continue ;; esac
			dirs+=("$d/")
		done < <(git -C "$TREE" diff --name-only base queue -- '*.c' | grep -v '^tools/' | xargs -r -n 1 dirname | sort -u)
		[ "${#dirs[@]}" -gt 0 ] || { echo "PASS build $name: the series changes no C file this architecture builds"; continue; }
		what="the series' directories: ${dirs[*]}; "
	fi
	if "$TOP/scripts/build-kernel.sh" "$name" "${dirs[@]}" >"$OUT/matrix-$name.log" 2>&1; then
		echo "PASS build $name ($what$(tail -n 1 "$OUT/matrix-$name.log" | sed 's/^==> //'))"
	else
		tail -n 15 "$OUT/matrix-$name.log" | sed 's/^/  /'
		echo "FAIL build $name"
		fail=1
	fi
done
exit $fail
