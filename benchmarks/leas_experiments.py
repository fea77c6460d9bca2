"""Does a LEAS option raise the ceiling of the simulation? (issue 12)

    .venv/bin/python benchmarks/leas_experiments.py                      # every data set
    .venv/bin/python benchmarks/leas_experiments.py --datasets lulcc_pie bencat_glad
    .venv/bin/python benchmarks/leas_experiments.py --variants plus all --seeds 1 --json out.json
    .venv/bin/python benchmarks/leas_experiments.py --datasets bencat_glad --leas-seed 2

For every multi-date data set of ../shared/data (see its README.md and each
PROVENANCE.md): calibrate LEAS on one interval t0 -> t1, predict the
probabilities on t1 (drivers of t1) and evaluate OUT OF SAMPLE on the next
interval t1 -> t2:

- AUC of P_k for "the cell becomes k by t2" among the cells that are not k
  at t1, per class and pooled over every (cell, class) pair (the pooled AUC
  asks whether P is comparable across classes, as CARS compares them);
  computed here with the rank formula AUC = (R+ - n+ (n+ + 1) / 2) / (n+ n-),
  R+ = sum of the average ranks of the positives.
- FoM of CARS (core.cars.run_cars from t1 with the observed t2 class totals
  as demand, LANDUSE_START = t0 for the default weights, default parameters,
  RANDOM_SEED 1..--seeds), scored with core.landuse.run_accuracy against the
  observed t2 with t1 as the initial map.

Variants (LeasSettings; every other setting = PLUS: 20 trees, all drivers per
split, SEED --leas-seed, default 1):

    plus        TRAINING expansion, MIN_SAMPLES_LEAF 1 (PLUS-faithful)
    plus_r01    the same at the official SAMPLING_RATE 0.01
    leaf5/20    MIN_SAMPLES_LEAF 5 / 20
    dist        + distance to every class, from the calibration START map
                (core.leas.run_prepare_drivers on t0; the same bands from t1
                for the prediction)
    all         TRAINING all
    and the combinations dist_leaf5, all_leaf5, dist_all, dist_all_leaf5.

SAMPLING_RATE (except plus_r01): the whole-study rule, about 50 sampled
positives of the least-expanding class with at least MIN_SAMPLES expansion
cells, >= 0.01, <= 1 and at most 200,000 samples; the same rate is used
for TRAINING all (the expected number of positives is then the same), with
the 200,000 cap applied to the cells valid in both maps.

Data sets (traps from ../shared/data/README.md handled): bencat_glad
2000/2010/2020 with its five drivers (slope's nodata 0 is declared);
cedar_creek_nlcd 2006/2011/2016/2021 (nlcd_2021_grid_aligned.tif, the header
fix) with the derived elevation and slope, two folds; envigado_mapbiomas
2014/2019/2023 with the 25 distance bands of derived_drivers_aligned (the
cropped copies; the "Bin_" presence layers are 1-or-nodata, constant after
normalisation, so they are left out); lulcc_pie 1985/1991/1999 with
elevation, slope and distance to built 1985. molusce_example is skipped:
two undated maps give no evaluation interval.

Each data set runs in a child process, so the seconds and peak RSS printed
are its own. Not a test: the data may not be redistributed.
"""

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

import numpy as np
from common import Timer, load_landcarbon, peak_rss_mb
from datasets import DATA, DATASETS, SKIPPED

# name: (TRAINING, MIN_SAMPLES_LEAF, distance-to-class drivers, official rate 0.01)
VARIANTS = {
    "plus": ("expansion", 1, False, False),
    "plus_r01": ("expansion", 1, False, True),
    "leaf5": ("expansion", 5, False, False),
    "leaf20": ("expansion", 20, False, False),
    "dist": ("expansion", 1, True, False),
    "dist_leaf5": ("expansion", 5, True, False),
    "all": ("all", 1, False, False),
    "all_leaf5": ("all", 5, False, False),
    "dist_all": ("all", 1, True, False),
    "dist_all_leaf5": ("all", 5, True, False),
}
MAX_SAMPLES = 200000
TARGET_POSITIVES = 50


# ---------------------------------------------------------------------------
# metrics
# ---------------------------------------------------------------------------

