"""core.carbon.zones: which cell goes to which zone (cell centre rule, overlaps,
names, reprojection) and the refusals, checked against hand-made layouts."""

import numpy as np
import pytest
from helpers import write_raster
from osgeo import ogr, osr

from landcarbon.core import carbon
from landcarbon.core.carbon import zones
from landcarbon.core.common import raster
from landcarbon.core.common.errors import GridMismatchError, LandCarbonError
from landcarbon.core.common.progress import Progress

X0, Y0, CELL = 500000.0, 1000000.0, 30.0


def grid(tmp_path, rows=4, cols=6):
    path = write_raster(tmp_path / "lu.tif", np.ones((rows, cols), np.uint8))
    return raster.open_band(path).grid, path


def rect(x_from, x_to, y_from, y_to):
    """Rectangle in cell units (x to the right, y downwards from the origin)."""
    ring = ogr.Geometry(ogr.wkbLinearRing)
    for x, y in ((x_from, y_from), (x_to, y_from), (x_to, y_to), (x_from, y_to),
                 (x_from, y_from)):
        ring.AddPoint_2D(X0 + x * CELL, Y0 - y * CELL)
    poly = ogr.Geometry(ogr.wkbPolygon)
    poly.AddGeometry(ring)
    return poly


def write_layer(path, features, epsg=32648, geom_type=ogr.wkbPolygon, field="name"):
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    layer = ds.CreateLayer("zones", srs, geom_type)
    layer.CreateField(ogr.FieldDefn(field, ogr.OFTString))
    for name, geom in features:
        f = ogr.Feature(layer.GetLayerDefn())
        if name is not None:
            f.SetField(field, name)
        f.SetGeometry(geom)
        layer.CreateFeature(f)
    ds = None
    return str(path)


def test_cell_centre_rule_overlaps_and_names(tmp_path):
    g, _ = grid(tmp_path)
    layer = write_layer(tmp_path / "z.gpkg", [
        ("west", rect(0, 2.4, 0, 4)),        # centres of columns 0, 1 (0.5, 1.5) inside; 2.5 not
        ("east", rect(3.6, 6, 0, 4)),        # columns 4, 5 (3.5 is outside)
        ("east", rect(2, 4, 0, 1)),          # same name: part of zone 'east' (row 0, cols 2-3)
        ("late", rect(1, 2, 0, 2)),          # drawn last: wins over 'west' in col 1, rows 0-1
    ])
    z = zones.open_zones(zones.ZoneSource(vector=layer, field="NAME"), g, "lu.tif", Progress())
    assert z.names == ["west", "east", "late"]
    index = z.read(0, 4)
    W, E, L, OUT = 0, 1, 2, 3
    expected = np.array([[W, L, E, E, E, E],
                         [W, L, OUT, OUT, E, E],
                         [W, W, OUT, OUT, E, E],
                         [W, W, OUT, OUT, E, E]])
    np.testing.assert_array_equal(index, expected)
    # a strip starting further down is placed correctly
    np.testing.assert_array_equal(z.read(1, 2), expected[1:3])
    z.close()


def test_polygons_in_another_crs_are_reprojected(tmp_path):
    g, _ = grid(tmp_path)
    utm, wgs = osr.SpatialReference(), osr.SpatialReference()
    utm.ImportFromEPSG(32648)
    wgs.ImportFromEPSG(4326)
    wgs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    utm.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    to_geo = osr.CoordinateTransformation(utm, wgs)
    poly = rect(0, 2.4, 1, 3)
    poly.Segmentize(CELL / 10)
    poly.Transform(to_geo)
    layer = write_layer(tmp_path / "geo.gpkg", [("a", poly)], epsg=4326)
    z = zones.open_zones(zones.ZoneSource(vector=layer), g, "lu.tif", Progress())
    index = z.read(0, 4)
    expected = np.full((4, 6), 1)
    expected[1:3, 0:2] = 0
    np.testing.assert_array_equal(index, expected)


def test_features_without_name_are_named_by_id_and_empty_zones_warned(tmp_path):
    g, _ = grid(tmp_path)
    layer = write_layer(tmp_path / "z.gpkg", [(None, rect(0, 6, 0, 4)),
                                              ("far away", rect(100, 101, 0, 1))])
    progress = Progress()
    z = zones.open_zones(zones.ZoneSource(vector=layer, field="name"), g, "lu.tif", progress)
    assert z.names == ["feature 1", "far away"]
    zones.warn_empty_zones(z, [24, 0], progress)
    assert any("far away" in w and "cover no valid cell" in w for w in progress.warnings)


def test_empty_layer(tmp_path):
    g, _ = grid(tmp_path)
    layer = write_layer(tmp_path / "empty.gpkg", [])
    with pytest.raises(LandCarbonError, match=r"empty.gpkg\) is empty: it holds no feature"):
        zones.open_zones(zones.ZoneSource(vector=layer), g, "lu.tif", Progress())


def test_point_layer_and_missing_field(tmp_path):
    g, _ = grid(tmp_path)
    point = ogr.Geometry(ogr.wkbPoint)
    point.AddPoint_2D(X0 + 10, Y0 - 10)
    layer = write_layer(tmp_path / "p.gpkg", [("a", point)], geom_type=ogr.wkbPoint)
    with pytest.raises(LandCarbonError, match="Point geometries; zones must be polygons"):
        zones.open_zones(zones.ZoneSource(vector=layer), g, "lu.tif", Progress())
    layer = write_layer(tmp_path / "z.gpkg", [("a", rect(0, 1, 0, 1))])
    with pytest.raises(LandCarbonError, match="has no field 'county'; its fields are: name"):
        zones.open_zones(zones.ZoneSource(vector=layer, field="county"), g, "lu.tif", Progress())


