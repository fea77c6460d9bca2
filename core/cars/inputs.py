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
from ..common.tables import parse_float, parse_int, read_table

# Restriction raster values (docs/cars.md): 0 no change, 1 free, 2 development zone.
RESTRICTED, FREE, DEVELOPMENT = 0, 1, 2

_BAND_CODE = re.compile(r"^\s*(-?\d+)(\s|$|[:_-])")


# ---------------------------------------------------------------------------
# Parameters
# ---------------------------------------------------------------------------

def check_unit_interval(value, name, hint=""):
    if value is None or not 0.0 <= float(value) <= 1.0:
        raise LandCarbonError("%s is %s; it must be between 0 and 1.%s"
                              % (name, value, (" " + hint) if hint else ""))
    return float(value)


def check_parameters(settings):
    """Plain parameter ranges (the neighbourhood is checked separately)."""
    check_unit_interval(settings.patch_threshold, "PATCH_THRESHOLD",
                        "It is delta, the factor by which the conversion threshold falls "
                        "(examples use 0.5 to 0.9).")
    check_unit_interval(settings.expansion_coefficient, "EXPANSION_COEFFICIENT",
                        "It is mu, the weight of new seed patches (0.1 in every official "
                        "example).")
    check_unit_interval(settings.seed_percentage, "SEED_PERCENTAGE",
                        "It is the share of a class's gap that may be filled with new seed "
                        "patches in a target year (default 0.01).")
    check_unit_interval(settings.decay_share, "DECAY_SHARE",
                        "The threshold decays after every iteration that closes less than this "
                        "share of the year's gap (default 0.5).")
    check_unit_interval(settings.gain_tolerance, "GAIN_TOLERANCE",
                        "It is the FLUS tolerance: a class above its demand may gain cells "
                        "while its surplus stays within this share of its initial surplus "
                        "(default 0.05).")
    check_unit_interval(settings.development_weight, "DEVELOPMENT_WEIGHT")
    check_unit_interval(settings.progress_share, "PROGRESS_SHARE",
                        "A target year stops when the last STALL_ITERATIONS iterations closed "
                        "less than this share of the gap (default 0.05).")
    for value, name, least, example in (
            (settings.pace_iterations, "PACE_ITERATIONS", 0,
             "a gap should close within this many iterations, else the pace rules help the "
             "class (default 20; 0 = PLUS's rules)"),
            (settings.stall_iterations, "STALL_ITERATIONS", 1,
             "the window of the rate-of-progress stop rule (default 10)")):
        if value is None or int(value) != value or int(value) < least:
            raise LandCarbonError("%s is %s; give a whole number >= %d: %s." % (
                name, value, least, example))
    if settings.max_iterations is None or int(settings.max_iterations) < 1:
        raise LandCarbonError("MAX_ITERATIONS is %s; give a whole number >= 1 (e.g. 1000)."
                              % settings.max_iterations)
    if settings.runs is None or int(settings.runs) != settings.runs or int(settings.runs) < 1:
        raise LandCarbonError("RUNS is %s; give a whole number >= 1 (1 = a single simulation, "
                              "e.g. 10 = an ensemble of ten seeds)." % settings.runs)
    seed = settings.random_seed
    if seed is None or int(seed) != seed or int(seed) < 0:
        raise LandCarbonError("RANDOM_SEED is %s; give a whole number >= 0." % seed)


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
