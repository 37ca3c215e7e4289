#!/bin/bash
# The same selftest on the unpatched base and on the series, in the same
# QEMU harness, one boot per scenario so that a hang in one does not hide
# the others.  Writes build/out/before-after.md (scripts/ba-table.sh), a
# table for README.md.
# The harness's own scenarios (guest/tests/hotplug_events.sh: s390-style VF
# removal events with the pci_vf_event test module, pciehp hot-unplug through
# the QEMU monitor) run the same way.
# Iterations: RACE_ITER (default 200) for the racing scenarios on the series,
# ITER (default 20) for the others, BASE_ITER (default 30) for every
# scenario on the base, which fails well before that; DEADLINE seconds per
# scenario (default 1800).  KERNELS (default "base-qemu qemu") and SCENARIOS
# (default: all) limit the runs; the table covers every log there is.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

race_iter=${RACE_ITER:-200}
plain_iter=${ITER:-20}
base_iter=${BASE_ITER:-30}
deadline=${DEADLINE:-1800}
# A deadlocked base would wait out the whole deadline; the hung-task
# detector (20 s in configs/debug.config) has long reported it by then.
base_deadline=${BASE_DEADLINE:-180}
"$TOP/scripts/build-kernel.sh" qemu
base_tree=$("$TOP/scripts/base-tree.sh")
TREE=$base_tree OUTNAME=base-qemu "$TOP/scripts/build-kernel.sh" qemu

# the selftest's scenarios, then the harness's own (guest/tests/)
selftest=$("$TOP/scripts/scenarios.sh" selftest)
harness="$("$TOP/scripts/scenarios.sh" harness) $("$TOP/scripts/scenarios.sh" harness-open)"
table=$OUT/before-after.md
scenarios=${SCENARIOS:-$selftest $harness}
for kernel in ${KERNELS:-base-qemu qemu}; do
	for sc in $scenarios; do
		case "$kernel:$sc" in
		base-qemu:*) iter=$base_iter; dl=$base_deadline ;;
		*:*_vs_*) iter=$race_iter; dl=$deadline ;;
		*) iter=$plain_iter; dl=$deadline ;;
		esac
		ksft=sriov_rescan_remove.sh hotplug=0
		case " $harness " in
		*" $sc "*)
			ksft=hotplug_events.sh hotplug=1
			case "$sc" in acpiphp_*) hotplug=acpi ;; esac
			# a hot-unplug and re-plug takes about 10 s under TCG
			[ "$dl" -ge $((iter * 20)) ] || dl=$((iter * 20))
			;;
		esac
		log=$OUT/$kernel/ba-$sc.log
		# the bind row needs igb's .probe() to enable the VFs
		append=
		[ "$sc" != bridge_remove_vs_pf_bind_held ] || append=igb.max_vfs=7
		say "$kernel: $sc, $iter iterations"
		QEMU_APPEND=$append KSFT=$ksft QEMU_HOTPLUG=$hotplug QEMU_TIMEOUT=$((dl + 300)) \
			"$TOP/scripts/qemu.sh" "$kernel" "$log" -n "$iter" -t "$dl" -s "$sc" || true
		"$TOP/scripts/ktap-results.sh" "$log" "$kernel" | grep -E "^(PASS|FAIL) $kernel [0-9]+ $sc|did not finish" | sed 's/^/  -> /' || true
	done
done
"$TOP/scripts/ba-table.sh" >"$table"
say "table in $table"
cat "$table"
