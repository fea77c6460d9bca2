"""Contiguity weights for Moran's I and LISA (docs/hotspots.md).

Two neighbour definitions, as in GeoDa and PySAL (libpysal):

- rook: two units share an edge (a stretch of common boundary of positive
  length);
- queen: two units share at least one boundary point (an edge or a corner).

On the lattice of analysis cells (:func:`lattice_contiguity`) that is the 4
(rook) or 8 (queen) surrounding cells; only cells that hold a value count, so a
cell beside nodata has fewer neighbours. For polygons (:func:`polygon_contiguity`)
neighbours are found with OGR geometries (see its docstring).

Weights are row-standardised (w_ij = 1 / k_i for the k_i neighbours of i),
which is what esda uses by default (``transformation="r"``). Units without
any neighbour ("islands") are reported by :attr:`Contiguity.islands`; the
analysis drops them (see :meth:`Contiguity.without_islands`).
"""

import numpy as np
import scipy.sparse as sp
from osgeo import ogr

from ..common.errors import LandCarbonError

ogr.UseExceptions()

ROOK_OFFSETS = ((-1, 0), (0, -1), (0, 1), (1, 0))
# Row-major order of the 8 surrounding cells: with cells numbered row by row,
# the neighbour indices of every cell come out sorted.
QUEEN_OFFSETS = ((-1, -1), (-1, 0), (-1, 1), (0, -1), (0, 1), (1, -1), (1, 0), (1, 1))

CONTIGUITY = ("queen", "rook")


class Contiguity:
    """Binary contiguity of n units as CSR neighbour lists.

    ``indptr`` (n + 1, int64) and ``indices`` (int32): the neighbours of unit
    i are ``indices[indptr[i]:indptr[i + 1]]``. The relation is symmetric.
    """

    def __init__(self, indptr, indices, kind):
        self.indptr = np.asarray(indptr, dtype=np.int64)
        self.indices = np.asarray(indices, dtype=np.int32)
        self.kind = kind

    @property
    def n(self):
        return len(self.indptr) - 1

    @property
    def cardinalities(self):
        """Number of neighbours of each unit (int64)."""
        return np.diff(self.indptr)

    @property
    def islands(self):
        """Indices of the units without a neighbour."""
        return np.flatnonzero(self.cardinalities == 0)

    def without_islands(self):
        """(weights on the units that have neighbours, their original indices).

        Removing an island changes nobody else's neighbours (it had none), so
        the result is exactly the contiguity of the remaining units.
        """
        keep = np.flatnonzero(self.cardinalities > 0)
        if len(keep) == self.n:
            return self, keep
        new_index = np.full(self.n, -1, dtype=np.int64)
        new_index[keep] = np.arange(len(keep))
        indices = new_index[self.indices].astype(np.int32)   # islands own no entries
        indptr = np.concatenate([[0], np.cumsum(self.cardinalities[keep])])
        return Contiguity(indptr, indices, self.kind), keep

    def row_standardised(self):
        """Sparse W (CSR, float64) with w_ij = 1 / k_i; rows of islands are empty."""
        card = self.cardinalities
        with np.errstate(divide="ignore"):
            inv = np.where(card > 0, 1.0 / np.maximum(card, 1), 0.0)
        data = np.repeat(inv, card)
        return sp.csr_matrix((data, self.indices, self.indptr), shape=(self.n, self.n))


def check_contiguity(kind):
    kind = str(kind).lower()
    if kind not in CONTIGUITY:
        raise LandCarbonError("CONTIGUITY must be 'queen' (shared edge or corner) or 'rook' "
                              "(shared edge), not '%s'." % kind)
    return kind


def lattice_contiguity(valid, kind="queen"):
    """Contiguity of the True cells of a 2-D boolean grid.

    Units are the True cells numbered row by row (numpy order of
    ``np.flatnonzero(valid)``). Neighbours: the 4 (rook) or 8 (queen) adjacent
    cells that are True. Memory: O(number of True cells).
    """
    kind = check_contiguity(kind)
    valid = np.asarray(valid, dtype=bool)
    rows, cols = valid.shape
    ids = np.full((rows + 2, cols + 2), -1, dtype=np.int32)   # padded: no bounds checks
    n = int(valid.sum())
    ids[1:-1, 1:-1][valid] = np.arange(n, dtype=np.int32)
    cell_r, cell_c = np.nonzero(valid)
    cell_r += 1
    cell_c += 1
    offsets = QUEEN_OFFSETS if kind == "queen" else ROOK_OFFSETS
    # first pass: cardinalities; second pass: fill each cell's list in offset order
    neighbour_ids = [ids[cell_r + dr, cell_c + dc] for dr, dc in offsets]
    card = np.zeros(n, dtype=np.int64)
    for nb in neighbour_ids:
        card += nb >= 0
    indptr = np.concatenate([[0], np.cumsum(card)])
    indices = np.empty(int(indptr[-1]), dtype=np.int32)
    pos = indptr[:-1].copy()
    for nb in neighbour_ids:
        has = nb >= 0
        indices[pos[has]] = nb[has]
        pos[has] += 1
    return Contiguity(indptr, indices, kind)


def polygon_contiguity(geometries, kind="queen", progress=None):
    """Contiguity of polygons given as OGR geometries (list of ogr.Geometry).

    How neighbours are detected: candidate pairs are the polygons whose
    bounding boxes touch or overlap (found with a sort on xmin); for each
    candidate pair OGR/GEOS computes the intersection of the two geometries.
    Queen: the intersection is not empty (a shared vertex or edge; polygons
    that overlap count too). Rook: the intersection contains a line or an
    area (a shared stretch of boundary of positive length), a single shared
    point is not enough. Shared boundaries must coincide exactly, as in a
    topologically clean layer (a grid, administrative units); gaps or
    slivers between polygons are not bridged.
    """
    kind = check_contiguity(kind)
    n = len(geometries)
    env = np.array([g.GetEnvelope() for g in geometries], dtype=np.float64).reshape(n, 4)
    # GetEnvelope: (minx, maxx, miny, maxy)
    order = np.argsort(env[:, 0], kind="stable")
    xmin_sorted = env[order, 0]
    pairs_i, pairs_j = [], []
    for step, a in enumerate(order):
        stop = np.searchsorted(xmin_sorted, env[a, 1], side="right")
        cand = order[step + 1:stop]
        if len(cand):
            cand = cand[(env[cand, 2] <= env[a, 3]) & (env[cand, 3] >= env[a, 2])]
        for b in cand:
            if _touch(geometries[a], geometries[b], kind):
                pairs_i.append(a)
                pairs_j.append(b)
        if progress is not None and step % 200 == 0:
            progress.set(step / max(n, 1), "Finding neighbouring polygons")
    i = np.array(pairs_i + pairs_j, dtype=np.int64)
    j = np.array(pairs_j + pairs_i, dtype=np.int64)
    order = np.lexsort((j, i))
    i, j = i[order], j[order]
    indptr = np.concatenate([[0], np.cumsum(np.bincount(i, minlength=n))])
    return Contiguity(indptr, j.astype(np.int32), kind)


def _touch(a, b, kind):
    if not a.Intersects(b):
        return False
    if kind == "queen":
        return True
    inter = a.Intersection(b)
    return inter is not None and not inter.IsEmpty() and inter.GetDimension() >= 1
