"""The geodetector step (docs/geodetector.md): sample Y and the factors,
discretise the continuous factors by OPGD, then the factor, interaction,
risk and ecological detectors; tables and charts written all or nothing.
"""

from dataclasses import dataclass

import numpy as np

from ..common import raster
from ..common.errors import LandCarbonError
from ..common.outputs import Outputs
from ..common.progress import Progress
from ..common.spec import checked
from ..common.tables import write_table
from .discretize import classify, optimal
from .sample import bands, regular_sample, stride_of
from .settings import GeodetectorSettings
from .statistics import (
    ecological_detector,
    factor_detector,
    interaction_detector,
    risk_detector,
)


@dataclass
class GeodetectorResult:
    """``names`` of the factors; ``strata`` their sampled stratum numbers;
    ``choices`` the OPGD choice of each continuous factor (None: categorical);
    ``factors`` FactorResult, ``interactions`` {(i, j): InteractionResult},
    ``risk`` RiskResult, ``ecological`` {(i, j): EcologicalResult}; ``cells``
    sampled, ``stride`` of the sample."""

    names: list
    strata: list
    choices: list
    factors: list
    interactions: dict
    risk: list
    ecological: dict
    cells: int
    stride: int


def geodetector(y, continuous, categorical, names, max_classes=8, alpha=0.05, progress=None):
    """The detectors on sampled arrays: ``y``, ``continuous`` and
    ``categorical`` factor values (lists of 1-D arrays), ``names`` of the
    factors (continuous first). Returns a GeodetectorResult (cells and
    stride 0: set by the caller)."""
    progress = progress or Progress()
    strata, choices = [], []
    for n, values in enumerate(continuous):
        choice = optimal(y, values, max_classes)
        choices.append(choice)
        strata.append(classify(values, choice.breaks))
        progress.set((n + 1) / max(len(continuous), 1) * 0.6)
        progress.check()
    for values in categorical:
        choices.append(None)
        strata.append(np.asarray(values).astype(np.int64))
    k = len(strata)
    factors = [factor_detector(y, s) for s in strata]
    interactions = {(i, j): interaction_detector(y, strata[i], strata[j])
                    for i in range(k) for j in range(i + 1, k)}
    ecological = {(i, j): ecological_detector(y, strata[i], strata[j], alpha)
                  for i in range(k) for j in range(k) if i != j}
    risk = [risk_detector(y, s, alpha) for s in strata]
    progress.set(1.0)
    return GeodetectorResult(list(names), strata, choices, factors, interactions, risk,
                             ecological, int(len(y)), 0)


def run_geodetector(y, factors=(), categorical=(), *, settings=None, output_factors=None,
                    output_interactions=None, output_risk=None, output_ecological=None,
                    output_chart=None, output_heatmap=None, progress=None, **values):
    """The geodetector step: check, sample, detect, write (module docstring).
    ``y``: the Y raster; ``factors``, ``categorical``: rasters (every band a
    factor). Returns the GeodetectorResult."""
    s = checked(GeodetectorSettings, settings, **values)
    progress = progress or Progress()
    if not factors and not categorical:
        raise LandCarbonError("Give at least one factor: FACTORS (continuous rasters) or "
                              "CATEGORICAL (integer rasters such as the land-use map).")
    y_info = bands([y], "Y")[:1]
    cont, cats = bands(factors, "FACTORS"), bands(categorical, "CATEGORICAL")
    for info in cats:
        if not info.is_integer:
            raise LandCarbonError("CATEGORICAL %s is a %s raster; a categorical factor holds "
                                  "integer codes. Give it as a continuous factor (FACTORS) "
                                  "instead." % (info.label, info.dtype.name))
    stride = stride_of(s.sample_share, y_info[0].grid.xsize * y_info[0].grid.ysize)
    with raster.gdal_cache_limit():         # GDAL's block cache, not the map, bounds memory
        sample = regular_sample(y_info + cont + cats, stride, progress.span(0.0, 0.5))
    progress.info("Geographical detector: %d sampled cells (every %d-th row and column), "
                  "%d factors." % (sample[0].size, stride, len(cont) + len(cats)))
    result = geodetector(sample[0], sample[1:1 + len(cont)], sample[1 + len(cont):],
                         [i.label for i in cont + cats], s.max_classes, s.alpha,
                         progress.span(0.5, 0.95))
    result.stride = stride
    _log(result, progress)
    with Outputs() as out:
        if output_factors:
            write_table(out.path(output_factors), *factor_rows(result))
        if output_interactions:
            write_table(out.path(output_interactions), *interaction_rows(result))
        if output_risk:
            write_table(out.path(output_risk), *risk_rows(result))
        if output_ecological:
            write_table(out.path(output_ecological), *ecological_rows(result))
        if output_chart or output_heatmap:
            from .charts import heatmap, q_chart
            for path, draw in ((output_chart, q_chart), (output_heatmap, heatmap)):
                if path:
                    with open(out.path(path), "wb") as fh:
                        fh.write(draw(result))
    progress.set(1.0)
    return result


def factor_rows(result):
    header = ["factor", "q", "f", "p", "strata", "method", "classes", "breaks", "cells"]
    rows = []
    for name, f, choice in zip(result.names, result.factors, result.choices):
        rows.append([name, f.q, f.f, f.p, f.strata,
                     choice.method if choice else "categorical",
                     choice.classes if choice else f.strata,
                     " ".join("%.6g" % b for b in choice.breaks) if choice else "",
                     f.n])
    return header, rows


def interaction_rows(result):
    header = ["factor_1", "factor_2", "q_1", "q_2", "q_12", "interaction"]
    return header, [[result.names[i], result.names[j], r.q1, r.q2, r.q12, r.kind]
                    for (i, j), r in sorted(result.interactions.items())]


def risk_rows(result):
    header = ["factor", "stratum", "cells", "mean_y", "other_stratum", "t", "p", "significant"]
    rows = []
    for name, r in zip(result.names, result.risk):
        for a in range(len(r.strata)):
            rows.append([name, int(r.strata[a]), int(r.counts[a]), float(r.means[a]), None,
                         None, None, None])
            for b in range(a + 1, len(r.strata)):
                rows.append([name, int(r.strata[a]), None, None, int(r.strata[b]),
                             float(r.t[a, b]), float(r.p[a, b]),
                             "yes" if r.significant[a, b] else "no"])
    return header, rows


def ecological_rows(result):
    header = ["factor_1", "factor_2", "f", "p", "significant"]
    return header, [[result.names[i], result.names[j], r.f, r.p,
                     "yes" if r.significant else "no"]
                    for (i, j), r in sorted(result.ecological.items())]


def _log(result, progress):
    for name, f, choice in sorted(zip(result.names, result.factors, result.choices),
                                  key=lambda t: -t[1].q):
        progress.info("q(%s) = %.4f, p = %.3g%s." % (
            name, f.q, f.p, "" if choice is None else " (%s, %d classes)"
            % (choice.method, choice.classes)))
