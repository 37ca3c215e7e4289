#!/bin/bash
# Mutation check of the KUnit suite: break the lock or its users in one of
# six ways, run each case of the suite on its own against the broken code,
# and report which cases catch which mutant.  It works in a tree of its own,
# build/linux-mutants (a git worktree at queue), so that no other build
# ever sees a mutant.  Not part of `make check`: it rebuilds UML six times.
#   depth-never-decremented, unlock-always-releases, owner-is-anyone,
#   non-owner-touches-depth: pci_{,un}lock_rescan_remove() gone wrong;
#   not-reentrant: the plain mutex of 05703271c3cd;
#   add-vfs-unwinds-unlocked: sriov_add_vfs() removes the VFs it added
#   after it dropped the lock.
#   scripts/mutants.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
mt=$BUILD/linux-mutants
worktree "$mt" queue
git -C "$mt" checkout -q -- .
export TREE=$mt
cd "$TREE"
trap 'git -C "$TREE" checkout -q -- drivers/pci/probe.c drivers/pci/iov.c' EXIT

cases=$(sed -nE 's/^\tKUNIT_CASE(_SLOW)?\((rr_[a-z_]+)\),$/\2/p' drivers/pci/tests/rescan_remove_kunit.c)

mutate() {
	python3 - "$1" <<'PY'
import sys
which = sys.argv[1]
path = "drivers/pci/iov.c" if which == "add-vfs-unwinds-unlocked" else "drivers/pci/probe.c"
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
elif which == "not-reentrant":
    rep("\tif (pci_rescan_remove_owned()) {\n\t\tlockdep_assert_held",
        "\tif (false) {\n\t\tlockdep_assert_held")
elif which == "add-vfs-unwinds-unlocked":
    rep("\tif (rc) {\n\t\twhile (i--)\n\t\t\tpci_iov_remove_virtfn(dev, i);\n\t}\n\tpci_unlock_rescan_remove();\n",
        "\tpci_unlock_rescan_remove();\n\tif (rc) {\n\t\twhile (i--)\n\t\t\tpci_iov_remove_virtfn(dev, i);\n\t}\n")
open(path, "w").write(s)
PY
}

printf '| mutant | %s |\n' "$(echo $cases | sed 's/ / | /g')"
printf '|---|%s\n' "$(for c in $cases; do printf -- '---|'; done)"
for m in ${MUTANTS:-depth-never-decremented unlock-always-releases owner-is-anyone \
	  non-owner-touches-depth not-reentrant add-vfs-unwinds-unlocked}; do
	git checkout -q -- drivers/pci/probe.c drivers/pci/iov.c
	mutate "$m"
	row="| $m |"
	for c in $cases; do
		out=$("$TOP/scripts/kunit.sh" run "$TREE/drivers/pci/tests" mutants-wt \
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
