#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Guest side of the harness's fault tests (not part of the series).  KTAP
# output like the selftest.  Needs a kernel built with configs/checks.config
# (failslab, fail_page_alloc, kmemleak) and the pci_vf_event test module.
#
#   enable_with_faults  TRIES writes of TotalVFs to sriov_numvfs, each with
#       one failed allocation: the Nth allocation of the writing task that
#       passes the fault filters fails (/proc/self/fail-nth, through
#       failslab and fail_page_alloc).  The filters count only allocations
#       made under sriov_enable(), and none under pci_device_add() (see
#       below).  N runs systematically over every allocation that an
#       enable without faults makes, spread evenly when there are more than
#       TRIES.  VF drivers are not bound during the write
#       (sriov_drivers_autoprobe=0), so the faults fall in the VF paths and
#       not in the VF driver's probe.  About half of the counted
#       allocations are __GFP_NOWARN ones with a fallback (kmemleak's own
#       metadata, slab refills): those tries fire and test little.
#       After every try:
#         - all VFs exist, or none does (numvfs, the virtfn links and the
#           VF devices agree), and a failed write returned ENOMEM;
#         - the rescan lock is free: a rescan of the PF's bus completes;
#         - the PF enables and disables its VFs cleanly without faults;
#         - the kernel reported nothing (warning, BUG, lockdep, list
#           corruption, hung task, object debugging, ...).
#       Fails if no write failed with its fault in the VF paths (then
#       nothing was unwound).
#   configure_fails_vs_vf_event  the PF's sriov_configure fails (a fault
#       in the later half of the enable's allocations) while s390-style VF
#       removal events (pci_vf_event) are sent for every VF over and over:
#       the unwinding of sriov_add_vfs() and sriov_enable() meets the
#       events (on the series they wait for the rescan lock).  Fails if no
#       event removed a VF, or if none was issued during a failed write.
#   kmemleak_finds_a_planted_leak  the test module leaks 123 bytes on
#       purpose; a scan must report them (else a clean scan means nothing)
#   kmemleak_no_vf_path_leak  a scan after all the above: no new leak
#       (not there at the start, by address) whose backtrace has a
#       function of the PCI core, SR-IOV or igb (pci_*, sriov_*, igb*)
#
# Not run unless -s names them, to put more before the leak scan:
#   the_selftest  the PCI selftest (sriov_rescan_remove.sh), every
#       scenario, TRIES iterations; fails if the selftest does
#   the_hotplug_tests  the harness's hotplug_events.sh, every scenario,
#       TRIES iterations; needs the QEMU monitor (QEMU_HOTPLUG=1)
#
# Every try prints one line: the fault, where it fired (the innermost
# PCI or igb function of its stack), what the write returned, the VFs.
#
# Usage: faults.sh [-n TRIES] [-t SECONDS] [-s SCENARIO+...] [-r]
#   -r  the bug the filter keeps out: faults only under pci_setup_device()
#       (its first allocation is the VF's name), no reject range

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
EXTRA_SCENARIOS="the_selftest the_hotplug_tests"
ONLY=
KNOBS=$DBG/pci_vf_event
MODULE=/lib/test-modules/pci_vf_event.ko
TMP=/tmp/faults
LEAK_SIZE=123

NO_REJECT=0
while getopts "n:t:s:r" opt; do
	case "$opt" in
	r) NO_REJECT=1 ;;
	n) TRIES=$OPTARG ;;
	t) DEADLINE=$OPTARG ;;
	# '+' separates scenarios: the harness's kernel command line turns
	# every ',' into a space
	s) ONLY=$(echo "$OPTARG" | tr ',+' '  ') ;;
	*) echo "usage: $0 [-n TRIES] [-t SECONDS] [-s SCENARIO+...] [-r]" >&2
	   exit "$KSFT_FAIL" ;;
	esac
done
shift $((OPTIND - 1))
[ $# -eq 0 ] || { echo "$0: unexpected arguments: $*" >&2; exit "$KSFT_FAIL"; }
case "$TRIES" in
''|*[!0-9]*|0) echo "-n: a positive number of tries" >&2; exit "$KSFT_FAIL" ;;
esac
for sc in $ONLY; do
	case " $SCENARIOS $EXTRA_SCENARIOS " in
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

