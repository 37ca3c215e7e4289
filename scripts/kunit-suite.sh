#!/bin/bash
# The series' KUnit suite (drivers/pci/tests) with kunit.py, one result line
# per case.  UML by default, with two CPUs (seccomp userspace: UML cannot do
# SMP with ptrace), so that the exclusion case has another CPU; the UML
# build is the UML entry of the build matrix.  x86_64-rt runs it under QEMU
# on x86_64 with PREEMPT_RT (configs/kunit-rt.kunitconfig); arm64 under
# QEMU (TCG) with the cross compiler, booted from a device tree.
#   scripts/kunit-suite.sh [uml|x86_64-rt|arm64]
set -uo pipefail
. "$(dirname "$0")/lib.sh"

arch=${1:-uml}
case "$arch" in
uml)
	args=("$TREE/drivers/pci/tests" uml "${UML_KUNIT_ARGS[@]}") ;;
x86_64-rt)
	args=("$TOP/configs/kunit-rt.kunitconfig" x86-rt --arch=x86_64 --qemu_args "-smp 2") ;;
arm64)
	need_cmd aarch64-linux-gnu-gcc gcc-aarch64-linux-gnu
	need_cmd qemu-system-aarch64 "qemu-system-arm (make deps)"
	export KUNIT_CROSS=aarch64-linux-gnu-
	args=("$TOP/configs/kunit-arm64.kunitconfig" arm64 --arch=arm64 --cross_compile=aarch64-linux-gnu-
	      --qemu_args "-smp 2" --timeout 900) ;;
*)
	die "unknown arch $arch" ;;
esac
log=$OUT/kunit-$arch.log
mkdir -p "$OUT"
"$TOP/scripts/kunit.sh" run "${args[@]}" >"$log" 2>&1
rc=$?
if grep -q 'Building KUnit Kernel' "$log" && grep -q 'Starting KUnit Kernel' "$log"; then
	echo "PASS build $arch (kunit.py)"
else
	tail -n 15 "$log" | sed 's/^/  /'
	echo "FAIL build $arch (kunit.py)"
	exit 1
fi
n=0
while read -r status name; do
	n=$((n + 1))
	case "$status" in
	PASSED) echo "PASS kunit $arch $name" ;;
	SKIPPED)
		# with kunit_skip()'s reason, from the kernel's own KTAP line
		why=$(sed -nE "s/^ *ok [0-9]+ $name # SKIP (.*)/\1/p" "$OUT/kunit-${args[1]}/test.log" 2>/dev/null | tail -n 1)
		echo "SKIP kunit $arch $name${why:+: $why}" ;;
	*) echo "FAIL kunit $arch $name"; rc=1 ;;
	esac
done < <(sed -nE 's/^\[[0-9:]+\] +\[(PASSED|FAILED|SKIPPED|CRASHED)\] (rr_[a-z_]+).*/\1 \2/p' "$log")
if [ "$n" = 0 ]; then
	tail -n 15 "$log" | sed 's/^/  /'
	echo "FAIL kunit $arch: no case ran (see $log)"
	exit 1
fi
grep -h 'bench:' "$OUT/kunit-${args[1]}/test.log" 2>/dev/null | sed 's/^ */  /' | tail -n 1
exit $rc
