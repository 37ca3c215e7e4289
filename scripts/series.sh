#!/bin/bash
# A mail-ready folder: build/series-vN/ with the cover letter and the
# patches of the queue, as `git format-patch -vN --cover-letter` writes them,
# the cover letter's subject and text from patches/0000-cover-letter.patch,
# and To:/Cc: headers per mail from scripts/maintainers.sh.  Then
#   git send-email build/series-vN/*.patch
# The queue carries a placeholder author (PCI Rescan Queue, example.org).
# The mails carry the sender instead, as author and in Signed-off-by: from
# SENDER="Name <email>", or else from `git config user.name/user.email`.
#   scripts/series.sh [N]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

v=${1:-$(series_version)}
[ -n "$v" ] || die "no version: give one (make series V=N)"
need_tree
out=$BUILD/series-v$v
rm -rf "$out"
mkdir -p "$out"
git -C "$TREE" -c core.abbrev=12 format-patch -q -v"$v" --cover-letter \
	--thread=shallow -o "$out" base..queue

cover=$TOP/patches/0000-cover-letter.patch
subject=$(sed -nE 's/^Subject: \[PATCH[^]]*\] (.*)/\1/p' "$cover")
[ -n "$subject" ] || die "$cover has no Subject: line"
# The text: everything after the headers.
sed '1,/^$/d' "$cover" >"$out/.blurb"
cl=$(ls "$out"/v"$v"-0000-cover-letter.patch)
python3 - "$cl" "$subject" "$out/.blurb" <<'PY'
import sys
path, subject, blurb = sys.argv[1], sys.argv[2], open(sys.argv[3]).read().rstrip("\n")
s = open(path).read()
assert "*** SUBJECT HERE ***" in s and "*** BLURB HERE ***" in s
s = s.replace("*** SUBJECT HERE ***", subject).replace("*** BLURB HERE ***", blurb)
open(path, "w").write(s)
PY
rm -f "$out/.blurb"

# To:/Cc: headers, folded, inserted after Subject: (and its continuation).
add_headers() {
	local file=$1 to cc
	shift
	to=$("$TOP/scripts/maintainers.sh" --to "$@" | paste -sd, | sed 's/,/,\n    /g')
	cc=$("$TOP/scripts/maintainers.sh" --cc "$@" | paste -sd, | sed 's/,/,\n    /g')
	python3 - "$file" "$to" "$cc" <<'PY'
import sys
path, to, cc = sys.argv[1:4]
head, sep, body = open(path).read().partition("\n\n")
lines = head.split("\n")
i = next(n for n, l in enumerate(lines) if l.startswith("Subject:")) + 1
while i < len(lines) and lines[i][:1] in (" ", "\t"):
    i += 1
extra = (["To: " + to] if to else []) + (["Cc: " + cc] if cc else [])
lines[i:i] = extra
open(path, "w").write("\n".join(lines) + sep + body)
PY
}
placeholder="PCI Rescan Queue <pci-rescan-queue@example.org>"
sender=${SENDER:-}
if [ -z "$sender" ] && git config user.email >/dev/null; then
	sender="$(git config user.name) <$(git config user.email)>"
fi
if [ -z "$sender" ] || [ "$sender" = "$placeholder" ]; then
	echo "!!!!! NOT READY TO SEND: no sender identity; set SENDER=\"Name <email>\" or git config user.name/user.email !!!!!"
else
	for m in "$out"/*.patch; do
		python3 - "$m" "$placeholder" "$sender" <<'PY'
import sys
path, old, new = sys.argv[1:4]
s = open(path).read()
s = s.replace("From: " + old, "From: " + new)
s = s.replace("Signed-off-by: " + old, "Signed-off-by: " + new)
email = new[new.rindex("<") + 1:new.rindex(">")]
s = s.replace(".git.pci-rescan-queue@example.org>", ".git." + email + ">")
open(path, "w").write(s)
PY
	done
	say "author and Signed-off-by: $sender"
fi

mapfile -t mails < <(ls "$out"/v"$v"-0*.patch | grep -v cover-letter)
add_headers "$cl" "${mails[@]}"
for m in "${mails[@]}"; do
	add_headers "$m" "$m"
done
say "mail-ready series v$v in $out:"
ls "$out" | sed 's/^/  /'
echo "  send with: git send-email $out/*.patch"
