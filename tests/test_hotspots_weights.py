"""core.hotspots.weights: lattice and polygon contiguity (neighbour lists written out
by hand, and lattice vs. polygons of the same cells)."""

import numpy as np
import pytest
from osgeo import ogr

from landcarbon.core.common.errors import LandCarbonError
from landcarbon.core.hotspots import weights


def neighbour_sets(c):
    return [sorted(c.indices[c.indptr[i]:c.indptr[i + 1]].tolist()) for i in range(c.n)]


MASK = np.array([[1, 1, 0],
                 [0, 1, 1],
                 [1, 0, 1]], bool)
# units in row-major order: 0 (0,0) 1 (0,1) 2 (1,1) 3 (1,2) 4 (2,0) 5 (2,2)


def test_lattice_rook_by_hand():
    c = weights.lattice_contiguity(MASK, "rook")
    assert neighbour_sets(c) == [[1], [0, 2], [1, 3], [2, 5], [], [3]]
    assert c.islands.tolist() == [4]


def test_lattice_queen_by_hand():
    c = weights.lattice_contiguity(MASK, "queen")
    assert neighbour_sets(c) == [[1, 2], [0, 2, 3], [0, 1, 3, 4, 5], [1, 2, 5], [2], [2, 3]]
    assert c.islands.tolist() == []


def test_without_islands_renumbers_and_keeps_links():
    c, kept = weights.lattice_contiguity(MASK, "rook").without_islands()
    assert kept.tolist() == [0, 1, 2, 3, 5]
    assert neighbour_sets(c) == [[1], [0, 2], [1, 3], [2, 4], [3]]


def test_row_standardised():
    c = weights.lattice_contiguity(MASK, "queen")
    w = c.row_standardised().toarray()
    np.testing.assert_allclose(w.sum(axis=1), 1.0)
    assert w[2, 4] == pytest.approx(0.2) and w[4, 2] == 1.0


def test_bad_contiguity():
    with pytest.raises(LandCarbonError, match="CONTIGUITY must be 'queen'"):
        weights.lattice_contiguity(MASK, "bishop")


def square(x, y, size=1.0):
    return ogr.CreateGeometryFromWkt("POLYGON ((%g %g, %g %g, %g %g, %g %g, %g %g))" % (
        x, y, x + size, y, x + size, y + size, x, y + size, x, y))


@pytest.mark.parametrize("kind", ["queen", "rook"])
def test_polygons_of_a_grid_equal_the_lattice(kind):
    rng = np.random.default_rng(4)
    mask = rng.random((9, 11)) > 0.25
    rows, cols = np.nonzero(mask)
    geoms = [square(float(c), float(-r)) for r, c in zip(rows, cols)]
    order = rng.permutation(len(geoms))      # input order must not matter
    poly = weights.polygon_contiguity([geoms[i] for i in order], kind)
    lattice = weights.lattice_contiguity(mask, kind)
    inverse = np.argsort(order)
    expected = neighbour_sets(lattice)
    got = neighbour_sets(poly)
    for unit in range(len(geoms)):
        assert sorted(order[got[inverse[unit]]].tolist()) == expected[unit]


def test_polygons_t_junction_and_corner():
    # A is 2 wide; B and C sit on top of it (their shared vertex is not a
    # vertex of A: a T-junction); D touches C only at a corner
    a = ogr.CreateGeometryFromWkt("POLYGON ((0 0, 2 0, 2 1, 0 1, 0 0))")
    b = square(0, 1)
    c = square(1, 1)
    d = square(2, 2)
    rook = weights.polygon_contiguity([a, b, c, d], "rook")
    queen = weights.polygon_contiguity([a, b, c, d], "queen")
    assert neighbour_sets(rook) == [[1, 2], [0, 2], [0, 1], []]
    assert neighbour_sets(queen) == [[1, 2], [0, 2], [0, 1, 3], [2]]


def test_polygons_apart_are_not_neighbours():
    geoms = [square(0, 0), square(1.5, 0), ogr.CreateGeometryFromWkt(
        "MULTIPOLYGON (((3 0, 4 0, 4 1, 3 1, 3 0)), ((2.6 0, 2.6 1, 2.7 1, 2.7 0, 2.6 0)))")]
    c = weights.polygon_contiguity(geoms, "queen")
    assert neighbour_sets(c) == [[], [], []]
