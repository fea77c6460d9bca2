"""The evidence of issue 21 on every multi-date shared data set: per-class AUC of
the validation's probabilities (out of sample), KSim and the null resolution.

    .venv/bin/python benchmarks/evidence_datasets.py                  # every data set
    .venv/bin/python benchmarks/evidence_datasets.py --datasets lulcc_pie --keep /tmp/e
    .venv/bin/python benchmarks/evidence_datasets.py --no-distance     # drivers alone
    .venv/bin/python benchmarks/evidence_datasets.py --training all    # P = chance of conversion

For every multi-date data set of ../shared/data (benchmarks/datasets.py), one
whole study (core.study.run_study) with the study's default settings, the data
set's drivers, distance drivers to the two classes that gained most over the
record (recomputed from every start map, as benchmarks/proof_study.py does),
the NE scenario and one target year (the scenarios are not what is measured
here). With three or more maps the validation simulates the last map from the
one before with LEAS trained on the interval before that: out of sample. Each
data set runs in its own process; prints seconds and peak RSS, then a markdown
table: per class the AUC of the validation's probabilities against the gains
of the simulated interval, KSim (KTransition, KTransloc), FoM, and the null
resolution (factor and metres), read from the run's validation/ files. Not a
test: the data may not be redistributed, so it is read from ../shared/data
when it is there. Carbon densities are placeholders (made-up, different per
class): the carbon steps only have to run.
"""

import argparse
import csv
import json
import os
import shutil
import tempfile

import numpy as np
from common import Timer, load_landcarbon, peak_rss_mb, try_child
from datasets import DATASETS, SKIPPED, available
from osgeo import gdal

gdal.UseExceptions()


def _counts(path):
    ds = gdal.Open(path)
    band = ds.GetRasterBand(1)
    array, nodata = band.ReadAsArray(), band.GetNoDataValue()
    values, counts = np.unique(array[array != nodata] if nodata is not None else array,
                               return_counts=True)
    return dict(zip(values.tolist(), counts.tolist()))


def _write_csv(path, header, rows):
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)
    return path


def settings_of(name, work, distance_drivers=True, training="expansion"):
    """The StudySettings of a data set's run (``distance_drivers``: the
    distances to the two classes that gained most; else the data set's
    drivers alone)."""
    load_landcarbon()
    from landcarbon.core.study import ScenarioSpec, StudySettings
    spec = DATASETS[name]
    maps = dict(sorted(spec["maps"].items()))
    years = list(maps)
    first, last = _counts(maps[years[0]]), _counts(maps[years[-1]])
    codes = sorted(set(first) | set(last) | set().union(*(_counts(p) for p in maps.values())))
    pools = _write_csv(os.path.join(work, "pools.csv"),
                       ["lucode", "C_above", "C_below", "C_soil", "C_dead"],
                       [(c, 5 + 10 * (i % 9), 5, 50 + 7 * (i % 5), 1)
                        for i, c in enumerate(codes)])
    gains = sorted(((last.get(c, 0) - first.get(c, 0), c) for c in codes), reverse=True)
    distance = [c for gain, c in gains[:2] if gain > 0] or [gains[0][1]]
    return StudySettings(
        maps=list(maps.values()), years=years, driver_paths=spec["drivers"](),
        target_years=[years[-1] + years[-1] - years[-2]],
        scenarios=[ScenarioSpec.from_preset("NE")], pools_path=pools,
        output_folder=os.path.join(work, "out"), permutations=20, seed=1,
        distance_classes=distance if distance_drivers else [], training=training,
        command="benchmarks/evidence_datasets.py")


def _rows(path):
    with open(path, encoding="utf-8-sig") as fh:
        return list(csv.DictReader(fh))


