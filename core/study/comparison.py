"""The scenarios side by side (docs/study.md, step 6): what every published
PLUS + InVEST study plots after its scenarios.

- Per scenario other than the reference one (NE when it ran, else the first
  finished scenario), pathway and target year: the carbon difference map
  scenario - reference (Mg C/ha, Float32: the two carbon stock maps
  subtracted where both hold data) and, per target year, the land-use
  difference map (the scenario's class where it differs from the
  reference's, nodata where they agree; styled with the class colours).
- Per target year the scenario-diversity map (PLUS's): how many different
  classes a cell takes across the finished scenarios (1 = every scenario
  agrees), UInt8.
- The ranking: per pathway, the scenarios ordered by their carbon change in
  the last target year (Tg C), with its value at the first price.

Every map is read and written in row strips; a cell that is nodata in any
of the maps compared is nodata in the result.
"""

import os
from dataclasses import dataclass, field

import numpy as np

from ..common import raster
from ..common.classes import ClassTable
from ..common.landmap import open_landuse
from ..common.outputs import Outputs
from ..common.styles import (
    RAMP_DIVERGING,
    RAMP_GREENS,
    class_entries,
    style_categorical,
    style_continuous,
)

DIVERSITY_NODATA = 0
FLOAT_NODATA = raster.FLOAT32_NODATA


@dataclass
class Comparison:
    """``reference``: the scenario the others are compared with;
    ``carbon``: {(scenario, pathway, year): difference map}; ``landuse``:
    {(scenario, year): difference map}; ``diversity``: {year: map};
    ``ranking``: [(pathway, rank, scenario, change Tg C, value)]."""

    reference: str
    carbon: dict = field(default_factory=dict)
    landuse: dict = field(default_factory=dict)
    diversity: dict = field(default_factory=dict)
    ranking: list = field(default_factory=list)


def compare_scenarios(s, result, layout, progress):
    """The comparison of the finished scenarios (module docstring), or None
    with fewer than two."""
    done = [o for o in result.scenarios if o.status == "finished" and o.maps]
    if len(done) < 2:
        return None
    reference = next((o for o in done if o.spec.name == "NE"), done[0])
    comparison = Comparison(reference.spec.name)
    classes = ClassTable.from_csv(s.classes_path, "CLASSES table") if s.classes_path \
        else ClassTable()
    years = s.target_years
    for n, year in enumerate(years):
        step = progress.span(n / len(years), (n + 1) / len(years))
        comparison.diversity[year] = _diversity(
            [o.maps[year] for o in done], layout.path("diversity", year=year), step)
        for other in done:
            if other is reference:
                continue
            comparison.landuse[(other.spec.name, year)] = _landuse_difference(
                reference.maps[year], other.maps[year],
                layout.path("compare_landuse", name=other.spec.name,
                            base=reference.spec.name, year=year),
                result.codes, classes, step)
            for row in other.rows:
                base = _row(reference, row.pathway, year)
                if row.year == year and base is not None:
                    comparison.carbon[(other.spec.name, row.pathway, year)] = \
                        _carbon_difference(base.files["stock"], row.files["stock"],
                                           layout.path("compare_carbon", name=other.spec.name,
                                                       base=reference.spec.name,
                                                       pathway=row.pathway, year=year), step)
    comparison.ranking = ranking(done, years[-1])
    return comparison


def ranking(outcomes, year):
    """Per pathway, the scenarios by carbon change in ``year`` (largest
    first): [(pathway, rank, scenario, change Tg C, value at the first
    price or None)]."""
    rows = []
    pathways = sorted({r.pathway for o in outcomes for r in o.rows})
    for pathway in pathways:
        entries = [(sum(r.change_pools_tg), o.spec.name, r.values[0] if r.values else None)
                   for o in outcomes for r in o.rows if r.pathway == pathway and r.year == year]
        entries.sort(key=lambda e: (-e[0], e[1]))
        rows += [(pathway, i + 1, name, change, value)
                 for i, (change, name, value) in enumerate(entries)]
    return rows


def _row(outcome, pathway, year):
    return next((r for r in outcome.rows if r.pathway == pathway and r.year == year
                 and r.files.get("stock")), None)


def _strips(paths, progress):
    """(y0, [strip of each map], [its nodata mask]) over their common grid."""
    infos = [raster.open_band(p, os.path.basename(p), 1, progress) for p in paths]
    raster.check_same_grid([(i.label, i.grid) for i in infos])
    readers = [raster.BandReader(i) for i in infos]
    try:
        grid = infos[0].grid
        parts = raster.strips(grid, raster.strip_rows(grid))
        for n, (y0, rows) in enumerate(parts):
            blocks = [r.read(y0, rows) for r in readers]
            masks = [~raster.valid_mask(b, i.nodata) for b, i in zip(blocks, infos)]
            yield y0, blocks, masks
            progress.set((n + 1) / len(parts))
    finally:
        for r in readers:
            r.close()


def _diversity(paths, out_path, progress):
    """How many different classes each cell takes across ``paths``."""
    grid = raster.open_band(paths[0]).grid
    with Outputs() as out:
        target = out.path(out_path)
        ds = raster.create_raster(target, grid, np.uint8, nodata=DIVERSITY_NODATA)
        for y0, blocks, masks in _strips(paths, progress):
            stack = np.sort(np.stack(blocks).astype(np.int64), axis=0)
            count = 1 + (np.diff(stack, axis=0) != 0).sum(axis=0)
            count[np.any(masks, axis=0)] = DIVERSITY_NODATA
            raster.write_strip(ds, y0, count.astype(np.uint8))
        ds = None
        style_continuous(target, 1, len(paths), RAMP_GREENS, "classes")
    return out_path


def _landuse_difference(base, other, out_path, codes, classes, progress):
    """``other``'s class where it differs from ``base``'s, else nodata."""
    info = open_landuse(other, os.path.basename(other), progress)
    nodata = raster.class_nodata(info, codes)
    with Outputs() as out:
        target = out.path(out_path)
        ds = raster.create_raster(target, info.grid, info.dtype, nodata=nodata)
        style_categorical(ds, target, class_entries(codes, classes))
        for y0, (a, b), masks in _strips([base, other], progress):
            same = (a == b) | masks[0] | masks[1]
            raster.write_strip(ds, y0, np.where(same, nodata, b).astype(b.dtype))
        ds = None
    return out_path


def _carbon_difference(base, other, out_path, progress):
    """``other`` - ``base`` (Mg C/ha) where both hold data."""
    grid = raster.open_band(base).grid
    span = 0.0
    with Outputs() as out:
        target = out.path(out_path)
        ds = raster.create_raster(target, grid, np.float32, nodata=FLOAT_NODATA)
        for y0, (a, b), masks in _strips([base, other], progress):
            diff = b.astype(np.float64) - a.astype(np.float64)
            bad = masks[0] | masks[1]
            if (~bad).any():
                span = max(span, float(np.abs(diff[~bad]).max()))
            raster.write_strip(ds, y0, np.where(bad, FLOAT_NODATA, diff).astype(np.float32))
        ds = None
        style_continuous(target, -(span or 1.0), span or 1.0, RAMP_DIVERGING, "Mg C/ha")
    return out_path

