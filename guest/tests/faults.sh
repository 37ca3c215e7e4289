#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the harness's fault tests (not part of the series).  KTAP
# output like the selftest.  Needs a kernel built with configs/checks.config
# (failslab, fail_page_alloc, kmemleak) and the pci_vf_event test module.
#
#   enable_with_faults  TRIES writes of TotalVFs to sriov_numvfs, each from
#       a task (make-it-fail) whose allocations fail once, at a random point:
#       failslab and fail_page_alloc take turns, and the point is drawn
#       from what an enable without faults allocated (the "space" that the
#       fault attribute counts down).  The PF's VFs are not probed during
#       the write (sriov_drivers_autoprobe=0), so the faults fall in the VF
#       paths and not in the VF driver.  After every try:
#         - all VFs exist, or none does (numvfs, the virtfn links and the
#           VF devices agree), and a failed write returned ENOMEM;
#         - the rescan lock is free: a rescan of the PF's bus completes;
#         - the PF enables and disables its VFs cleanly without faults;
#         - the kernel reported nothing (warning, BUG, lockdep, list
#           corruption, hung task, ...).
#       The faults fall only in what sriov_numvfs_store() calls, and not
#       in pci_device_add() (see below).  The scenario fails if a fault did
#       not fire, or if no write failed (then nothing was unwound).
#   configure_fails_vs_vf_event  the PF's sriov_configure fails (a fault
#       in the later half of the enable) while an s390-style VF removal
#       event (pci_vf_event) removes each VF as soon as it appears: the
#       unwinding of sriov_add_vfs() and sriov_enable() races the event.
#       Fails if no event removed a VF during a failed enable.
#   kmemleak_finds_a_planted_leak  the test module leaks 123 bytes on
#       purpose; a scan must report them (else a clean scan means nothing)
#   kmemleak_no_vf_path_leak  a scan after all the above: no new leak
#       (not there at the start, by address) whose backtrace has a
#       function of the PCI core, SR-IOV or igb (pci_*, sriov_*, igb*)
#
# Every try prints one line: the fault, where it fired (the innermost
# PCI or igb function of its stack), what the write returned, the VFs.
#
# Usage: faults.sh [-n TRIES] [-t SECONDS] [-s SCENARIO,...]

DIR=$(dirname "$0")
. "$DIR/../kselftest/ktap_helpers.sh"

SYS=/sys/bus/pci
DBG=/sys/kernel/debug
KMEMLEAK=$DBG/kmemleak
TRIES=10
DEADLINE=900
SCENARIOS="enable_with_faults configure_fails_vs_vf_event
	kmemleak_finds_a_planted_leak kmemleak_no_vf_path_leak"
SCENARIOS=$(echo $SCENARIOS)
ONLY=
KNOBS=$DBG/pci_vf_event
MODULE=/lib/test-modules/pci_vf_event.ko
TMP=/tmp/faults
LEAK_SIZE=123

while getopts "n:t:s:" opt; do
	case "$opt" in
	n) TRIES=$OPTARG ;;
	t) DEADLINE=$OPTARG ;;
	s) ONLY=$(echo "$OPTARG" | tr ',' ' ') ;;
	*) echo "usage: $0 [-n TRIES] [-t SECONDS] [-s SCENARIO,...]" >&2
	   exit "$KSFT_FAIL" ;;
	esac
done
case "$TRIES" in
''|*[!0-9]*|0) echo "-n: a positive number of tries" >&2; exit "$KSFT_FAIL" ;;
esac
for sc in $ONLY; do
	case " $SCENARIOS " in
	*" $sc "*) ;;
	*) echo "unknown scenario $sc" >&2; exit "$KSFT_FAIL" ;;
	esac
done
[ -n "$ONLY" ] || ONLY=$SCENARIOS

ktap_print_header
[ "$(id -u)" -eq 0 ] || { ktap_skip_all "must be run as root"; exit "$KSFT_SKIP"; }
for f in "$DBG/failslab" "$DBG/fail_page_alloc" "$KMEMLEAK"; do
	[ -e "$f" ] || { ktap_skip_all "no $f: a kernel without configs/checks.config"; exit "$KSFT_SKIP"; }
