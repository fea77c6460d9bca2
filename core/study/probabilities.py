"""LEAS in the study (docs/study.md, steps 2 and 3): which interval a model
learns from, the drivers of each map, and the probability rasters a model
predicts on the maps CARS starts from.

With DISTANCE_TO_CLASSES the study recomputes the distances to those
classes from the map each model learns from and from every map it predicts
on, so a model never sees distances made from a later map, and future
distances follow the simulated maps year after year.
"""

import os

import numpy as np

from ..common.outputs import Outputs
from ..leas import (
    MIN_SAMPLES,
    DriverSettings,
    LeasSettings,
    run_leas,
    run_leas_predict,
    run_prepare_drivers,
    train_leas,
    write_model_outputs,
)

# samples of TRAINING = all at most: its population is every cell, and 50,000
# gave probabilities as good as 200,000 on the shared data sets in a tenth of
# the time (cedar_creek: 64 s instead of 857 s; docs/calibration.md). LEAS
# oversamples the expansion cells of classes that would get fewer than 50
# positives at that rate and weights them back (docs/leas.md, step 2).
SAMPLES_ALL = 50000
MAX_SAMPLES = 200000


def auto_sampling_rate(matrix, training="expansion"):
    """LEAS sampling rate when none is given: enough for about 50 samples of
    the class that expanded least (the official 0.01 leaves small study areas
    with too few), at least 0.01, and at most 200,000 samples in all (the
    forests grow with the sample). Classes with fewer than MIN_SAMPLES
    expansion cells in all are left out: no rate gives them a forest (they
    get P = 0 and a warning), and they would push the rate to 1 for nothing.
    With ``training`` "all" the sample is a share of every cell valid in
    both maps: the same rate, at most SAMPLES_ALL cells. ``matrix``:
    transition counts of the calibration pair."""
    m = np.asarray(matrix)
    gains = m.sum(axis=0) - np.diag(m)
    gains = gains[gains >= MIN_SAMPLES]
    if not gains.size:
        return 0.01
    rate = max(0.01, 50.0 / gains.min())
    rate = float(min(rate, 1.0, max(0.01, float(MAX_SAMPLES) / gains.sum())))
    if training == "all":
        rate = min(rate, SAMPLES_ALL / max(float(m.sum()), 1.0))
    return rate


class Probabilities:
    """A LEAS model (in ``leas``: the folder of its outputs) and the
    probability rasters it predicts on any map (:meth:`predict`)."""

    def __init__(self, s, layout, model, model_path, leas, codes):
        self.s, self.layout, self.model, self.model_path = s, layout, model, model_path
        self.leas, self.codes = leas, codes

    def predict(self, landuse, tag, progress):
        """The probability raster of ``landuse`` (file name tag: e.g. a year)."""
        out = self.layout.path("probability", leas=self.leas, tag=tag)
        drivers, labels = drivers_of(self.s, landuse, tag, self.layout, self.codes,
                                     progress.span(0.0, 0.3))
        run_leas_predict(self.model_path, drivers, landuse, out, threads=self.s.threads,
                         labels={"DRIVERS": labels, "LANDUSE": os.path.basename(landuse)},
                         progress=progress.span(0.3, 1.0), cluster=self.s.cluster)
        return out


# the windows of the class shares of LANDSCAPE_DRIVERS (cells)
SHARE_WINDOWS = (3, 5, 11)


