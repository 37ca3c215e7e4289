#!/bin/bash
# Boot a built kernel in QEMU and run the PCI selftest with a few
# iterations; one result line per KTAP test, plus one for the boot itself.
#   scripts/smoke.sh NAME [iterations]
set -uo pipefail
. "$(dirname "$0")/lib.sh"

name=${1:-qemu}
iter=${2:-${ITER:-2}}
log=$OUT/$name/smoke.log
say "booting $name in QEMU (TCG), selftest with $iter iterations; serial log: $log"
"$TOP/scripts/qemu.sh" "$name" "$log" -n "$iter" -t "${DEADLINE:-300}" || exit 1
"$TOP/scripts/ktap-results.sh" "$log" "$name"
