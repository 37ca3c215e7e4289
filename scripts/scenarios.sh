#!/bin/bash
# The scenario names, in order, of the selftest in the series (branch queue)
# or of the harness's own guest test; harness-open: the harness's scenarios
# of paths the series leaves open (OPEN_SCENARIOS, run only when named).
#   scripts/scenarios.sh selftest|harness|harness-open
set -euo pipefail
. "$(dirname "$0")/lib.sh"

usage="usage: scenarios.sh selftest|harness|harness-open"
var=SCENARIOS
[ "${1:-}" != harness-open ] || var=OPEN_SCENARIOS
case "${1:?$usage}" in
selftest) git -C "$TREE" show queue:tools/testing/selftests/pci/sriov_rescan_remove.sh ;;
harness) cat "$TOP/guest/tests/hotplug_events.sh" ;;
harness-open) cat "$TOP/guest/tests/hotplug_events.sh" ;;
*) die "$usage" ;;
esac | awk -v var="$var" '$0 ~ "^" var "=\"" { on = 1 }
	on { last = /"$/; sub("^" var "=", ""); gsub(/"/, ""); printf "%s ", $0; if (last) exit }' |
	tr -s ' \t' ' ' | sed 's/ $//'
echo
