#!/bin/bash
# Boot a built kernel in QEMU and run a guest test with a few iterations;
# one result line per KTAP test, plus one for the boot itself.
#   scripts/smoke.sh NAME [iterations] [selftest|hotplug|max-vfs|acpi-hotplug|kunit-module|restore|faults]
# selftest (default): the PCI selftest of the series, every scenario.
# hotplug: the harness's guest/tests/hotplug_events.sh, with the test module
# and the QEMU monitor (s390-style VF removal events, pciehp unplug).
# max-vfs: its one scenario that needs igb.max_vfs=7 on the kernel command
# line (root port removal vs a PF bind whose .probe() enables VFs).
# acpi-hotplug: its one scenario with the root port's hotplug left to ACPI
# (acpiphp: an eject request vs a PF unbind, and vs 'echo 0 > sriov_numvfs',
# the rescan lock held).
# kunit-module: the series' KUnit suite as a module, loaded twice in one
# boot (guest/tests/kunit_module.sh); "iterations" is the number of loads.
# restore: the selftest puts the PF back as it found it, also after SIGTERM
# (guest/tests/selftest_restore.sh), under busybox sh and under dash.
# faults: guest/tests/faults.sh, VF enables with one failed allocation each
# ("iterations" is the number of tries) and kmemleak scans, without the race
# scenario unless FAULT_SCENARIOS names it; needs configs/checks.config.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

name=${1:-qemu}
iter=${2:-${ITER:-2}}
what=${3:-selftest}
only=()
prefix=$name
case "$what" in
selftest) log=$OUT/$name/smoke.log ;;
hotplug)
	log=$OUT/$name/smoke-hotplug.log
	prefix=$name/hotplug
	export KSFT=hotplug_events.sh QEMU_HOTPLUG=1
	;;
acpi-hotplug)
	log=$OUT/$name/smoke-acpi-hotplug.log
	prefix=$name/acpi_hotplug
	export KSFT=hotplug_events.sh QEMU_HOTPLUG=acpi
	only=(-s acpiphp_unplug_vs_pf_unbind_held+acpiphp_unplug_vs_numvfs_held)
	;;
max-vfs)
	log=$OUT/$name/smoke-max-vfs.log
	prefix=$name/max_vfs
	export KSFT=hotplug_events.sh QEMU_HOTPLUG=1 QEMU_APPEND=igb.max_vfs=7
	only=(-s bridge_remove_vs_pf_bind_held)
	;;
kunit-module)
	log=$OUT/$name/smoke-kunit-module.log
	prefix=$name/kunit_module
	# the benchmark case is slow under TCG and measures nothing here
	export KSFT=kunit_module.sh QEMU_APPEND='kunit.filter=speed>slow'
	;;
restore)
	log=$OUT/$name/smoke-restore.log
	prefix=$name/restore
	export KSFT=selftest_restore.sh
	;;
faults)
	log=$OUT/$name/smoke-faults.log
	prefix=$name/faults
	export KSFT=faults.sh QEMU_APPEND="slub_debug=FZPU kmemleak=on ${QEMU_APPEND:-}"
	# the race with VF events only fails writes now and then: it runs in
	# `make faults` (scripts/faults-table.sh), with 50 tries
	# ('+' between scenarios: the kernel command line turns ',' into ' ')
	only=(-s "${FAULT_SCENARIOS:-enable_with_faults+kmemleak_finds_a_planted_leak+kmemleak_no_vf_path_leak}")
	;;
*) die "usage: smoke.sh NAME [iterations] [selftest|hotplug|max-vfs|acpi-hotplug|kunit-module|restore|faults]" ;;
esac
say "booting $name in QEMU (TCG), $what with $iter iterations; serial log: $log"
"$TOP/scripts/qemu.sh" "$name" "$log" -n "$iter" -t "${DEADLINE:-300}" "${only[@]}" || exit 1
"$TOP/scripts/ktap-results.sh" "$log" "$prefix"
