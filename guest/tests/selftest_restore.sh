#!/bin/sh
# The selftest puts back what it found on the PF it is given: its number of
# VFs and its driver binding, after a run that passes and after one that is
# cut short by SIGTERM in the middle of a PF removal scenario (the kselftest
# runner's timeout sends SIGTERM); and a PF that is not there is skipped.
# After a run, no process of the test is left: a deadline timer's sleep left
# behind would hold the runner's stdout open until the deadline.
#   selftest_restore.sh [-n N] [-t SECONDS]	(both ignored)
DIR=$(dirname "$0")
. "$DIR/../kselftest/ktap_helpers.sh"

SYS=/sys/bus/pci
PF=${PCI_SRIOV_PF:-}
ST=./sriov_rescan_remove.sh
KSFT_SHELL=${KSFT_SHELL:-sh}
ktap_print_header
[ -n "$PF" ] || { echo "1..0 # SKIP no PCI_SRIOV_PF"; exit "$KSFT_SKIP"; }
DEV=$SYS/devices/$PF
ktap_set_plan 4

state() {
	echo "exists=$([ -d "$DEV" ] && echo 1 || echo 0) driver=$(basename "$(readlink "$DEV/driver" 2>/dev/null)") numvfs=$(cat "$DEV/sriov_numvfs" 2>/dev/null)"
}

# 1. After a run that passes, the VF count the PF had (2) is back.
echo 2 >"$DEV/sriov_numvfs"
want=$(state)
$KSFT_SHELL "$ST" -p "$PF" -n 1 -t 4242 -s sriov_enable_disable >/tmp/restore.log 2>&1
rc=$?
left=$(grep -l "424[2]" /proc/[0-9]*/cmdline 2>/dev/null | grep -v "/proc/$$/")
got=$(state)
ktap_print_msg "after a run (exit $rc): $got; before: $want"
[ "$rc" -eq 0 ] && [ "$got" = "$want" ] && ktap_test_pass restores_after_a_run ||
	{ sed 's/^/# /' /tmp/restore.log; ktap_test_fail restores_after_a_run; }
if [ -z "$left" ]; then
	ktap_test_pass no_process_left
else
	for p in $left; do ktap_print_msg "left: $(tr '\0' ' ' <"$p")"; done
	ktap_test_fail no_process_left
fi

# 2. SIGTERM while the PF is being removed and rescanned, as a runner that
#    times the test out sends it: to the whole process group, twice.  The
#    EXIT trap stops the scenario and brings back the PF, its driver and
#    its VFs.  The test runs in a session of its own (setsid), so that the
#    group is the test's alone.
setsid $KSFT_SHELL "$ST" -p "$PF" -n 1000 -s pf_remove_with_vfs >/tmp/restore.log 2>&1 &
st=$!
# Bounded wait (60 s, in whole seconds) until the scenario is in its loop:
# the PF has all its VFs (more than 2) or is removed.
t=0
changed=0
while [ "$t" -lt 60 ]; do
	if [ ! -d "$DEV" ] || [ "$(cat "$DEV/sriov_numvfs" 2>/dev/null || echo 0)" -gt 2 ]; then
		changed=1
		break
	fi
	sleep 1
	t=$((t + 1))
done
kill -TERM "-$st"
kill -TERM "-$st"
wait "$st"
rc=$?
got=$(state)
ktap_print_msg "after SIGTERM (exit $rc, the scenario was in its loop: $changed): $got; before: $want"
[ "$changed" -eq 1 ] && [ "$rc" -eq 143 ] && [ "$got" = "$want" ] &&
	ktap_test_pass restores_after_sigterm ||
	{ sed 's/^/# /' /tmp/restore.log | tail -n 20; ktap_test_fail restores_after_sigterm; }

# 3. A PF that does not exist: skip, change nothing.
out=$($KSFT_SHELL "$ST" -p 0000:ff:1f.7 2>&1)
rc=$?
got=$(state)
echo "$out" | sed 's/^/# /'
[ "$rc" -eq 4 ] && [ "$got" = "$want" ] && ktap_test_pass skips_a_missing_pf ||
	ktap_test_fail skips_a_missing_pf
echo 0 >"$DEV/sriov_numvfs"
ktap_finished
