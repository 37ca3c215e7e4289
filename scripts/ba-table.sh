#!/bin/bash
# The before/after table from the serial logs of scripts/before-after.sh:
# per kernel and scenario, the iterations, the result, and the first line
# the kernel logged that made it fail.
#   scripts/ba-table.sh > build/out/before-after.md
set -uo pipefail
. "$(dirname "$0")/lib.sh"

BAD='WARNING|BUG:|lockdep|circular locking|list_(add|del) corruption|hung task|blocked for more than|KASAN'
echo "| kernel | scenario | iterations | result | lockdep at the end | first splat |"
echo "|---|---|---|---|---|---|"
# in the selftest's order, base and patched next to each other
scenarios="$("$TOP/scripts/scenarios.sh" selftest) $("$TOP/scripts/scenarios.sh" harness) $("$TOP/scripts/scenarios.sh" harness-open)"
for sc in $scenarios; do
	for kernel in base-qemu qemu; do
		log=$OUT/$kernel/ba-$sc.log
		[ -e "$log" ] || continue
		# the known pciehp lockdep report (guest/tests/known-reports.awk)
		# is left out, and said
		known=$(mktemp "$BUILD/known.XXXXXX")
		clean=$(tr -d '\r' <"$log" | awk -v known="$known" -f "$TOP/guest/tests/known-reports.awk")
		[ -s "$known" ] && known_note=" (known pciehp lockdep report left out)" || known_note=
		rm -f "$known"
		iter=$(sed -nE 's/^=== guest: running .* -n ([0-9]+) .*/\1/p' <<<"$clean")
		res=$("$TOP/scripts/ktap-results.sh" "$log" "$kernel" | grep -E "^(PASS|FAIL) $kernel [0-9]+ $sc|selftest did not finish" || true)
		case "$res" in
		*"# timeout"*) r="timeout (slow, no hung task)" ;;
		*"# hung"*|*"did not finish"*) r="hung" ;;
		FAIL*) r="FAIL" ;;
		PASS*) r="pass" ;;
		*) r="no result" ;;
		esac
		lockdep=$(grep -aE '^(not )?ok [0-9]+ lockdep_still_on' <<<"$clean" |
			sed -E 's/^ok.*known pciehp report.*/off (the known pciehp report)/; s/^ok.*SKIP.*/no lockdep/;
				s/^ok.*/on/; s/^not ok.*/off (it reported)/' || true)
		splat=$(sed -n '/^=== guest: running/,$p' <<<"$clean" | grep -avE '^((not )?ok [0-9]+ |# |1\.\.)' |
			grep -aE "$BAD" | head -n 1 | sed -E 's/^\[ *[0-9.]+\] //; s/\|/\\|/g' | cut -c1-110 || true)
		name=base
		[ "$kernel" = qemu ] && name=patched
		echo "| $name | $sc | $iter | $r | ${lockdep:-not reached} | ${splat:+\`$splat\`}$known_note |"
	done
done
