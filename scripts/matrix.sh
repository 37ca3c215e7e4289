#!/bin/bash
# The build matrix at the tip of the queue, one result line each:
# x86_64 with PCI_IOV=y and lockdep (the QEMU kernel), PCI_IOV=n,
# PREEMPT_RT=y, and UML.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

fail=0
for name in ${MATRIX:-qemu noiov rt}; do
	if "$TOP/scripts/build-kernel.sh" "$name" >"$OUT/matrix-$name.log" 2>&1; then
		echo "PASS build $name ($(tail -n 1 "$OUT/matrix-$name.log" | sed 's/^==> //'))"
	else
		tail -n 15 "$OUT/matrix-$name.log" | sed 's/^/  /'
		echo "FAIL build $name"
		fail=1
	fi
done
mkdir -p "$OUT"
if "$TOP/scripts/kunit.sh" build "$TOP/configs/uml.kunitconfig" uml >"$OUT/matrix-uml.log" 2>&1; then
	echo "PASS build uml"
else
	tail -n 15 "$OUT/matrix-uml.log" | sed 's/^/  /'
	echo "FAIL build uml"
	fail=1
fi
exit $fail
