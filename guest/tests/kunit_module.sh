#!/bin/sh
# The series' KUnit suite (drivers/pci/tests) built as a module, loaded
# twice in one boot: both loads must pass every case, and give the same
# result for each case.  A second load sees what the first left behind:
# a warning that fires only once since boot, a lock left held, a depth
# counter gone wrong.  The module is in /lib/test-modules when the kernel
# has KUnit (scripts/test-modules.sh builds it).  The kernel log since each
# load must have no warning, lockdep report or hung task; KUnit's own
# result lines (one says rr_lockdep) are left out of that check, and
# rr_add_vfs_error's "cannot create duplicate filename" is on purpose.
#   kunit_module.sh [-n LOADS]
DIR=$(dirname "$0")
. "$DIR/../kselftest/ktap_helpers.sh"

LOADS=2
while getopts "n:t:" opt; do
	case "$opt" in
	n) LOADS=$OPTARG ;;
	t) ;;	# the harness passes a deadline; insmod has none to give
	*) exit "$KSFT_FAIL" ;;
	esac
done
[ "$LOADS" -ge 2 ] || LOADS=2
MOD=/lib/test-modules/rescan_remove_kunit.ko
RES=/sys/kernel/debug/kunit/pci_rescan_remove/results
BAD='WARNING|BUG:|kernel BUG|lockdep|circular locking|list_(add|del) corruption'
BAD="$BAD|hung task|blocked for more than|KASAN"

ktap_print_header
[ -f "$MOD" ] || { echo "1..0 # SKIP no $MOD (kernel without KUnit?)"; exit "$KSFT_SKIP"; }
ktap_set_plan $((LOADS + 1))

first=
same=1
i=1
while [ "$i" -le "$LOADS" ]; do
	mark="selftests/pci: kunit_module.sh $$ load $i"
	echo "$mark" >/dev/kmsg
	if ! insmod "$MOD"; then
		ktap_test_fail "load_$i # insmod failed"
		i=$((i + 1))
		continue
	fi
	# "ok N rr_case [# SKIP reason]", one per case, from the suite's KTAP
	cases=$(sed -nE 's/^[[:space:]]+((not )?ok [0-9]+ rr_.*)/\1/p' "$RES")
	rmmod rescan_remove_kunit
	echo "$cases" | sed 's/^/# load '"$i"': /'
	# the kernel log after the last line with this load's mark
	bad=$(dmesg | awk -v m="$mark" '
		index($0, m) { found = 1; n = 0; next }
		found { line[n++] = $0 }
		END { for (j = 0; j < n; j++) print line[j] }' |
		grep -vE '(ok [0-9]+ rr_|# rr_)' | grep -E "$BAD")
	n=$(echo "$cases" | grep -c '^ok ')
	if [ -z "$cases" ]; then
		ktap_test_fail "load_$i # no results in $RES"
	elif echo "$cases" | grep -q '^not ok'; then
		ktap_test_fail "load_$i"
	elif [ -n "$bad" ]; then
		echo "$bad" | head -n 20 | sed 's/^/# /'
		ktap_test_fail "load_$i # the kernel reported"
	else
		ktap_print_msg "load $i: $n cases ok"
		ktap_test_pass "load_$i"
	fi
	if [ -z "$first" ]; then
		first=$cases
	elif [ "$cases" != "$first" ]; then
		same=0
	fi
	i=$((i + 1))
done
if [ "$same" -eq 1 ] && [ -n "$first" ]; then
	ktap_test_pass "same_results_every_load"
else
	ktap_test_fail "same_results_every_load"
fi
ktap_finished
