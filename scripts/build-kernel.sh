#!/bin/bash
# Build one kernel of configs/builds out of tree, in build/out/NAME:
# tinyconfig plus the fragments the builds file names, with ccache.  The
# architecture is x86_64, or another one that the builds file gives as
# arch=ARCH:CROSS_COMPILE before the fragments (e.g. s390 with
# s390x-linux-gnu-, the cross compiler `make deps` installs).
# Every requested option is checked in the final .config, so a fragment that
# Kconfig silently dropped fails here and not later in a test.
#   scripts/build-kernel.sh NAME [make target...]
# OUTNAME=DIR builds into build/out/DIR instead (e.g. the unpatched base).
# CONFIG_ONLY=1 stops after the configuration and its check.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

name=${1:?usage: build-kernel.sh NAME [target...]}
shift
# a full build (the default target) or a part of one (targets given)
full=$([ "$#" = 0 ] && echo 1 || echo 0)
targets=${*:-bzImage}
build_config "$name"
need_tree
need_cmd ccache
need_cmd flex
need_cmd bison
need_cmd bc
need_disk "$BUILD" 3

o=$OUT/${OUTNAME:-$name}
mkdir -p "$o"
# The record of the last full build (scripts/lib.sh: built_at) goes first:
# from here the folder may change (a new config, a part of a build).
rm -f "$o/.built-commit" "$o/.built-stamp"
files=()
for f in $frags; do
	files+=("$TOP/configs/$f.config")
done

# The options the fragments name that this tree's Kconfig has.  An option
# that a later patch of the series adds (the KUnit suite's) is left out of
# the check in the commits before it (scripts/bisect-build.sh), and the
# commit that adds it configures again, as the list is part of the sum.
kconfig_syms() {	# kconfig_syms [REV]: every symbol of the tree, or of REV
	if [ -n "${1:-}" ]; then
		git -C "$TREE" grep -hoE '^[[:space:]]*(menu)?config [A-Z0-9_]+' "$1" -- '*Kconfig*'
	else
		grep -rhoE --include='Kconfig*' '^[[:space:]]*(menu)?config [A-Z0-9_]+' "$TREE"
	fi | awk '{ print "CONFIG_" $2 }' | sort -u
}
asked=$(cat "${files[@]}" | sed -nE 's/^(# )?(CONFIG_[A-Z0-9_]+)[= ].*/\2/p' | sort -u)
known=$(comm -12 <(echo "$asked") <(kconfig_syms))
# Regenerate the config only when the fragments, or the options of theirs
# the tree knows, changed.
sum=$( (cat "${files[@]}"; echo "$known") | sha256sum | cut -d' ' -f1)
if [ ! -f "$o/.config" ] || [ "$(cat "$o/.fragments" 2>/dev/null)" != "$sum" ]; then
	say "$name: configuring (tinyconfig +$frags)"
	make -s -C "$TREE" O="$o" ARCH="$arch" CROSS_COMPILE="$cross" tinyconfig >/dev/null
	(cd "$TREE" && ARCH="$arch" CROSS_COMPILE="$cross" scripts/kconfig/merge_config.sh -m -O "$o" "$o/.config" "${files[@]}") >"$o/config.log"
	make -s -C "$TREE" O="$o" ARCH="$arch" CROSS_COMPILE="$cross" olddefconfig >/dev/null
	# What the fragments ask for: the last word on each option counts.
	bad=0
	declare -A want=()
	while read -r line; do
		case "$line" in
		CONFIG_*=*) want[${line%%=*}]=$line ;;
		"# CONFIG_"*" is not set") opt=${line#\# }; want[${opt%% *}]=$line ;;
		esac
	done < <(cat "${files[@]}")
	later=$(git -C "$TREE" rev-parse -q --verify queue >/dev/null 2>&1 && kconfig_syms queue || true)
	for opt in "${!want[@]}"; do
		line=${want[$opt]}
		if ! grep -qxF "$opt" <<<"$known"; then
			if grep -qxF "$opt" <<<"$later"; then
				echo "  $name: $opt is not in this commit's Kconfig yet (a later patch adds it)"
			else
				echo "  $name: $opt is no option of this tree"
				bad=1
			fi
			continue
		fi
		case "$line" in
		CONFIG_*=*) grep -qxF "$line" "$o/.config" || { echo "  $name: $line did not stick"; bad=1; } ;;
		*) grep -q "^$opt=" "$o/.config" && { echo "  $name: $opt is set"; bad=1; } ;;
		esac
	done
	[ "$bad" = 0 ] || die "$name: the config does not have what configs/ asks for"
	echo "$sum" >"$o/.fragments"
fi

[ "${CONFIG_ONLY:-0}" = 1 ] && exit 0

say "$name: make $targets (log: $o/build.log)"
# The record (.built-commit, .built-stamp) is written again only for a
# successful full build of a tree without uncommitted changes, in its own
# folder (the .cmd files of a part of a build do not name everything a
# build reads).
# The total for the percentage: the step count of this folder's last full
# build, else the one recorded for this config in configs/build-steps.
total=$(cat "$o/.steps" 2>/dev/null || awk -v n="$name" '$1 == n { print $2 }' "$TOP/configs/build-steps" 2>/dev/null || true)
total=${total:-0}
start=$(date +%s)
set +e
make -C "$TREE" O="$o" ARCH="$arch" CROSS_COMPILE="$cross" CC="ccache ${cross}gcc" -j"$(nproc)" $targets ${MAKEFLAGS_EXTRA:-} >"$o/build.log" 2>&1 &
pid=$!
# progress every 30 s, without holding up a short build
ticks=0
while kill -0 "$pid" 2>/dev/null; do
	sleep 1
	ticks=$((ticks + 1))
	if [ $((ticks % 30)) = 0 ] && kill -0 "$pid" 2>/dev/null; then
		n=$(grep -c '^  [A-Z]' "$o/build.log")
		t=$(( $(date +%s) - start ))
		if [ "$total" -gt 0 ] && [ "$n" -lt "$total" ]; then
			pct=$((n * 100 / total))
			echo "  $name: $n of about $total steps ($pct%), ${t}s$([ "$pct" -ge 5 ] && echo ", about $(( t * (100 - pct) / pct ))s left")"
		else
			echo "  $name: $n steps, ${t}s"
		fi
	fi
done
wait "$pid"
rc=$?
set -e
if [ "$rc" != 0 ]; then
	grep -E 'error|Error|undefined reference' "$o/build.log" | head -20 >&2 || true
	die "$name: build failed (see $o/build.log)"
fi
if [ "$full" = 1 ] && [ -z "${OUTNAME:-}" ] && [ -z "$(git -C "$TREE" status --porcelain --untracked-files=no 2>/dev/null)" ]; then
	build_stamp "$name" >"$o/.built-stamp" && git -C "$TREE" rev-parse -q HEAD >"$o/.built-commit" ||
		rm -f "$o/.built-commit" "$o/.built-stamp"
fi
# A full build's step count is the next build's total.
n=$(grep -c '^  [A-Z]' "$o/build.log" || true)
[ "$n" -gt "$(cat "$o/.steps" 2>/dev/null || echo 0)" ] && echo "$n" >"$o/.steps"
grep -E '^[^ ]+:[0-9]+:[0-9]+: warning:' "$o/build.log" | sort -u >"$o/warnings.txt" || true
say "$name: built in $(( $(date +%s) - start ))s, $(wc -l <"$o/warnings.txt") warnings"
