#!/bin/bash
# The fault tests (guest/tests/faults.sh) with TRIES tries (default 100) on
# the unpatched base and on the series, the same kernel config
# (configs/checks.config: failslab, fail_page_alloc, kmemleak), booted with
# slub_debug=FZPU kmemleak=on.  Per kernel, two boots: every scenario with
# the fault filters; and one try of enable_with_faults -r, which fails the
# first allocation under pci_setup_device() (the VF's name): what the
# filter keeps out, an oops on both kernels.
# Then, on the series (LEAK_KERNELS), one boot with the QEMU monitor that
# runs the selftest and the harness's hot-unplug tests, LEAK_ITER (default
# 2) iterations of every scenario, and then the kmemleak scenarios: no leak
# through the VF paths after them.
# Writes build/out/faults.md, a table for README.md; the per-try lines stay
# in build/out/KERNEL/faults-table*.log.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tries=${TRIES:-100}
raw_tries=${RAW_TRIES:-1}
# a try takes a few seconds under TCG; a hang is reported by the hung-task
# detector after 20 s and ends the scenario at its deadline
deadline=${DEADLINE:-$((tries * 20 + 300))}
"$TOP/scripts/build-kernel.sh" qemu
base_tree=$("$TOP/scripts/base-tree.sh")
TREE=$base_tree OUTNAME=base-qemu "$TOP/scripts/build-kernel.sh" qemu

# summary LOG SCENARIO: the scenario's KTAP result and its summary line
# (the serial log ends its lines with CR)
summary() {
	local res what
	res=$(tr -d '\r' <"$1" | sed -nE "s/^(not ok|ok) [0-9]+ $2( #.*)?\$/\1\2/p" | tail -n 1)
	[ -n "$res" ] || res="did not end (hang or oops before it)"
	what=$(awk -v sc="$2" '
		/^# [0-9]+ tries:/ || /^# scan [0-9]+ reported/ || /^# kmemleak: [0-9]+ unreferenced objects since/ ||
		/^# try [0-9]+: the / || /did not report/ || /^# no / ||
		/^# # Totals:/ || /^# .* failed \(exit [0-9]+\)$/ { last = $0 }
		$0 ~ "^(not )?ok [0-9]+ " sc { print last; exit }
		/^(not )?ok [0-9]+ / { last = "" }' < <(tr -d '\r' <"$1") | sed -E 's/^# (# )?//')
	echo "$res | $what"
}

table=$OUT/faults.md
{
	echo "| kernel | boot | scenario | result | what it printed |"
	echo "|---|---|---|---|---|"
} >"$table"
# boot LOG ARGS...: one boot of faults.sh, unless LOG is a complete log of
# one already (FORCE=1 boots again)
boot() {
	local log=$1 timeout=$2
	shift 2
	if [ "${FORCE:-0}" != 1 ] && grep -aq '=== guest: exit' "$log" 2>/dev/null; then
		say "reusing $log (FORCE=1 boots again)"
		return 0
	fi
	KSFT=faults.sh QEMU_APPEND="slub_debug=FZPU kmemleak=on" QEMU_TIMEOUT=$timeout \
		"$TOP/scripts/qemu.sh" "$kernel" "$log" "$@" || true
}

for kernel in ${KERNELS:-base-qemu qemu}; do
	label=series
	[ "$kernel" = base-qemu ] && label="base ($BASE_VERSION)"
	log=$OUT/$kernel/faults-table.log
	say "$kernel: faults.sh with $tries tries (serial log: $log)"
	boot "$log" $((deadline * 3 + 600)) -n "$tries" -t "$deadline"
	for sc in enable_with_faults configure_fails_vs_vf_event kmemleak_finds_a_planted_leak kmemleak_no_vf_path_leak; do
		echo "| $label | filtered, $tries tries | \`$sc\` | $(summary "$log" "$sc") |" >>"$table"
	done
	log=$OUT/$kernel/faults-table-raw.log
	say "$kernel: faults.sh -r with $raw_tries tries (serial log: $log)"
	boot "$log" 900 -n "$raw_tries" -t 120 -r -s enable_with_faults
	oops=$(tr -d '\r' <"$log" | grep -a -oE 'BUG: kernel NULL pointer dereference|WARNING: [^ ]+ at [a-z_]+|blocked for more than' | sort -u | paste -sd';' -)
	echo "| $label | \`-r\`: under \`pci_setup_device()\`, $raw_tries try | \`enable_with_faults\` | $(summary "$log" enable_with_faults) ${oops:+; kernel: $oops} |" >>"$table"
done
leak_iter=${LEAK_ITER:-2}
for kernel in ${LEAK_KERNELS:-qemu}; do
	label=series
	[ "$kernel" = base-qemu ] && label="base ($BASE_VERSION)"
	log=$OUT/$kernel/faults-table-kmemleak.log
	say "$kernel: the selftest and the hot-unplug tests, $leak_iter iterations, then kmemleak (serial log: $log)"
	QEMU_HOTPLUG=1 boot "$log" 6000 -n "$leak_iter" -t 2400 \
		-s the_selftest+the_hotplug_tests+kmemleak_finds_a_planted_leak+kmemleak_no_vf_path_leak
	for sc in the_selftest the_hotplug_tests kmemleak_finds_a_planted_leak kmemleak_no_vf_path_leak; do
		echo "| $label | selftest and hot-unplug tests, $leak_iter iterations | \`$sc\` | $(summary "$log" "$sc") |" >>"$table"
	done
done
say "table in $table"
cat "$table"
