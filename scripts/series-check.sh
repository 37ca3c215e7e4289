#!/bin/bash
# The mail-ready series parses: scripts/series.sh with a test sender, then
# `git send-email --dry-run` over every mail (nothing is sent).
set -uo pipefail
. "$(dirname "$0")/lib.sh"

sender="Series Check <series-check@example.org>"
if ! out=$(SENDER=$sender "$TOP/scripts/series.sh" 2>&1); then
	echo "$out" | tail -n 5 | sed 's/^/  /'
	echo "FAIL series: scripts/series.sh"
	exit 1
fi
dir=$(echo "$out" | sed -nE 's/^==> mail-ready series v[0-9]+ in (.*):$/\1/p')
n=$(ls "$dir"/*.patch | wc -l)
ok=$(git send-email --dry-run --confirm=never --smtp-server=/bin/true \
	--from="$sender" "$dir"/*.patch </dev/null 2>&1 | grep -c '^Result: OK')
if [ "$n" -gt 0 ] && [ "$ok" = "$n" ]; then
	echo "PASS series: $n mails pass git send-email --dry-run"
else
	echo "FAIL series: $ok of $n mails pass git send-email --dry-run"
	exit 1
fi
