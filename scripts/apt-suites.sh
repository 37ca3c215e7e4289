#!/bin/bash
# Add the Debian suites this project needs (trixie-backports for the base
# tree's .deb, bookworm-backports for QEMU with igb) using the mirror the
# machine is already configured with.  No host name is written here: the URI
# is read from the existing apt sources.  trixie-backports is pinned to -1 so
# nothing is ever installed or upgraded from it; we only `apt-get download`.
set -euo pipefail

list=/etc/apt/sources.list.d/pci-rescan-queue.sources
pref=/etc/apt/preferences.d/pci-rescan-queue

# The URI of the main Debian archive, from deb822 or one-line sources.
debian_uri() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -e "$f" ] || continue
		[ "$f" = "$list" ] && continue
		awk '
			/^[[:space:]]*$/ { if (uri != "" && suites ~ /(^|[[:space:]])(bookworm|trixie)([[:space:]]|$)/) { print uri; uri = ""; exit } uri = ""; suites = ""; next }
			/^URIs:/ { uri = $2 }
			/^Suites:/ { suites = $0 }
			END { if (uri != "" && suites ~ /(^|[[:space:]])(bookworm|trixie)([[:space:]]|$)/) print uri }
		' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -e "$f" ] || continue
		awk '$1 == "deb" && $0 !~ /security/ && $0 ~ /[[:space:]](bookworm|trixie)[[:space:]]/ {
			for (i = 2; i <= NF; i++) if ($i ~ /^[a-z]+:\/\//) { print $i; exit }
		}' "$f"
	done
}

# --uri: print the mirror's URI and stop (scripts/fresh-root.sh uses it).
# DEBIAN_MIRROR=URI overrides the one found in the apt sources.
# (awk, not head: head would end the pipeline early, and pipefail fail it)
mirror() {
	if [ -n "${DEBIAN_MIRROR:-}" ]; then
		echo "$DEBIAN_MIRROR"
	else
		debian_uri | awk 'NR == 1'
	fi
}
if [ "${1:-}" = --uri ]; then
	mirror
	exit 0
fi

# With KERNEL_SRC (the user's own kernel) the base .deb is not needed.
suites="trixie-backports bookworm-backports"
[ -n "${KERNEL_SRC:-}" ] && suites=bookworm-backports

# --check: are the suites this run needs configured?  (deps.sh asks, so
# that `make deps` adds them even when every package is installed.)
configured() {
	local s
	[ -e "$pref" ] || return 1
	for s in $suites; do
		grep -q "^Suites:.*[[:space:]]$s\([[:space:]]\|$\)" "$list" 2>/dev/null || return 1
	done
}
if [ "${1:-}" = --check ]; then
	configured
	exit
fi

if [ "$(id -u)" != 0 ]; then
	configured && exit 0
	echo "apt-suites: not root, and $(echo "$suites" | sed 's/ /\//') are not configured: run 'make deps' as root once (it adds them), then rerun" >&2
	exit 1
fi

uri=$(mirror)
if [ -z "$uri" ]; then
	echo "apt-suites: no Debian archive found in /etc/apt/sources*; name one with DEBIAN_MIRROR=URI" >&2
	exit 1
fi
want="Types: deb
URIs: $uri
Suites: $suites
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg"

wantpref="Package: *
Pin: release n=trixie-backports
Pin-Priority: -1

Package: *
Pin: release n=bookworm-backports
Pin-Priority: 100"

changed=0
if [ "$(cat "$list" 2>/dev/null)" != "$want" ]; then
	printf '%s\n' "$want" >"$list"
	changed=1
fi
if [ "$(cat "$pref" 2>/dev/null)" != "$wantpref" ]; then
	printf '%s\n' "$wantpref" >"$pref"
	changed=1
fi
stamp=/var/lib/apt/lists/.pci-rescan-queue-updated
# A source of ours that apt-get update has just refused must not stay in the
# machine's apt sources: every later apt-get update would fail on it.  One
# that worked before stays (a network failure says nothing against it).
undo() {
	rm -f "$stamp"
	[ "$changed" = 1 ] && rm -f "$list" "$pref"
	return 0
}
if [ "$changed" = 1 ] || [ ! -e "$stamp" ] || [ -n "$(find "$stamp" -mmin +720 2>/dev/null)" ]; then
	echo "apt-suites: apt-get update ($(echo "$suites" | sed 's/trixie-backports/trixie-backports pinned -1,/; s/bookworm-backports/bookworm-backports 100/'))"
	rm -f "$stamp"
	# apt-get update exits 0 when an index could not be fetched ("W: Failed
	# to fetch"), so its output decides, as well as its status.
	rc=0
	out=$(LC_ALL=C apt-get update -q 2>&1) || rc=$?
	# The lines about our suites of our mirror: apt prints the URI without
	# credentials, a trailing slash or the second and third slash of file:///.
	p=${uri#*://}
	p=${p#*@}
	p=${p%/}
	pats=()
	for s in $suites; do
		pats+=(-e "$p/dists/$s/" -e "$p $s ")
	done
	ours=$(grep -E '^(E|W):' <<<"$out" | grep -F "${pats[@]}" || true)
	for s in $suites; do
		if grep -qE "$s.*(does not have a Release file|404 +Not Found)" <<<"$ours"; then
			case $s in
			trixie-backports) why="the base tree's linux-source-7.3 .deb"; alt=", or bring your own 7.3 tree with KERNEL_SRC=/path/to/linux" ;;
			*) why="QEMU 10 with the igb device"; alt= ;;
			esac
			undo
			echo "apt-suites: the mirror $uri has no $s ($why): name a Debian mirror that carries it with DEBIAN_MIRROR=URI$alt" >&2
			exit 1
		fi
	done
	if [ -n "$ours" ]; then
		undo
		why=$(grep -m1 -oE '(Temporary failure resolving|Could not resolve|Unable to connect to|Network is unreachable|Connection timed out|Could not connect to)[^]]*' <<<"$ours" || true)
		if [ -n "$why" ]; then
			echo "apt-suites: apt-get update failed: cannot reach the Debian mirror $uri ($why): check the network and the mirror in /etc/apt/sources*, then rerun" >&2
		else
			echo "apt-suites: apt-get update failed: $(head -n 1 <<<"$ours")" >&2
		fi
		exit 1
	fi
	# Failures that name no suite: a held lock, a broken sources file.
	if [ "$rc" != 0 ]; then
		undo
		echo "apt-suites: apt-get update failed (exit $rc): $(grep -m1 '^E:' <<<"$out" || tail -n 1 <<<"$out")" >&2
		exit 1
	fi
	touch "$stamp"
fi
