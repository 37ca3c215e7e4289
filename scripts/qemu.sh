#!/bin/bash
# Boot a kernel of build/out/NAME in QEMU (TCG, q35, 2 CPUs) with an igb
# (82576, SR-IOV with 7 VFs) behind a PCIe root port, run the PCI selftest in
# the initramfs, and keep the serial log.  A guest that hangs is ended by a
# host-side timeout; the log says how far it got.
#   scripts/qemu.sh NAME LOG [selftest arguments...]
# Environment: QEMU_TIMEOUT (seconds, default 900), KSFT (test script name),
# QEMU_TCG_THREAD (default single).
#
# TCG runs single-threaded by default: with one host thread per vCPU
# (thread=multi), QEMU 10.0.2 aborts in iotlb_to_section() ("Assertion
# `section_index < d->map.sections_nb' failed") while igb VFs come and go,
# seen in the PF remove/rescan scenario.  With thread=single the two vCPUs
# still interleave, so the guest's tasks still race.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

name=${1:?usage: qemu.sh NAME LOG [args...]}
log=${2:?usage: qemu.sh NAME LOG [args...]}
shift 2
need_cmd qemu-system-x86_64 "qemu-system-x86 (from bookworm-backports)"
qemu-system-x86_64 -device help 2>/dev/null | grep -q '"igb"' ||
	die "this QEMU has no igb device; install qemu-system-x86 from bookworm-backports (make deps)"
kernel=$OUT/$name/arch/x86/boot/bzImage
[ -f "$kernel" ] || die "no kernel at $kernel (make kernel)"

initrd=$OUT/$name/initramfs.cpio
"$TOP/scripts/initramfs.sh" "$initrd"

args=$(IFS=,; echo "$*")
append="console=ttyS0 loglevel=5 log_buf_len=8M panic=-1 ksft=${KSFT:-sriov_rescan_remove.sh}"
[ -n "$args" ] && append+=" ksft_args=$args"

mkdir -p "$(dirname "$log")"
set +e
timeout -k 10 "${QEMU_TIMEOUT:-900}" qemu-system-x86_64 \
	-machine q35 -accel tcg,thread="${QEMU_TCG_THREAD:-single}" -cpu max -smp 2 -m 2G \
	-display none -no-reboot -monitor none -serial stdio \
	-kernel "$kernel" -initrd "$initrd" -append "$append" \
	-device pcie-root-port,id=rp1,chassis=1,slot=1 \
	-device igb,bus=rp1 \
	${QEMU_EXTRA:-} </dev/null >"$log" 2>&1
rc=$?
set -e
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	echo "qemu: host-side timeout after ${QEMU_TIMEOUT:-900}s" >>"$log"
fi
exit 0
