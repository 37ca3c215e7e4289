#!/bin/bash
# The mail-ready series: scripts/series.sh refuses an example sender, and
# with that refusal waived for a test sender, `git send-email --dry-run`
# passes over every mail (nothing is sent), and no From: or Signed-off-by:
# in any mail, the cover letter included, names the placeholder.
set -uo pipefail
. "$(dirname "$0")/lib.sh"

sender="Series Check <series-check@example.org>"
# The mails go into a folder of their own, not over the user's
# build/series-vN; the kernel tree stays the one lib.sh chose.
export TREE
tmp=$(mktemp -d "$BUILD/series-check.XXXXXX") && [ -d "$tmp" ] ||
	{ echo "FAIL series: no temporary folder under $BUILD"; exit 1; }
trap 'rm -rf "$tmp"' EXIT
export BUILD=$tmp
# An example sender must be refused, and must leave no folder behind.
if refused=$(SENDER=$sender "$TOP/scripts/series.sh" 2>&1); then
	echo "FAIL series: scripts/series.sh accepted the example sender $sender"
	exit 1
fi
if ! echo "$refused" | grep -q 'placeholder or example address'; then
	echo "$refused" | tail -n 3 | sed 's/^/  /'
	echo "FAIL series: scripts/series.sh failed, but not for the example sender"
	exit 1
fi
echo "PASS series: an example sender is refused ($(echo "$refused" | tail -n1 | cut -c1-80)...)"
# The rest with the refusal waived for the test sender: nothing is sent.
if ! out=$(ALLOW_EXAMPLE_SENDER=1 SENDER=$sender "$TOP/scripts/series.sh" 2>&1); then
	echo "$out" | tail -n 5 | sed 's/^/  /'
	echo "FAIL series: scripts/series.sh"
	exit 1
fi
dir=$(echo "$out" | sed -nE 's/^==> mail-ready series v[0-9]+ in (.*):$/\1/p')
n=$(ls "$dir"/*.patch | wc -l)
ok=$(git send-email --dry-run --confirm=never --smtp-server=/bin/true \
	--from="$sender" "$dir"/*.patch </dev/null 2>&1 | grep -c '^Result: OK')
left=$(grep -lE '^(From|Signed-off-by): .*pci-rescan-queue' "$dir"/*.patch)
if [ -n "$left" ]; then
	echo "FAIL series: the placeholder identity is left in $(echo "$left" | xargs -n1 basename | paste -sd' ')"
	exit 1
fi
if [ "$n" -gt 0 ] && [ "$ok" = "$n" ]; then
	echo "PASS series: $n mails pass git send-email --dry-run"
else
	echo "FAIL series: $ok of $n mails pass git send-email --dry-run"
	exit 1
fi
