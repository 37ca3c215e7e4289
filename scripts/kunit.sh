#!/bin/bash
# kunit.py on UML, out of tree in build/out/kunit-NAME, with ccache.
#   scripts/kunit.sh build|run KUNITCONFIG NAME [kunit.py options...]
# KUNIT_CROSS=PREFIX: the cross compiler of --arch (e.g. aarch64-linux-gnu-).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

verb=${1:?usage: kunit.sh build|run KUNITCONFIG NAME}
kconf=${2:?usage: kunit.sh build|run KUNITCONFIG NAME}
name=${3:?usage: kunit.sh build|run KUNITCONFIG NAME}
shift 3
need_tree
need_cmd ccache
cd "$TREE"
cmd=(python3 tools/testing/kunit/kunit.py "$verb" --kunitconfig="$kconf"
	--build_dir="$OUT/kunit-$name" --jobs="$(nproc)"
	--make_options="CC=ccache ${KUNIT_CROSS:-}gcc" "$@")
# kunit.py asks QEMU for KVM first.  Where /dev/kvm exists but the CPU has
# no VMX/SVM, QEMU then hangs instead of falling back to TCG: hide /dev/kvm
# in a private mount namespace.
if [ -e /dev/kvm ] && ! grep -qwE 'vmx|svm' /proc/cpuinfo && command -v unshare >/dev/null; then
	exec unshare -m --propagation private sh -c 'mount --bind /dev/null /dev/kvm && exec "$@"' sh "${cmd[@]}"
fi
exec "${cmd[@]}"