done
PF=${PCI_SRIOV_PF:-}
[ -n "$PF" ] || { ktap_skip_all "no PCI_SRIOV_PF"; exit "$KSFT_SKIP"; }
DEV=$SYS/devices/$PF
TOTAL=$(cat "$DEV/sriov_totalvfs")
RESCAN=/sys/class/pci_bus/${PF%:*}/rescan
[ -e "$KNOBS/remove" ] || insmod "$MODULE" || exit "$KSFT_FAIL"
rm -rf "$TMP"
mkdir -p "$TMP"
ktap_print_msg "PF $PF, TotalVFs $TOTAL, $TRIES tries"
ktap_set_plan "$(echo $ONLY | wc -w)"

BAD='WARNING|BUG|lockdep|circular locking|list_(add|del) corruption|refcount_t'
BAD="$BAD|hung task|blocked for more than|KASAN|Poison overwritten|Redzone"
BAD="$BAD|Object already free|ODEBUG|sleeping function called"

fail() {
	echo "$*"
	exit 1
}

# The fault attributes: every allocation of a task that has make-it-fail
# set may fail, sleeping or not, of any order; the stack of each fault is
# logged (verbose 2), so that a try says where its fault fired.
for a in failslab fail_page_alloc; do
	echo Y >"$DBG/$a/task-filter"
	echo 100 >"$DBG/$a/probability"
	echo 1 >"$DBG/$a/interval"
	echo 0 >"$DBG/$a/times"
	echo 2 >"$DBG/$a/verbose"
	echo N >"$DBG/$a/ignore-gfp-wait"
done
echo N >"$DBG/failslab/cache-filter"
echo N >"$DBG/fail_page_alloc/ignore-gfp-highmem"
echo 0 >"$DBG/fail_page_alloc/min-order"

# Faults only where the write's store runs: in the code that
# sriov_numvfs_store() calls (require-start/-end: a caller on the stack in
# that function's text), so not in the page faults of the shell itself.
# And none under pci_device_add(), which cannot fail: it warns when
# device_add() fails and goes on, and pci_iov_add_virtfn() then unwinds
# with device_del() of a device that was never added, which oopses (a NULL
# dev->p).  The base does the same; it is not a bug of the VF paths'
# locking.  This also keeps faults out of the ACPI _DSM that device_add()
# evaluates for a VF's sysfs attributes: a failed walk state allocation in
# acpi_ds_call_control_method() leaves a serialized method's mutex taken,
# and the next evaluation waits forever.  Both were found by this test
# without the filter.  A function's range is its text, up to the next
# text symbol.
text_of() {
	sort /proc/kallsyms | awk -v f="$1" '
		$2 !~ /^[tT]$/ { next }
		found { print "0x" s, "0x" $1; exit }
		$3 == f { s = $1; found = 1 }'
}
set -- $(text_of sriov_numvfs_store) $(text_of pci_device_add)
[ -n "${4:-}" ] || { echo "no sriov_numvfs_store or pci_device_add in /proc/kallsyms" >&2; exit "$KSFT_FAIL"; }
for a in failslab fail_page_alloc; do
	echo 32 >"$DBG/$a/stacktrace-depth"
	echo "$1" >"$DBG/$a/require-start"
	echo "$2" >"$DBG/$a/require-end"
	echo "$3" >"$DBG/$a/reject-start"
	echo "$4" >"$DBG/$a/reject-end"
done
ktap_print_msg "faults only under sriov_numvfs_store() ($1-$2), none under pci_device_add() ($3-$4)"

BIG=1000000000

# faulted_write ATTR SPACE VALUE: write VALUE to sriov_numvfs from a task
# whose allocations fail once ATTR counted SPACE down (bytes for failslab,
# pages for fail_page_alloc).  The file is opened before the task may fail.
# Prints the write's error (empty if it succeeded).
faulted_write() {
	(
		exec 3>"$DEV/sriov_numvfs" 2>"$TMP/err"
		echo "$2" >"$DBG/$1/space"
		echo 1 >"$DBG/$1/times"
		echo 1 >/proc/self/make-it-fail
		echo "$3" >&3
	)
	rc=$?
	# times goes from 1 to 0 when the fault fires
	cat "$DBG/$1/times" >"$TMP/times_left"
	echo 0 >"$DBG/$1/times"
	if [ "$rc" -ne 0 ]; then
		msg=$(sed -n 's/.*write error: //p' "$TMP/err" | head -n 1)
		echo "${msg:-exit $rc}"
	fi
}

