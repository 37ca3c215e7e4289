#!/usr/bin/env python3
"""Print the kernel-doc warnings about functions a commit changes.

Usage: kdoc-changed.py COMMIT  (run in the kernel tree)

A function counts as changed when a line of its kernel-doc comment, its
signature or its body is added or edited by COMMIT.  For each C file the
commit touches, kernel-doc -none -Wall runs on the file as it is after the
commit; a warning is printed when the doc block it points into (from the
"/**" before the warning's line to the closing "}" of the function after it)
contains a changed line.
"""
import os
import re
import subprocess
import sys
import tempfile


def git(*args):
    return subprocess.run(["git", *args], check=True, capture_output=True,
                          text=True).stdout


def changed_lines(commit, path):
    lines = set()
    for m in re.finditer(r"^@@ -\S+ \+(\d+)(?:,(\d+))? @@", git(
            "diff", "-U0", commit + "~1", commit, "--", path), re.M):
        start, count = int(m.group(1)), int(m.group(2) or 1)
        lines.update(range(start, start + count))
    return lines


def main():
    commit = sys.argv[1]
    files = [f for f in git("diff", "--name-only", commit + "~1", commit,
                            "--", "*.c", "*.h").split() if f]
    bad = 0
    for path in files:
        text = git("show", f"{commit}:{path}")
        src = text.split("\n")
        changed = changed_lines(commit, path)
        with tempfile.NamedTemporaryFile("w", suffix=".c",
                                         dir=os.environ.get("BUILD")) as tmp:
            tmp.write(text)
            tmp.flush()
            out = subprocess.run(["scripts/kernel-doc", "-none", "-Wall",
                                  tmp.name], capture_output=True, text=True)
            warnings = (out.stdout + out.stderr).replace(tmp.name, path)
        for w in warnings.splitlines():
            m = re.search(re.escape(path) + r":(\d+)", w)
            if not m:
                continue
            line = int(m.group(1))
            start = line
            while start > 1 and not src[start - 1].lstrip().startswith("/**"):
                start -= 1
            end = line
            while end < len(src) and src[end - 1] != "}" and \
                    not src[end - 1].rstrip().endswith(";"):
                end += 1
            if changed & set(range(start, end + 1)):
                print(w.strip())
                bad = 1
    sys.exit(bad)


if __name__ == "__main__":
    main()
