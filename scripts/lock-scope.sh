#!/bin/bash
# Benchmark (README "Lock scope"): boot the unpatched base and the series in
# QEMU, run guest/tests/lock_scope.sh, and write the medians of its runs to
# build/out/lock-scope.md.  Times are lock_stat's, in microseconds, under
# TCG: compare the two kernels, not the absolute figures.
#   scripts/lock-scope.sh            RUNS (default 7) runs per kernel
# AUTOPROBE (default "1 0"): the sriov_drivers_autoprobe settings to run,
# one boot each; with 0 no VF driver is probed while the VFs are added.
# TABLE_ONLY=1 only writes the table again from the logs of the last run.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

runs=${RUNS:-7}
if [ "${TABLE_ONLY:-0}" != 1 ]; then
	"$TOP/scripts/build-kernel.sh" qemu
	base_tree=$("$TOP/scripts/base-tree.sh")
	TREE=$base_tree OUTNAME=base-qemu "$TOP/scripts/build-kernel.sh" qemu
fi

table=$OUT/lock-scope.md
{
	echo "| kernel | autoprobe | phase | runs | acquisitions | contentions | wait max | wait total | hold max | hold total |"
	echo "|---|---|---|---|---|---|---|---|---|---|"
} >"$table"
for ap in ${AUTOPROBE:-1 0}; do
for kernel in base-qemu qemu; do
	log=$OUT/$kernel/lock-scope-ap$ap.log
	say "$kernel: lock_scope.sh, $runs runs, sriov_drivers_autoprobe $ap"
	[ "${TABLE_ONLY:-0}" = 1 ] ||
		KSFT=lock_scope.sh QEMU_TIMEOUT=$((runs * 120 + 300)) "$TOP/scripts/qemu.sh" "$kernel" "$log" -n "$runs" -a "$ap"
	grep -q '^lockscope: done' <(tr -d '\r' <"$log") || die "$kernel: the benchmark did not finish (see $log)"
	name=base
	[ "$kernel" = qemu ] && name=patched
	for phase in enable disable rescan_during_enable; do
		tr -d '\r' <"$log" | awk -v phase="$phase" -v name="$name" -v ap="$ap" '
		function median(a, n,   i, j, t) {
			for (i = 2; i <= n; i++)
				for (j = i; j > 1 && a[j - 1] > a[j]; j--) {
					t = a[j]; a[j] = a[j - 1]; a[j - 1] = t
				}
			return n % 2 ? a[(n + 1) / 2] : (a[n / 2] + a[n / 2 + 1]) / 2
		}
		$1 == "lockscope" && $3 == phase {
			n++
			for (c = 4; c <= 9; c++)
				v[c, n] = $c
		}
		END {
			printf "| %s | %s | %s | %d", name, ap, phase, n
			for (c = 4; c <= 9; c++) {
				for (i = 1; i <= n; i++)
					a[i] = v[c, i] + 0
				printf " | %s", (c <= 5 ? sprintf("%g", median(a, n)) : sprintf("%.1f ms", median(a, n) / 1000))
			}
			print " |"
		}' >>"$table"
	done
done
done
say "medians in $table"
cat "$table"
