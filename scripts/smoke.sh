#!/bin/bash
# Boot a built kernel in QEMU and run a guest test with a few iterations;
# one result line per KTAP test, plus one for the boot itself.
#   scripts/smoke.sh NAME [iterations] [selftest|hotplug]
# selftest (default): the PCI selftest of the series, every scenario.
# hotplug: the harness's guest/tests/hotplug_events.sh, with the test module
# and the QEMU monitor (s390-style VF removal events, pciehp unplug).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

name=${1:-qemu}
iter=${2:-${ITER:-2}}
what=${3:-selftest}
prefix=$name
case "$what" in
selftest) log=$OUT/$name/smoke.log ;;
hotplug)
	log=$OUT/$name/smoke-hotplug.log
	prefix=$name/hotplug
	export KSFT=hotplug_events.sh QEMU_HOTPLUG=1
	;;
*) die "usage: smoke.sh NAME [iterations] [selftest|hotplug]" ;;
esac
say "booting $name in QEMU (TCG), $what with $iter iterations; serial log: $log"
"$TOP/scripts/qemu.sh" "$name" "$log" -n "$iter" -t "${DEADLINE:-300}" || exit 1
"$TOP/scripts/ktap-results.sh" "$log" "$prefix"
