"""The whole study on every real multi-date data set (issue 13): does it
finish, how long, how much memory, and is its validation better than the
baselines?

    .venv/bin/python benchmarks/proof_study.py                       # every data set
    .venv/bin/python benchmarks/proof_study.py --datasets bencat_glad --permutations 99
    .venv/bin/python benchmarks/proof_study.py --modes default        # no calibration

For every multi-date data set of ../shared/data (benchmarks/datasets.py;
molusce_example has two undated maps and no interval to validate on), and
for bencat_glad recoded to CNLUCC codes with no CLASSES file
(``bencat_cnlucc``: the roles come from the codes), one study run as a user
would start it headless: a parameters.json (every map and year, the data
set's drivers, the four presets NE, UD, CP, EP, one target year one interval
after the last map, a CLASSES table with roles, an illustrative pools table
by role) run by ``python3 -m landcarbon study`` in a child process, with
dynamic distance drivers (``DISTANCE_TO_CLASSES``: the two classes that
gained most over the record, recomputed from every start map).

Each data set runs with the default settings and with CALIBRATE (``--set
CALIBRATE=true``, a budget of ``--budget`` minutes). Prints per data set and
mode: the exit status, seconds, peak RSS of the child, the scenarios that
finished, the validation's CARS iterations and whether its demand was met,
the largest shortfall, and the validation's FoM and
Kappa next to the random and nearest-patch baselines (validation/accuracy.csv,
out of sample with three or more maps). Not a test: the data may not be
redistributed, so it is read from ../shared/data when it is there.

The densities below are round IPCC-style figures by role, only there so that
the carbon steps run; they are not a carbon study of these places.
"""

import argparse
import csv
import json
import os
import resource
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from common import Timer, load_landcarbon, run_child
from datasets import DATASETS, SKIPPED, available
from osgeo import gdal

gdal.UseExceptions()

# roles of every data set's codes (PROVENANCE.md of each)
ROLES = {
    "bencat_glad": {1: ("Natural vegetation", "forest"), 2: ("Water bodies", "water"),
                    3: ("Built-up", "built-up"), 4: ("Cropland", "cropland")},
    "cedar_creek_nlcd": {
        11: ("Open water", "water"), 21: ("Developed, open space", "built-up"),
        22: ("Developed, low", "built-up"), 23: ("Developed, medium", "built-up"),
        24: ("Developed, high", "built-up"), 31: ("Barren land", "unused"),
        41: ("Deciduous forest", "forest"), 42: ("Evergreen forest", "forest"),
        43: ("Mixed forest", "forest"), 52: ("Shrub/scrub", "grassland"),
        71: ("Grassland", "grassland"), 81: ("Pasture/hay", "cropland"),
        82: ("Cultivated crops", "cropland"), 90: ("Woody wetlands", "forest"),
        95: ("Herbaceous wetlands", "grassland")},
    "envigado_mapbiomas": {1: ("Forest", "forest"), 2: ("Non-forest", "other")},
    "lulcc_pie": {1: ("Forest", "forest"), 2: ("Built", "built-up"), 3: ("Other", "other")},
}
# bencat_glad's codes -> CNLUCC first-level codes (1 cropland, 2 forest, 4 water, 5 built-up)
CNLUCC = {1: 2, 2: 4, 3: 5, 4: 1}
# Mg C/ha above, below, soil, dead by role (round, illustrative)
DENSITIES = {"forest": (90, 25, 110, 10), "grassland": (10, 15, 70, 1),
             "cropland": (5, 2, 60, 0), "water": (0, 0, 0, 0), "built-up": (2, 1, 30, 0),
             "unused": (1, 0, 10, 0), "other": (8, 6, 50, 1)}
COLOURS = {"forest": "#38a800", "grassland": "#d3ffbe", "cropland": "#ffff73",
           "water": "#0070ff", "built-up": "#e60000", "unused": "#cccccc",
           "other": "#a87000"}


def _write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def _recode(src, dst, mapping):
    """A copy of ``src`` with its codes replaced (the input is not touched)."""
    ds = gdal.Translate(dst, src, creationOptions=["COMPRESS=DEFLATE"])
    band = ds.GetRasterBand(1)
    array = band.ReadAsArray()
    out = array.copy()
    for old, new in mapping.items():
        out[array == old] = new
    band.WriteArray(out)
    ds = None
    return dst


