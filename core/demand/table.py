"""Land demand given as a table (docs/demand.md, "A demand table"): a
planning target, a system-dynamics or grey model run elsewhere, one table
per scenario.

The CSV is long, one row per year and class: ``year,code,cells`` or
``year,code,km2`` (cells win when both are given). km2 become cells by the
map's cell area (a projected grid; a geographic grid needs cells).

- Every class of the map CARS starts from needs a value in every year of
  the table, and the table may name no other class: CARS allocates exactly
  the classes of that map.
- A target year between two years of the table is interpolated linearly,
  class by class: e_k(y) = n_k(y0) + (n_k(y1) - n_k(y0)) (y - y0) / (y1 - y0).
  A target year outside the table's years is refused (no extrapolation).
- Whole cells: a year written in cells must sum exactly to the valid cell
  count N of that map; a year written in km2 may differ from N by at most
  ``KM2_TOLERANCE`` (rounding of areas) and is rescaled to N. Interpolated
  and km2 years are rounded to whole cells by largest remainder, so every
  demand sums to N exactly.
- With a ``zone`` column (DEMAND_BY_ZONE) each zone reads its own rows (the
  zone's name, or its code for a zone raster) and they are checked against
  the zone's own part of the map.
"""

from collections import OrderedDict
from dataclasses import dataclass

import numpy as np

from ..common.errors import LandCarbonError
from ..common.tables import parse_float, parse_int, read_table
from .chain import largest_remainder

KM2_TOLERANCE = 0.005     # a km2 table may miss the map's area by 0.5 % (rounded areas)


@dataclass
class TableDemand:
    """``demand``: {target year: {code: cells}} summing to ``valid_cells``;
    ``interpolated``: {target year: (y0, y1)} for years between the table's;
    ``unit``: 'cells' or 'km2' as written."""

    demand: dict
    interpolated: dict
    unit: str
    valid_cells: int


def has_zones(path, label):
    """Does the demand table have a ``zone`` column (a demand per zone)?"""
    return "zone" in read_table(path, label)[0]


def table_years(path, label):
    """The years a demand table gives (any zone)."""
    header, rows = read_table(path, label, required=("year",))
    iy = header.index("year")
    return sorted({parse_int(row[iy], label, r, "year") for r, row in enumerate(rows, start=1)
                   if len(row) > iy})


def _zone_matches(text, zone):
    """A zone column value names ``zone`` by its name, or by its code for
    the zones of a zone raster (named 'zone <code>')."""
    return text == zone or "zone %s" % text == zone


def read_demand_table(path, label, cell_km2=None, zone=None):
    """{year: {code: float cells}} of a demand CSV in cells or km2, and the
    unit written. ``cell_km2``: area of one cell (None: geographic grid);
    ``zone``: the zone whose rows to read (a table with a ``zone`` column,
    DEMAND_BY_ZONE)."""
    header, rows = read_table(path, label, required=("year", "code"),
                              aliases={"lucode": "code", "class": "code"})
    if zone is not None:
        if "zone" not in header:
            raise LandCarbonError("%s has no zone column, so it cannot give the demand of zone "
                                  "%s; add a column zone (the zone's name or code) or run "
                                  "without DEMAND_BY_ZONE." % (label, zone))
        iz = header.index("zone")
        rows = [row for row in rows if len(row) > iz and _zone_matches(row[iz], zone)]
        label = "%s, zone %s" % (label, zone)
    unit = "cells" if "cells" in header else "km2" if "km2" in header else None
    if unit is None:
        raise LandCarbonError("%s needs a column cells or km2 (the demand of each class and "
                              "year); its header is %s." % (label, ", ".join(header)))
    if unit == "km2" and not cell_km2:
        raise LandCarbonError("%s gives km2, but the maps have a geographic CRS (cells of "
                              "different areas); give the demand in cells (column cells)."
                              % label)
    iy, ic, iv = header.index("year"), header.index("code"), header.index(unit)
    table = {}
    for r, row in enumerate(rows, start=1):
        row = row + [""] * (len(header) - len(row))
        year, code = parse_int(row[iy], label, r, "year"), parse_int(row[ic], label, r, "code")
        value = parse_float(row[iv], label, r, unit)
        if value < 0:
            raise LandCarbonError("%s, data row %d: %s = %s; a demand is >= 0."
                                  % (label, r, unit, row[iv]))
        per_year = table.setdefault(year, {})
        if code in per_year:
            raise LandCarbonError("%s: class %d appears twice for year %d." % (label, code, year))
        per_year[code] = value if unit == "cells" else value / cell_km2
    if not table:
        raise LandCarbonError("%s has no data rows." % label)
    return OrderedDict(sorted(table.items())), unit


