"""Inputs of CARS and their checks: probability bands, class weights,
transition matrix, restriction values, demand against the map, and whether
the demand can be met at all (docs/cars.md).

Every check raises a LandCarbonError that says what is wrong, where, and how
to fix it; all of them run before any output is created.
"""

import re

import numpy as np

from ..common import raster
from ..common.classes import codes_text
from ..common.demand_tables import read_transition_matrix
from ..common.errors import LandCarbonError
from ..common.landmap import cross_tabulate
from ..common.spec import check
from ..common.tables import parse_float, parse_int, read_table

# Restriction raster values (docs/cars.md): 0 no change, 1 free, 2 development zone.
RESTRICTED, FREE, DEVELOPMENT = 0, 1, 2

_BAND_CODE = re.compile(r"^\s*(-?\d+)(\s|$|[:_-])")


# ---------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------

def check_parameters(settings):
    """Every parameter against its spec (core/cars/settings.py): one message
    naming each value out of its range."""
    return check(settings)


# ---------------------------------------------------------------------------
# Probability raster
# ---------------------------------------------------------------------------

def probability_bands(path, label, codes, progress):
    """Band number (1-based) of each class (ascending codes) in the
    probability raster, and the RasterInfo of band 1.

    Bands are matched by their description '<code> <name>' (as written by
    landcarbon:leas) when every band has one, else by order: band i = the
    i-th class in ascending code order, which needs exactly one band per class.
    """
    info = raster.open_band(path, label, 1, progress)
    ds = raster.open_dataset(path, label)
    count = ds.RasterCount
    descriptions = [ds.GetRasterBand(b + 1).GetDescription() or "" for b in range(count)]
    ds = None
    parsed = [_BAND_CODE.match(d) for d in descriptions]
    if all(parsed) and count:
        band_codes = [int(m.group(1)) for m in parsed]
        dup = sorted({c for c in band_codes if band_codes.count(c) > 1})
        if dup:
            raise LandCarbonError(
                "%s: class code(s) %s appear in the description of more than one band (%s). "
                "Each band must hold the probability of one class ('<code> <name>')."
                % (label, codes_text(dup), "; ".join(descriptions)))
        missing = [c for c in codes if c not in band_codes]
        if missing:
            raise LandCarbonError(
                "%s has no probability band for land-use class(es) %s of the map (its bands "
                "are: %s). Run landcarbon:leas with land-use maps that contain these classes, "
                "or reclassify the map." % (label, codes_text(missing), "; ".join(descriptions)))
        extra = [c for c in band_codes if c not in codes]
        if extra and progress is not None:
            progress.info("%s: band(s) of class(es) %s are not used (the map has no such "
                          "class)." % (label, codes_text(extra)))
        bands = [band_codes.index(c) + 1 for c in codes]
        how = "by band description"
    else:
        if any(parsed) or any(d.strip() for d in descriptions):
            raise LandCarbonError(
                "%s: the band descriptions (%s) do not all start with a class code. Name every "
                "band '<code> <name>' (landcarbon:leas does), or remove all descriptions to "
                "match bands to classes by order." % (label, "; ".join(descriptions)))
        if count != len(codes):
            raise LandCarbonError(
                "%s has %d band(s) without class codes in their descriptions, but the land-use "
                "map has %d classes (%s). Bands are then matched by order (one band per class, "
                "ascending codes), so their number must match; use the probability raster "
                "written by landcarbon:leas for these classes."
                % (label, count, len(codes), codes_text(codes)))
        bands = list(range(1, count + 1))
        how = "by order (no band descriptions)"
    if progress is not None:
        progress.info("%s: class -> band %s: %s." % (
            label, how, ", ".join("%d -> %d" % (c, b) for c, b in zip(codes, bands))))
    return bands, info


def check_probability_block(block, band, code, label):
    """Probabilities must lie in [0, 1] (nodata excluded by the caller)."""
    if block.size == 0:
        return
    lo, hi = float(block.min()), float(block.max())
    if lo < 0.0 or hi > 1.0:
        bad = block[(block < 0) | (block > 1)]
        raise LandCarbonError(
            "%s, band %d (class %d) holds values outside [0, 1] (%d cells, from %.6g to %.6g "
            "in the part read so far); development probabilities must lie between 0 and 1. "
            "Use the probability raster written by landcarbon:leas, or declare the band's "
            "nodata value if these are missing-data markers."
            % (label, band, code, bad.size, float(bad.min()), float(bad.max())))


