"""Exact per-bin sums of float64 weights, so that carbon totals do not depend
on how a raster is cut (used by the carbon totals: docs/carbon-stock.md,
"On a Dask cluster"; docs/cluster.md).

Cells are counted per bin (class, class pair, zone x class) in int64, which
is exact in any order. Weights (true cell areas in ha on a geographic CRS,
Mg C per cell for a change raster) are float64, and a float sum depends on
the order of the additions: strips of another height, or Dask chunks of
another shape, would change the last bits of a total. :class:`ExactTally`
adds them in a long accumulator instead (Kulisch, "Computer Arithmetic and
Validity", 2013; Neal, "Fast exact summation using small and large
superaccumulators", arXiv:1505.05571, 2015): every weight is split into
integers whose sums are exact in any order, and the float64 result is
rounded once, at the end, to the nearest float64 of the exact sum. Tallies
of parts of a raster merged with :meth:`ExactTally.merge` equal the tally
of the whole, bit for bit.
"""

import numpy as np

# Every float64 is an integer multiple of 2**-1074. With np.frexp
# (w = m * 2**e, 0.5 <= |m| < 1, e >= -1073) and m scaled to a 53-bit
# integer, w = (m * 2**53) * 2**(e - 53): an integer number of units of
# 2**-1127, shifted left by e + 1074 >= 1 bits.
_UNIT = 1 << 1127
_SHIFT = 1074
# The 53-bit mantissa is split into a high part (< 2**27) and a low part
# (< 2**26), each summed in float64: sums of integers below 2**53 are exact
# in any order, which holds for up to 2**26 cells; slices of 2**20 cells
# also keep the temporary arrays small (8 MB each).
_LOW_BITS = 26
_SLICE = 1 << 20
# Per (row, bin) counts of add_rows: at most this many at a time (32 MB).
_COUNTS = 1 << 22


def _split(weights):
    """(high, low, exponent) with weights = (high * 2**26 + low) * 2**(exponent
    - 53); high and low are integers held exactly in float64."""
    mantissa, exponent = np.frexp(weights)
    whole = np.ldexp(mantissa, 53)
    high = np.trunc(np.ldexp(whole, -_LOW_BITS))
    return high, whole - np.ldexp(high, _LOW_BITS), exponent


def _units(sums, exponent, extra):
    """Integer float64 sums (< 2**53) of parts of weights of ``exponent`` as
    Python integers in units of 2**-1127."""
    return sums.astype(np.int64).astype(object) << (int(exponent) + _SHIFT + extra)


class ExactTally:
    """Cells per bin (int64) and, when ``weighted``, the exact sum of float64
    weights per bin, held as Python integers in units of 2**-1127.

    The interface of :class:`core.common.landmap.Tally` (``cells``, ``add``,
    ``weighted``), plus :meth:`add_rows` (one weight per row, e.g. true cell
    areas), :meth:`merge` (tallies of chunks add up to the tally of the
    whole) and :meth:`total`."""

    def __init__(self, size, weighted=False):
        self.cells = np.zeros(size, dtype=np.int64)
        self.units = np.zeros(size, dtype=object) if weighted else None

    def add(self, bins, weights=None):
        """Count the cells of ``bins`` (integer array) and add their
        ``weights`` (float64, same shape) when weighted."""
        bins = bins.ravel()
        self.cells += np.bincount(bins, minlength=self.cells.size)
        if self.units is not None:
            weights = np.asarray(weights, dtype=np.float64).ravel()
            nonzero = weights != 0          # (a change map is mostly 0: skip the zeros)
            if not nonzero.all():
                bins, weights = bins[nonzero], weights[nonzero]
            for start in range(0, bins.size, _SLICE):
                self._add_cells(bins[start:start + _SLICE], weights[start:start + _SLICE])

    def _add_cells(self, bins, weights):
        high, low, exponent = _split(weights)
        lowest = int(exponent.min())
        span = int(exponent.max()) - lowest + 1
        key = bins.astype(np.int64) * span + (exponent - lowest)
        size = self.cells.size
        for part, extra in ((high, _LOW_BITS), (low, 0)):
            sums = np.bincount(key, weights=part, minlength=size * span).reshape(size, span)
            for j in np.flatnonzero(sums.any(axis=0)):
                self.units += _units(sums[:, j], lowest + j, extra)

    def add_rows(self, bins, row_weights=None):
        """Count the cells of ``bins`` (2-D: rows x columns) and, when
        weighted, add ``row_weights[r]`` (float64) for every cell of row r.

        Cells are counted per (row, bin) in integers and multiplied by their
        row's weight exactly, which costs far less than a weight per cell;
        with more bins than columns (many zones) per-cell weights are
        cheaper. Both are exact, so the choice never changes a result."""
        if self.units is None:
            return self.add(bins)
        rows, cols = bins.shape
        size = self.cells.size
        row_weights = np.asarray(row_weights, dtype=np.float64)
        if size > cols:
            return self.add(bins, np.repeat(row_weights, cols))
        high, low, exponent = _split(row_weights)
        step = max(1, min(_SLICE // max(cols, 1), _COUNTS // size))
        for r0 in range(0, rows, step):
            n = min(step, rows - r0)
            key = bins[r0:r0 + n].astype(np.int64)
            key += (np.arange(n, dtype=np.int64) * size)[:, None]
            counts = np.bincount(key.ravel(), minlength=n * size).reshape(n, size)
            self.cells += counts.sum(axis=0)
            parts = [(high[r0:r0 + n], _LOW_BITS), (low[r0:r0 + n], 0)]
            group = exponent[r0:r0 + n]
            for e in np.unique(group):          # rows of one exponent: usually all
                rows_e = group == e
                counts_e = counts[rows_e].astype(np.float64)
                for part, extra in parts:
                    # integers < 2**27 x counts of < 2**20 cells: exact in float64
                    self.units += _units(part[rows_e] @ counts_e, e, extra)

    def merge(self, other):
        """Add the counts (and exact weights) of ``other``, a tally of the
        same bins over other cells."""
        self.cells += other.cells
        if self.units is not None:
            self.units += other.units
        return self

    def weighted(self, per_cell):
        """float64 per bin: the exact weight sums rounded once, or, when not
        weighted, cells x ``per_cell``."""
        if self.units is None:
            return self.cells * per_cell
        return np.array([int(u) / _UNIT for u in self.units], dtype=np.float64)

    def total(self):
        """The exact sum of all weights, rounded once (float64)."""
        return int(self.units.sum()) / _UNIT