def average_ranks(values):
    """Ranks 1..n of ``values``, ties sharing their average rank."""
    order = np.argsort(values, kind="mergesort")
    sorted_values = values[order]
    starts = np.flatnonzero(np.r_[True, sorted_values[1:] != sorted_values[:-1]])
    ends = np.r_[starts[1:], len(values)]
    mean_rank = (starts + ends + 1) / 2.0          # ranks start+1 .. end
    ranks = np.empty(len(values))
    ranks[order] = np.repeat(mean_rank, ends - starts)
    return ranks


def auc(scores, positive):
    """Area under the ROC curve by the rank (Mann-Whitney) formula; NaN when
    either group is empty."""
    n_pos = int(positive.sum())
    n_neg = positive.size - n_pos
    if n_pos == 0 or n_neg == 0:
        return float("nan")
    ranks = average_ranks(np.asarray(scores, dtype=np.float64))
    return float((ranks[positive].sum() - n_pos * (n_pos + 1) / 2.0) / (n_pos * n_neg))


def read(path, band=1):
    from osgeo import gdal
    ds = gdal.Open(path)
    b = ds.GetRasterBand(band)
    return b.ReadAsArray(), b.GetNoDataValue()


def auc_table(prob_path, codes, map1, map2):
    """{code: (AUC, positives)} and the pooled AUC over every (cell, class)
    pair with the cell not of that class at t1."""
    a, nd1 = read(map1)
    b, nd2 = read(map2)
    valid = (a != nd1) & (b != nd2)
    a, b = a[valid], b[valid]
    per_class, scores, labels = {}, [], []
    for k, code in enumerate(codes):
        p = read(prob_path, k + 1)[0][valid]
        candidates = a != code
        became = b[candidates] == code
        per_class[code] = (auc(p[candidates], became), int(became.sum()))
        scores.append(p[candidates])
        labels.append(became)
    return per_class, auc(np.concatenate(scores), np.concatenate(labels))


# ---------------------------------------------------------------------------
# one data set
# ---------------------------------------------------------------------------

def sampling_rate(counts, training, min_samples):
    """The whole-study rule (module docstring)."""
    e = counts.expansion
    trainable = e[e >= min_samples]
    rate = max(0.01, TARGET_POSITIVES / float(trainable.min())) if trainable.size else 1.0
    population = counts.population if training == "all" else int(e.sum())
    return float(min(1.0, rate, max(0.01, MAX_SAMPLES / float(population))))


def distance_stack(folder, name, landuse, codes, leas, progress):
    """Distance (m) to every class of ``codes``, measured on ``landuse``."""
    path = os.path.join(folder, "distance_%s.tif" % name)
    if not os.path.exists(path):
        leas.run_prepare_drivers(landuse, path, distance_classes=list(codes), progress=progress)
    return path


def simulate(t0, t1, t2, year, prob, folder, seed, cars):
    """CARS from t1 to the observed totals of t2 (CARS is being rewritten:
    this is the one place to adapt to its API)."""
    demand = os.path.join(folder, "demand.csv")
    if not os.path.exists(demand):
        b, nd = read(t2)
        codes, counts = np.unique(b[b != nd], return_counts=True)
        with open(demand, "w") as fh:
            fh.write("year,code,cells\n")
            for c, n in zip(codes, counts):
                fh.write("%d,%d,%d\n" % (year, c, n))
    out = os.path.join(folder, "sim_%d.tif" % seed)
    result = cars.run_cars(t1, prob, demand, out, landuse_start=t0,
                           settings=cars.CarsSettings(random_seed=seed), progress=QUIET())
    return out, result


def QUIET():  # noqa: N802 - a fresh Progress per call (it collects messages)
    from landcarbon.core.common.progress import Progress
    return Progress()


