#!/bin/bash
# Everything CI runs, in order, each check one PASS/FAIL line:
#   apply of the series; checkpatch, Fixes: and kernel-doc per patch, the
#   mail-ready series and the README's set-up in a fresh Debian root
#   (scripts/fresh-root.sh prepare: make deps, setup, checkpatch, mail), in
#   the background beside every commit built on its own (x86_64 lockdep;
#   `make bisect` adds PREEMPT_RT and s390x) and W=1 on the touched files.
#   Then two lanes.  Background: boots of the patched kernel in QEMU
#   running the selftest (busybox sh; dash in the .deb boot), its restore
#   checks, the KUnit suite as a module loaded twice, VF enables with a
#   failed allocation and kmemleak scans, and the harness's VF event, pciehp
#   and acpiphp tests; the selftest on this host without a PF; the fresh
#   root's make kernel (build, boot, selftest).  Foreground: the rest of the
#   build matrix, PREEMPT_RT with PCI_IOV=n and s390x cross, the series'
#   directories compiled (the full kernels: make matrix, make bisect), and
#   W=1 on the touched files of each; the KUnit suite on UML, which is the
#   UML build, with one mutant (the base's VF paths); the Debian packages of `make deb` (QEMU config),
#   unpacked and booted.
# Ends with "N passed, N failed"; exits non-zero if anything failed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

mkdir -p "$OUT"
res=$OUT/check-results.txt
: >"$res"
start=$(date +%s)

# The results file and the logs of the lane a stage runs in (see below).
lane=main
stage() {
	local title=$1 rc before log=$OUT/stage-$lane.log
	shift
	say "$title ($(( $(date +%s) - start ))s)"
	before=$(grep -c '^FAIL' "$res")
	"$@" >"$log" 2>&1
	rc=$?
	tee -a "$res" <"$log" | grep -E '^(PASS|FAIL|SKIP|  )' || true
	# A stage that fails must say so in a FAIL line of its own.
	if [ "$rc" != 0 ] && [ "$(grep -c '^FAIL' "$res")" = "$before" ]; then
		tail -n 10 "$log" | sed 's/^/  /'
		echo "FAIL $title: exited $rc without a result" | tee -a "$res"
	fi
}

one() {
	# one result line for a whole command
	local name=$1 log=$OUT/step-$lane.log
	shift
	if "$@" >"$log" 2>&1; then
		echo "PASS $name"
	else
		tail -n 20 "$log" | sed 's/^/  /'
		echo "FAIL $name"
	fi
}

stage "base tree" one "base tree ($BASE_PACKAGE $BASE_VERSION)" "$TOP/scripts/base.sh"
stage "apply" one "apply patches/series with git am" "$TOP/scripts/apply.sh"
if ! grep -q '^PASS apply' "$res"; then
	echo "0 passed, $(grep -c '^FAIL' "$res") failed"
	exit 1
fi
# The static checks and the fresh root's set-up in a lane of their own (one
# core; the set-up is mostly downloads and unpacking), the checks in a
# worktree at the tip (build/linux-bisect), beside the x86_64 builds of
# every commit, which check out each commit in the main tree.
bisect_tree=$BUILD/linux-bisect
early() {
	lane=early
	res=$OUT/check-results-early.txt
	: >"$res"
	stage "worktree at the tip for the static checks and the rt and s390x builds" \
		one "worktree $bisect_tree at queue" worktree "$bisect_tree" queue
	if grep -q '^PASS worktree' "$res"; then
		stage "checkpatch, Fixes:, kernel-doc" env TREE="$bisect_tree" "$TOP/scripts/checkpatch.sh"
		stage "mail-ready series" env TREE="$bisect_tree" "$TOP/scripts/series-check.sh"
	fi
	stage "fresh Debian root: make deps, setup, checkpatch, mail" "$TOP/scripts/fresh-root.sh" prepare
}
say "starting the static checks and the fresh root's set-up in the background (log: $OUT/check-early.log)"
early >"$OUT/check-early.log" 2>&1 &
early_pid=$!

stage "every commit builds: qemu (x86_64, PCI_IOV, lockdep; the kernel the boots use; make bisect adds rt and s390x)" \
	"$TOP/scripts/bisect-build.sh" qemu
stage "W=1 on the touched files" "$TOP/scripts/w1.sh" qemu
# The boots run build/out/qemu's kernel, which must be the tip's: after a
# failed commit the every-commit builds leave another one there.  built_at
# (scripts/lib.sh) checks the record of the build, its fragments and the
# hash of its image; the boots then use a copy of that image, which no
# later build can change.
tip=$(git -C "$TREE" rev-parse -q --verify queue) || tip=
at_tip() {
	[ -n "$tip" ] && [ "$(git -C "$TREE" rev-parse -q --verify HEAD)" = "$tip" ] ||
		{ echo "$TREE is not at queue ($tip)"; return 1; }
	"$TOP/scripts/build-kernel.sh" qemu
}
if ! built_at qemu "$tip"; then
	stage "the QEMU kernel at the tip (the every-commit builds did not leave it)" \
		one "build qemu at the tip" at_tip
fi
boot_image=$OUT/qemu/bzImage.tip
rm -f "$boot_image"
built_at qemu "$tip" && cp "$(build_image qemu)" "$boot_image"