# How much of ATTR's space an enable of TotalVFs without faults uses.
calibrate() {
	echo 0 >"$DEV/sriov_numvfs"
	echo 0 >"$DEV/sriov_drivers_autoprobe"
	faulted_write "$1" "$BIG" "$TOTAL" >/dev/null
	left=$(cat "$DBG/$1/space")
	echo 1 >"$DEV/sriov_drivers_autoprobe"
	echo 0 >"$DEV/sriov_numvfs"
	echo $((BIG - left))
}

# A number in [LOW, HIGH), the same for the same seed.
draw() {
	awk -v s="$1" -v lo="$2" -v hi="$3" 'BEGIN { srand(s); print lo + int(rand() * (hi - lo)) }'
}

vf_links() {
	n=0
	for l in "$DEV"/virtfn*; do
		[ -e "$l" ] && n=$((n + 1))
	done
	echo "$n"
}

# The VF devices on the bus whose PF is ours.
vf_devices() {
	n=0
	for d in "$SYS"/devices/*; do
		[ -e "$d/physfn" ] || continue
		[ "$(basename "$(readlink "$d/physfn")")" = "$PF" ] && n=$((n + 1))
	done
	echo "$n"
}

# New kernel messages since mark $1 (a line of dmesg).
since() {
	dmesg | tail -n "+$(($1 + 1))"
}

# The innermost PCI or igb function on the stack of the last fault.
where() {
	since "$1" | awk '
		/FAULT_INJECTION: forcing a failure/ { w = ""; infault = 1; next }
		infault && w == "" && match($0, /(pci_[a-z0-9_]+|sriov_[a-z0-9_]+|igb_[a-z0-9_]+|virtfn_[a-z0-9_]+)\+/) {
			w = substr($0, RSTART, RLENGTH - 1)
		}
		END { print (w == "" ? "outside PCI" : w) }'
}

# A rescan of the PF's bus completes within 60 s: nobody holds the rescan
# lock for good.
lock_free() {
	(echo 1 >"$RESCAN") &
	p=$!
	t=0
	while kill -0 "$p" 2>/dev/null; do
		[ "$t" -lt 60 ] || return 1
		sleep 1
		t=$((t + 1))
	done
	wait "$p"
}

clean_cycle() {
	echo "$TOTAL" >"$DEV/sriov_numvfs" || return 1
	[ "$(vf_links)" -eq "$TOTAL" ] || return 1
	echo 0 >"$DEV/sriov_numvfs" || return 1
	[ "$(vf_links)" -eq 0 ] && [ "$(vf_devices)" -eq 0 ]
}

# try N ATTR LOW HIGH CHECK_ALL_OR_NONE: one faulted enable, then the checks.
# Appends "fired failed" (0/1 each) to $TMP/tries.
try() {
	n=$1 attr=$2
	space=$(draw "$n" "$3" "$4")
	mark=$(dmesg | wc -l)
	echo 0 >"$DEV/sriov_drivers_autoprobe"
	if [ "$5" = race ]; then
		rm -f "$TMP/stop" "$TMP/written"
		vf_event_racer &
		racer=$!
	fi
	err=$(faulted_write "$attr" "$space" "$TOTAL")
	touch "$TMP/written"
	if [ "$5" = race ]; then
		touch "$TMP/stop"
		wait "$racer"
	fi
	fired=0
	[ "$(cat "$TMP/times_left")" -eq 0 ] && fired=1
	echo 1 >"$DEV/sriov_drivers_autoprobe"
	numvfs=$(cat "$DEV/sriov_numvfs")
	links=$(vf_links)
	devs=$(vf_devices)
	at=$(where "$mark")
	[ "$at" != "outside PCI" ] || since "$mark" | grep -A30 FAULT_INJECTION | head -n 30 | sed 's/^/    /'
	[ "$fired" -eq 1 ] || at="did not fire"
	echo "try $n: $attr after $space of $4, $at: write ${err:-ok}, numvfs $numvfs, links $links, VF devices $devs"
	failed=0
	[ -n "$err" ] && failed=1
	# a failed write whose fault was in the VF paths proper
	inpath=0
	case "$at" in
	pci_iov_*|sriov_*|igb_*|virtfn_*) inpath=$failed ;;
	esac
	[ "$fired" -eq 1 ] || { failed=0; inpath=0; }
	echo "$fired $failed $inpath" >>"$TMP/tries"
	if [ "$5" = all-or-none ]; then
		if [ -n "$err" ] && [ "$err" != "Cannot allocate memory" ]; then
			fail "try $n: the write failed with '$err', not ENOMEM"
		fi
		if [ -z "$err" ]; then
			[ "$numvfs" -eq "$TOTAL" ] && [ "$links" -eq "$TOTAL" ] && [ "$devs" -eq "$TOTAL" ] ||
				fail "try $n: the write succeeded, but not every VF is there"
		else
			{ [ "$numvfs" -eq 0 ] && [ "$links" -eq 0 ] && [ "$devs" -eq 0 ]; } ||
			{ [ "$numvfs" -eq "$TOTAL" ] && [ "$links" -eq "$TOTAL" ] && [ "$devs" -eq "$TOTAL" ]; } ||
				fail "try $n: the write failed and some VFs, not all or none, are there"
		fi
	fi
	echo 0 >"$DEV/sriov_numvfs" || fail "try $n: disabling after the try failed"
	lock_free || fail "try $n: a rescan of the PF's bus did not complete in 60 s"
	[ -d "$DEV" ] || fail "try $n: the PF is gone"
	clean_cycle || fail "try $n: the PF does not enable and disable its VFs cleanly any more"
	bad=$(since "$mark" | grep -E "$BAD")
	[ -z "$bad" ] || { echo "$bad" | head -n 20; fail "try $n: the kernel reported the above"; }
}

# Counts of $TMP/tries: "tries fired failed".
tally() {
	awk '{ n++; f += $1; e += $2; p += $3 } END { print n + 0, f + 0, e + 0, p + 0 }' "$TMP/tries"
}

enable_with_faults() {
	rm -f "$TMP/tries"
	slab=$(calibrate failslab)
	pages=$(calibrate fail_page_alloc)
	echo "an enable of $TOTAL VFs without faults: $slab bytes of slab, $pages pages"
	[ "$slab" -gt 0 ] && [ "$pages" -gt 0 ] || fail "calibration: the enable allocated nothing?"
	i=1
	while [ "$i" -le "$TRIES" ]; do
		if [ $((i % 2)) -eq 1 ]; then
			try "$i" failslab 0 "$slab" all-or-none
		else
			try "$i" fail_page_alloc 0 "$pages" all-or-none
		fi
		i=$((i + 1))
	done
	set -- $(tally)
	echo "$1 tries: the fault fired in $2, the write failed in $3 ($4 with the fault in pci_iov_*, sriov_*, igb_*)"
	[ "$2" -gt 0 ] || fail "no fault fired: nothing was tested"
	[ "$4" -gt 0 ] || fail "no write failed with its fault in the VF paths: nothing was unwound"
}

# Until $TMP/stop exists: an s390-style removal event for every VF of the
# PF that exists; one line in $TMP/events for each VF it removed.
# Only events that were done before the write returned count ($TMP/written
# is created as soon as it returns).
vf_event_racer() {
	while [ ! -e "$TMP/stop" ]; do
		for l in "$DEV"/virtfn*; do
			[ -e "$l" ] || continue
			vf=$(basename "$(readlink "$l")")
			echo "$vf" >"$KNOBS/remove" 2>/dev/null || continue
			[ -e "$TMP/written" ] || echo "$vf" >>"$TMP/events"
		done
	done
}

configure_fails_vs_vf_event() {
	rm -f "$TMP/tries"
	: >"$TMP/events"
	slab=$(calibrate failslab)
	pages=$(calibrate fail_page_alloc)
	raced=0
	tries=$(( (TRIES + 1) / 2 ))
	[ "$tries" -ge 4 ] || tries=4
	i=1
	while [ "$i" -le "$tries" ]; do
		before=$(wc -l <"$TMP/events")
		if [ $((i % 2)) -eq 1 ]; then
			try "$i" failslab $((slab / 2)) "$slab" race
		else
			try "$i" fail_page_alloc $((pages / 2)) "$pages" race
		fi
		after=$(wc -l <"$TMP/events")
		last=$(tail -n 1 "$TMP/tries")
		set -- $last
		if [ "$after" -gt "$before" ] && [ "$2" = 1 ]; then
			raced=$((raced + 1))
		fi
		i=$((i + 1))
	done
	set -- $(tally)
	echo "$1 tries: the fault fired in $2, the write failed in $3 ($4 in the VF paths);" \
		"VF removal events done before the write returned: $(wc -l <"$TMP/events");" \
		"failed enables with such events: $raced"
	[ "$raced" -gt 0 ] || fail "no VF removal event came during a failed enable: the race did not happen"
}

# kmemleak_report: a scan, then the unreferenced objects it reports, one
# per line: "ADDRESS SIZE function function ..." (the backtrace's functions).
kmemleak_report() {
	echo scan >"$KMEMLEAK" || return 1
	awk '
		function out() { if (addr != "") print addr, size, bt }
		/^unreferenced object/ {
			out()
			addr = $3; size = $5; sub(/\):?$/, "", size); bt = ""; inbt = 0; next
		}
		/^ *backtrace/ { inbt = 1; next }
		inbt { f = $1; sub(/\+.*/, "", f); bt = bt " " f }
		END { out() }' "$KMEMLEAK"
}

