"""CARS on every real multi-date data set, next to its baselines (issue 12).

    .venv/bin/python benchmarks/proof_cars.py                          # every data set
    .venv/bin/python benchmarks/proof_cars.py --datasets bencat_glad --seeds 3

For every multi-date data set of ../shared/data (bencat_glad,
cedar_creek_nlcd, envigado_mapbiomas, lulcc_pie; molusce_example has two
undated maps and no evaluation interval) and every fold t0 -> t1 -> t2:

1. LEAS (core.leas, PLUS defaults: 20 trees, all drivers per split,
   expansion cells only; the whole study's automatic sampling rate) on t0 ->
   t1, probabilities predicted on t1;
2. CARS (core.cars, default parameters, LANDUSE_START = t0 for the default
   weights) from t1 with the observed t2 class totals as the demand,
   RANDOM_SEED 1..N;
3. accuracy (core.landuse.run_accuracy) of every simulated t2 against the
   observed t2, with t1 as the initial map, and the two baselines scored on
   the same cells with the same class totals and transitions (random
   allocation, nearest to existing patches; docs/accuracy.md).

Prints per data set and fold: FoM, Kappa and OA of CARS and of both
baselines (mean +- sd over the seeds), the model's FoM as a multiple of each
baseline's, CARS iterations, seconds per run, and the peak RSS of the data
set's own process. Not a test: the data may not be redistributed, so it is
read from ../shared/data when it is there.
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


def run_dataset(name, seeds, folder):
    """Every fold of one data set; returns a list of result dicts."""
    load_landcarbon()
    from landcarbon.core import cars, leas
    from landcarbon.core.common.demand_tables import write_demand
    from landcarbon.core.common.landmap import cross_tabulate, open_landuse_set, scan_codes
    from landcarbon.core.common.progress import Progress
    from landcarbon.core.landuse import run_accuracy
    from landcarbon.core.study import auto_sampling_rate

    spec = DATASETS[name]
    drivers = spec["drivers"]()
    quiet = Progress()
    out = []
    for t0, t1, t2 in spec["folds"]:
        maps = [spec["maps"][y] for y in (t0, t1, t2)]
        infos = open_landuse_set(maps, [os.path.basename(m) for m in maps], quiet)
        codes, _nodata = scan_codes(infos)
        calibration = cross_tabulate(infos[0], infos[1], codes)
        rate = auto_sampling_rate(calibration.matrix)
        work = os.path.join(folder, "%s_%d" % (name, t1))
        os.makedirs(work, exist_ok=True)
        timer = Timer()
        prob = os.path.join(work, "probability_%d.tif" % t1)
        leas.run_leas(maps[0], maps[1], drivers, prob,
                      settings=leas.LeasSettings(sampling_rate=rate, seed=1), progress=quiet)
        leas_seconds = timer.seconds()
        evaluation = cross_tabulate(infos[1], infos[2], codes)
        m = evaluation.matrix
        demand = m.sum(axis=0) + (evaluation.start_cells - m.sum(axis=1))
        demand_csv = os.path.join(work, "demand_%d.csv" % t2)
        write_demand(demand_csv, {t2: {int(c): int(n) for c, n in zip(codes, demand)}}, None)
        runs = []
        for seed in seeds:
            sim = os.path.join(work, "sim_seed%d.tif" % seed)
            timer = Timer()
            result = cars.run_cars(maps[1], prob, demand_csv, sim, landuse_start=maps[0],
                                   settings=cars.CarsSettings(random_seed=seed),
                                   progress=quiet)
            seconds = timer.seconds()
            acc = run_accuracy(maps[1], maps[2], sim, seed=seed, progress=quiet)
            runs.append({
                "seed": seed, "iterations": result.years[0].iterations, "seconds": seconds,
                "missed": int(np.abs(result.years[0].shortfall).sum()) // 2,
                "cars": (acc.fom, acc.kappa, acc.overall_accuracy),
                "random": tuple(getattr(acc.baselines["random"], k)
                                for k in ("fom", "kappa", "overall_accuracy")),
                "nearest": tuple(getattr(acc.baselines["nearest"], k)
                                 for k in ("fom", "kappa", "overall_accuracy"))})
        changed = int(m.sum() - np.trace(m))
        out.append({"dataset": name, "fold": "%d->%d->%d" % (t0, t1, t2), "classes": len(codes),
                    "cells": int(m.sum()), "changed": changed, "rate": rate,
                    "leas_seconds": leas_seconds, "runs": runs})
    return out


def _mean_sd(values):
    v = np.array([np.nan if x is None else x for x in values], dtype=float)
    return np.nanmean(v), (np.nanstd(v, ddof=1) if np.isfinite(v).sum() > 1 else 0.0)


def report(results, rss):
    print("\n%-20s %-16s %5s %9s %8s | %-19s %-19s %-19s | %7s %7s | %5s %6s %6s" % (
        "data set", "fold", "K", "cells", "changed", "CARS FoM", "random FoM", "nearest FoM",
        "x rand", "x near", "iter", "s/run", "RSS MB"))
    for r in results:
        fom = {k: _mean_sd([run[k][0] for run in r["runs"]]) for k in ("cars", "random",
                                                                        "nearest")}
        iters = np.mean([run["iterations"] for run in r["runs"]])
        secs = np.mean([run["seconds"] for run in r["runs"]])
        print("%-20s %-16s %5d %9d %8d | %.4f +- %.4f    %.4f +- %.4f    %.4f +- %.4f    | "
              "%7.2f %7.2f | %5.1f %6.1f %6.0f" % (
                  r["dataset"], r["fold"], r["classes"], r["cells"], r["changed"],
                  fom["cars"][0], fom["cars"][1], fom["random"][0], fom["random"][1],
                  fom["nearest"][0], fom["nearest"][1], fom["cars"][0] / fom["random"][0],
                  fom["cars"][0] / fom["nearest"][0], iters, secs, rss[r["dataset"]]))
    print("\nKappa and OA (mean over the seeds): CARS / random / nearest")
    for r in results:
        parts = []
        for k in ("cars", "random", "nearest"):
            parts.append("%.4f / %.4f" % (np.mean([run[k][1] for run in r["runs"]]),
                                          np.mean([run[k][2] for run in r["runs"]])))
        missed = max(run["missed"] for run in r["runs"])
        print("%-20s %-16s %s   (LEAS %.1f s, sampling rate %.3g, demand missed by %d cells)"
              % (r["dataset"], r["fold"], "   ".join(parts), r["leas_seconds"], r["rate"],
                 missed))


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--datasets", nargs="*", default=sorted(DATASETS))
    parser.add_argument("--seeds", type=int, default=5, help="RANDOM_SEED 1..N")
    parser.add_argument("--folder", default=None, help="work folder (default: a temp folder)")
    parser.add_argument("--one", help=argparse.SUPPRESS)        # child process: one data set
    parser.add_argument("--json", help=argparse.SUPPRESS)
    args = parser.parse_args()
    seeds = list(range(1, args.seeds + 1))
    if args.one:
        results = run_dataset(args.one, seeds, args.folder)
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
            data = run_child(__file__, ["--one", name, "--seeds", args.seeds, "--folder", folder],
                             os.path.join(folder, name + ".json"))
            results += data["results"]
            rss[name] = data["rss"]
            print("%s: %.1f s" % (name, timer.seconds()))
        report(results, rss)
    finally:
        if not args.folder:
            shutil.rmtree(folder, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
