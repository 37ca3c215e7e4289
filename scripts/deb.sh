#!/bin/bash
# Installable Debian packages of the patched kernel, made by the kernel's own
# `make bindeb-pkg` (no packaging of ours): linux-image-R and linux-libc-dev,
# and linux-headers-R unless the QEMU config is used, in build/deb-NAME/.
#   scripts/deb.sh                 Debian's own amd64 config for 7.3, from
#                                  linux-config-7.3 (downloaded, not installed)
#   CONFIG=/boot/config-$(uname -r) scripts/deb.sh      any other config file
#   QEMU=1 scripts/deb.sh          the small QEMU config (make check's proof)
#   LSMOD=running | LSMOD=FILE     trim with localmodconfig against the
#                                  running machine's modules, or lsmod output
#   LOCALVERSION=-x                default -pci-rescan-vN, N from the cover letter
#   DEBUG_INFO=1                   keep the config's debug info (off by
#                                  default: it about doubles time and disk)
# KERNEL_SRC works as for every other target (the tree make setup made).
# dpkg-buildpackage runs with -d: of the build dependencies the kernel's
# debian/control names, make deps installs what its debian/rules uses
# (debhelper, kmod, rsync, the compiler, flex, bison, libelf, libssl);
# libdw-dev is not needed for this build.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
need_cmd dpkg-buildpackage dpkg-dev
need_cmd depmod kmod
need_cmd rsync
need_cmd dh_listpackages debhelper
need_cmd ccache

lv=${LOCALVERSION--pci-rescan-v$(series_version)}

# The config, and the name of the folder it builds in.
if [ -n "${CONFIG:-}" ]; then
	[ -f "$CONFIG" ] || die "CONFIG=$CONFIG does not exist; give a kernel .config file, e.g. CONFIG=/boot/config-\$(uname -r)"
	config=$(realpath "$CONFIG")
	name=custom
	disk=20
elif [ "${QEMU:-0}" = 1 ]; then
	# configured in a folder of its own: build/out/qemu is the booted
	# kernel's, and make check boots it while this runs
	OUTNAME=qemu-config CONFIG_ONLY=1 "$TOP/scripts/build-kernel.sh" qemu
	config=$OUT/qemu-config/.config
	name=qemu
	disk=3
