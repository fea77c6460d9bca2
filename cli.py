"""The command line of LandCarbon, without QGIS (docs/cluster.md):

    python3 -m landcarbon study parameters.json [--output DIR]
            [--workers N|auto | --scheduler tcp://host:8786] [--chunk 2048]
            [--maps A.tif B.tif ...] [--drivers ...] [--pools F] [--classes F]
            [--pathways F] [--set NAME=VALUE ...]

reads the ``parameters.json`` that every study run writes (in QGIS or here),
so a study designed in the QGIS window on a small area runs unchanged on the
national extent, with the paths replaced where the command line gives them
and any setting changed with ``--set NAME=VALUE`` (the names of the QGIS
tool, e.g. ``--set PATCH_THRESHOLD=0.7 --set RUNS=5``; the list is the
study's spec, core/study/settings.py).
``--workers N`` starts a LocalCluster of N worker processes on this machine
(``--workers auto``: one per core),
``--scheduler`` connects to a running Dask scheduler (e.g. one started by
dask-jobqueue on an HPC system); without either the study runs on this
machine as in QGIS. ``python3 path/to/landcarbon study ...`` works too.

An adapter like the Processing algorithms: it parses, reports and exits
with a message (exit code 2) instead of a traceback.
"""

import argparse
import os
import sys
import time

from .core.common.errors import Cancelled, LandCarbonError
from .core.common.progress import Progress


def _parser():
    parser = argparse.ArgumentParser(
        prog="python3 -m landcarbon",
        description="LandCarbon without QGIS: the whole study from a parameters.json.")
    sub = parser.add_subparsers(dest="command", required=True)
    study = sub.add_parser("study", help="run the whole study (landcarbon:scenarios)")
    study.add_argument("parameters", help="the parameters.json a study run wrote")
    study.add_argument("--output", help="output folder (default: the folder of the "
                                        "parameters.json; a new run_<date> subfolder is made "
                                        "when it holds files)")
    where = study.add_mutually_exclusive_group()
    where.add_argument("--workers", type=_workers,
                       help="start a LocalCluster of this many Dask worker processes "
                            "('auto': one per core)")
    where.add_argument("--scheduler", help="address of a running Dask scheduler "
                                           "(tcp://host:8786) or its scheduler file (.json)")
    study.add_argument("--chunk", type=int, default=2048,
                       help="Dask chunk side in cells (default 2048; results do not depend "
                            "on it)")
    study.add_argument("--maps", nargs="+", help="land-use maps replacing the recorded ones "
                                                 "(same years, same order)")
    study.add_argument("--drivers", nargs="+", help="driver rasters replacing the recorded ones")
    for name in ("pools", "classes", "pathways"):
        study.add_argument("--" + name, help="%s table replacing the recorded one" % name)
    study.add_argument("--set", action="append", default=[], metavar="NAME=VALUE",
                       help="change a setting, by its name in the QGIS tool (%s)"
                       % ", ".join(p.name for _path, p in _settable()))
    return parser


def _workers(text):
    """--workers: a number of worker processes, or 'auto' (one per core)."""
    if text.strip().lower() == "auto":
        return os.cpu_count() or 1
    try:
        return int(text)
    except ValueError:
        raise argparse.ArgumentTypeError("give a number of workers or 'auto', not %r"
                                         % text) from None


def _settable():
    """(attribute path, Param) of every setting --set may change."""
    from .core.common import spec
    from .core.study import StudySettings
    return spec.all_params(StudySettings)


def apply_sets(settings, assignments):
    """Apply --set NAME=VALUE (names as in the QGIS tool) to the settings;
    an unknown name or a value of the wrong type is refused by name (ranges
    are checked with every other value before any work)."""
    from .core.common import spec
    by_name = {p.name: (path, p) for path, p in _settable()}
    for text in assignments:
        name, sep, value = text.partition("=")
        name = name.strip().upper()
        if not sep or name not in by_name:
            raise LandCarbonError("--set %s: give NAME=VALUE with NAME one of %s."
                                  % (text, ", ".join(sorted(by_name))))
        path, p = by_name[name]
        owner = settings
        for attr in path[:-1]:
            owner = getattr(owner, attr)
        setattr(owner, path[-1], spec.parse_text(p, value))
    return settings


def _progress(quiet=False):
    state = {"last": -1.0, "start": time.time()}

    def report(fraction, message):
        if fraction - state["last"] >= 0.01 or fraction >= 1.0:
            state["last"] = fraction
            print("%5.1f %%  %6.0f s  %s" % (100 * fraction, time.time() - state["start"],
                                            message or ""), flush=True)

    return Progress(report=None if quiet else report, info=lambda t: print(t, flush=True),
                    warning=lambda t: print("WARNING:", t, flush=True))


def run_study_command(args, progress):
    from .core.common import cluster as dask_cluster
    from .core.study import read_parameters, run_study
    settings = read_parameters(args.parameters, args.output)
    if args.maps:
        if len(args.maps) != len(settings.maps):
            raise LandCarbonError("--maps gives %d map(s); %s records %d (years %s)." % (
                len(args.maps), args.parameters, len(settings.maps),
                ", ".join(map(str, settings.years))))
        settings.maps = list(args.maps)
    if args.drivers:
        settings.driver_paths = list(args.drivers)
    for name, field in (("pools", "pools_path"), ("classes", "classes_path"),
                        ("pathways", "pathways_path")):
        if getattr(args, name):
            setattr(settings, field, getattr(args, name))
    apply_sets(settings, args.set)
    settings.map_labels = settings.driver_labels = None
    settings.command = "python3 -m landcarbon " + " ".join(sys.argv[1:])
    cluster = None
    if args.workers or args.scheduler:
        cluster = dask_cluster.connect(scheduler=args.scheduler, workers=args.workers,
                                       chunk_rows=args.chunk, chunk_cols=args.chunk)
        progress.info(cluster.describe())
    try:
        settings.cluster = cluster
        result = run_study(settings, progress=progress)
    finally:
        if cluster is not None:
            cluster.close()
    print("Report: %s" % result.report_path)
    print("Summary: %s" % result.summary_path)
    return result


def main(argv=None):
    args = _parser().parse_args(argv)
    progress = _progress()
    try:
        if args.command == "study":
            run_study_command(args, progress)
    except Cancelled:
        print("Cancelled.", file=sys.stderr)
        return 1
    except LandCarbonError as exc:
        print("ERROR: %s" % exc, file=sys.stderr)
        return 2
    return 0