# The fault attributes: no random faults anywhere (probability 0); the
# one fault of a try comes from the writing task's fail-nth, which both
# attributes honour after their filters: every allocation, sleeping or
# not, of any order; the stack of each fault is logged (verbose 2), so
# that a try says where its fault fired.
for a in failslab fail_page_alloc; do
	echo 0 >"$DBG/$a/probability"
	echo 0 >"$DBG/$a/times"
	echo 2 >"$DBG/$a/verbose"
	echo N >"$DBG/$a/ignore-gfp-wait"
done
echo N >"$DBG/failslab/cache-filter"
echo N >"$DBG/fail_page_alloc/ignore-gfp-highmem"
echo 0 >"$DBG/fail_page_alloc/min-order"

# Faults only in the PCI core's part of the enable: in the code that
# sriov_enable() calls (require-start/-end: a caller on the stack in that
# function's text), so not in the shell itself nor in the PF driver's own
# set-up around it.  (igb, faulted there: when igb_sriov_reinit() cannot
# allocate MSI-X vectors again, before pci_enable_sriov(), it drops its VF
# data and enables 0 VFs, and the write still succeeds, with no VF; every
# later enable then fails with EPERM, as the PF has no MSI-X.  A bug of
# igb, not of the VF paths.)
# And none from pci_setup_device() to pci_device_add() (the text of
# probe.c between them), which cannot fail: pci_setup_device() ignores a
# failed dev_set_name(), pci_device_add() warns when device_add() fails and
# goes on, and pci_iov_add_virtfn() then unwinds with device_del() of a
# device that was never added, which oopses (a NULL dev->p).  The base does
# the same; it is not a bug of the VF paths' locking (-r shows it: no
# reject range).  This also keeps faults out of the ACPI _DSM that
# device_add() evaluates for a VF's sysfs attributes: a failed walk state
# allocation in acpi_ds_call_control_method() leaves a serialized method's
# mutex taken, and the next evaluation waits forever.  All were found by
# this test without the filter.  A function's range is its text, up to the
# next text symbol.
text_of() {
	sort /proc/kallsyms | awk -v f="$1" '
		$2 !~ /^[tT]$/ { next }
		found { print "0x" s, "0x" $1; exit }
		$3 == f { s = $1; found = 1 }'
}
set -- $(text_of sriov_enable) $(text_of pci_setup_device) $(text_of pci_device_add)
[ -n "${6:-}" ] || { echo "no sriov_enable, pci_setup_device or pci_device_add in /proc/kallsyms" >&2; exit "$KSFT_FAIL"; }
set -- "$1" "$2" "$3" "$6"
# the two must be in this order, with no SR-IOV code between them
awk -v a="$3" -v b="$4" 'BEGIN { exit !(a "" < b "") }' ||
	{ echo "pci_setup_device() is not before pci_device_add()" >&2; exit "$KSFT_FAIL"; }
if sort /proc/kallsyms | awk -v s="${3#0x}" -v e="${4#0x}" '$1 >= s && $1 < e && $3 ~ /iov|sriov/' | grep -q .; then
	echo "SR-IOV code between pci_setup_device() and pci_device_add()" >&2
	exit "$KSFT_FAIL"
fi
# -r: the other way round, faults only under pci_setup_device()
[ "$NO_REJECT" -eq 0 ] || set -- "$3" "$(text_of pci_setup_device | cut -d' ' -f2)" 0x0 0x0
# addresses hidden (kptr_restrict) would switch the filter off in silence
case "$1 $3" in
*0x0000000000000000*) echo "/proc/kallsyms shows no addresses (kptr_restrict?)" >&2; exit "$KSFT_FAIL" ;;
esac
for a in failslab fail_page_alloc; do
	[ -e "$DBG/$a/require-start" ] ||
		{ echo "no stack-trace filter (FAULT_INJECTION_STACKTRACE_FILTER)" >&2; exit "$KSFT_FAIL"; }
	echo 32 >"$DBG/$a/stacktrace-depth"
	echo "$1" >"$DBG/$a/require-start"
	echo "$2" >"$DBG/$a/require-end"
	echo "$3" >"$DBG/$a/reject-start"
	echo "$4" >"$DBG/$a/reject-end"
	got="$(cat "$DBG/$a/require-start") $(cat "$DBG/$a/require-end") $(cat "$DBG/$a/reject-start") $(cat "$DBG/$a/reject-end")"
	want="$1 $2 $3 $4"
	[ "$(echo "$got" | tr A-F a-f | sed 's/0x0*\([0-9a-f]\)/0x\1/g')" = "$(echo "$want" | tr A-F a-f | sed 's/0x0*\([0-9a-f]\)/0x\1/g')" ] ||
		{ echo "$a: the filter reads back '$got', not '$want'" >&2; exit "$KSFT_FAIL"; }
