#!/bin/bash
# The fault tests (guest/tests/faults.sh) with TRIES tries (default 100) on
# the unpatched base and on the series, the same kernel config
# (configs/checks.config: failslab, fail_page_alloc, kmemleak), one boot
# each.  Writes build/out/faults.md, a table for README.md, from the KTAP
# results and the summary line of every scenario; the per-try lines stay
# in build/out/KERNEL/faults-table.log.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

tries=${TRIES:-100}
# a try takes about 5 s under TCG; a hang is reported by the hung-task
# detector after 20 s and ends the scenario at its deadline
deadline=${DEADLINE:-$((tries * 30 + 300))}
"$TOP/scripts/build-kernel.sh" qemu
base_tree=$("$TOP/scripts/base-tree.sh")
TREE=$base_tree OUTNAME=base-qemu "$TOP/scripts/build-kernel.sh" qemu

table=$OUT/faults.md
{
	echo "| kernel | scenario | result | tries: fault fired, write failed; VF events |"
	echo "|---|---|---|---|"
} >"$table"
for kernel in ${KERNELS:-base-qemu qemu}; do
	log=$OUT/$kernel/faults-table.log
	say "$kernel: faults.sh with $tries tries (serial log: $log)"
	KSFT=faults.sh QEMU_APPEND="slub_debug=FZPU kmemleak=on" QEMU_TIMEOUT=$((deadline * 2 + 600)) \
		"$TOP/scripts/qemu.sh" "$kernel" "$log" -n "$tries" -t "$deadline" || true
	"$TOP/scripts/ktap-results.sh" "$log" "$kernel" | sed 's/^/  -> /' || true
	label=series
	[ "$kernel" = base-qemu ] && label="base ($BASE_VERSION)"
	for sc in enable_with_faults configure_fails_vs_vf_event kmemleak_finds_a_planted_leak kmemleak_no_vf_path_leak; do
		res=$(sed -nE "s/^(not ok|ok) [0-9]+ $sc( #.*)?\$/\1\2/p" "$log" | tail -n 1)
		[ -n "$res" ] || res="did not run (hang or crash before it)"
		what=$(awk -v sc="$sc" '
			/^# [0-9]+ tries:/ { last = $0 }
			/^# scan [0-9]+ reported/ || /^# kmemleak:/ || /leaks run through/ { last = $0 }
			$0 ~ "^(not )?ok [0-9]+ " sc { print last; exit }
			/^(not )?ok [0-9]+ / { last = "" }' "$log" | sed 's/^# //')
		echo "| $label | \`$sc\` | $res | $what |" >>"$table"
	done
done
say "table in $table"
cat "$table"