def run_dataset(name, variants, seeds, folder, leas_seed=1):
    """Every fold and variant of one data set -> list of result dicts."""
    load_landcarbon()
    from landcarbon.core import leas
    from landcarbon.core.cars import simulate as cars
    from landcarbon.core.common.landmap import ClassIndex, open_landuse_set
    from landcarbon.core.landuse import accuracy
    spec = DATASETS[name]
    drivers = spec["drivers"]()
    rows = []
    for t0, t1, t2 in spec["folds"]:
        fold = "%d-%d>%d" % (t0, t1, t2)
        work = os.path.join(folder, name, str(t0))
        os.makedirs(work, exist_ok=True)
        m0, m1, m2 = (spec["maps"][y] for y in (t0, t1, t2))
        start, end = open_landuse_set([m0, m1], ["t0", "t1"], QUIET())
        a, nd0 = read(m0)
        b, nd1 = read(m1)
        codes = sorted(set(np.unique(a[a != nd0]).tolist()) | set(np.unique(b[b != nd1]).tolist()))
        counts = leas.count_cells(start, end, ClassIndex(codes), QUIET())
        both = sorted(set(np.unique(a[a != nd0]).tolist()) & set(np.unique(b[b != nd1]).tolist()))
        for variant in variants:
            training, leaf, use_distance, official = VARIANTS[variant]
            timer = Timer()
            train_drivers, predict_drivers = list(drivers), list(drivers)
            if use_distance:
                train_drivers.append(distance_stack(work, str(t0), m0, both, leas, QUIET()))
                predict_drivers.append(distance_stack(work, str(t1), m1, both, leas, QUIET()))
            rate = 0.01 if official else sampling_rate(counts, training, leas.MIN_SAMPLES)
            progress = QUIET()
            settings = leas.LeasSettings(sampling_rate=rate, seed=leas_seed, training=training,
                                         min_samples_leaf=leaf)
            try:
                model = leas.train_leas(m0, m1, train_drivers, settings=settings,
                                        progress=progress)
            except Exception as exc:                  # report and go on with the others
                rows.append({"dataset": name, "fold": fold, "variant": variant,
                             "error": str(exc).splitlines()[0]})
                print("  %s %s: %s" % (fold, variant, rows[-1]["error"]), flush=True)
                continue
            vdir = os.path.join(work, variant)
            os.makedirs(vdir, exist_ok=True)
            prob = os.path.join(vdir, "probability.tif")
            leas.predict_probabilities(model, predict_drivers, m1, prob, progress=QUIET())
            leas_seconds = timer.seconds()
            per_class, pooled = auc_table(prob, model.codes, m1, m2)
            foms = []
            for seed in range(1, seeds + 1):
                sim, _result = simulate(m0, m1, m2, t2, prob, vdir, seed, cars)
                foms.append(accuracy.run_accuracy(m1, m2, sim, progress=QUIET()).fom)
            row = {"dataset": name, "fold": fold, "variant": variant, "rate": rate,
                   "sample_cells": model.settings["sample_cells"],
                   "untrained": [r.code for r, f in zip(model.results, model.forests)
                                 if f is None and r.expansion_cells],
                   "leak_warnings": sum("alone separates" in w for w in progress.warnings),
                   "auc_pooled": pooled,
                   "auc": {str(c): v for c, v in per_class.items()},
                   "fom": foms, "leas_seconds": leas_seconds,
                   "seconds": timer.seconds()}
            rows.append(row)
            print("  %s %-15s rate %.3g, pooled AUC %.4f, FoM %.4f (%.0f s)" % (
                fold, variant, rate, pooled, np.mean(foms), row["seconds"]), flush=True)
            shutil.rmtree(vdir, ignore_errors=True)
    return rows


# ---------------------------------------------------------------------------
# the table
# ---------------------------------------------------------------------------

def print_tables(rows, variants):
    folds = []
    for r in rows:
        if (r["dataset"], r["fold"]) not in folds:
            folds.append((r["dataset"], r["fold"]))
    by = {(r["dataset"], r["fold"], r["variant"]): r for r in rows}
    print()
    print("FoM (mean of the CARS seeds; in brackets the change vs plus) / pooled AUC")
    header = "%-34s" % "data set, calibration > evaluation" + "".join(
        "%17s" % v for v in variants)
    print(header)
    for ds, fold in folds:
        base = by.get((ds, fold, "plus"))
        line = "%-34s" % ("%s %s" % (ds, fold))
        for v in variants:
            r = by.get((ds, fold, v))
            if r is None or "error" in r:
                line += "%17s" % "refused"
                continue
            fom = np.mean(r["fom"])
            delta = "" if base is None or "error" in base or v == "plus" else \
                "(%+.3f)" % (fom - np.mean(base["fom"]))
            line += "%17s" % ("%.4f%s" % (fom, delta))
        print(line)
        line = "%-34s" % ""
        for v in variants:
            r = by.get((ds, fold, v))
            line += "%17s" % ("" if r is None or "error" in r else "AUC %.4f" % r["auc_pooled"])
        print(line)
    print()
    print("per-class AUC (positives in t1 -> t2), FoM spread over seeds, untrained classes, "
          "leak warnings")
    for ds, fold in folds:
        for v in variants:
            r = by.get((ds, fold, v))
            if r is None or "error" in r:
                continue
            print("%-24s %-15s rate %-7.3g n %-7d FoM %.4f +- %.4f  %s  untrained %s  leaks %d"
                  % (ds, v, r["rate"], r["sample_cells"], np.mean(r["fom"]),
                     np.std(r["fom"], ddof=1) if len(r["fom"]) > 1 else 0.0,
                     " ".join("%s:%.3f(%d)" % (c, a, n) for c, (a, n) in r["auc"].items()),
                     r["untrained"] or "-", r["leak_warnings"]))