def drivers_of(s, landuse, tag, layout, codes, progress):
    """(driver paths, labels) for a map: the study's drivers, plus the stacks
    computed from ``landuse`` itself: distances to DISTANCE_TO_CLASSES, and
    with LANDSCAPE_DRIVERS the distance to every class of the study
    (``codes``) and their shares around each cell (a class the map lacks is
    farther than any cell, share 0: every map gives the same bands)."""
    drivers = list(s.driver_paths)
    labels = list(s.driver_labels or [os.path.basename(p) for p in s.driver_paths])
    name = os.path.basename(landuse)
    stacks = []
    if s.distance_classes:
        stacks.append(("distance_drivers", DriverSettings(distance_classes=s.distance_classes),
                       "distances to classes %s" % ", ".join(map(str, s.distance_classes))))
    if s.landscape != "none":
        stacks.append(("distance_every_class", DriverSettings(distance_classes=list(codes)),
                       "distances to every class"))
    if s.landscape == "distance and share":
        stacks.append(("class_shares", DriverSettings(share_classes=list(codes),
                                                      share_windows=list(SHARE_WINDOWS)),
                       "shares of every class in %s-cell windows"
                       % ", ".join(map(str, SHARE_WINDOWS))))
    for n, (key, settings, what) in enumerate(stacks):
        stack = layout.path(key, tag=tag)
        if not os.path.exists(stack):
            run_prepare_drivers(landuse, stack, settings=settings, classes=s.classes_path,
                                labels={"REFERENCE": name}, absent_classes="far",
                                progress=progress.span(n / len(stacks), (n + 1) / len(stacks)))
        drivers.append(stack)
        labels.append("%s from %s" % (what, name))
    return drivers, labels


def train(s, stats, classes, a, b, leas, layout, progress, holdout_block=0, predict_on=None):
    """LEAS on the maps ``a`` -> ``b`` (indices; ``stats``: the change
    statistics of the maps), predicted on map ``predict_on`` (index;
    default ``b``); outputs in the folder ``leas``; ``holdout_block``: the
    calibration's spatial hold-out (cells of every other block of a
    checkerboard never sampled). Returns (Probabilities, probability
    raster on that map)."""
    on = b if predict_on is None else predict_on
    rate = s.sampling_rate or auto_sampling_rate(stats.matrices[(a, b)], s.training)
    progress.info("LEAS on %d -> %d (sampling rate %.4g%s, TRAINING %s, MIN_SAMPLES_LEAF %d%s)."
                  % (s.years[a], s.years[b], rate,
                     "" if s.sampling_rate else ", chosen automatically", s.training,
                     s.min_samples_leaf,
        "; distances to class(es) %s from %d" % (", ".join(map(str, s.distance_classes)),
                                                 s.years[a]) if s.distance_classes else ""))
    codes = stats.codes
    train_drivers, labels = drivers_of(s, s.maps[a], s.years[a], layout, codes,
                                       progress.span(0.0, 0.1))
    model_path = layout.path("leas_model", leas=leas)
    settings = LeasSettings(sampling_rate=rate, trees=s.trees, seed=s.seed, threads=s.threads,
                            training=s.training, min_samples_leaf=s.min_samples_leaf,
                            holdout_block=holdout_block)
    if s.map_drivers:
        # the model learns from drivers measured on the start map of its interval ...
        model = train_leas(s.maps[a], s.maps[b], train_drivers, settings=settings,
                           classes=classes, labels={"DRIVERS": labels},
                           progress=progress.span(0.1, 0.5), cluster=s.cluster)
        _write_model_outputs(model, model_path, layout, leas)
        probabilities = Probabilities(s, layout, model, model_path, leas, codes)
        # ... and predicts from those of the map it predicts on
        return probabilities, probabilities.predict(s.maps[on], s.years[on],
                                                    progress.span(0.5, 1.0))
    probability = layout.path("probability", leas=leas, tag=s.years[b])
    model, _summary = run_leas(
        s.maps[a], s.maps[b], train_drivers, probability, settings=settings,
        classes=s.classes_path, output_contributions=layout.path("contributions", leas=leas),
        output_chart=layout.path("contribution_chart", leas=leas),
        output_accuracy=layout.path("leas_accuracy", leas=leas), output_model=model_path,
        labels={"DRIVERS": labels}, progress=progress.span(0.1, 0.9), cluster=s.cluster)
    probabilities = Probabilities(s, layout, model, model_path, leas, codes)
    if on != b:         # run_leas predicted on b (same drivers): the mask of the other map
        probability = probabilities.predict(s.maps[on], s.years[on], progress.span(0.9, 1.0))
    return probabilities, probability


def _write_model_outputs(model, model_path, layout, leas):
    with Outputs() as out:
        write_model_outputs(model, out.path(layout.path("contributions", leas=leas)),
                            out.path(layout.path("contribution_chart", leas=leas)),
                            out.path(layout.path("leas_accuracy", leas=leas)),
                            out.path(model_path))
