#!/bin/bash
# Boot a kernel of build/out/NAME in QEMU (TCG, q35, 2 CPUs) with an igb
# (82576, SR-IOV with 7 VFs) behind a PCIe root port, run the PCI selftest in
# the initramfs, and keep the serial log.  A guest that hangs is ended by a
# host-side timeout; the log says how far it got.
#   scripts/qemu.sh NAME LOG [selftest arguments...]
# Environment: QEMU_TIMEOUT (seconds, default 900), KSFT (test script name),
# QEMU_TCG_THREAD (default single), QEMU_HOTPLUG (see below), QEMU_APPEND
# (more kernel arguments).
#
# The harness's test modules (tests/) are built for the kernel when it has
# CONFIG_MODULES and go into the initramfs.
#
# QEMU_HOTPLUG=1 lets the guest hot-unplug and re-plug its igb (id pf0):
# the root port's hotplug is native (pciehp, not ACPI), and every line
# '=== host: CMD' the guest prints on the serial console is sent to the QEMU
# monitor, e.g. 'device_del pf0'.  The commands are listed in LOG.host, the
# monitor's answers are in LOG.monitor.  QEMU_HOTPLUG=acpi does the same
# with the root port's hotplug left to ACPI (q35's default; acpiphp in the
# guest), and gives host_cmds=acpi.
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
# KERNEL_IMAGE=FILE boots that image instead (scripts/deb-check.sh: the
# vmlinuz of a linux-image .deb); the test modules still come from NAME.
kernel=${KERNEL_IMAGE:-$OUT/$name/arch/x86/boot/bzImage}
[ -f "$kernel" ] || die "no kernel at $kernel (make kernel)"

# one initramfs per boot: runs on the same kernel may overlap
initrd=$(mktemp "$OUT/$name/initramfs.XXXXXX")
trap 'rm -f "$initrd"' EXIT
mods=
if grep -q '^CONFIG_MODULES=y' "$OUT/$name/.config"; then
	"$TOP/scripts/test-modules.sh" "$name"
	mods=$OUT/$name/test-modules
fi
"$TOP/scripts/initramfs.sh" "$initrd" $mods

args=$(IFS=,; echo "$*")
append="console=ttyS0 loglevel=5 log_buf_len=8M panic=-1 ksft=${KSFT:-sriov_rescan_remove.sh}"
# QEMU_APPEND: more kernel arguments, e.g. igb.max_vfs=7
[ -z "${QEMU_APPEND:-}" ] || append+=" $QEMU_APPEND"
[ -n "$args" ] && append+=" ksft_args=$args"

mkdir -p "$(dirname "$log")"
monitor=(-monitor none)
hotplug=${QEMU_HOTPLUG:-0}
case "$hotplug" in
0) ;;
1|acpi)
	fifo=$log.fifo
	rm -f "$fifo.in" "$fifo.out" "$log.host"
	mkfifo "$fifo.in" "$fifo.out"
	monitor=(-chardev "pipe,id=mon0,path=$fifo" -mon chardev=mon0,mode=readline)
	if [ "$hotplug" = 1 ]; then
		monitor+=(-global ICH9-LPC.acpi-pci-hotplug-with-bridge-support=off)
	else
		monitor+=(-global ICH9-LPC.acpi-pci-hotplug-with-bridge-support=on)
	fi
	append+=" host_cmds=$hotplug"
	;;
*) die "QEMU_HOTPLUG=$hotplug: 0, 1 (pciehp) or acpi" ;;
esac
: >"$log"
set +e
timeout -k 10 "${QEMU_TIMEOUT:-900}" qemu-system-x86_64 \
	-machine q35 -accel tcg,thread="${QEMU_TCG_THREAD:-single}" -cpu max -smp 2 -m 2G \
	-display none -no-reboot -serial stdio "${monitor[@]}" \
	-kernel "$kernel" -initrd "$initrd" -append "$append" \
	-device pcie-root-port,id=rp1,chassis=1,slot=1 \
	-device igb,bus=rp1,id=pf0 \
	${QEMU_EXTRA:-} </dev/null >"$log" 2>&1 &
qemu=$!
if [ "$hotplug" != 0 ]; then
	# QEMU opens both FIFOs read-write, so neither side blocks on open.
	cat "$fifo.out" >"$log.monitor" &
	# (no filter in this pipe: it would buffer the lines)
	tail -n +1 --pid="$qemu" -F "$log" 2>/dev/null |
	while IFS= read -r line; do
		line=${line%$'\r'}
		case "$line" in
		*"=== host: "*)
			cmd=${line#*=== host: }
			echo "$(date +%T) $cmd" >>"$log.host"
			timeout 10 sh -c 'echo "$1" >"$2"' sh "$cmd" "$fifo.in"
			;;
		esac
	done &
fi
wait "$qemu"
rc=$?
wait
set -e
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
	echo "qemu: host-side timeout after ${QEMU_TIMEOUT:-900}s" >>"$log"
fi
exit 0
