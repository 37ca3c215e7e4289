#!/bin/bash
# Mutation check of the KUnit suite: break the lock or its users in one of
# seven ways, run each case of the suite on its own against the broken code,
# and report which cases catch which mutant.  It works in a tree of its own,
# build/linux-mutants (a git worktree at queue), so that no other build
# ever sees a mutant.  The whole table is not part of `make check` (it
# rebuilds UML seven times); check.sh runs one row: vf-paths-unlocked
# against rr_vf_paths_locked, with CASES= and CHECK=1 (PASS when caught)
# and IN_PLACE=1: then the mutant is made in the kernel tree itself and
# built in the UML folder of `make kunit`, which costs one file and a link
# instead of a whole UML build in a tree of its own; the file is restored
# on every exit.  In make check the QEMU boots run beside it: they read the
# tree only to build the test modules, which do not include iov.c.
#   depth-never-decremented, unlock-always-releases, owner-is-anyone,
#   non-owner-touches-depth: pci_{,un}lock_rescan_remove() gone wrong;
#   not-reentrant: the plain mutex of 05703271c3cd;
#   add-vfs-unwinds-unlocked: sriov_add_vfs() removes the VFs it added
#   without the lock;
#   vf-paths-unlocked: sriov_add_vfs() and sriov_del_vfs() without the
#   lock, as on the unpatched base (7.3.4): the suite cannot build on the
#   base itself, as it tests the series' lock API, so this mutant is the
#   base's VF paths inside the series.
#   scripts/mutants.sh
set -euo pipefail
. "$(dirname "$0")/lib.sh"

need_tree
if [ "${IN_PLACE:-0}" = 1 ]; then
	[ -z "$(git -C "$TREE" status --porcelain --untracked-files=no)" ] ||
		die "$TREE has uncommitted changes"
	kname=uml
else
	mt=$BUILD/linux-mutants
	worktree "$mt" queue
	git -C "$mt" checkout -q -- .
	export TREE=$mt
	kname=mutants-wt
fi
cd "$TREE"
trap 'git -C "$TREE" checkout -q -- drivers/pci/probe.c drivers/pci/iov.c' EXIT

cases=${CASES:-$(sed -nE 's/^\tKUNIT_CASE(_SLOW)?\((rr_[a-z_]+)\),$/\2/p' drivers/pci/tests/rescan_remove_kunit.c)}

mutate() {
	python3 - "$1" <<'PY'
import sys
which = sys.argv[1]
path = "drivers/pci/iov.c" if which in ("add-vfs-unwinds-unlocked", "vf-paths-unlocked") else "drivers/pci/probe.c"
s = open(path).read()
def rep(a, b):
    global s
    assert s.count(a) == 1, a
    s = s.replace(a, b)
if which == "depth-never-decremented":
    rep("\t\tpci_rescan_remove_depth--;\n", "")
elif which == "unlock-always-releases":
    rep("if (WARN(!pci_rescan_remove_owned(),", "if (WARN(false,")
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
    rep("\tguard(pci_rescan_remove_nestable)();\n\tfor (i = 0; i < num_vfs; i++) {\n\t\trc = pci_iov_add_virtfn(dev, i);\n",
        "\tfor (i = 0; i < num_vfs; i++) {\n\t\tscoped_guard(pci_rescan_remove_nestable)\n\t\t\trc = pci_iov_add_virtfn(dev, i);\n")
elif which == "vf-paths-unlocked":
    rep("\tguard(pci_rescan_remove_nestable)();\n\tfor (i = 0; i < num_vfs; i++) {", "\tfor (i = 0; i < num_vfs; i++) {")
    rep("\tguard(pci_rescan_remove_nestable)();\n\tfor (i = 0; i < iov->num_VFs; i++)", "\tfor (i = 0; i < iov->num_VFs; i++)")
open(path, "w").write(s)
PY
}

if [ "${CHECK:-0}" != 1 ]; then
	printf '| mutant | %s |\n' "$(echo $cases | sed 's/ / | /g')"
	printf '|---|%s\n' "$(for c in $cases; do printf -- '---|'; done)"
fi
for m in ${MUTANTS:-depth-never-decremented unlock-always-releases owner-is-anyone \
	  non-owner-touches-depth not-reentrant add-vfs-unwinds-unlocked vf-paths-unlocked}; do
	git checkout -q -- drivers/pci/probe.c drivers/pci/iov.c
	mutate "$m"
	row="| $m |"
	for c in $cases; do
		out=$("$TOP/scripts/kunit.sh" run "$TREE/drivers/pci/tests" "$kname" \
			"${UML_KUNIT_ARGS[@]}" --timeout 90 \
			"pci_rescan_remove.$c" 2>&1 || true)
		if grep -q "\[PASSED\] $c" <<<"$out"; then
			row+=" passes |"
			res="FAIL kunit mutant $m: $c passes against it"
		elif grep -q "\[FAILED\] $c" <<<"$out"; then
			row+=" **caught** |"
			res="PASS kunit mutant $m: $c fails against it"
		else
			row+=" **caught** (hang/crash) |"
			res="FAIL kunit mutant $m: $c did not run to a result"
		fi
		if [ "${CHECK:-0}" = 1 ]; then
			if [ "${res%% *}" = PASS ]; then
				grep -E 'Expected|VFs added' <<<"$out" | head -n 4 | sed 's/^/  /' || true
			else
				grep -E '\[(FAILED|PASSED|CRASHED)\]|Expected|rror' <<<"$out" | head -n 10 | sed 's/^/  /' || true
			fi
			echo "$res"
		fi
	done
	[ "${CHECK:-0}" = 1 ] || echo "$row"
done
