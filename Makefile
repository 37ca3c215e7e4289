# Entry points of the patch queue.  Everything is built under build/.
# The two that matter: `make kernel` (set up, build the patched kernel, boot
# it in QEMU) and `make check` (every check CI runs).  `make help` lists all.

SHELL := /bin/bash
S := scripts

.PHONY: help deps base setup apply export kernel boot matrix bisect kunit kunit-rt kunit-arm64 \
	mutants checkpatch maintainers series check before-after faults lock-scope kasan fresh-root setup-faults deb clean

help:
	@sed -n 's/^#   make /  make /p' Makefile

deps:
	@$(S)/deps.sh

base: deps
	@$(S)/base.sh

#   make setup        build dependencies, the base tree, the series applied
setup: base
	@$(S)/apply.sh

#   make apply        (re)apply patches/series onto the base tree
apply:
	@$(S)/apply.sh

#   make export       regenerate patches/ from the tree's commits
export:
	@$(S)/export.sh

#   make kernel       build the patched kernel for QEMU and boot it (smoke)
kernel: setup
	@$(S)/build-kernel.sh qemu
	@$(MAKE) --no-print-directory boot

#   make boot         boot the built kernel and run the selftest briefly
boot:
	@$(S)/smoke.sh qemu

#   make matrix       full kernels: lockdep; PREEMPT_RT with PCI_IOV=n; s390x
matrix: setup
	@$(S)/matrix.sh

#   make bisect       every commit built on its own: lockdep, PREEMPT_RT, s390x
bisect: setup
	@$(S)/bisect-build.sh qemu rt s390x

#   make kunit        the KUnit suite on UML (two CPUs), one line per case
kunit: setup
	@$(S)/kunit-suite.sh uml

#   make kunit-rt     the KUnit suite on x86_64 PREEMPT_RT under QEMU
kunit-rt: setup
	@$(S)/kunit-suite.sh x86_64-rt

#   make kunit-arm64  the KUnit suite on arm64 under QEMU (cross-built)
kunit-arm64: setup
	@$(S)/kunit-suite.sh arm64

#   make mutants      which KUnit case catches which broken lock
mutants: setup
	@$(S)/mutants.sh

#   make checkpatch   checkpatch --strict, Fixes: ids, kernel-doc
checkpatch: setup
	@$(S)/checkpatch.sh

#   make maintainers  get_maintainer.pl for each patch
maintainers: setup
	@$(S)/maintainers.sh

#   make series V=10  a mail-ready folder for git send-email
series: setup
	@$(S)/series.sh $(V)

#   make check        everything CI runs, with a pass/fail count
check: deps
	@$(S)/check.sh

#   make deb          installable Debian packages of the patched kernel
#                     (Debian's config; CONFIG=FILE, LSMOD=running|FILE)
deb: setup
	@$(S)/deb.sh

#   make fresh-root   the README's set-up in a fresh Debian root (mmdebstrap)
fresh-root: deps
	@$(S)/fresh-root.sh

#   make setup-faults bad input at set-up time, each case in a fresh root
setup-faults: deps
	@$(S)/setup-faults.sh

#   make before-after the selftest on the unpatched base and on the series
before-after: setup
	@$(S)/before-after.sh

#   make faults       VF enables with faults injected, 100 tries, base and series
faults: setup
	@$(S)/faults-table.sh

#   make lock-scope   benchmark: rescan lock hold/wait times, base and series
lock-scope: setup
	@$(S)/lock-scope.sh

#   make kasan        the KASAN kernel: selftest and hot-unplug tests, briefly
kasan: setup
	@$(S)/build-kernel.sh kasan
	@DEADLINE=1500 QEMU_TIMEOUT=2400 $(S)/smoke.sh kasan 3
	@DEADLINE=1500 QEMU_TIMEOUT=2400 $(S)/smoke.sh kasan 3 hotplug

clean:
	rm -rf build/out