done
if [ "$NO_REJECT" -eq 0 ]; then
	ktap_print_msg "faults only under sriov_enable() ($1-$2), none from pci_setup_device() to pci_device_add() ($3-$4)"
else
	ktap_print_msg "-r: faults only under pci_setup_device() ($1-$2)"
fi

BIG=1000000

# faulted_write N: write TotalVFs to sriov_numvfs from a task whose Nth
# allocation under the filters fails.  The file is opened, and fail-nth
# set, before; what is left of N afterwards goes to $TMP/left (0: the
# fault fired; with N = BIG, BIG minus it is the number of allocations).
# Prints the write's error (empty if it succeeded).
faulted_write() {
	rm -f "$TMP/left"
	(
		exec 3>"$DEV/sriov_numvfs" 2>"$TMP/err"
		echo "$1" >/proc/self/fail-nth
		echo "$TOTAL" >&3
		rc=$?
		read -r left </proc/self/fail-nth
		echo "$left" >"$TMP/left"
		exit "$rc"
	)
	rc=$?
	if [ "$rc" -ne 0 ]; then
		msg=$(sed -n 's/.*write error: //p' "$TMP/err" | head -n 1)
		echo "${msg:-exit $rc}"
	fi
}

# How many allocations under the filters an enable of TotalVFs makes.
calibrate() {
	echo 0 >"$DEV/sriov_numvfs"
	echo 0 >"$DEV/sriov_drivers_autoprobe"
	faulted_write "$BIG" >/dev/null
	echo 1 >"$DEV/sriov_drivers_autoprobe"
	echo 0 >"$DEV/sriov_numvfs"
	echo $((BIG - $(cat "$TMP/left")))
}

