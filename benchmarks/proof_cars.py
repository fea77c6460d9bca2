"""CARS on every real multi-date data set, next to its baselines, with the
default settings and with the settings chosen by calibration, side by side
(issues 12 and 20).

    .venv/bin/python benchmarks/proof_cars.py                          # every data set
    .venv/bin/python benchmarks/proof_cars.py --datasets bencat_glad --seeds 3
    .venv/bin/python benchmarks/proof_cars.py --modes default --seeds 5
    .venv/bin/python benchmarks/proof_cars.py --budget 5               # minutes per calibration

For every multi-date data set of ../shared/data (bencat_glad,
cedar_creek_nlcd, envigado_mapbiomas, lulcc_pie; molusce_example has two
undated maps and no evaluation interval) and every fold t0 -> t1 -> t2, the
study's own validation step (core/study/validation.py) with the settings of
each mode:

- ``default``: LandCarbon's defaults (LEAS PLUS-like with the study's
  automatic sampling rate, trained on t0 -> t1 and predicted on t1; CARS with
  the neighbourhood weights of t0 -> t1);
- ``calibrated``: the settings core.study.calibration chooses on the maps up
  to t1 only (the data set's earlier maps included: cedar's second fold
  calibrates out of sample on 2006 -> 2011 -> 2016), never seeing t2;

then CARS from t1 with the observed t2 class totals as the demand, RANDOM_SEED
1..N (a seed ensemble; FoM per run), scored against the observed t2 next to
the random and nearest-patch baselines of the median run (docs/accuracy.md).

Prints per data set, fold and mode: FoM (mean +- sd over the seeds), the
baselines, the model's FoM as a multiple of each, iterations, whether every
class met its demand (and which did not), seconds of the validation, the
calibration's seconds and what it changed, and the peak RSS of the data set's
process. Not a test: the data may not be redistributed, so it is read from
../shared/data when it is there.
"""

import argparse
import json
import os
import shutil
import sys
import tempfile

import numpy as np
from common import Timer, load_landcarbon, peak_rss_mb, run_child
from datasets import DATASETS, SKIPPED, available

MODES = ("default", "calibrated")


def _settings(name, years, folder, seeds, **values):
    from landcarbon.core.study import StudySettings
    spec = DATASETS[name]
    return StudySettings(maps=[spec["maps"][y] for y in years], years=list(years),
                         driver_paths=spec["drivers"](), target_years=[years[-1] + 1],
                         output_folder=folder, seed=1, runs=len(seeds), **values)


def _calibrate(name, t1, folder, seeds, budget, quiet):
    """The settings calibration chooses on the data set's maps up to t1."""
    from landcarbon.core.study import run_calibration
    years = sorted(y for y in DATASETS[name]["maps"] if y <= t1)
    s = _settings(name, years, os.path.join(folder, "calibration"), seeds,
                  calibration_budget=budget)
    timer = Timer()
    result, _out = run_calibration(s, progress=quiet)
    return result, timer.seconds()


def _validate(name, fold, folder, seeds, chosen, quiet):
    """The study's validation of one fold with the given (or default)
    settings: a Validation and its seconds."""
    from landcarbon.core.common.classes import ClassTable
    from landcarbon.core.common.landmap import open_landuse_set
    from landcarbon.core.landuse import run_landuse_change
    from landcarbon.core.study.calibration import apply
    from landcarbon.core.study.layout import Layout
    from landcarbon.core.study.results import StudyResult
    from landcarbon.core.study.validation import validate
    s = _settings(name, fold, folder, seeds)
    if chosen is not None:
        s = apply(s, chosen.chosen)
    os.makedirs(folder, exist_ok=True)
    infos = open_landuse_set(s.maps, [os.path.basename(m) for m in s.maps], quiet)
    result = StudyResult(folder, s)
    result.landuse_stats = run_landuse_change(s.maps, s.years, progress=quiet)
    result.codes = result.landuse_stats.codes
    result.classes = ClassTable().complete(result.codes)
    timer = Timer()
    validation = validate(s, result, infos, None, Layout(folder, fold[0], fold[-1]), quiet)
    return validation, timer.seconds()


def _figures(validation, seconds):
    acc = validation.accuracy
    fom = validation.runs.fom if validation.runs else [acc.fom]
    allocation = validation.allocation
    missed = [c for c in allocation.demand if abs(allocation.shortfall[c]) > max(
        10, 0.001 * allocation.demand[c])]
    return {"fom": fom, "random": acc.baselines["random"].fom,
            "nearest": acc.baselines["nearest"].fom, "kappa": acc.kappa,
            "iterations": allocation.iterations, "stop": allocation.stop_reason,
            "missed_classes": missed, "missed_cells": allocation.missed, "seconds": seconds}