# The objects that count as leaks of the tests: reported now and not at
# the start (the boot's own), nor the planted one.
new_leaks() {
	kmemleak_report >/dev/null
	kmemleak_report | awk -v base="$TMP/leaks.boot" '
		BEGIN { while ((getline l < base) > 0) { split(l, w, " "); old[w[1]] = 1 } }
		!($1 in old) && !/pci_vf_event_planted_leak/'
}

kmemleak_finds_a_planted_leak() {
	echo "$LEAK_SIZE" >"$KNOBS/leak" || fail "could not plant the leak"
	# A leak is reported once it is 5 s old (kmemleak's minimum age) and
	# a scan finds no reference to it: scan until it shows, for 60 s.
	t0=$(date +%s)
	n=0
	while [ $(($(date +%s) - t0)) -lt 60 ]; do
		n=$((n + 1))
		if kmemleak_report | grep " $LEAK_SIZE " | grep -q pci_vf_event_planted_leak; then
			echo "scan $n reported the planted leak of $LEAK_SIZE bytes"
			return 0
		fi
		sleep 1
	done
	fail "$n scans in 60 s did not report the planted leak"
}

kmemleak_no_vf_path_leak() {
	new_leaks >"$TMP/leaks" || fail "kmemleak scan failed"
	awk '{ for (i = 3; i <= NF; i++) if ($i ~ /^(pci_|sriov_|igb|virtfn)/) { print; next } }' \
		"$TMP/leaks" >"$TMP/vf_leaks"
	echo "kmemleak: $(wc -l <"$TMP/leaks") unreferenced objects since the start, $(wc -l <"$TMP/vf_leaks") through the VF paths"
	if [ -s "$TMP/vf_leaks" ]; then
		head -c 4000 "$TMP/vf_leaks"
		fail "leaks run through the VF paths"
	fi
	# the rest, for the record
	head -n 5 "$TMP/leaks" | cut -c 1-300
}