def _counts(path):
    ds = gdal.Open(path)            # kept: a band outlives no dataset in GDAL's Python
    band = ds.GetRasterBand(1)
    array, nodata = band.ReadAsArray(), band.GetNoDataValue()
    values, counts = np.unique(array[array != nodata] if nodata is not None else array,
                               return_counts=True)
    return dict(zip(values.tolist(), counts.tolist()))


def study_inputs(name, work):
    """(maps by year, drivers, classes CSV or None, pools CSV, distance classes)."""
    source = "bencat_glad" if name == "bencat_cnlucc" else name
    spec = DATASETS[source]
    maps = dict(sorted(spec["maps"].items()))
    roles = dict(ROLES[source])
    classes = None
    if name == "bencat_cnlucc":
        maps = {y: _recode(p, os.path.join(work, "cnlucc_%d.tif" % y), CNLUCC)
                for y, p in maps.items()}
        roles = {CNLUCC[c]: v for c, v in roles.items()}
    else:
        classes = _write_csv(os.path.join(work, "classes.csv"), ["code", "name", "color", "role"],
                             [(c, n, COLOURS[r], r) for c, (n, r) in roles.items()])
    pools = _write_csv(os.path.join(work, "pools.csv"),
                       ["lucode", "LULC_Name", "C_above", "C_below", "C_soil", "C_dead"],
                       [(c, n) + DENSITIES[r] for c, (n, r) in roles.items()])
    years = list(maps)
    first, last = _counts(maps[years[0]]), _counts(maps[years[-1]])
    gains = sorted(((last.get(c, 0) - first.get(c, 0), c) for c in roles), reverse=True)
    distance = [c for gain, c in gains[:2] if gain > 0] or [gains[0][1]]
    return maps, spec["drivers"](), classes, pools, distance


def write_study(name, work, permutations):
    """parameters.json of the data set's study, as the study algorithm writes it."""
    load_landcarbon()
    from landcarbon.core.study.settings import ScenarioSpec, StudySettings, write_parameters

    maps, drivers, classes, pools, distance = study_inputs(name, work)
    years = list(maps)
    s = StudySettings(
        maps=list(maps.values()), years=years, driver_paths=drivers,
        target_years=[years[-1] + years[-1] - years[-2]],
        scenarios=[ScenarioSpec.from_preset(k) for k in ("NE", "UD", "CP", "EP")],
        pools_path=pools, output_folder=work, classes_path=classes,
        permutations=permutations, distance_classes=distance, seed=1,
        command="benchmarks/proof_study.py")
    path = os.path.join(work, "parameters.json")
    write_parameters(path, s)
    return path, distance


def _accuracy(folder):
    """{statistic: value} of validation/accuracy.csv."""
    path = os.path.join(folder, "validation", "accuracy.csv")
    if not os.path.exists(path):
        return {}
    with open(path, encoding="utf-8-sig") as fh:
        return {row["statistic"]: float(row["value"]) for row in csv.DictReader(fh)
                if row["value"] not in ("", None) and not row["code"]}