# nth I COUNT LOW HIGH: the allocation that try I of COUNT fails, spread
# evenly over [LOW, HIGH] (every one once when there are COUNT or fewer).
nth() {
	k=$(($3 + ($1 - 1) * ($4 - $3 + 1) / $2))
	[ "$k" -ge 1 ] || k=1
	echo "$k"
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

# The innermost PCI or igb function on the stack of the last fault.  A
# fault in a __GFP_NOWARN allocation logs nothing.
where() {
	since "$1" | awk '
		/FAULT_INJECTION: forcing a failure/ { w = ""; infault = 1; next }
		infault && w == "" && match($0, /(pci_[a-z0-9_]+|sriov_[a-z0-9_]+|igb_[a-z0-9_]+|virtfn_[a-z0-9_]+)\+/) {
			w = substr($0, RSTART, RLENGTH - 1)
		}
		END { print (w == "" ? "no stack logged (a __GFP_NOWARN allocation, with a fallback)" : w) }'
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

# try I NTH MODE: one enable whose NTH allocation fails, then the checks;
# MODE all-or-none checks the VFs after the write, race runs the VF event
# racer during the write.  Appends "fired failed inpath" to $TMP/tries.
try() {
	i=$1 k=$2
	mark=$(dmesg | wc -l)
	echo 0 >"$DEV/sriov_drivers_autoprobe"
	if [ "$3" = race ]; then
		rm -f "$TMP/stop" "$TMP/written"
		vf_event_racer &
		racer=$!
	fi
	err=$(faulted_write "$k")
	touch "$TMP/written"
	if [ "$3" = race ]; then
		touch "$TMP/stop"
		wait "$racer"
	fi
	fired=0
	[ "$(cat "$TMP/left" 2>/dev/null || echo 1)" -eq 0 ] && fired=1
	echo 1 >"$DEV/sriov_drivers_autoprobe"
	numvfs=$(cat "$DEV/sriov_numvfs")
	links=$(vf_links)
	devs=$(vf_devices)
	at=$(where "$mark")
	[ "$fired" -eq 1 ] || at="did not fire"
	echo "try $i: allocation $k fails, $at: write ${err:-ok}, numvfs $numvfs, links $links, VF devices $devs"
	failed=0
	[ -n "$err" ] && failed=1
	# a failed write whose fault was in the VF paths proper
	inpath=0
	case "$at" in
	pci_*|sriov_*|igb_*|virtfn_*) inpath=$failed ;;
	esac
	echo "$fired $failed $inpath" >>"$TMP/tries"
	if [ "$3" = all-or-none ]; then
		if [ -n "$err" ] && [ "$err" != "Cannot allocate memory" ]; then
			fail "try $i: the write failed with '$err', not ENOMEM"
		fi
		if [ -z "$err" ]; then
			[ "$numvfs" -eq "$TOTAL" ] && [ "$links" -eq "$TOTAL" ] && [ "$devs" -eq "$TOTAL" ] ||
				fail "try $i: the write succeeded, but not every VF is there"
		else
			{ [ "$numvfs" -eq 0 ] && [ "$links" -eq 0 ] && [ "$devs" -eq 0 ]; } ||
			{ [ "$numvfs" -eq "$TOTAL" ] && [ "$links" -eq "$TOTAL" ] && [ "$devs" -eq "$TOTAL" ]; } ||
				fail "try $i: the write failed and some VFs, not all or none, are there"
		fi
	fi
	lock_free || fail "try $i: a rescan of the PF's bus did not complete in 60 s"
	echo 0 >"$DEV/sriov_numvfs" || fail "try $i: disabling after the try failed"
	[ -d "$DEV" ] || fail "try $i: the PF is gone"
	clean_cycle || fail "try $i: the PF does not enable and disable its VFs cleanly any more"
	bad=$(since "$mark" | grep -E "$BAD")
	[ -z "$bad" ] || { echo "$bad" | head -n 20; fail "try $i: the kernel reported the above"; }
}

# Counts of $TMP/tries: "tries fired failed".
tally() {
	awk '{ n++; f += $1; e += $2; p += $3 } END { print n + 0, f + 0, e + 0, p + 0 }' "$TMP/tries"
}

enable_with_faults() {
	rm -f "$TMP/tries"
	calls=$(calibrate)
	echo "an enable of $TOTAL VFs without faults: $calls allocations under the filters"
	[ "$calls" -gt 0 ] || fail "calibration: the enable allocated nothing?"
	n=$TRIES
	i=1
	while [ "$i" -le "$n" ]; do
		try "$i" "$(nth "$i" "$n" 1 "$calls")" all-or-none
		i=$((i + 1))
	done
	set -- $(tally)
	echo "$1 tries: the fault fired in $2, the write failed in $3 ($4 with the fault in pci_*, sriov_*, igb_*)"
	[ "$2" -gt 0 ] || fail "no fault fired: nothing was tested"
	[ "$4" -gt 0 ] || fail "no write failed with its fault in the VF paths: nothing was unwound"
}

# Until $TMP/stop exists: an s390-style removal event for each VF of
# $VF_ADDRS, over and over (ENODEV while it does not exist).  Each event
# issued before the write returned ($TMP/written is created as soon as it
# returns) is a line in $TMP/events: "VF 1" if it removed the VF, "VF 0" if
# not.  The event takes the rescan lock: on the series it waits while the
# enable, or its unwinding, holds it, and runs when the VFs all exist or
# are all gone; on the base it can run in between.  So this checks that the
# two are serialized or at least survive each other (no report, no leak,
# the PF still works), not that they interleave.  Shell builtins only: a
# fork per event would be too slow to meet the enable.
vf_event_racer() {
	while [ ! -e "$TMP/stop" ]; do
		for vf in $VF_ADDRS; do
			pre=1
			[ -e "$TMP/written" ] && pre=0
			if echo "$vf" >"$KNOBS/remove" 2>/dev/null; then
				ok=1
			else
				ok=0
			fi
			[ "$pre" -eq 0 ] || echo "$vf $ok" >>"$TMP/events"
		done
	done
}

configure_fails_vs_vf_event() {
	rm -f "$TMP/tries"
	: >"$TMP/events"
	calls=$(calibrate)
	# the VFs' addresses (they are the same at every enable)
	echo "$TOTAL" >"$DEV/sriov_numvfs"
	VF_ADDRS=$(for l in "$DEV"/virtfn*; do
		echo "${l##*virtfn} $(basename "$(readlink "$l")")"
	done | sort -rn | cut -d' ' -f2)
	echo 0 >"$DEV/sriov_numvfs"
	[ -n "$VF_ADDRS" ] || fail "no VF addresses"
	raced=0
	n=$(( (TRIES + 1) / 2 ))
	[ "$n" -ge 4 ] || n=4
	i=1
	while [ "$i" -le "$n" ]; do
		before=$(wc -l <"$TMP/events")
		try "$i" "$(nth "$i" "$n" $((calls / 2)) "$calls")" race
		after=$(wc -l <"$TMP/events")
		set -- $(tail -n 1 "$TMP/tries")
		if [ "$after" -gt "$before" ] && [ "$2" = 1 ]; then
			raced=$((raced + 1))
		fi
		i=$((i + 1))
	done
	removed=$(grep -c ' 1$' "$TMP/events")
	set -- $(tally)
	echo "$1 tries: the fault fired in $2, the write failed in $3 ($4 in the VF paths);" \
		"VF removal events issued during the writes: $(wc -l <"$TMP/events"), $removed of them removed a VF;" \
		"failed writes with events issued during them: $raced"
	[ "$removed" -gt 0 ] || fail "no VF removal event removed a VF during a write: the race did not happen"
	[ "$raced" -gt 0 ] || fail "no VF removal event was issued during a failed enable: the race did not happen"
}

# kmemleak_report: a scan, then the unreferenced objects it reports, one
# per line: "ADDRESS SIZE function function ..." (the backtrace's functions).
kmemleak_report() {
	echo scan >"$KMEMLEAK" || return 1
	awk '
		function out() { if (addr != "") print addr, size, bt }
		/^unreferenced object/ {
			out()
			match($0, /0x[0-9a-f]+/); addr = substr($0, RSTART, RLENGTH)
			match($0, /size [0-9]+/); size = substr($0, RSTART + 5, RLENGTH - 5)
			bt = ""; inbt = 0; next
		}
		/^ *backtrace/ { inbt = 1; next }
		inbt { f = $1; sub(/\+.*/, "", f); bt = bt " " f }
		END { out() }' "$KMEMLEAK"
}

# The objects that count as leaks of the tests: reported now and not at
# the start (the boot's own, by address and backtrace), nor the planted
# one.  An object is reported when it is 5 s old and two scans found it
# unchanged and unreferenced: wait 5 s after the last try, then two scans.
new_leaks() {
	sleep 5
	kmemleak_report >/dev/null
	kmemleak_report | awk -v base="$TMP/leaks.boot" '
		function key(l,   w, n, k, i) {
			n = split(l, w, " "); k = w[1]
			for (i = 3; i <= n; i++) k = k " " w[i]
			return k
		}
		BEGIN { while ((getline l < base) > 0) old[key(l)] = 1 }
		!(key($0) in old) && !/pci_vf_event_planted_leak/'
}

kmemleak_finds_a_planted_leak() {
	echo "$LEAK_SIZE" >"$KNOBS/leak" || fail "could not plant the leak"
	# A leak is reported once it is 5 s old (kmemleak's minimum age) and
	# a scan finds no reference to it: scan until it shows, for 60 s.
	# Without the task stacks: a stale copy of the pointer in the stack
	# of the task that wrote "leak" (or in a freed stack kept for reuse)
	# would hide it.
	echo stack=off >"$KMEMLEAK"
	trap 'echo stack=on >"$KMEMLEAK"' EXIT
	t0=$(date +%s)
	n=0
	while [ $(($(date +%s) - t0)) -lt 60 ]; do
		n=$((n + 1))
		# (its size is the slab object's, 128, not the 123 asked for)
		if kmemleak_report | grep -q pci_vf_event_planted_leak; then
			echo "scan $n reported the planted leak"
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

# The selftest and the hot-unplug tests, in this boot, so that the leak
# scan after them covers what they did (their own KTAP output is nested
# in this one's comments).
# run_sub SCRIPT: TRIES iterations of every scenario of SCRIPT, each with
# an eighth of this scenario's deadline (a hang is reported by SCRIPT
# itself); then no report in the kernel log since it started (slub_debug's
# "BUG <cache> (...): Redzone overwritten" included), the known pciehp
# report aside.  Exit 4 (skipped) skips.
run_sub() {
	mark=$(dmesg | wc -l)
	"${KSFT_SHELL:-sh}" "$DIR/$1" -n "$TRIES" -t $((DEADLINE / 8))
	rc=$?
	bad=$(dmesg | tail -n "+$((mark + 1))" |
		awk -v known=/dev/null -f "$DIR/known-reports.awk" | grep -E "$BAD")
	[ -z "$bad" ] || { echo "$bad" | head -n 20; fail "$1: the kernel reported the above"; }
	[ "$rc" -ne "$KSFT_SKIP" ] || exit "$KSFT_SKIP"
	[ "$rc" -eq 0 ] || fail "$1 failed (exit $rc)"
}

the_selftest() {
	run_sub sriov_rescan_remove.sh
}

the_hotplug_tests() {
	run_sub hotplug_events.sh
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
	elif [ "$rc" -eq "$KSFT_SKIP" ]; then
		ktap_test_skip "$1"
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
for sc in $EXTRA_SCENARIOS $SCENARIOS; do
	run_scenario "$sc"
done
ktap_finished
