#!/bin/bash
# Turn a QEMU serial log of the selftest into result lines:
#   PASS|FAIL <prefix> <test>
# The boot counts as a test: it fails on a kernel warning before the selftest
# started, or when the guest did not get to the end (hang, crash, timeout).
#   scripts/ktap-results.sh LOG PREFIX
set -uo pipefail
. "$(dirname "$0")/lib.sh"
log=${1:?}
prefix=${2:?}
fail=0
mkdir -p "$BUILD"
clean=$(mktemp "$BUILD/ktap.XXXXXX")
trap 'rm -f "$clean"' EXIT
tr -d '\r' <"$log" >"$clean"
BAD='WARNING|BUG|lockdep|circular locking|list_(add|del) corruption|hung task|blocked for more than|KASAN'

boot=$(sed -n '0,/^=== guest: running/p' "$clean" | grep -E "$BAD" | head -n 3)
if ! grep -q '^=== guest: running' "$clean"; then
	echo "FAIL $prefix boot (the guest never started the selftest)"
	fail=1
elif [ -n "$boot" ]; then
	echo "$boot" | sed 's/^/  /'
	echo "FAIL $prefix boot (kernel warning before the selftest)"
	fail=1
else
	echo "PASS $prefix boot"
fi
while read -r line; do
	case "$line" in
	"ok "*"# SKIP"*) echo "SKIP $prefix ${line#ok }" ;;
	"ok "*) echo "PASS $prefix ${line#ok }" ;;
	"not ok "*) echo "FAIL $prefix ${line#not ok }"; fail=1 ;;
	esac
done < <(grep -aE '^(not )?ok [0-9]+ ' "$clean")
# a test that reported no result at all has not passed
if grep -q '^=== guest: running' "$clean" && ! grep -qaE '^(not )?ok [0-9]+ ' "$clean"; then
	echo "FAIL $prefix no test result in the log (see $log)"
	fail=1
fi
if ! grep -q '^=== guest: exit' "$clean"; then
	grep -a 'qemu: host-side timeout' "$clean" | sed 's/^/  /'
	echo "FAIL $prefix selftest did not finish (see $log)"
	fail=1
fi
exit $fail
