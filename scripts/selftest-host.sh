#!/bin/bash
# The selftest on this machine, outside any guest, the way a user on a
# Debian host would run it: without a PF named (-p or PCI_SRIOV_PF) it must
# skip, under every shell, and change nothing on the machine's PCI devices;
# so must `make run_tests` of the kselftest tree for the pci target, which
# the default TARGETS include.  One result line per check.
#   scripts/selftest-host.sh
set -uo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
[ "$(id -u)" = 0 ] || die "run as root: the test skips earlier for a user"
work=$(mktemp -d "$BUILD/selftest-host.XXXXXX")
trap 'rm -rf "$work"' EXIT
# the series' selftest (branch queue) with the kselftest helpers it sources
# (the make check runs it from the kernel tree itself, which needs the rest
# of the tree).
git -C "$TREE" archive queue tools/testing/selftests/pci \
	tools/testing/selftests/kselftest | tar -x -C "$work"
st=$work/tools/testing/selftests

# Every PCI device's driver and VF count, and the PCI device list.
state() {
	local d
	for d in /sys/bus/pci/devices/*; do
		[ -e "$d" ] || continue
		echo "${d##*/} $(readlink "$d/driver" 2>/dev/null) $(cat "$d/sriov_numvfs" 2>/dev/null)"
	done
}
before=$(state)
fail=0
result() {	# result OK NAME
	if [ "$1" = 0 ]; then echo "PASS selftest on the host: $2"; else echo "FAIL selftest on the host: $2"; fail=1; fi
}

bb=$(command -v busybox) || die "missing busybox"
for sh in dash bash "$bb sh"; do
	out=$(env -u PCI_SRIOV_PF $sh "$st/pci/sriov_rescan_remove.sh" 2>&1)
	rc=$?
	ok=1
	[ "$rc" = 4 ] && grep -q '^1\.\.0 # SKIP no PF given' <<<"$out" && ok=0
	[ "$ok" = 0 ] || sed 's/^/  /' <<<"$out" | head -n 5
	result $ok "without -p under ${sh##*/}: skips (exit $rc)"
done

# A device that is not an SR-IOV PF, named: skip, touch nothing.
dev=$(ls /sys/bus/pci/devices | head -n 1)
if [ -n "$dev" ] && [ ! -e "/sys/bus/pci/devices/$dev/sriov_totalvfs" ]; then
	out=$(dash "$st/pci/sriov_rescan_remove.sh" -p "$dev" 2>&1)
	rc=$?
	ok=1
	[ "$rc" = 4 ] && grep -q "^1\.\.0 # SKIP $dev is not an SR-IOV PF" <<<"$out" && ok=0
	[ "$ok" = 0 ] || sed 's/^/  /' <<<"$out" | head -n 5
	result $ok "-p $dev (no SR-IOV): skips (exit $rc)"
fi

# The kselftest runner, as `make kselftest` runs the pci target.
grep -qE '^TARGETS \+= pci$' <(git -C "$TREE" show queue:tools/testing/selftests/Makefile)
result $? "pci is in the default TARGETS of tools/testing/selftests/Makefile"
[ "$(git -C "$TREE" rev-parse HEAD)" = "$(git -C "$TREE" rev-parse queue)" ] ||
	die "$TREE is not at queue"
out=$(env -u PCI_SRIOV_PF make -s -C "$TREE/tools/testing/selftests" TARGETS=pci run_tests 2>&1)
ok=1
grep -q 'ok 1 selftests: pci: sriov_rescan_remove.sh # SKIP' <<<"$out" && ok=0
[ "$ok" = 0 ] || sed 's/^/  /' <<<"$out" | tail -n 5
result $ok "make run_tests TARGETS=pci: skips"

after=$(state)
[ "$before" = "$after" ]
rc=$?
[ "$rc" = 0 ] || diff <(echo "$before") <(echo "$after") | sed 's/^/  /'
result $rc "no PCI device, driver binding or VF count changed ($(wc -l <<<"$before") devices)"
exit $fail
