"""CARS in the study (docs/study.md): one simulation with the study's CARS
settings, and a seed ensemble of them (RUNS > 1) through
:func:`core.cars.run_ensemble`, the same ensemble as the cars step's, for the
validation and for every scenario alike.
"""

import dataclasses
import os
import shutil
import tempfile
from contextlib import contextmanager

import numpy as np

from ..cars import CarsResult, run_cars, run_ensemble
from ..common.demand_tables import read_transition_matrix, write_transition_matrix
from ..common.outputs import Outputs
from .proximity import write_proximity_probabilities
from .results import EnsembleRuns


def cars(s, landuse, probability, demand_csv, out_path, log_csv, allocation_csv, progress,
         matrix=None, weights=None, seed=None):
    """One CARS run with the study's settings and ``seed`` (default SEED)."""
    settings = dataclasses.replace(s.cars, random_seed=s.seed if seed is None else seed, runs=1,
                                   threads=s.threads)
    with _probabilities_for_cars(s, probability, landuse, out_path, progress) as (prob, rest):
        return run_cars(landuse, prob, demand_csv, out_path, settings=settings,
                        transition_matrix=matrix, weights=weights, classes=s.classes_path,
                        output_log=log_csv, output_allocation=allocation_csv,
                        cluster=s.cluster, progress=rest)


@contextmanager
def _probabilities_for_cars(s, probability, landuse, out_path, progress):
    """(the probability raster CARS gets, the progress left for CARS): the
    LEAS raster itself, or with PROXIMITY_DECAY its weighted copy
    (core/study/proximity.py), a temporary file beside the output."""
    if not s.proximity_decay:
        yield probability, progress
        return
    folder = tempfile.mkdtemp(prefix=".landcarbon-proximity-",
                              dir=os.path.dirname(os.path.abspath(out_path)))
    try:
        weighted = os.path.join(folder, "probability.tif")
        write_proximity_probabilities(probability, landuse, s.proximity_decay, weighted,
                                      progress.span(0.0, 0.1))
        yield weighted, progress.span(0.1, 1.0)
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def observed_transitions(s, stats, a, b, path, also=None):
    """With TRANSITIONS observed: a transition matrix (CSV at ``path``) that
    allows c -> k only where some cell went from c to k between maps ``a``
    and ``b`` (the interval LEAS learnt from), and only where ``also`` (a
    transition matrix CSV, e.g. a scenario's) allows it too; None with
    TRANSITIONS all (then ``also`` alone applies)."""
    if s.transitions != "observed":
        return also
    matrix = np.asarray(stats.matrices[(a, b)])
    allowed = (matrix > 0) | np.eye(len(stats.codes), dtype=bool)
    if also:
        codes, scenario = read_transition_matrix(also)
        order = [codes.index(c) for c in stats.codes]
        allowed &= np.asarray(scenario, dtype=bool)[np.ix_(order, order)]
    with Outputs() as out:
        write_transition_matrix(out.path(path), list(stats.codes), allowed)
    return path


def merge_years(results):
    """One CarsResult of several single-year runs (a simulation year after
    year, each from the previous map)."""
    merged = CarsResult(results[0].codes, seed=results[0].seed)
    for r in results:
        merged.years += r.years
        merged.log_rows += r.log_rows
    return merged


def simulate(s, layout, folder, years, start, run_one, keys, fields, classes, progress):
    """The simulation of ``folder`` (relative to the run folder): with RUNS
    = 1, ``run_one(seed, folder, progress)`` into ``folder`` itself; with more,
    once per seed into ``folder``/runs/seed_<s>, then the change frequency
    and most frequent class of every year and the median run's maps copied
    beside them. ``keys``: the layout keys (map, frequency, mode) of those
    files, ``fields`` their placeholders besides the year. Returns (CarsResult
    of the (median) run, EnsembleRuns or None, the CarsResult of every run)."""
    seeds = [s.seed + r for r in range(s.runs)]
    if s.runs == 1:
        result = run_one(seeds[0], os.path.join(layout.folder, folder), progress)
        return result, None, [result]

    def paths(key):
        return {y: layout.path(key, year=y, **fields) for y in years}

    final, frequency, mode = (paths(key) for key in keys)
    with Outputs() as out:
        temporary = [{y: out.path(p) for y, p in named.items()}
                     for named in (final, frequency, mode)]
        median, summaries, results = run_ensemble(
            run_one, seeds, years, start, *temporary, None, classes,
            layout.runs_folder(folder), progress)
    ensemble = EnsembleRuns(seeds, seeds[summaries[-1].median_run], summaries[-1].agreement,
                            frequency, mode)
    return median, ensemble, results