def test_zone_raster_checks(tmp_path):
    g, _ = grid(tmp_path)
    floats = write_raster(tmp_path / "f.tif", np.ones((4, 6), np.float32))
    with pytest.raises(LandCarbonError, match="must hold integer zone codes"):
        zones.open_zones(zones.ZoneSource(raster=floats), g, "lu.tif", Progress())
    shifted = write_raster(tmp_path / "s.tif", np.ones((4, 6), np.uint8),
                           geotransform=(X0 + 15, CELL, 0, Y0, 0, -CELL))
    with pytest.raises(GridMismatchError, match="origin"):
        zones.open_zones(zones.ZoneSource(raster=shifted), g, "lu.tif", Progress())
    empty = write_raster(tmp_path / "e.tif", np.zeros((4, 6), np.uint8), nodata=0)
    with pytest.raises(LandCarbonError, match="holds no zone"):
        zones.open_zones(zones.ZoneSource(raster=empty), g, "lu.tif", Progress())
    codes = np.array([[5, 5, 9, 9, 0, 0]] * 4, np.int32)
    ok = write_raster(tmp_path / "z.tif", codes, nodata=0)
    z = zones.open_zones(zones.ZoneSource(raster=ok), g, "lu.tif", Progress())
    assert z.codes == [5, 9] and z.names == ["zone 5", "zone 9"]
    np.testing.assert_array_equal(z.read(0, 1), [[0, 0, 1, 1, 2, 2]])
    z.close()


def test_polygon_zones_in_carbon_stock(tmp_path):
    """End to end: totals per polygon = hand count of cells x density x 0.09 ha."""
    g, _ = grid(tmp_path)
    lu = np.array([[1, 1, 2, 2, 2, 2]] * 4, np.uint8)
    path = write_raster(tmp_path / "lu2.tif", lu)
    pools = tmp_path / "p.csv"
    pools.write_text("lucode,c_above,c_below,c_soil,c_dead\n1,10,0,0,0\n2,1,0,0,0\n")
    layer = write_layer(tmp_path / "z.gpkg", [("west", rect(0, 2.4, 0, 4)),
                                              ("east", rect(3.6, 6, 0, 4))])
    result = carbon.run_carbon_stock(path, str(pools),
                                     zones=carbon.ZoneSource(vector=layer, field="name"),
                                     output_zones=tmp_path / "z.csv", progress=Progress())
    header, rows = result.zone_table
    by = {r[1]: dict(zip(header, r)) for r in rows}
    assert by["west"]["cells_base"] == 8
    assert by["west"]["base_total_Mg"] == pytest.approx(8 * 10 * 0.09, abs=1e-12)
    assert by["east"]["base_total_Mg"] == pytest.approx(8 * 1 * 0.09, abs=1e-12)
    assert by["outside every zone"]["cells_base"] == 8
    assert by["all cells"]["base_total_Mg"] == pytest.approx(result.total_base_mg, abs=1e-12)


def test_zone_figures_against_a_direct_sum_per_zone(tmp_path):
    """Per zone: km2 per class of the alternate map, its carbon per pool, and
    the change per pool over the zone's cells valid in both maps, summed
    cell by cell here (30 m cells: 0.09 ha)."""
    rng = np.random.default_rng(3)
    base = rng.integers(1, 4, (9, 11)).astype(np.uint8)
    alt = np.where(rng.random((9, 11)) < 0.4, rng.integers(1, 4, (9, 11)), base).astype(np.uint8)
    base[0, :3] = 255
    alt[8, 8:] = 255
    zone = rng.integers(1, 4, (9, 11)).astype(np.int32)
    zone[4, :] = 0                                    # nodata: no zone
    paths = [write_raster(tmp_path / n, a, nodata=nd) for n, a, nd in
             (("b.tif", base, 255), ("a.tif", alt, 255), ("z.tif", zone, 0))]
    dens = {1: (10.0, 2.0, 30.0, 1.0), 2: (100.0, 25.0, 80.0, 5.0), 3: (0.0, 0.0, 15.0, 0.0)}
    pools = tmp_path / "pools.csv"
    pools.write_text("lucode,c_above,c_below,c_soil,c_dead\n" + "".join(
        "%d,%g,%g,%g,%g\n" % ((c,) + d) for c, d in dens.items()))
    alt_dens = {c: tuple(1.1 * v for v in d) for c, d in dens.items()}
    pools_alt = tmp_path / "pools_alt.csv"
    pools_alt.write_text("lucode,c_above,c_below,c_soil,c_dead\n" + "".join(
        "%d,%g,%g,%g,%g\n" % ((c,) + d) for c, d in alt_dens.items()))
    result = carbon.run_carbon_stock(paths[0], str(pools), landuse_alt=paths[1],
                                     pools_alt=str(pools_alt),
                                     zones=carbon.ZoneSource(raster=paths[2]),
                                     progress=Progress())
    figures = carbon.zone_figures(result)
    assert [f.name for f in figures] == ["zone 1", "zone 2", "zone 3"]
    ha = 0.09
    for f, code in zip(figures, (1, 2, 3)):
        inside = zone == code
        for c in (1, 2, 3):
            assert f.km2[c] == pytest.approx(((alt == c) & inside).sum() * ha / 100)
        stock = sum(np.array(alt_dens[c]) * ((alt == c) & inside).sum() * ha for c in (1, 2, 3))
        np.testing.assert_allclose(f.stock_pools_mg, stock, rtol=1e-12)
        both = inside & (base != 255) & (alt != 255)
        change = sum((np.array(alt_dens[a]) - np.array(dens[b])) * ha
                     for a, b in zip(alt[both], base[both]))
        np.testing.assert_allclose(f.change_pools_mg, change, rtol=1e-9, atol=1e-9)
