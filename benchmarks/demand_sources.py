"""The study with every demand source (issue 22) on every multi-date shared
data set: Markov NE, a demand table, the linear trend and the carbon optimum.

    .venv/bin/python benchmarks/demand_sources.py                   # every data set
    .venv/bin/python benchmarks/demand_sources.py --datasets lulcc_pie --keep /tmp/d
    .venv/bin/python benchmarks/demand_sources.py --by-zone         # DEMAND_BY_ZONE (no PLAN)

Per data set (the inputs of benchmarks/proof_study.py: its maps, drivers,
CLASSES with roles and illustrative densities by role; one target year one
interval after the last map), one study in a child process with four
scenarios:
- NE: the Markov chain;
- PLAN: a demand table written here, at the last map's year (its class
  counts) and two intervals later (5 % of the largest class moved to the
  class that gained most over the record), so the target year is
  interpolated halfway;
- TREND: the linear trend over all maps;
- OPT: the carbon optimum under bands by role: forest and water within
  1.0-1.2 of today (not below today), every other role within 0.8-1.2 of its
  Markov NE demand;
and results per zone on a 3 x 3 grid of zones (the data sets have no
administrative boundaries), checked to add up to the whole. With
``--by-zone`` each zone gets its own demand (DEMAND_BY_ZONE; PLAN, a
whole-map table, is left out) and the run checks that every zone's
simulated classes add up to its own demand (or its reported shortfall).
Prints per scenario its status, whether CARS met the demand, the carbon
change of the reference pathway (Tg C) and, for OPT, the binding
constraints; then a markdown table. Not a test: the data may not be
redistributed, so it is read from ../shared/data when it is there. The
densities are illustrative (benchmarks/proof_study.py), not a carbon study
of these places.
"""

import argparse
import csv
import json
import os
import shutil
import tempfile

from common import Timer, load_landcarbon, peak_rss_mb, try_child
from datasets import DATASETS, SKIPPED, available
from proof_study import ROLES, _counts, _write_csv, study_inputs


def _plan(path, maps, years, target):
    """The PLAN demand table (module docstring)."""
    first, last = _counts(maps[years[0]]), _counts(maps[years[-1]])
    largest = max(last, key=last.get)
    gainer = max(last, key=lambda c: (last[c] - first.get(c, 0), -c))
    moved = int(0.05 * last[largest]) if gainer != largest else 0
    later = dict(last)
    later[largest] -= moved
    later[gainer] += moved
    end = target + (target - years[-1])
    rows = [(years[-1], c, last[c]) for c in sorted(last)]
    rows += [(end, c, later[c]) for c in sorted(later)]
    return _write_csv(path, ["year", "code", "cells"], rows)


def _constraints(path, name):
    """Bands by role (module docstring), for the roles the data set has."""
    roles = sorted({r for _n, r in ROLES[name].values()})
    rows = []
    for role in roles:
        if role in ("forest", "water"):
            rows.append((role, 1.0, 1.2, "share_of_today", "%s not below today" % role))
        else:
            rows.append((role, 0.8, 1.2, "share_of_ne", "within 20 % of its trend"))
    return _write_csv(path, ["class", "lower", "upper", "unit", "note"], rows)