def run_one(name, work, json_path, distance_drivers=True, training="expansion"):
    """Child process: the study of one data set; its figures as JSON."""
    load_landcarbon()
    from landcarbon.core.common.progress import Progress
    from landcarbon.core.study import run_study
    os.makedirs(work, exist_ok=True)
    timer = Timer()
    result = run_study(settings_of(name, work, distance_drivers, training),
                       progress=Progress())
    v = result.validation
    folder = result.folder
    report = {r["statistic"]: r["value"] for r in _rows(os.path.join(folder, "validation",
                                                                      "accuracy.csv"))
              if not r["code"]}
    figures = {
        "seconds": timer.seconds(), "peak_rss_mb": peak_rss_mb(), "status": result.status,
        "interval": [v.initial, v.observed], "leas_interval": list(v.leas_interval),
        "out_of_sample": v.out_of_sample,
        "auc": [[int(r["code"]), r["evaluation"], int(r["gain_cells"]), r["auc"]]
                for r in _rows(os.path.join(folder, "validation", "probability_auc.csv"))],
        "ksim": report.get("ksim"), "ktransition": report.get("ktransition"),
        "ktransloc": report.get("ktransloc"), "fom": report.get("fom"),
        "null_factor": report.get("null_resolution_factor"),
        "null_m": report.get("null_resolution"),
        "top": [[r["from_code"], r["to_code"], r["observed_cells"], r["fom"]]
                for r in _rows(os.path.join(folder, "validation",
                                            "accuracy_transitions.csv"))[:3]],
    }
    with open(json_path, "w") as fh:
        json.dump(figures, fh)


def _num(text, fmt="%.3f"):
    return "-" if text in ("", None) else fmt % float(text)


def table(results):
    lines = ["| data set | interval (LEAS) | AUC per class (out of sample; gain cells) | KSim "
             "(KTransition, KTransloc) | FoM | null resolution | s / MB |",
             "|---|---|---|---|---|---|---|"]
    for name, f in results.items():
        if "error" in f:
            lines.append("| %s | failed: %s | | | | | |" % (name, f["error"]))
            continue
        auc = ", ".join("%d: %s (%d)" % (code, _num(a), gains) for code, _e, gains, a in f["auc"])
        null = ("factor %s (%s m)" % (f["null_factor"], _num(f["null_m"], "%g"))
                if f["null_factor"] not in ("", None) else "none")
        lines.append("| %s | %d -> %d (%d -> %d), %s | %s | %s (%s, %s) | %s | %s | %.0f / %.0f |"
                     % (name, f["interval"][0], f["interval"][1], f["leas_interval"][0],
                        f["leas_interval"][1], "out of sample" if f["out_of_sample"]
                        else "in sample", auc, _num(f["ksim"]), _num(f["ktransition"]),
                        _num(f["ktransloc"]), _num(f["fom"], "%.4f"), null, f["seconds"],
                        f["peak_rss_mb"]))
    return "\n".join(lines)


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--datasets", default=",".join(DATASETS))
    parser.add_argument("--keep", default=None, help="folder for the runs (default: temporary)")
    parser.add_argument("--no-distance", action="store_true",
                        help="the data sets' drivers alone (no distance-to-class drivers)")
    parser.add_argument("--training", default="expansion", choices=("expansion", "all"),
                        help="LEAS's TRAINING (default expansion, as PLUS)")
    parser.add_argument("--one", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--folder", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--json", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one, args.folder, args.json, not args.no_distance, args.training)
        return
    root = args.keep or tempfile.mkdtemp(prefix="lc_evidence_")
    results = {}
    try:
        for name in args.datasets.split(","):
            if name in SKIPPED or not available(name):
                print("%s: skipped (%s)" % (name, SKIPPED.get(name, "not in ../shared/data")))
                continue
            work = os.path.join(root, name)
            json_path = os.path.join(root, name + ".json")
            results[name] = try_child(__file__, ["--one", name, "--folder", work]
                                      + (["--no-distance"] if args.no_distance else [])
                                      + ["--training", args.training], json_path)
            print(name, json.dumps(results[name]))
        print(table(results))
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)


if __name__ == "__main__":
    main()