def check_restriction_block(block, valid, label):
    """Restriction values on valid cells must be 0, 1 or 2."""
    values = block[valid]
    if values.size == 0:
        return
    bad = values[(values != RESTRICTED) & (values != FREE) & (values != DEVELOPMENT)]
    if bad.size:
        shown = np.unique(bad)[:10]
        raise LandCarbonError(
            "%s holds value(s) %s; a restriction raster holds 0 (no change), 1 (free) and "
            "2 (development zone) only. Reclassify it (e.g. with the Raster Calculator)."
            % (label, ", ".join("%g" % v for v in shown)))


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------

def read_weights(path, codes, label="WEIGHTS table"):
    """Neighbourhood weights w_k in [0, 1] from a CSV code,weight (one row
    per class of the map)."""
    header, rows = read_table(path, label, required=("code", "weight"),
                              aliases={"lucode": "code", "class": "code", "w": "weight"})
    ic, iw = header.index("code"), header.index("weight")
    weights = {}
    for r, row in enumerate(rows, start=1):
        row = row + [""] * (len(header) - len(row))
        code = parse_int(row[ic], label, r, "code")
        value = parse_float(row[iw], label, r, "weight")
        if not 0.0 <= value <= 1.0:
            raise LandCarbonError("%s, data row %d: weight %s of class %d is outside [0, 1]."
                                  % (label, r, row[iw], code))
        if code in weights:
            raise LandCarbonError("%s: class %d appears twice." % (label, code))
        weights[code] = value
    missing = [c for c in codes if c not in weights]
    if missing:
        raise LandCarbonError("%s has no weight for class(es) %s of the land-use map; add a "
                              "row code,weight for each." % (label, codes_text(missing)))
    return np.array([weights[c] for c in codes], dtype=np.float64), \
        sorted(set(weights) - set(codes))


def expansion_weights(start_info, end_info, codes, progress):
    """Default neighbourhood weights: each class's share of the total
    expansion between the calibration maps (cells that are class k at the
    end and were another class at the start, over cells valid in both).
    Returns (weights, expansion cells per class); weights None when no cell
    changed."""
    gained = cross_tabulate(start_info, end_info, codes, progress).gained
    total = gained.sum()
    if total == 0:
        return None, gained
    return gained / float(total), gained


def transition_allowed(path, codes, progress, label="TRANSITION_MATRIX table"):
    """K x K bool (rows = from) for the map's classes; default all allowed."""
    k = len(codes)
    if not path:
        return np.ones((k, k), dtype=bool)
    tm_codes, allowed = read_transition_matrix(path, label)
    missing = [c for c in codes if c not in tm_codes]
    if missing:
        raise LandCarbonError(
            "%s has no row/column for land-use class(es) %s of the map (it covers %s). Add "
            "them (1 = allowed, 0 = forbidden)." % (label, codes_text(missing),
                                                    codes_text(tm_codes)))
    extra = [c for c in tm_codes if c not in codes]
    if extra:
        progress.info("%s: class(es) %s are not in the map and are ignored."
                      % (label, codes_text(extra)))
    pos = [tm_codes.index(c) for c in codes]
    return allowed[np.ix_(pos, pos)]


def check_demand(demand, counts, codes, label="DEMAND table"):
    """Every year's demand covers exactly the map's classes and sums to the
    valid cell count of the map."""
    valid = int(sum(counts.values()))
    for year, per_class in demand.items():
        unknown = sorted(c for c in per_class if c not in codes)
        if unknown:
            raise LandCarbonError(
                "%s, year %d: class code(s) %s are not in the land-use map (its classes: %s). "
                "CARS allocates the classes of the initial map; fix the codes or the map."
                % (label, year, codes_text(unknown), codes_text(codes)))
        absent = [c for c in codes if c not in per_class]
        if absent:
            raise LandCarbonError(
                "%s, year %d has no row for class(es) %s of the land-use map; give every "
                "class a demand (cells = 0 if it should disappear)."
                % (label, year, codes_text(absent)))
        total = sum(per_class.values())
        if total != valid:
            raise LandCarbonError(
                "%s, year %d: the demand sums to %d cells, but the land-use map has %d valid "
                "cells (difference %+d). The demand must share out exactly the valid cells of "
                "the map (landcarbon:markovdemand computes it so from the same map)."
                % (label, year, total, valid, total - valid))
