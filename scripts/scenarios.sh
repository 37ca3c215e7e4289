#!/bin/bash
# The scenario names, in order, of the selftest in the series (branch queue)
# or of the harness's own guest test.
#   scripts/scenarios.sh selftest|harness
set -euo pipefail
. "$(dirname "$0")/lib.sh"

case "${1:?usage: scenarios.sh selftest|harness}" in
selftest) git -C "$TREE" show queue:tools/testing/selftests/pci/sriov_rescan_remove.sh ;;
harness) cat "$TOP/guest/tests/hotplug_events.sh" ;;
*) die "usage: scenarios.sh selftest|harness" ;;
esac | awk '/^SCENARIOS="/ { on = 1 }
	on { last = /"$/; sub(/^SCENARIOS=/, ""); gsub(/"/, ""); printf "%s ", $0; if (last) exit }' |
	tr -s ' \t' ' ' | sed 's/ $//'
echo
