"""Are two study runs the same? Every GeoTIFF byte for byte, every CSV row by
row (the run's folder and start / end times left out).

    .venv/bin/python benchmarks/compare_runs.py RUN_A RUN_B

A refactoring of the house must leave the outputs unchanged (issue 19): run
the sample study or benchmarks/proof_study.py before and after (e.g. from a
git worktree of the older commit) and compare the run folders. Prints every
file that differs or exists in one run only, then the count; exit status 1
when anything differs.
"""

import csv
import os
import sys

RUN_COLUMNS = {"run_folder", "started", "finished"}


def _files(root):
    """{relative path: path} of the GeoTIFFs and CSVs of a run folder."""
    out = {}
    for folder, _dirs, names in os.walk(root):
        for name in names:
            if name.endswith((".tif", ".csv")):
                path = os.path.join(folder, name)
                out[os.path.relpath(path, root)] = path
    return out


def _rows(path):
    with open(path, encoding="utf-8-sig") as fh:
        return [{k: v for k, v in row.items() if k not in RUN_COLUMNS}
                for row in csv.DictReader(fh)]


def differences(a, b):
    """The relative paths that differ between run folders ``a`` and ``b``,
    with why, and the number of files compared."""
    fa, fb = _files(a), _files(b)
    out = []
    for rel in sorted(set(fa) | set(fb)):
        if rel not in fa or rel not in fb:
            out.append("%s: only in %s" % (rel, a if rel in fa else b))
        elif rel.endswith(".tif"):
            with open(fa[rel], "rb") as x, open(fb[rel], "rb") as y:
                if x.read() != y.read():
                    out.append("%s: the bytes differ" % rel)
        elif _rows(fa[rel]) != _rows(fb[rel]):
            out.append("%s: the rows differ" % rel)
    return out, len(fa)


def main():
    if len(sys.argv) != 3:
        print(__doc__)
        return 2
    found, compared = differences(sys.argv[1], sys.argv[2])
    for line in found:
        print(line)
    print("%d files compared, %d differ" % (compared, len(found)))
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
