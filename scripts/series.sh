#!/bin/bash
# A mail-ready folder: build/series-vN/ with the cover letter and the
# patches of the queue, as `git format-patch -vN --cover-letter` writes them,
# the cover letter's subject and text from patches/0000-cover-letter.patch,
# and To:/Cc: headers per mail from scripts/maintainers.sh.  Then
#   git send-email build/series-vN/*.patch
# The queue carries a placeholder author (PCI Rescan Queue, example.org).
# The mails carry the sender instead, as author and in Signed-off-by: from
# SENDER="Name <email>", or else from `git config user.name/user.email`.
# It refuses (and leaves no folder) when a From: or Signed-off-by: of any
# mail, the cover letter included, would still name a placeholder or an
# example address (example.org, .invalid, ...).
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
placeholder_email=pci-rescan-queue@example.org
sender=${SENDER:-}
if [ -z "$sender" ] && git config user.email >/dev/null; then
	sender="$(git config user.name) <$(git config user.email)>"
fi
[ -n "$sender" ] || { rm -rf "$out"; die "no sender identity: set SENDER=\"Name <email>\" or git config user.name/user.email"; }
for m in "$out"/*.patch; do
	python3 - "$m" "$placeholder_email" "$sender" <<'PY'
import re, sys
path, old, new = sys.argv[1:4]
s = open(path).read()
# Every From: and Signed-off-by: of the placeholder, whatever name the tree
# gave it (the cover letter's From: is the tree's git identity).
s = re.sub(r"^(From|Signed-off-by): [^\n]*<" + re.escape(old) + ">$",
           lambda m: m.group(1) + ": " + new, s, flags=re.M)
email = new[new.rindex("<") + 1:new.rindex(">")]
s = s.replace(".git." + old + ">", ".git." + email + ">")
open(path, "w").write(s)
PY
done
# Refuse to leave a mail with a placeholder or example identity: only
# scripts/series-check.sh, which never sends, may (ALLOW_EXAMPLE_SENDER=1).
example='(@example\.(org|com|net)|@[^>]*\.(invalid|example|test)|@localhost)>'
bad=$(grep -lE "^(From|Signed-off-by): .*$example" "$out"/*.patch || true)
if [ -n "$bad" ] && [ "${ALLOW_EXAMPLE_SENDER:-0}" != 1 ]; then
	rm -rf "$out"
	die "placeholder or example address in From:/Signed-off-by: ($(echo "$bad" | wc -l) mails, e.g. $(basename "$(echo "$bad" | head -n1)")); set SENDER=\"Name <email>\" to a real address"
fi
say "author and Signed-off-by: $sender"

mapfile -t mails < <(ls "$out"/v"$v"-0*.patch | grep -v cover-letter)
add_headers "$cl" "${mails[@]}"
for m in "${mails[@]}"; do
	add_headers "$m" "$m"
done
say "mail-ready series v$v in $out:"
ls "$out" | sed 's/^/  /'
echo "  send with: git send-email $out/*.patch"
