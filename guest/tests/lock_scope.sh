#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Benchmark, not a test: how long pci_rescan_remove_lock is held while
# sriov_numvfs enables and disables VFs, and how long a bus rescan started
# during the enable waits for it.  Reads /proc/lock_stat (CONFIG_LOCK_STAT),
# times in microseconds.  One line per measurement:
#   lockscope RUN PHASE acquisitions contentions wait_max wait_total hold_max hold_total
# PHASE: enable (echo TotalVFs), disable (echo 0), rescan_during_enable.
# scripts/lock-scope.sh boots the base and the series with this and takes
# the medians.
#
# -a 0 turns sriov_drivers_autoprobe off, so that no VF driver is probed
# while the VFs are added: what is left is adding the VFs themselves.
#
# Usage: lock_scope.sh [-n RUNS] [-a 0|1]

RUNS=7
AUTOPROBE=1
while getopts "n:a:" opt; do
	case "$opt" in
	n) RUNS=$OPTARG ;;
	a) AUTOPROBE=$OPTARG ;;
	*) echo "usage: $0 [-n RUNS] [-a 0|1]" >&2; exit 1 ;;
	esac
done

SYS=/sys/bus/pci
if [ ! -w /proc/lock_stat ] || [ ! -w /proc/sys/kernel/lock_stat ]; then
	echo "lockscope: no lock_stat in this kernel (CONFIG_LOCK_STAT)"
	exit 4
fi
PF=
for d in "$SYS"/devices/*; do
	[ -r "$d/sriov_totalvfs" ] && [ -e "$d/driver" ] || continue
	[ "$(cat "$d/sriov_totalvfs")" -gt 0 ] && { PF=$(basename "$d"); break; }
done
[ -n "$PF" ] || { echo "lockscope: no SR-IOV PF with a driver"; exit 4; }
DEV=$SYS/devices/$PF
TOTAL=$(cat "$DEV/sriov_totalvfs")
echo 0 >"$DEV/sriov_numvfs"
echo "$AUTOPROBE" >"$DEV/sriov_drivers_autoprobe" || exit 1
echo "lockscope: PF $PF, TotalVFs $TOTAL, $RUNS runs, sriov_drivers_autoprobe $AUTOPROBE"

start() {
	echo 0 >/proc/lock_stat
	echo 1 >/proc/sys/kernel/lock_stat
}

# Stop counting and print the lock's figures for run $1, phase $2.
report() {
	echo 0 >/proc/sys/kernel/lock_stat
	awk -v run="$1" -v phase="$2" '
	$1 == "pci_rescan_remove_lock:" {
		printf "lockscope %s %s %s %s %s %s %s %s\n", run, phase,
			$9, $3, $5, $6, $11, $12
		found = 1
		exit
	}
	END { if (!found) printf "lockscope %s %s 0 0 0 0 0 0\n", run, phase }' /proc/lock_stat
}

r=1
while [ "$r" -le "$RUNS" ]; do
	start
	echo "$TOTAL" >"$DEV/sriov_numvfs" || exit 1
	report "$r" enable

	start
	echo 0 >"$DEV/sriov_numvfs" || exit 1
	report "$r" disable

	# A rescan started while the enable adds VFs has to wait for the
	# lock: the first VF exists, the others are being added.  (A spin
	# on the condition, not a sleep.)
	start
	echo "$TOTAL" >"$DEV/sriov_numvfs" &
	enable=$!
	until [ -e "$DEV/virtfn0" ] || ! kill -0 "$enable" 2>/dev/null; do :; done
	echo 1 >"$SYS/rescan"
	wait "$enable"
	report "$r" rescan_during_enable
	echo 0 >"$DEV/sriov_numvfs"
	r=$((r + 1))
done
echo "lockscope: done"