def run_dataset(name, seeds, folder, modes, budget):
    """Every fold of one data set in every mode; a list of result dicts."""
    load_landcarbon()
    from landcarbon.core.common.progress import Progress
    quiet = Progress()
    out = []
    for fold in DATASETS[name]["folds"]:
        row = {"dataset": name, "fold": "%d->%d->%d" % fold}
        for mode in modes:
            work = os.path.join(folder, "%s_%d_%s" % (name, fold[1], mode))
            chosen = None
            if mode == "calibrated":
                chosen, cal_seconds = _calibrate(name, fold[1], work, seeds, budget, quiet)
                row["calibration"] = {"seconds": cal_seconds, "changed": chosen.changed,
                                      "trials": len(chosen.trials),
                                      "stopped_by_budget": chosen.stopped_by_budget,
                                      "interval": list(chosen.interval),
                                      "out_of_sample": chosen.out_of_sample}
            validation, seconds = _validate(name, fold, os.path.join(work, "validation"),
                                            seeds, chosen, quiet)
            row[mode] = _figures(validation, seconds)
        out.append(row)
    return out


def report(results, rss, modes):
    if not results:
        print("No data set of ../shared/data was found: nothing to report.")
        return
    print("\n%-18s %-16s %-10s | %-17s %-7s %-7s | %6s %6s | %5s %-14s %6s %6s" % (
        "data set", "fold", "mode", "FoM (seeds)", "random", "nearest", "x rand", "x near",
        "iter", "demand met", "s", "RSS MB"))
    ratios = {m: [] for m in modes}
    for r in results:
        for mode in modes:
            f = r[mode]
            fom = np.array(f["fom"], dtype=float)
            sd = fom.std(ddof=1) if fom.size > 1 else 0.0
            met = "yes" if not f["missed_classes"] else "no: %s" % ",".join(
                map(str, f["missed_classes"]))
            ratios[mode].append(fom.mean() / f["nearest"])
            print("%-18s %-16s %-10s | %.4f +- %.4f   %.4f  %.4f  | %6.2f %6.2f | %5d %-14s %6.1f "
                  "%6.0f" % (r["dataset"], r["fold"], mode, fom.mean(), sd, f["random"],
                             f["nearest"], fom.mean() / f["random"], fom.mean() / f["nearest"],
                             f["iterations"], met, f["seconds"], rss[r["dataset"]]))
    for mode in modes:
        print("%s: FoM / nearest-patch baseline, mean over the folds %.2f, lowest %.2f"
              % (mode, np.mean(ratios[mode]), np.min(ratios[mode])))
    for r in results:
        if "calibration" in r:
            c = r["calibration"]
            print("%s %s: calibration on %d -> %d (%s), %d trials in %.0f s%s; changed: %s" % (
                r["dataset"], r["fold"], c["interval"][0], c["interval"][1],
                "out of sample" if c["out_of_sample"] else "in sample", c["trials"],
                c["seconds"], " (budget ended it)" if c["stopped_by_budget"] else "",
                json.dumps(c["changed"]) if c["changed"] else "nothing"))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", nargs="*", default=sorted(DATASETS))
    parser.add_argument("--seeds", type=int, default=5, help="RANDOM_SEED 1..N")
    parser.add_argument("--modes", nargs="*", default=list(MODES), choices=MODES)
    parser.add_argument("--budget", type=float, default=5.0,
                        help="calibration budget in minutes (per fold)")
    parser.add_argument("--folder", default=None, help="work folder (default: a temp folder)")
    parser.add_argument("--one", help=argparse.SUPPRESS)        # child process: one data set
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args()
    seeds = list(range(1, args.seeds + 1))
    if args.one:
        results = run_dataset(args.one, seeds, args.folder, args.modes, args.budget)
        with open(args.json, "w") as fh:
            json.dump({"results": results, "rss": peak_rss_mb()}, fh)
        return 0
    for name, why in SKIPPED.items():
        print("%s: skipped (%s)." % (name, why))
    folder = args.folder or tempfile.mkdtemp(prefix="lc_proof_cars_")
    results, rss = [], {}
    try:
        for name in args.datasets:
            if not available(name):
                print("%s is not in ../shared/data; skipped." % name)
                continue
            timer = Timer()
            done = os.path.join(folder, name + ".json")
            if args.folder and os.path.exists(done):      # a kept folder: resume
                with open(done) as fh:
                    data = json.load(fh)
            else:
                data = run_child(__file__, ["--one", name, "--seeds", args.seeds, "--folder",
                                            folder, "--budget", args.budget, "--modes"]
                                 + list(args.modes), done)
            results += data["results"]
            rss[name] = data["rss"]
            print("%s: %.1f s" % (name, timer.seconds()), flush=True)
        report(results, rss, args.modes)
    finally:
        if not args.folder:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
