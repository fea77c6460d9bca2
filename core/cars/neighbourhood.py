"""Neighbourhood counts of CARS: how many cells of each class lie in the
n x n window around a cell, centre excluded (docs/cars.md, Omega_k
before the division by n*n - 1 and the class weight).

Cells outside the raster and nodata cells are not counted (they carry the
index K, which no class has). Two ways to get the counts, with identical
results: :func:`window_counts` for a strip of rows from a box filter over
one-hot masks (integral images, O(K) per cell whatever n), used once per
target year; :func:`update_counts` to keep the counts of the candidate cells
current after each iteration's conversions (O(n*n) per converted cell).
"""

import numpy as np

from ..common.errors import LandCarbonError

MAX_NEIGHBORHOOD = 31


def check_neighborhood(n):
    """n must be odd and >= 3 (a window with a centre and neighbours)."""
    if n != int(n) or int(n) < 3 or int(n) % 2 == 0 or int(n) > MAX_NEIGHBORHOOD:
        raise LandCarbonError(
            "NEIGHBORHOOD is %s; it must be an odd whole number from 3 to %d (the side of the "
            "square window around a cell, e.g. 3 for the 8 adjacent cells, 5 for 24)."
            % (n, MAX_NEIGHBORHOOD))
    return int(n)


def count_dtype(n):
    """Smallest unsigned type that holds n*n - 1."""
    return np.dtype(np.uint8) if n * n - 1 <= 255 else np.dtype(np.uint16)


def window_counts(index_rows, k, n, dtype=None):
    """Counts of classes 0..k-1 in the n x n window of each cell, centre excluded.

    ``index_rows``: 2-D class-index array (value k = nodata / outside) holding
    the strip's rows plus h = (n-1)/2 halo rows above and below (rows beyond
    the raster filled with k). Columns beyond the raster are outside: not
    counted. Returns (k, rows, width) counts of the central rows.
    """
    h = n // 2
    total_rows, width = index_rows.shape
    rows = total_rows - 2 * h
    dtype = dtype or count_dtype(n)
    out = np.empty((k, rows, width), dtype=dtype)
    cols = np.arange(width)
    hi = np.minimum(cols + h + 1, width)
    lo = np.maximum(cols - h, 0)
    col_sum = np.zeros((total_rows + 1, width), dtype=np.int32)
    row_sum = np.zeros((rows, width + 1), dtype=np.int32)
    for c in range(k):
        mask = index_rows == c
        np.cumsum(mask, axis=0, dtype=np.int32, out=col_sum[1:])
        vertical = col_sum[n:n + rows] - col_sum[:rows]          # rows i .. i+n-1
        np.cumsum(vertical, axis=1, dtype=np.int32, out=row_sum[:, 1:])
        window = row_sum[:, hi] - row_sum[:, lo]
        window -= mask[h:h + rows]
        out[c] = window
    return out


def halo_rows(index_map, y0, rows, n, k):
    """Rows y0-h .. y0+rows+h of an in-memory class-index map, rows outside
    the raster filled with k (nodata)."""
    h = n // 2
    height, width = index_map.shape
    top, bottom = y0 - h, y0 + rows + h
    block = np.full((bottom - top, width), k, dtype=index_map.dtype)
    a, b = max(top, 0), min(bottom, height)
    block[a - top:b - top] = index_map[a:b]
    return block


def neighbour_offsets(n):
    """(dy, dx) of the n*n - 1 neighbours of a cell."""
    h = n // 2
    return [(dy, dx) for dy in range(-h, h + 1) for dx in range(-h, h + 1) if dy or dx]


def update_counts(counts, candidates, positions, old, new, shape, n, run=map):
    """After cells at flat ``positions`` changed from class ``old`` to
    ``new``, update the window counts of every candidate cell in their
    neighbourhood.

    ``counts``: class-major (K, M) counts of the candidate cells, whose
    sorted flat positions are ``candidates``. Within one offset every neighbour is hit at
    most once (positions are distinct), so plain fancy indexing is exact.
    ``run``: a map function (e.g. a thread pool's) for the lookups of the
    offsets, the costly part; the counts are then changed here, offset
    after offset, so the result does not depend on it.
    """
    if positions.size == 0 or candidates.size == 0:
        return
    height, width = shape
    rows, cols = np.divmod(positions.astype(np.int64), width)
    last = candidates.size - 1

    def hits(offset):
        dy, dx = offset
        r, c = rows + dy, cols + dx
        inside = np.flatnonzero((r >= 0) & (r < height) & (c >= 0) & (c < width))
        q = (r[inside] * width + c[inside]).astype(candidates.dtype)
        j = np.minimum(np.searchsorted(candidates, q), last)
        hit = candidates[j] == q
        return inside[hit], j[hit]

    for changed, jj in run(hits, neighbour_offsets(n)):
        counts[old[changed], jj] -= 1
        counts[new[changed], jj] += 1
