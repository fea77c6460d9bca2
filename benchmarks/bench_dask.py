"""Benchmark of the Dask path against the one-machine path (docs/cluster.md):
carbon stock, LEAS prediction and CARS on synthetic rasters, (a) locally,
(b) on a LocalCluster of 1 and 2 single-threaded workers.

    .venv/bin/python benchmarks/bench_dask.py                      # 10^8 cells, all parts
    .venv/bin/python benchmarks/bench_dask.py --size 2931 --parts cars
    .venv/bin/python benchmarks/bench_dask.py --workers 0,2 --chunk 2048
    .venv/bin/python benchmarks/bench_dask.py --vrt     # the workers write tiles + a VRT
    .venv/bin/python benchmarks/bench_dask.py --parts cars --memory-budget 256   # on disk

Each (part, executor) runs in a fresh child process, so the peak RSS printed
is that run's: the client's, and the largest of the workers'. Prints seconds,
cells/s, scaling efficiency from 1 to 2 workers (time(1) / (2 * time(2))),
and for CARS the iterations and the seconds per iteration; the Dask
overhead on one worker against the local path (per chunk, and for CARS per
iteration and per chunk and iteration). Checks that the Dask maps equal the
local map (decoded arrays) when both ran. The local LEAS prediction uses
``--threads`` threads (0 = every core, as users run it; 1 compares it with
one single-threaded worker).

Goals (issue 14, 2-core machine): Dask on 1 worker within 1.3x of local;
1 -> 2 workers at least 1.7x for carbon and LEAS prediction, 1.5x for
CARS; peak RSS per worker under 2 GB at 10^8 cells.
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
from osgeo import gdal

gdal.UseExceptions()
HERE = os.path.dirname(os.path.abspath(__file__))
PARTS = ("carbon", "leas", "cars")


def generate(folder, size):
    """The inputs of every part (once per size): bench_cars's map,
    probabilities and demand; a pools table; a LEAS model and drivers."""
    sys.path.insert(0, HERE)
    import bench_cars
    if not os.path.exists(os.path.join(folder, "demand.csv")):
        bench_cars.write_inputs(folder, size)
    pools = os.path.join(folder, "pools.csv")
    with open(pools, "w") as fh:
        fh.write("lucode,c_above,c_below,c_soil,c_dead\n")
        for c in range(1, 8):
            fh.write("%d,%g,%g,%g,%g\n" % (c, 10.5 * c, 3.25 * c, 40 + c, 0.5 * c))
    # LEAS: a model trained on a small map of bench_leas's fields, applied to
    # the driver stack of the full size (same driver names)
    import bench_leas
    leas_dir = os.path.join(folder, "leas")
    model = os.path.join(leas_dir, "model.leas")
    if not os.path.exists(model):
        os.makedirs(os.path.join(leas_dir, "small"), exist_ok=True)
        bench_leas.generate(os.path.join(leas_dir, "small"), 1000)
        bench_leas.generate(leas_dir, size)
        load_landcarbon()
        from landcarbon.core.leas import LeasSettings, run_leas
        small = os.path.join(leas_dir, "small")
        run_leas(os.path.join(small, "start.tif"), os.path.join(small, "end.tif"),
                 [os.path.join(small, "drivers.tif")], os.path.join(small, "prob.tif"),
                 settings=LeasSettings(sampling_rate=0.05, seed=1), output_model=model)
    return {"landuse": os.path.join(folder, "lu.tif"),
            "probability": os.path.join(folder, "prob.tif"),
            "demand": os.path.join(folder, "demand.csv"), "pools": pools, "model": model,
            "drivers": [os.path.join(leas_dir, "drivers.tif")],
            "leas_landuse": os.path.join(leas_dir, "end.tif")}


def run_part(part, inputs, folder, workers, chunk, threads=0, ext=".tif", budget_mb=None):
    """One run; returns its figures (a dict). ``ext`` ".vrt": the step writes
    tiles and a VRT (on Dask the workers write them)."""
    load_landcarbon()
    from landcarbon.core.common.progress import Progress
    cluster = None
    if workers:
        from landcarbon.core.common import cluster as dask_cluster
        cluster = dask_cluster.connect(workers=workers, chunk_rows=chunk, chunk_cols=chunk)
    out = os.path.join(folder, "%s_%s" % (part, workers or "local"))
    shutil.rmtree(out, ignore_errors=True)
    os.makedirs(out)
    figures = {"part": part, "workers": workers}
    lines = []
    progress = Progress(info=lines.append)
    # imported before the clock starts: a step's time is not its imports'
    from landcarbon.core.carbon import run_carbon_stock
    from landcarbon.core.cars import CarsSettings, run_cars
    from landcarbon.core.leas import run_leas_predict
    t = Timer()
    if part == "carbon":
        run_carbon_stock(inputs["landuse"], inputs["pools"],
                         output_stock=os.path.join(out, "stock" + ext), cluster=cluster,
                         progress=progress)
        figures["map"] = os.path.join(out, "stock" + ext)
    elif part == "leas":
        run_leas_predict(inputs["model"], inputs["drivers"], inputs["leas_landuse"],
                         os.path.join(out, "prob" + ext), cluster=cluster, progress=progress,
                         threads=threads)
        figures["map"] = os.path.join(out, "prob" + ext)
    else:
        result = run_cars(inputs["landuse"], inputs["probability"], inputs["demand"],
                          os.path.join(out, "sim" + ext),
                          settings=CarsSettings(random_seed=1, memory_budget=None if budget_mb
                                                is None else int(budget_mb * 2 ** 20)),
                          cluster=cluster, progress=progress)
        figures["iterations"] = result.years[-1].iterations
        figures["notes"] = [line for line in lines if "cells may change" in line]
        figures["map"] = os.path.join(out, "sim" + ext)
    figures["seconds"] = t.seconds()
    figures["client_rss_mb"] = peak_rss_mb()
    if cluster is not None:
        rss = cluster.client.run(peak_rss_mb)     # on every worker
        figures["worker_rss_mb"] = max(rss.values())
        cluster.close()
    return figures


def _same(a, b):
    da, db = gdal.Open(a), gdal.Open(b)
    for band in range(1, da.RasterCount + 1):
        if not np.array_equal(da.GetRasterBand(band).ReadAsArray(),
                              db.GetRasterBand(band).ReadAsArray()):
            return False
    return True


def main():
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", type=int, default=10000, help="rows = columns")
    parser.add_argument("--parts", default=",".join(PARTS))
    parser.add_argument("--workers", default="0,1,2", help="0 = the one-machine path")
    parser.add_argument("--chunk", type=int, default=2048)
    parser.add_argument("--folder", default=None)
    parser.add_argument("--threads", type=int, default=0,
                        help="threads of the local LEAS prediction (0 = every core)")
    parser.add_argument("--vrt", action="store_true",
                        help="write tiles + a VRT (on Dask the workers write them)")
    parser.add_argument("--memory-budget", type=float, default=None,
                        help="CARS MEMORY_BUDGET in MB (per worker on Dask): candidate "
                             "probabilities beyond it go to disk")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    folder = args.folder or tempfile.mkdtemp(prefix="lc_bench_dask_")
    os.makedirs(folder, exist_ok=True)
    if args.child:
        part, workers = args.child.split(":")
        inputs = json.load(open(os.path.join(folder, "inputs.json")))
        print("RESULT " + json.dumps(run_part(part, inputs, folder, int(workers), args.chunk,
                                                   args.threads, ".vrt" if args.vrt else ".tif",
                                                   args.memory_budget)),
              flush=True)
        return
    t = Timer()
    inputs = generate(folder, args.size)
    with open(os.path.join(folder, "inputs.json"), "w") as fh:
        json.dump(inputs, fh)
    cells = args.size ** 2
    print("inputs: %d x %d cells in %.0f s (%s)" % (args.size, args.size, t.seconds(), folder))
    print("%-7s %-9s %9s %12s %7s %10s %12s %13s %s" % (
        "part", "executor", "seconds", "cells/s", "iters", "s/iter", "client MB",
        "worker MB", "same map"))
    for part in args.parts.split(","):
        runs = {}
        for workers in (int(w) for w in args.workers.split(",")):
            os.sync()       # the previous run's outputs on disk: no run pays another's writes
            proc = subprocess.run([sys.executable, __file__, "--folder", folder, "--child",
                                   "%s:%d" % (part, workers), "--chunk", str(args.chunk),
                                   "--threads", str(args.threads)] + ["--vrt"] * args.vrt
                                  + (["--memory-budget", str(args.memory_budget)]
                                     if args.memory_budget is not None else []),
                                  capture_output=True, text=True)
            lines = [ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")]
            if proc.returncode or not lines:
                print("%s on %s failed:\n%s" % (part, workers, proc.stderr[-3000:]))
                continue
            f = json.loads(lines[-1][7:])
            runs[workers] = f
            same = "-" if workers == 0 or 0 not in runs else \
                ("yes" if _same(runs[0]["map"], f["map"]) else "NO")
            iters = f.get("iterations")
            print("%-7s %-9s %9.1f %12.3g %7s %10s %12.0f %13s %s" % (
                part, "local" if workers == 0 else "%d worker%s" % (workers, "s" * (workers > 1)),
                f["seconds"], cells / f["seconds"], iters or "-",
                "%.2f" % (f["seconds"] / iters) if iters else "-", f["client_rss_mb"],
                "%.0f" % f["worker_rss_mb"] if "worker_rss_mb" in f else "-", same), flush=True)
            for note in f.get("notes", []):
                print("        " + note)
        if 1 in runs and 2 in runs:
            print("%-7s 1 -> 2 workers: speed-up %.2fx, scaling efficiency %.0f %%" % (
                part, runs[1]["seconds"] / runs[2]["seconds"],
                100 * runs[1]["seconds"] / (2 * runs[2]["seconds"])))
        if 0 in runs and 1 in runs:
            print("%-7s Dask on 1 worker / local: %.2fx" % (part, runs[1]["seconds"]
                                                           / runs[0]["seconds"]))
            extra = runs[1]["seconds"] - runs[0]["seconds"]
            chunks = (-(-args.size // args.chunk)) ** 2
            iters = runs[1].get("iterations")
            if iters:
                print("%-7s Dask overhead on 1 worker: %.2f s per iteration, %.1f ms per chunk "
                      "and iteration (%d chunks)" % (part, extra / iters,
                                                     1000 * extra / iters / chunks, chunks))
            else:
                print("%-7s Dask overhead on 1 worker: %.1f s, %.0f ms per chunk (%d chunks)"
                      % (part, extra, 1000 * extra / chunks, chunks))


if __name__ == "__main__":
    main()