else
	ver=$BASE_VERSION
	deb=$BUILD/dl/linux-config-7.3_${ver}_amd64.deb
	if [ ! -s "$deb" ]; then
		"$TOP/scripts/apt-suites.sh" || exit 1
		mkdir -p "$BUILD/dl/partial-config"
		say "downloading linux-config-7.3=$ver from $BASE_SUITE (Debian's kernel configs)"
		(cd "$BUILD/dl/partial-config" && apt_run linux-config-7.3 "$BUILD/dl/config-download.log" apt-get download -q "linux-config-7.3=$ver") ||
			{ rm -rf "$BUILD/dl/partial-config"; die "apt-get download linux-config-7.3=$ver failed: $(apt_why "$BUILD/dl/config-download.log" "$BUILD/dl")"; }
		mv "$BUILD"/dl/partial-config/*.deb "$deb"
		rm -rf "$BUILD/dl/partial-config"
	fi
	rm -rf "$BUILD/dl/config-x"
	dpkg-deb -x "$deb" "$BUILD/dl/config-x"
	xz=$(find "$BUILD/dl/config-x" -name 'config.amd64_none_amd64.xz' | head -n 1)
	[ -n "$xz" ] || die "$deb has no config.amd64_none_amd64.xz"
	xz -dc "$xz" >"$BUILD/dl/config.debian-amd64"
	rm -rf "$BUILD/dl/config-x"
	config=$BUILD/dl/config.debian-amd64
	name=debian
	disk=20
fi
if ! grep -q '^CONFIG_X86_64=y' "$config"; then
	arch=$(sed -n 's|^# Linux/\([^ ]*\) .*|\1|p' "$config" | head -n 1)
	die "$config is a config for ${arch:-another architecture}, not x86_64; give an x86_64 config with CONFIG=FILE"
fi
[ "${DEBUG_INFO:-0}" = 1 ] && [ "$name" != qemu ] && disk=$((disk * 3))
need_disk "$BUILD" "$disk"

# build/deb-NAME/build: as deep under build/ as build/out/NAME, so that
# ccache (CCACHE_BASEDIR=build/) sees the same relative paths and hits.
dir=$BUILD/deb-$name
o=$dir/build
mkdir -p "$o"
rm -f "$dir"/*.deb "$dir"/*.buildinfo "$dir"/*.changes
cp "$config" "$o/.config"
# LOCALVERSION on the command line, also when empty: else setlocalversion
# adds a "+" for a git tree that is not at a release tag.
k() { make -s -C "$TREE" O="$o" ARCH=x86_64 LOCALVERSION="$lv" "$@"; }
cfg() { "$TREE/scripts/config" --file "$o/.config" "$@"; }
# The series' name goes in through make's LOCALVERSION, not the config's:
# the config (and autoconf.h, which every object depends on) stays as
# given, so ccache still hits for a config built before.  The QEMU config is
# used as it is.
if [ "$name" != qemu ]; then
	# a release name that does not change with every commit
	cfg --disable LOCALVERSION_AUTO
	# Debian's config names Debian's own certificates, which the tree lacks.
	cfg --set-str SYSTEM_TRUSTED_KEYS "" --set-str SYSTEM_REVOCATION_KEYS ""
fi
if [ "${DEBUG_INFO:-0}" != 1 ] && [ "$name" != qemu ]; then
	cfg --disable DEBUG_INFO --disable DEBUG_INFO_DWARF5 --disable DEBUG_INFO_DWARF4 \
		--disable DEBUG_INFO_DWARF_TOOLCHAIN_DEFAULT --disable DEBUG_INFO_BTF --enable DEBUG_INFO_NONE
fi
k olddefconfig
if [ -n "${LSMOD:-}" ]; then
	if [ "$LSMOD" = running ]; then
		[ -r /proc/modules ] || die "LSMOD=running: this machine's kernel has no loadable modules (no /proc/modules); give LSMOD=FILE, the output of lsmod on the machine the kernel is for"
		lsmod >"$dir/lsmod.txt" || die "LSMOD=running: lsmod failed"
	else
		[ -f "$LSMOD" ] || die "LSMOD=$LSMOD does not exist; give the output of lsmod, or LSMOD=running"
		cp "$LSMOD" "$dir/lsmod.txt"
	fi
	say "trimming with localmodconfig ($(($(wc -l <"$dir/lsmod.txt") - 1)) modules)"
	yes '' | k LSMOD="$dir/lsmod.txt" localmodconfig >/dev/null
fi
if grep -q '^CONFIG_RUST=y' "$config" && ! grep -q '^CONFIG_RUST=y' "$o/.config"; then
	echo "NOTE: $config has CONFIG_RUST=y; it is off here, as scripts/lib.sh keeps rustc away from the builds. NO_RUST=0 keeps it, with a Rust toolchain the kernel accepts on PATH. Going on."
fi
if ! grep -q '^CONFIG_PCI_IOV=y' "$o/.config"; then
	echo "NOTE: CONFIG_PCI_IOV is off in this config: the series' SR-IOV paths (drivers/pci/iov.c) are not built; its rescan-lock changes are. Going on."
fi
k syncconfig	# include/config/auto.conf, which kernelrelease reads
release=$(k -s kernelrelease)
say "$name: make bindeb-pkg, kernel $release (log: $dir/build.log)"
start=$(date +%s)
profiles=
[ "$name" = qemu ] && profiles="pkg.linux-upstream.nokernelheaders pkg.linux-upstream.nokerneldbg"
if ! DEB_BUILD_PROFILES=$profiles make -C "$TREE" O="$o" ARCH=x86_64 LOCALVERSION="$lv" CC="ccache gcc" \
	-j"$(nproc)" DPKG_FLAGS=-d bindeb-pkg >"$dir/build.log" 2>&1; then
	grep -E 'error|Error' "$dir/build.log" | head -n 20 >&2 || true
	die "$name: make bindeb-pkg failed (see $dir/build.log)"
fi
say "$name: packages of $release built in $(( $(date +%s) - start ))s:"
ls -1 "$dir"/*.deb | while read -r f; do echo "  $f ($(du -h "$f" | cut -f1))"; done
echo "Install them with:"
echo "  apt install $(ls "$dir"/linux-image-*.deb | grep -v -- -dbg_ | head -n 1)$(ls "$dir"/linux-headers-*.deb 2>/dev/null | sed 's/^/ /' | tr -d '\n')"
