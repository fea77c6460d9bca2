"""Benchmark of landcarbon:markovdemand and landcarbon:accuracy on synthetic maps.

    .venv/bin/python benchmarks/bench_markov_accuracy.py             # 10^8 cells (10000 x 10000)
    .venv/bin/python benchmarks/bench_markov_accuracy.py --size 3000

Generates three Byte maps (start, end = start with 5 % changed, simulated = start
with 5 % changed), then runs the core of markovdemand (UD preset, target years
one and 1.5 periods ahead, all three CSVs) and of accuracy: report + A/B/C/D map
with MULTIRESOLUTION off (what accuracy computed before issue 21), with every
output of issue 21 on (skill per transition, budget at multiple resolutions and
its chart), and with the random / nearest-patch baselines and every output; it
prints seconds, cells/s and peak RSS (VmHWM) of each (each in its own process).
All stream the maps in row strips, so memory should not grow with the raster
size.

    .venv/bin/python benchmarks/bench_markov_accuracy.py --folder /tmp/m \
        --steps accuracy,accuracy_evidence
"""

import argparse
import os
import shutil
import subprocess
import sys
import tempfile

from common import Timer, load_landcarbon, peak_rss_mb, synthetic_landuse


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--size", type=int, default=10000, help="rows = columns")
    parser.add_argument("--folder", default=None, help="work folder (default: a temp folder)")
    parser.add_argument("--generate-only", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--step", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--steps", default="markov,accuracy,accuracy_evidence,accuracy_baselines",
                        help="steps to run, comma separated")
    args = parser.parse_args()
    load_landcarbon()
    from landcarbon.core.common.progress import Progress
    from landcarbon.core.demand.markov import run_markov_demand
    from landcarbon.core.landuse import AccuracySettings
    from landcarbon.core.landuse.accuracy import run_accuracy

    folder = args.folder or tempfile.mkdtemp(prefix="lc_bench_markov_")
    os.makedirs(folder, exist_ok=True)
    a, b, s = (os.path.join(folder, n) for n in ("lu_a.tif", "lu_b.tif", "lu_sim.tif"))
    cells = args.size * args.size
    if args.generate_only:
        synthetic_landuse(a, args.size, seed=1)
        synthetic_landuse(b, args.size, seed=2, base=a)
        synthetic_landuse(s, args.size, seed=3, base=a)
        return
    if args.step == "markov":
        t = Timer()
        result = run_markov_demand(a, b, 2010, 2020, [2030, 2035], scenario="UD",
                                   output_demand=os.path.join(folder, "demand.csv"),
                                   output_probabilities=os.path.join(folder, "p.csv"),
                                   output_transition_matrix=os.path.join(folder, "tm.csv"),
                                   progress=Progress())
        sec = t.seconds()
        print("markovdemand: %d cells per map, %.2f s, %.1f M cells/s, peak RSS %.0f MB; "
              "2035 (m = 1.5): %s" % (cells, sec, cells / sec / 1e6, peak_rss_mb(),
                                      result.methods[2035]))
        return
    if args.step in ("accuracy", "accuracy_evidence", "accuracy_baselines"):
        baselines = args.step == "accuracy_baselines"
        evidence = args.step != "accuracy"
        outputs = dict(output_transitions=os.path.join(folder, "transitions.csv"),
                       output_multiresolution=os.path.join(folder, "multiresolution.csv"),
                       output_multiresolution_chart=os.path.join(folder, "multiresolution.png")) \
            if evidence else {}
        t = Timer()
        result = run_accuracy(a, b, s, settings=AccuracySettings(baselines=baselines,
                                                                 multiresolution=evidence),
                              output_report=os.path.join(folder, "report.csv"),
                              output_map=os.path.join(folder, "abcd.tif"), progress=Progress(),
                              **outputs)
        sec = t.seconds()
        print("accuracy %s: %d cells per map, %.2f s, %.1f M cells/s, peak RSS %.0f MB; "
              "Kappa %.4f, FoM %.4f, KSim %.4f" % (
                  {"accuracy": "(report, map; MULTIRESOLUTION off)",
                   "accuracy_evidence": "(every output of issue 21)",
                   "accuracy_baselines": "(baselines and every output)"}[args.step],
                  cells, sec, cells / sec / 1e6, peak_rss_mb(), result.kappa, result.fom,
                  result.ksim.ksim))
        if result.multiresolution is not None:
            null = result.multiresolution.null_resolution
            print("  null resolution: %s" % ("factor %d" % null.factor if null else "none"))
        for name, score in result.baselines.items():
            print("  baseline %s: FoM %.4f, Kappa %.4f, OA %.4f; model FoM = %s x baseline"
                  % (name, score.fom, score.kappa, score.overall_accuracy,
                     "undefined" if score.fom_multiple is None
                     else "%.2f" % score.fom_multiple))
        return
    try:
        # each step in its own process, so that each peak RSS is that step's
        if not all(os.path.exists(p) for p in (a, b, s)):
            t = Timer()
            subprocess.run([sys.executable, __file__, "--generate-only", "--size",
                            str(args.size), "--folder", folder], check=True)
            print("generated 3 x %d x %d cells in %.1f s" % (args.size, args.size, t.seconds()))
        for step in args.steps.split(","):
            subprocess.run([sys.executable, __file__, "--step", step, "--size", str(args.size),
                            "--folder", folder], check=True)
    finally:
        if not args.folder:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