run_scenario() {
	case " $ONLY " in
	*" $1 "*) ;;
	*) return ;;
	esac
	HUNG=0
	"$1" >"$TMP/scenario.log" 2>&1 &
	job=$!
	(sleep "$DEADLINE" && kill -USR1 $$) 2>/dev/null &
	timer=$!
	wait "$job"
	rc=$?
	if [ "$HUNG" -eq 1 ]; then
		sed 's/^/# /' "$TMP/scenario.log"
		ktap_print_msg "$1: not done after ${DEADLINE}s; blocked tasks:"
		echo w >/proc/sysrq-trigger
		# the console shows only warnings and worse (loglevel=5)
		dmesg | tail -n 300 | sed 's/^/# /'
		ktap_test_fail "$1 # timeout"
		ktap_finished
		exit "$KSFT_FAIL"
	fi
	kill "$timer" 2>/dev/null
	wait "$timer" 2>/dev/null
	sed 's/^/# /' "$TMP/scenario.log"
	if [ "$rc" -eq 0 ]; then
		ktap_test_pass "$1"
	else
		ktap_test_fail "$1"
	fi
}

HUNG=0
trap 'HUNG=1' USR1
# The leaks of the boot are not ours: what two scans 5 s apart report
# (kmemleak reports an object once it is 5 s old and a scan found no
# reference to it) is the baseline, by address.
kmemleak_report >/dev/null || { ktap_print_msg "kmemleak is off (kmemleak=on?)"; exit "$KSFT_FAIL"; }
sleep 5
kmemleak_report >"$TMP/leaks.boot"
ktap_print_msg "kmemleak: $(wc -l <"$TMP/leaks.boot") unreferenced objects at the start (not counted)"
for sc in $SCENARIOS; do
	run_scenario "$sc"
done
ktap_finished
