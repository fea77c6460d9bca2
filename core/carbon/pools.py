"""The carbon pools table (InVEST format) and the facts about pools that
every carbon step and the report share (docs/carbon-stock.md).

Columns ``lucode, c_above, c_below, c_soil, c_dead`` in Mg C/ha, headers in
any case, extra columns kept (a name column labels the classes).
"""

from dataclasses import dataclass

import numpy as np

from ..common.errors import LandCarbonError
from ..common.tables import parse_float, parse_int, read_rows, read_table

# The four pools: column names of the table and short names for people.
POOLS = ("c_above", "c_below", "c_soil", "c_dead")
POOL_NAMES = ("above", "below", "soil", "dead")
# Columns that may hold the class name (InVEST's sample tables use LULC_Name).
NAME_COLUMNS = ("lulc_name", "name", "lulc_desc", "description", "label", "class_name",
                "class", "lulc")
M2_PER_HA = 1e4


@dataclass
class PoolsTable:
    """A carbon pools table: densities (Mg C/ha) of the four pools per class.

    ``header`` and ``rows`` keep the file as read, so that a corrected copy
    (core.carbon.climate) can be written in the same format."""

    label: str
    header: list
    raw_header: list
    rows: list
    codes: list
    density: dict            # code -> float64 array (above, below, soil, dead), Mg C/ha
    names: dict              # code -> class label
    name_column: object = None

    def name(self, code):
        return self.names.get(int(code)) or "class %d" % code

    def matrix(self, codes):
        """(len(codes) + 1, 4) densities in the order of ``codes``; codes
        without a row and the last row (index K: nodata) are 0. Only used for
        codes the table covers (checked by :func:`check_codes`)."""
        out = np.zeros((len(codes) + 1, len(POOLS)), dtype=np.float64)
        for i, code in enumerate(codes):
            if code in self.density:
                out[i] = self.density[code]
        return out


def read_pools(path, label="POOLS table"):
    """Read and check a pools table (lucode, c_above, c_below, c_soil, c_dead).

    Refused: a missing column, an empty or non-numeric value, a negative
    density, a duplicate lucode, a table without rows."""
    header, rows = read_table(path, label, required=("lucode",) + POOLS,
                              aliases={"code": "lucode"})
    raw_header = read_rows(path, label)[0]   # as written, for corrected copies
    if not rows:
        raise LandCarbonError("%s has a header but no data rows; give one row per land-use "
                              "code (lucode, c_above, c_below, c_soil, c_dead in Mg C/ha)."
                              % label)
    columns = {name: header.index(name) for name in ("lucode",) + POOLS}
    name_column = next((header.index(n) for n in NAME_COLUMNS if n in header), None)
    if name_column is None:
        extra = [i for i, h in enumerate(header) if h and h not in columns]
        name_column = extra[0] if extra else None
    codes, density, names, seen, padded = [], {}, {}, {}, []
    for r, row in enumerate(rows, start=1):
        row = row + [""] * (len(header) - len(row))
        padded.append(row)
        code = parse_int(row[columns["lucode"]], label, r, "lucode")
        if code in seen:
            raise LandCarbonError("%s: lucode %d appears twice (data rows %d and %d); each "
                                  "land-use code needs exactly one row."
                                  % (label, code, seen[code], r))
        seen[code] = r
        values = []
        for pool in POOLS:
            value = parse_float(row[columns[pool]], label, r, pool)
            if value < 0:
                raise LandCarbonError("%s, data row %d (lucode %d): %s = %s; carbon densities "
                                      "are Mg C/ha >= 0." % (label, r, code, pool,
                                                             row[columns[pool]]))
            values.append(value)
        codes.append(code)
        density[code] = np.array(values, dtype=np.float64)
        if name_column is not None and row[name_column]:
            names[code] = row[name_column]
    return PoolsTable(label, header, raw_header, padded, sorted(codes), density, names,
                      name_column)


def check_codes(table, counts, map_label, progress=None):
    """Every code of the map (``counts``: code -> cells) needs a row in the
    table; the error names the missing codes and their cell counts."""
    missing = sorted(c for c in counts if c not in table.density)
    if missing:
        listed = ", ".join("%d (%d cell%s)" % (c, counts[c], "" if counts[c] == 1 else "s")
                           for c in missing)
        raise LandCarbonError(
            "%s holds land-use code(s) that %s has no row for: %s. Add a row for each "
            "(lucode, c_above, c_below, c_soil, c_dead in Mg C/ha; 0 where a class stores no "
            "carbon), or reclassify the map." % (map_label, table.label, listed))
    unused = sorted(set(table.codes) - set(counts))
    if unused and progress is not None:
        progress.info("%s: lucode(s) %s do not occur in %s." % (
            table.label, ", ".join(str(c) for c in unused), map_label))