def _zone_grid(path, like):
    """A 3 x 3 grid of zones (codes 1..9) on the grid of the map ``like``:
    the shared data sets have no administrative boundaries."""
    import numpy as np
    from osgeo import gdal
    ds = gdal.Open(like)
    h, w = ds.RasterYSize, ds.RasterXSize
    yy, xx = np.mgrid[0:h, 0:w]
    zone = (1 + (yy * 3 // h) * 3 + (xx * 3 // w)).astype(np.int32)
    out = gdal.GetDriverByName("GTiff").Create(path, w, h, 1, gdal.GDT_Int32,
                                               ["COMPRESS=DEFLATE"])
    out.SetGeoTransform(ds.GetGeoTransform())
    out.SetProjection(ds.GetProjection())
    out.GetRasterBand(1).SetNoDataValue(0)
    out.GetRasterBand(1).WriteArray(zone)
    out = None
    return path


def _zones_add_up(rows):
    """Do the zone rows of every scenario, pathway and year add up to its
    'all' row (carbon and change, relative 1e-9)?"""
    groups = {}
    for r in rows:
        groups.setdefault((r["scenario"], r["pathway"], r["year"]), []).append(r)
    for group in groups.values():
        whole = [r for r in group if r["zone"] == "all"][0]
        for column in ("carbon_total_Tg", "change_total_Tg"):
            parts = sum(float(r[column] or 0) for r in group if r["zone"] != "all")
            if abs(parts - float(whole[column] or 0)) > 1e-9 * max(1.0, abs(parts)):
                return False
    return True


def _zones_keep_their_demand(result, target, zone_path):
    """With DEMAND_BY_ZONE: does every zone's simulated map hold exactly its
    zone's allocation (its allocation CSV), so that no cell moved for
    another zone? Counted here on the merged map."""
    from osgeo import gdal
    zone = gdal.Open(zone_path).ReadAsArray()
    ok = True
    for o in result.scenarios:
        if o.status != "finished":
            continue
        sim = gdal.Open(o.maps[target]).ReadAsArray()
        folder = os.path.join(result.folder, "scenarios", o.spec.name, "zones")
        for name in sorted(os.listdir(folder)):
            z = int(name.split("_")[1])
            path = os.path.join(folder, name, "allocation_%d.csv" % target)
            if not os.path.exists(path):          # a zone without valid cells is left out
                ok &= not os.listdir(os.path.join(folder, name))
                continue
            with open(path, encoding="utf-8-sig") as fh:
                rows = list(csv.DictReader(fh))
            for r in rows:
                cells = int(((sim == int(r["code"])) & (zone == z)).sum())
                ok &= cells == int(r["allocated_cells"])
    return bool(ok)


def run_one(name, work, json_path, by_zone=False):
    """Child process: the study of one data set; its figures as JSON."""
    load_landcarbon()
    from landcarbon.core.carbon import ZoneSource
    from landcarbon.core.common.progress import Progress
    from landcarbon.core.study import ScenarioSpec, StudySettings, run_study
    maps, drivers, classes, pools, distance = study_inputs(name, work)
    years = list(maps)
    target = years[-1] + years[-1] - years[-2]
    plan = _plan(os.path.join(work, "PLAN.csv"), maps, years, target)
    zone_path = _zone_grid(os.path.join(work, "zones.tif"), maps[years[-1]])
    constraints = _constraints(os.path.join(work, "constraints.csv"), name)
    s = StudySettings(
        maps=list(maps.values()), years=years, driver_paths=drivers, target_years=[target],
        scenarios=[ScenarioSpec.from_preset("NE")]
        + ([] if by_zone else [ScenarioSpec.from_demand_table(plan)])
        + [ScenarioSpec.trend(), ScenarioSpec.optimization(constraints)],
        demand_by_zone=by_zone,
        pools_path=pools, output_folder=os.path.join(work, "out"), classes_path=classes,
        permutations=20, distance_classes=distance, seed=1,
        command="benchmarks/demand_sources.py",
        zones=ZoneSource(raster=zone_path))
    timer = Timer()
    result = run_study(s, progress=Progress())
    rows = []
    with open(result.summary_path, encoding="utf-8-sig") as fh:
        table = list(csv.DictReader(fh))
    summary = {r["scenario"]: r for r in table if r["pathway"] == "reference"
               and r["scenario"] != "observed" and r["zone"] == "all"}
    for o in result.scenarios:
        alloc = o.allocation.get(target)
        row = {"scenario": o.spec.name, "source": o.spec.demand, "status": o.status,
               "error": o.error, "missed_cells": alloc.missed if alloc else None,
               "change_Tg": float(summary[o.spec.name]["change_total_Tg"])
               if o.spec.name in summary else None, "binding": []}
        if o.optimization:
            opt = o.optimization[target]
            row["binding"] = ["%s %s (%.3g Mg C/km2)" % (b.constraint.what, "min" if
                              b.side == "lower" else "max", b.shadow_per_km2)
                              for b in opt.binding]
        if o.trend:
            row["r2"] = {str(c): round(v, 3) for c, v in o.trend.r2.items()}
        rows.append(row)
    with open(json_path, "w") as fh:
        json.dump({"seconds": timer.seconds(), "rss_mb": peak_rss_mb(), "rows": rows,
                   "zones_add_up": _zones_add_up(table),
                   "zones_keep_their_demand": _zones_keep_their_demand(result, target, zone_path)
                   if by_zone else None}, fh)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--datasets", nargs="*", default=None)
    parser.add_argument("--keep", default=None, help="folder for the runs (default: temporary)")
    parser.add_argument("--by-zone", action="store_true",
                        help="DEMAND_BY_ZONE: a separate demand per zone")
    parser.add_argument("--one", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--folder", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--json", default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        run_one(args.one, args.folder, args.json, args.by_zone)
        return
    root = args.keep or tempfile.mkdtemp(prefix="lc_demand_")
    results = {}
    try:
        for name in args.datasets or sorted(DATASETS):
            if not available(name):
                print("%s: %s" % (name, SKIPPED))
                continue
            work = os.path.join(root, name)
            os.makedirs(work, exist_ok=True)
            json_path = os.path.join(root, name + ".json")
            results[name] = try_child(__file__, ["--one", name, "--folder", work]
                                      + (["--by-zone"] if args.by_zone else []), json_path)
            r = results[name]
            print("%s: %s" % (name, r.get("error") or "%.1f s, peak RSS %.0f MB, 9 zones add "
                                  "up to the whole: %s, zones keep their demand: %s" % (
                                      r["seconds"], r["rss_mb"], r["zones_add_up"],
                                      r["zones_keep_their_demand"])), flush=True)
            for row in r.get("rows", []):
                print("  %-6s %-12s %-8s missed %s cells, change %s Tg C %s %s" % (
                    row["scenario"], row["source"], row["status"], row["missed_cells"],
                    "%.4f" % row["change_Tg"] if row["change_Tg"] is not None else "-",
                    "; ".join(row["binding"]), row.get("error") or ""), flush=True)
    finally:
        if not args.keep:
            shutil.rmtree(root, ignore_errors=True)
    print()
    print("| data set | scenario | source | carbon change (Tg C) | demand missed (cells) "
          "| binding constraints |")
    print("|---|---|---|---|---|---|")
    for name, r in results.items():
        for row in r.get("rows", []):
            print("| %s | %s | %s | %s | %s | %s |" % (
                name, row["scenario"], row["source"],
                "%.4f" % row["change_Tg"] if row["change_Tg"] is not None else row["status"],
                row["missed_cells"], "; ".join(row["binding"]) or "-"))


if __name__ == "__main__":
    main()
