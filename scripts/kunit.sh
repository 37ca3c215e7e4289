#!/bin/bash
# kunit.py on UML, out of tree in build/out/kunit-NAME, with ccache.
#   scripts/kunit.sh build|run KUNITCONFIG NAME [kunit.py options...]
set -euo pipefail
. "$(dirname "$0")/lib.sh"

verb=${1:?usage: kunit.sh build|run KUNITCONFIG NAME}
kconf=${2:?usage: kunit.sh build|run KUNITCONFIG NAME}
name=${3:?usage: kunit.sh build|run KUNITCONFIG NAME}
shift 3
need_tree
need_cmd ccache
cd "$TREE"
exec python3 tools/testing/kunit/kunit.py "$verb" --kunitconfig="$kconf" \
	--build_dir="$OUT/kunit-$name" --jobs="$(nproc)" \
	--make_options="CC=ccache gcc" "$@"