def print_markdown(rows, variants):
    """The FoM and pooled-AUC tables in Markdown (for docs/leas.md)."""
    by = {(r["dataset"], r["fold"], r["variant"]): r for r in rows if "error" not in r}
    folds = []
    for r in rows:
        if (r["dataset"], r["fold"]) not in folds:
            folds.append((r["dataset"], r["fold"]))
    for title, cell in (("FoM", lambda r: "%.4f" % np.mean(r["fom"])),
                        ("pooled AUC", lambda r: "%.3f" % r["auc_pooled"])):
        print()
        print("| %s | %s |" % (title, " | ".join(variants)))
        print("|---|%s" % ("---:|" * len(variants)))
        for ds, fold in folds:
            print("| %s %s | %s |" % (ds, fold, " | ".join(
                cell(by[(ds, fold, v)]) if (ds, fold, v) in by else "-" for v in variants)))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", nargs="*", default=list(DATASETS))
    parser.add_argument("--variants", nargs="*", default=list(VARIANTS))
    parser.add_argument("--seeds", type=int, default=3, help="CARS seeds 1..N")
    parser.add_argument("--leas-seed", type=int, default=1, help="SEED of LEAS (sample, forests)")
    parser.add_argument("--folder", default=None, help="work folder (default: a temp folder)")
    parser.add_argument("--json", default=None, help="also write every result as JSON")
    parser.add_argument("--from-json", default=None,
                        help="print the tables of a --json file instead of running")
    parser.add_argument("--markdown", action="store_true", help="also print Markdown tables")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:          # one data set, in its own process
        rows = run_dataset(args.child, args.variants, args.seeds, args.folder, args.leas_seed)
        print("RESULT" + json.dumps({"rows": rows, "peak_rss_mb": peak_rss_mb()}))
        return 0
    if args.from_json:
        with open(args.from_json) as fh:
            rows = json.load(fh)
        variants = [v for v in args.variants if any(r["variant"] == v for r in rows)]
        print_tables(rows, variants)
        if args.markdown:
            print_markdown(rows, variants)
        return 0
    for name, why in SKIPPED.items():
        print("%s: skipped, %s." % (name, why))
    folder = args.folder or tempfile.mkdtemp(prefix="lc_leas_experiments_")
    rows = []
    try:
        for name in args.datasets:
            spec = DATASETS[name]
            missing = [p for p in list(spec["maps"].values()) if not os.path.exists(p)]
            if missing or not spec["drivers"]():
                print("%s: not in %s (the shared data folder); skipped." % (name, DATA))
                continue
            print("%s:" % name, flush=True)
            timer = Timer()
            command = [sys.executable, os.path.abspath(__file__), "--child", name,
                       "--seeds", str(args.seeds), "--leas-seed", str(args.leas_seed),
                       "--folder", folder, "--variants"] + args.variants
            child = subprocess.Popen(command, stdout=subprocess.PIPE, text=True)
            result = []
            for line in child.stdout:           # the child's progress as it comes
                if line.startswith("RESULT"):
                    result.append(line)
                else:
                    print(line, end="", flush=True)
            if child.wait() or not result:
                print("%s: failed (exit code %d)" % (name, child.returncode))
                continue
            out = json.loads(result[0][len("RESULT"):])
            rows += out["rows"]
            print("%s: %.0f s, peak RSS %.0f MB" % (name, timer.seconds(), out["peak_rss_mb"]),
                  flush=True)
    finally:
        if not args.folder:
            shutil.rmtree(folder, ignore_errors=True)
    if args.json:
        with open(args.json, "w") as fh:
            json.dump(rows, fh, indent=1)
    print_tables(rows, args.variants)
    if args.markdown:
        print_markdown(rows, args.variants)
    return 0


if __name__ == "__main__":
    sys.exit(main())