say "waiting for the static checks ($(( $(date +%s) - start ))s)"
wait "$early_pid"
grep -E '^(==>|PASS|FAIL|SKIP|  )' "$OUT/check-early.log" || true
cat "$OUT/check-results-early.txt" >>"$res"

# Two lanes from here, for a 2-core machine.  Background: the QEMU boots of
# the patched kernel (TCG runs one host thread), then the fresh root's make
# kernel (ccache has its objects now).  Foreground: PREEMPT_RT and s390x,
# each the series' directories compiled and W=1 on the touched files, in
# the worktree (build/linux-bisect, output in build/out/bisect; W=1 checks
# out the base there if the tip warns); then, in the main tree, the KUnit
# suite on UML, its mutant (which edits drivers/pci/iov.c in place for a
# moment) and the .deb, built from the tree after it.  The boot lane boots
# the copy of the tip's image (checked above), and reads the main tree for
# the test modules, built under a lock (scripts/test-modules.sh): at the
# first boot, while the foreground is in the worktree, `make modules`
# (Module.symvers); then only the KUnit suite's source and pci.h, which the mutant does
# not touch; and selftest-host.sh's make in tools/testing/selftests.  The
# boot lane's lines are printed when it is done.
boots() {
	lane=boots
	res=$OUT/check-results-boots.txt
	: >"$res"
	if [ ! -f "$boot_image" ]; then
		echo "FAIL boots: $OUT/qemu holds no build of the tip (${tip:-no queue}): nothing booted" | tee -a "$res"
		return
	fi
	export KERNEL_IMAGE=$boot_image
	stage "boot the patched kernel in QEMU, selftest" "$TOP/scripts/smoke.sh" qemu "${ITER:-1}"
	stage "selftest on this host without a PF named: skips, changes nothing" "$TOP/scripts/selftest-host.sh"
	stage "boot: the selftest restores its PF, also after SIGTERM (busybox sh)" \
		"$TOP/scripts/smoke.sh" qemu 1 restore
	stage "boot: the selftest restores its PF, also after SIGTERM (dash)" \
		env QEMU_APPEND=ksft_shell=dash "$TOP/scripts/smoke.sh" qemu 1 restore
	stage "boot: the KUnit suite as a module, loaded twice in one boot" \
		"$TOP/scripts/smoke.sh" qemu 2 kunit-module
	stage "boot: 10 VF enables with one failed allocation each; kmemleak finds a planted leak and none in the VF paths" \
		"$TOP/scripts/smoke.sh" qemu "${FAULT_TRIES:-10}" faults
	stage "boot the patched kernel in QEMU, VF events and pciehp unplug (harness)" \
		"$TOP/scripts/smoke.sh" qemu "${ITER:-1}" hotplug
	stage "boot with igb.max_vfs=7: root port removal vs PF bind (harness)" \
		"$TOP/scripts/smoke.sh" qemu "${ITER:-1}" max-vfs
	stage "boot with ACPI hotplug: acpiphp eject vs PF unbind and vs sriov_numvfs, the rescan lock held (harness)" \
		"$TOP/scripts/smoke.sh" qemu "${ITER:-1}" acpi-hotplug
	if grep -q '^PASS fresh root: make setup' "$OUT/check-results-early.txt"; then
		stage "fresh Debian root: make kernel (build, boot, selftest smoke)" "$TOP/scripts/fresh-root.sh" kernel
	else
		echo "SKIP fresh root: make kernel: its set-up did not pass (the FAIL line is above)" | tee -a "$res"
	fi
}
say "starting the boot lane in the background (its lines come at the end; log: $OUT/check-boots.log)"
boots >"$OUT/check-boots.log" 2>&1 &
boots_pid=$!

bisect_env=(env TREE="$bisect_tree" OUT="$OUT/bisect")
if grep -q '^PASS worktree' "$res"; then
	stage "build matrix, the series' directories: rt (PREEMPT_RT, PCI_IOV=n, lockdep), s390x (cross, zPCI, no lockdep)" \
		"${bisect_env[@]}" env PART=1 "$TOP/scripts/matrix.sh" rt s390x
	stage "W=1 on the touched files (RT)" "${bisect_env[@]}" "$TOP/scripts/w1.sh" rt
	stage "W=1 on the touched files (s390x)" "${bisect_env[@]}" "$TOP/scripts/w1.sh" s390x
fi
stage "KUnit suite on UML (the UML build of the matrix)" "$TOP/scripts/kunit-suite.sh" uml
stage "KUnit: rr_vf_paths_locked fails with the base's VF paths (mutant, in place)" \
	env IN_PLACE=1 CHECK=1 MUTANTS=vf-paths-unlocked CASES=rr_vf_paths_locked \
	"$TOP/scripts/mutants.sh"
stage "make deb with the QEMU config: the vmlinuz of the .deb boots" "$TOP/scripts/deb-check.sh" 1
# The suite on arm64 under QEMU (make kunit-arm64) is not run here: its
# cold build (about 5 minutes of both cores) would take the cold run past
# 45 minutes.  x86_64 under QEMU runs it (the module boot above).

say "waiting for the boot lane ($(( $(date +%s) - start ))s)"
wait "$boots_pid"
grep -E '^(==>|PASS|FAIL|SKIP|  )' "$OUT/check-boots.log" || true
cat "$OUT/check-results-boots.txt" >>"$res"

passed=$(grep -c '^PASS' "$res")
failed=$(grep -c '^FAIL' "$res")
say "check took $(( $(date +%s) - start ))s; results in $res"
echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
