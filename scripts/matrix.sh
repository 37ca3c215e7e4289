#!/bin/bash
# The build matrix at the tip of the queue, one result line each: by
# default the x86_64 part, PCI_IOV=y with lockdep (the QEMU kernel), and
# PREEMPT_RT=y without PCI_IOV (the PCI_IOV=n build); configs/builds names
# as arguments (or MATRIX=) choose others, e.g. s390x.  The UML build is the
# one scripts/kunit-suite.sh makes.
#   scripts/matrix.sh [NAME...]
set -uo pipefail
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT"
fail=0
# shellcheck disable=SC2086 # MATRIX is a list of names
[ "$#" -gt 0 ] || set -- ${MATRIX:-qemu rt}
for name in "$@"; do
	if "$TOP/scripts/build-kernel.sh" "$name" >"$OUT/matrix-$name.log" 2>&1; then
		echo "PASS build $name ($(tail -n 1 "$OUT/matrix-$name.log" | sed 's/^==> //'))"
	else
		tail -n 15 "$OUT/matrix-$name.log" | sed 's/^/  /'
		echo "FAIL build $name"
		fail=1
	fi
done
exit $fail
