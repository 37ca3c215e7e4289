#!/bin/bash
# Mutation check of the KUnit suite: break pci_lock_rescan_remove() or
# pci_unlock_rescan_remove() in one of four ways, run each case of the suite
# on its own against the broken lock, and report which cases catch which
# mutant.  The tree is restored afterwards.  Not part of `make check`: it
# rebuilds UML four times.
#   scripts/mutants.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
f=drivers/pci/probe.c
cd "$TREE"
[ -z "$(git status --porcelain --untracked-files=no)" ] || die "$TREE has uncommitted changes"
trap 'git -C "$TREE" checkout -q -- "$f"' EXIT

cases=$(sed -nE 's/^\tKUNIT_CASE(_SLOW)?\((rr_[a-z_]+)\),$/\2/p' drivers/pci/tests/rescan_remove_kunit.c)

mutate() {
	python3 - "$f" "$1" <<'PY'
import sys
path, which = sys.argv[1], sys.argv[2]
s = open(path).read()
def rep(a, b):
    global s
    assert s.count(a) == 1, a
    s = s.replace(a, b)
if which == "depth-never-decremented":
    rep("\t\tpci_rescan_remove_depth--;\n", "")
elif which == "unlock-always-releases":
    rep("if (WARN_ONCE(!pci_rescan_remove_owned(),", "if (WARN_ONCE(false,")
    rep("\tif (pci_rescan_remove_depth) {\n\t\tpci_rescan_remove_depth--;",
        "\tif (false) {\n\t\tpci_rescan_remove_depth--;")
elif which == "owner-is-anyone":
    rep("return mutex_get_owner(&pci_rescan_remove_lock) == (unsigned long)current;",
        "return mutex_get_owner(&pci_rescan_remove_lock) != 0;")
elif which == "non-owner-touches-depth":
    rep("void pci_unlock_rescan_remove(void)\n{\n",
        "void pci_unlock_rescan_remove(void)\n{\n\tif (pci_rescan_remove_depth) {\n"
        "\t\tpci_rescan_remove_depth--;\n\t\treturn;\n\t}\n")
open(path, "w").write(s)
PY
}

printf '| mutant | %s |\n' "$(echo $cases | sed 's/ / | /g')"
printf '|---|%s\n' "$(for c in $cases; do printf -- '---|'; done)"
for m in depth-never-decremented unlock-always-releases owner-is-anyone non-owner-touches-depth; do
	git checkout -q -- "$f"
	mutate "$m"
	row="| $m |"
	for c in $cases; do
		out=$("$TOP/scripts/kunit.sh" run "$TREE/drivers/pci/tests" mutants \
			--kernel_args seccomp=on --kernel_args ncpus=2 --timeout 90 \
			"pci_rescan_remove.$c" 2>&1 || true)
		if grep -q "\[PASSED\] $c" <<<"$out"; then
			row+=" passes |"
		elif grep -q "\[FAILED\] $c" <<<"$out"; then
			row+=" **caught** |"
		else
			row+=" **caught** (hang/crash) |"
		fi
	done
	echo "$row"
done