def _summary(folder):
    path = os.path.join(folder, "summary.csv")
    if not os.path.exists(path):
        return []
    with open(path, encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def _validation_cars(folder):
    """(CARS iterations of the validation, the classes that missed their
    demand), from its allocation table."""
    path = os.path.join(folder, "validation", "allocation.csv")
    if not os.path.exists(path):
        return None, None
    with open(path, encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    return (max(int(row["iterations"]) for row in rows),
            [int(row["code"]) for row in rows if row["met"] not in ("yes", "True", "true")])


def run_one(name, work, permutations, mode="default", budget=5.0):
    """Child process: one study through the command line (with ``mode``
    calibrated: --set CALIBRATE=true); figures as a dict."""
    os.makedirs(work, exist_ok=True)
    params, distance = write_study(name, work, permutations)
    out = os.path.join(work, "out")
    extra = ["--set", "CALIBRATE=true", "--set", "CALIBRATION_BUDGET=%g" % budget] \
        if mode == "calibrated" else []
    timer = Timer()
    proc = subprocess.run([sys.executable, "-m", "landcarbon", "study", params,
                           "--output", out] + extra,
                          cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
                          env=dict(os.environ, PYTHONPATH=_package_parent(work)),
                          capture_output=True, text=True)
    seconds = timer.seconds()
    rss = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024.0
    folder = out      # a new, empty --output folder holds the run itself
    rows = _summary(folder)
    scenarios = sorted({r["scenario"] for r in rows if r["scenario"] != "observed"
                        and r.get("status") == "finished"})
    shortfall = max((abs(float(v)) for r in rows for k, v in r.items()
                     if k.startswith("shortfall_cells_") and v not in ("", None)), default=0)
    warnings = [line for line in proc.stdout.splitlines() if line.startswith("WARNING:")]
    iterations, missed = _validation_cars(folder)
    return {"dataset": name, "mode": mode, "exit": proc.returncode, "seconds": seconds,
            "rss": rss, "iterations": iterations,
            "validation_met": "yes" if missed == [] else "no" if missed else None,
            "scenarios": scenarios, "shortfall": shortfall, "distance": distance,
            "warnings": len(warnings), "accuracy": _accuracy(folder),
            "tail": (proc.stderr or proc.stdout)[-600:] if proc.returncode else ""}


def _package_parent(work):
    """A folder holding a 'landcarbon' link to this checkout, for ``-m landcarbon``
    (the checkout's own folder may have another name)."""
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    parent = os.path.join(work, "pkg")
    os.makedirs(parent, exist_ok=True)
    link = os.path.join(parent, "landcarbon")
    if not os.path.exists(link):
        os.symlink(root, link)
    return parent


def report(results):
    print("\n%-18s %-10s %4s %7s %7s %-12s %5s %4s %9s %5s | %-7s %-7s %-7s %6s %6s | "
          "%-7s %-7s %-7s" % ("data set", "mode", "exit", "s", "RSS MB", "scenarios ok",
                              "iter", "met", "shortfall", "warn", "FoM", "random", "nearest",
                              "x rand", "x near", "Kappa", "random", "nearest"))
    for r in results:
        a = r["accuracy"]

        def f(key, a=a):
            return a.get(key, float("nan"))
        print("%-18s %-10s %4d %7.1f %7.0f %-12s %5s %4s %9d %5d | %-7.4f %-7.4f %-7.4f %6.2f "
              "%6.2f | %-7.4f %-7.4f %-7.4f" % (
                  r["dataset"], r.get("mode", "default"), r["exit"], r["seconds"], r["rss"],
                  ",".join(r["scenarios"]), r.get("iterations"), r.get("validation_met"),
                  r["shortfall"], r["warnings"], f("fom"), f("fom_baseline_random"),
                  f("fom_baseline_nearest"), f("fom_multiple_of_baseline_random"),
                  f("fom_multiple_of_baseline_nearest"), f("kappa"),
                  f("kappa_baseline_random"), f("kappa_baseline_nearest")))
    for r in results:
        print("%s: distance drivers to classes %s" % (r["dataset"], r["distance"]))
        if r["exit"]:
            print("%s failed:\n%s" % (r["dataset"], r["tail"]))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", nargs="*", default=sorted(DATASETS) + ["bencat_cnlucc"])
    parser.add_argument("--permutations", type=int, default=99, help="LISA permutations")
    parser.add_argument("--modes", nargs="*", default=["default", "calibrated"],
                        choices=("default", "calibrated"))
    parser.add_argument("--budget", type=float, default=5.0, help="calibration minutes")
    parser.add_argument("--folder", default=None, help="work folder (default: a temp folder)")
    parser.add_argument("--one", help=argparse.SUPPRESS)        # child process: one data set
    parser.add_argument("--mode", default="default", help=argparse.SUPPRESS)
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        result = run_one(args.one, os.path.join(args.folder, "%s_%s" % (args.one, args.mode)),
                         args.permutations, args.mode, args.budget)
        with open(args.json, "w") as fh:
            json.dump(result, fh)
        return 0
    for name, why in SKIPPED.items():
        print("%s: skipped (%s)." % (name, why))
    folder = args.folder or tempfile.mkdtemp(prefix="lc_proof_study_")
    results = []
    try:
        for name in args.datasets:
            if not available("bencat_glad" if name == "bencat_cnlucc" else name):
                print("%s is not in ../shared/data; skipped." % name)
                continue
            for mode in args.modes:
                results.append(run_child(__file__, [
                    "--one", name, "--folder", folder, "--permutations", args.permutations,
                    "--mode", mode, "--budget", args.budget],
                    os.path.join(folder, "%s_%s.json" % (name, mode))))
                print("%s %s: exit %d in %.1f s" % (name, mode, results[-1]["exit"],
                                                    results[-1]["seconds"]), flush=True)
        report(results)
    finally:
        if not args.folder:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
