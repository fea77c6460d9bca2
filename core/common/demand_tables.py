"""The tables that pass land demand from markovdemand to cars (and that users
may write by hand): the demand table and the transition matrix. They live in
the shared toolkit because two models read or write them (docs/demand.md,
docs/cars.md).

Demand CSV, long form, one row per target year and class::

    year,code,cells,km2
    2030,1,41250,37.125
    ...

``cells`` (integers) is what cars allocates; ``km2`` is informative and may be
omitted in hand-written tables. Several years run in sequence in cars.

Transition matrix CSV, square, rows = from class, columns = to class, 1 =
allowed, 0 = forbidden; the header row and the first column hold the class
codes (the top-left cell is free text, e.g. ``from/to``)::

    from/to,1,2,3
    1,1,0,1
    2,1,1,1
    3,0,0,1
"""

from collections import OrderedDict

import numpy as np

from .errors import LandCarbonError
from .tables import parse_float, parse_int, read_rows, read_table, write_table


def read_demand(path, label="DEMAND table"):
    """{year: {code: cells}} in increasing year order (cells: int >= 0)."""
    header, rows = read_table(path, label, required=("year", "code", "cells"),
                              aliases={"lucode": "code", "class": "code"})
    iy, ic, icells = header.index("year"), header.index("code"), header.index("cells")
    demand = {}
    for r, row in enumerate(rows, start=1):
        row = row + [""] * (len(header) - len(row))
        year = parse_int(row[iy], label, r, "year")
        code = parse_int(row[ic], label, r, "code")
        value = parse_float(row[icells], label, r, "cells")
        if value < 0 or value != int(value):
            raise LandCarbonError("%s, data row %d: cells = %s; demand must be a whole number "
                                  "of cells >= 0." % (label, r, row[icells]))
        per_year = demand.setdefault(year, {})
        if code in per_year:
            raise LandCarbonError("%s: class %d appears twice for year %d." % (label, code, year))
        per_year[code] = int(value)
    if not demand:
        raise LandCarbonError("%s has no data rows." % label)
    return OrderedDict(sorted(demand.items()))


def write_demand(path, demand, cell_km2):
    """Write {year: {code: cells}}; km2 = cells * cell_km2 (a number, or None
    to leave the column empty, e.g. for geographic grids)."""
    rows = []
    for year in sorted(demand):
        for code in sorted(demand[year]):
            cells = int(demand[year][code])
            rows.append([year, code, cells, None if cell_km2 is None else cells * cell_km2])
    write_table(path, ["year", "code", "cells", "km2"], rows)


def read_transition_matrix(path, label="TRANSITION_MATRIX table"):
    """(codes, allowed) with ``allowed[i, j]`` True when class codes[i] may
    become codes[j]. Refuses tables that are not square, whose row and column
    codes differ, or that hold anything but 0 and 1."""
    rows = read_rows(path, label)
    header = rows[0][1:]
    codes = []
    for j, text in enumerate(header, start=2):
        codes.append(parse_int(text, label, 0, "header column %d" % j))
    body = rows[1:]
    if len(body) != len(codes):
        raise LandCarbonError(
            "%s is not square: %d class columns (%s) but %d rows. Give one row per class, "
            "rows = from, columns = to." % (label, len(codes), ", ".join(map(str, codes)),
                                            len(body)))
    if len(set(codes)) != len(codes):
        raise LandCarbonError("%s: a class code appears twice in the header row." % label)
    allowed = np.zeros((len(codes), len(codes)), dtype=bool)
    row_codes = []
    for i, row in enumerate(body, start=1):
        if len(row) != len(codes) + 1:
            raise LandCarbonError("%s, data row %d has %d values; expected %d (one per class)."
                                  % (label, i, len(row) - 1, len(codes)))
        row_codes.append(parse_int(row[0], label, i, "first column"))
        for j, text in enumerate(row[1:]):
            value = parse_float(text, label, i, "to %d" % codes[j])
            if value not in (0.0, 1.0):
                raise LandCarbonError("%s, data row %d, column %d: %s; only 0 (forbidden) and "
                                      "1 (allowed) are valid." % (label, i, codes[j], text))
            allowed[i - 1, j] = value == 1.0
    if row_codes != codes:
        raise LandCarbonError("%s: the first column (%s) must list the same class codes in the "
                              "same order as the header row (%s)."
                              % (label, ", ".join(map(str, row_codes)), ", ".join(map(str, codes))))
    return codes, allowed


def write_transition_matrix(path, codes, allowed):
    rows = [[code] + [1 if a else 0 for a in allowed[i]] for i, code in enumerate(codes)]
    write_table(path, ["from/to"] + [str(c) for c in codes], rows)