def _check_year(label, year, values, codes, total, unit):
    """The classes of ``values`` are ``codes``; their sum fits ``total``."""
    extra = sorted(set(values) - set(codes))
    missing = sorted(set(codes) - set(values))
    if extra or missing:
        raise LandCarbonError(
            "%s, year %d: the demand must list exactly the classes of the map the simulation "
            "starts from (%s)%s%s." % (
                label, year, ", ".join(map(str, codes)),
                "; it lacks %s" % ", ".join(map(str, missing)) if missing else "",
                "; the map has no cell of %s" % ", ".join(map(str, extra)) if extra else ""))
    s = sum(values.values())
    if unit == "cells" and (any(v != int(v) for v in values.values()) or s != total):
        raise LandCarbonError(
            "%s, year %d: the demand sums to %s cells, but the map the simulation starts from "
            "has %d valid cells; give whole cells that sum to %d (every cell gets a class)."
            % (label, year, "%g" % s, total, total))
    if unit == "km2" and abs(s - total) > KM2_TOLERANCE * total:
        raise LandCarbonError(
            "%s, year %d: the demand sums to %.6g cells (in km2), %.2f %% off the %d valid "
            "cells of the map the simulation starts from (at most %.1f %% is taken as "
            "rounding); give areas that add up to the map's area."
            % (label, year, s, 100.0 * (s - total) / total, total, 100 * KM2_TOLERANCE))


def table_demand(path, target_years, codes, valid_cells, cell_km2=None, label=None, zone=None):
    """The demand of each target year from a table (module docstring).

    ``codes``: the classes of the map CARS starts from; ``valid_cells``: its
    valid cells N; ``cell_km2``: its cell area (None: geographic); ``zone``:
    read only that zone's rows (a zone column, DEMAND_BY_ZONE)."""
    label = label or "DEMAND table %s" % path
    table, unit = read_demand_table(path, label, cell_km2, zone)
    if zone is not None:
        label = "%s, zone %s" % (label, zone)
    for year, values in table.items():
        _check_year(label, year, values, codes, valid_cells, unit)
    years = list(table)
    demand, interpolated = {}, {}
    for target in sorted(int(y) for y in target_years):
        if target in table:
            values = np.array([table[target][c] for c in codes])
        elif years[0] < target < years[-1]:
            y1 = next(y for y in years if y > target)
            y0 = max(y for y in years if y < target)
            share = (target - y0) / float(y1 - y0)
            values = np.array([table[y0][c] + (table[y1][c] - table[y0][c]) * share
                               for c in codes])
            interpolated[target] = (y0, y1)
        else:
            raise LandCarbonError(
                "%s gives the years %s; the target year %d is outside them (a demand table "
                "is interpolated between its years, never extrapolated). Add a row for %d."
                % (label, ", ".join(map(str, years)), target, target))
        demand[target] = {c: int(v) for c, v in
                          zip(codes, largest_remainder(values, valid_cells))}
    return TableDemand(demand=demand, interpolated=interpolated, unit=unit,
                       valid_cells=valid_cells)
