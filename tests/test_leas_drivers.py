"""core.leas.drivers: the driver stack on the land-use grid (docs/drivers.md).

Expected values come from independent sources: linear fields evaluated at the
cell centres transformed with osr (bilinear warping reproduces linear fields),
index arithmetic for nearest neighbour, brute-force distances between cell
centres, gdaldem's slope and planes of known gradient.
"""

import math

import numpy as np
import pytest
from helpers import listdir, read_csv, read_raster, write_raster
from osgeo import gdal, ogr, osr

from landcarbon.core.common import raster
from landcarbon.core.common.errors import Cancelled, LandCarbonError
from landcarbon.core.common.progress import Progress
from landcarbon.core.leas import RasterSource, VectorSource, drivers, run_prepare_drivers

ND = raster.FLOAT32_NODATA
GT = (500000.0, 30.0, 0.0, 1000000.0, 0.0, -30.0)   # UTM 48N, 30 m


def srs_of(epsg):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(epsg)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def reference(tmp_path, rows=20, cols=24, nodata_cells=((0, 0),), gt=GT, epsg=32648, codes=None):
    lu = np.ones((rows, cols), np.uint8) if codes is None else codes.astype(np.uint8)
    for r, c in nodata_cells:
        lu[r, c] = 255
    return write_raster(tmp_path / "ref.tif", lu, nodata=255, geotransform=gt, epsg=epsg), lu


def centres(gt, rows, cols):
    """x, y of every cell centre (2-D arrays)."""
    c, r = np.meshgrid(np.arange(cols) + 0.5, np.arange(rows) + 0.5)
    return gt[0] + c * gt[1], gt[3] + r * gt[5]


def stack_bands(path):
    ds = gdal.Open(str(path))
    out = [(ds.GetRasterBand(b).GetDescription(), ds.GetRasterBand(b).ReadAsArray(),
            ds.GetRasterBand(b).GetNoDataValue(), ds.GetRasterBand(b).DataType)
           for b in range(1, ds.RasterCount + 1)]
    return out


def vector_file(path, epsg, wkts, geometry=ogr.wkbUnknown, layer="features"):
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    srs = srs_of(epsg) if epsg else None
    lyr = ds.CreateLayer(layer, srs, geometry)
    for wkt in wkts:
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetGeometry(ogr.CreateGeometryFromWkt(wkt))
        lyr.CreateFeature(f)
    ds = None
    return "%s|layername=%s" % (path, layer)


# ---------------------------------------------------------------------------
# rasters
# ---------------------------------------------------------------------------

def test_bilinear_warp_reproduces_a_linear_field_from_another_crs(tmp_path):
    ref, lu = reference(tmp_path, 20, 24)
    # source: UTM zone 47N (another projection), 10 m cells, covering the map generously;
    # its value is a linear function of its own coordinates
    to47 = osr.CoordinateTransformation(srs_of(32648), srs_of(32647))
    x48, y48 = centres(GT, 20, 24)
    pts = np.array([to47.TransformPoint(float(x), float(y))[:2]
                    for x, y in zip(x48.ravel(), y48.ravel())])
    x0, y1 = pts[:, 0].min() - 500, pts[:, 1].max() + 500
    n = 200
    sgt = (x0, 10.0, 0, y1, 0, -10.0)
    sx, sy = centres(sgt, n, n)
    f = lambda x, y: 0.01 * (x - x0) + 0.02 * (y1 - y)   # noqa: E731
    src = write_raster(tmp_path / "field.tif", f(sx, sy).astype(np.float32), geotransform=sgt,
                       epsg=32647)
    out = tmp_path / "out"
    reports = run_prepare_drivers(ref, out / "stack.tif", output_report=out / "report.csv",
                                  rasters=[RasterSource(src, "field.tif")], progress=Progress())
    (name, band, nodata, dtype), = stack_bands(out / "stack.tif")
    assert name == "field" and nodata == ND and dtype == gdal.GDT_Float32
    expected = f(pts[:, 0], pts[:, 1]).reshape(20, 24)
    # gdalwarp approximates the reprojection within 0.125 source cells (1.25 m here),
    # i.e. within 1.25 m * |gradient| = 0.028 of the field's value
    tolerance = 0.125 * 10.0 * math.hypot(0.01, 0.02)
    np.testing.assert_allclose(band, expected, atol=tolerance)
    assert np.abs(band - expected).mean() < tolerance / 3
    assert reports[0].minimum == pytest.approx(expected.min(), abs=tolerance)
    rows = read_csv(out / "report.csv")
    assert rows[0]["method"] == "warp, bilinear (continuous)"
    assert float(rows[0]["nodata_pct_of_study_area"]) == 0


def test_bilinear_warp_same_crs_is_exact_for_a_linear_field(tmp_path):
    ref, _lu = reference(tmp_path, 12, 14)
    # 45 m cells, shifted: upsampling, where bilinear interpolation is exact for a
    # linear field (downsampling averages over the footprint instead)
    sgt = (GT[0] - 100.0, 45.0, 0, GT[3] + 50.0, 0, -45.0)
    sx, sy = centres(sgt, 80, 90)
    f = lambda x, y: 3.0 + 0.05 * (x - GT[0]) - 0.02 * (y - GT[3])   # noqa: E731
    src = write_raster(tmp_path / "f.tif", f(sx, sy).astype(np.float64), geotransform=sgt)
    out = tmp_path / "out"
    run_prepare_drivers(ref, out / "s.tif", output_report=None, rasters=[RasterSource(src)],
                        progress=Progress())
    x, y = centres(GT, 12, 14)
    np.testing.assert_allclose(stack_bands(out / "s.tif")[0][1], f(x, y), atol=1e-4)


def test_nearest_neighbour_keeps_categories(tmp_path):
    ref, lu = reference(tmp_path, 18, 18)
    codes = np.arange(36, dtype=np.int16).reshape(6, 6) * 3 + 1      # 90 m cells
    src = write_raster(tmp_path / "soil.tif", codes,
                       geotransform=(GT[0], 90.0, 0, GT[3], 0, -90.0))
    out = tmp_path / "out"
    run_prepare_drivers(ref, out / "stack.tif", output_report=None,
                        rasters=[RasterSource(src, "soil.tif", categorical=True)],
                        progress=Progress())
    (_name, band, _nd, _t), = stack_bands(out / "stack.tif")
    r, c = np.meshgrid(np.arange(18), np.arange(18), indexing="ij")
    np.testing.assert_array_equal(band, codes[r // 3, c // 3].astype(np.float32))


def test_multiband_source_gives_one_driver_per_band(tmp_path):
    ref, _lu = reference(tmp_path, 6, 8)
    data = np.stack([np.full((6, 8), 2.0, np.float32), np.arange(48, dtype=np.float32)
                     .reshape(6, 8)])
    src = write_raster(tmp_path / "clim.tif", data)
    out = tmp_path / "out"
    run_prepare_drivers(ref, out / "stack.tif", output_report=None,
                        rasters=[RasterSource(src, "clim.tif")], progress=Progress())
    bands = stack_bands(out / "stack.tif")
    assert [b[0] for b in bands] == ["clim band 1", "clim band 2"]
    np.testing.assert_array_equal(bands[1][1], data[1])


def test_partial_coverage_is_reported_and_filled_with_nodata(tmp_path):
    ref, lu = reference(tmp_path, 10, 12, nodata_cells=[(0, 0), (9, 11)])
    left = write_raster(tmp_path / "left.tif", np.full((10, 5), 3.0, np.float32), nodata=-9999)
    out = tmp_path / "out"
    progress = Progress()
    reports = run_prepare_drivers(ref, out / "stack.tif", output_report=out / "report.csv",
                                  rasters=[RasterSource(left, "left.tif", categorical=True)],
                                  progress=progress)
    (_n, band, _nd, _t), = stack_bands(out / "stack.tif")
    assert (band[:, :5] == 3).all() and (band[:, 5:] == ND).all()
    study = lu != 255
    missing = int((study[:, 5:]).sum())            # 70 - 1 = 69 cells, by hand
    assert missing == 69
    assert reports[0].nodata_cells == missing
    pct = 100.0 * missing / study.sum()
    assert any("covers only %.2f %%" % (100 - pct) in w for w in progress.warnings)
    row = read_csv(out / "report.csv")[0]
    assert int(row["nodata_cells_in_study_area"]) == missing
    assert float(row["nodata_pct_of_study_area"]) == pytest.approx(pct)


def test_nan_cells_become_nodata_with_a_warning(tmp_path):
    ref, _lu = reference(tmp_path, 6, 6, nodata_cells=())
    data = np.arange(36, dtype=np.float32).reshape(6, 6)
    data[2, 3] = np.nan
    src = write_raster(tmp_path / "nan.tif", data, nodata=-9999)
    out = tmp_path / "out"
    progress = Progress()
    run_prepare_drivers(ref, out / "stack.tif", output_report=None,
                        rasters=[RasterSource(src, "nan.tif", categorical=True)],
                        progress=progress)
    (_n, band, _nd, _t), = stack_bands(out / "stack.tif")
    assert band[2, 3] == ND and not np.isnan(band).any()
    assert any("1 NaN cell(s)" in w for w in progress.warnings)


def test_infinite_values_are_refused(tmp_path):
    ref, _lu = reference(tmp_path, 6, 6)
    data = np.ones((6, 6), np.float32)
    data[4, 1] = np.inf
    src = write_raster(tmp_path / "inf.tif", data)
    out = tmp_path / "out"
    with pytest.raises(LandCarbonError, match=r"inf.tif has 1 infinite cell\(s\) in rows 0-5 "
                                              r"\(first at row 4, column 1\)"):
        run_prepare_drivers(ref, out / "stack.tif", output_report=out / "r.csv",
                            rasters=[RasterSource(src, "inf.tif")], progress=Progress())
    assert listdir(out) == []


def test_constant_driver_is_a_warning(tmp_path):
    ref, _lu = reference(tmp_path, 6, 6)
    src = write_raster(tmp_path / "const.tif", np.full((6, 6), 4.5, np.float32))
    progress = Progress()
    run_prepare_drivers(ref, tmp_path / "out" / "s.tif", output_report=None,
                        rasters=[RasterSource(src, "const.tif")], progress=progress)
    assert any("same value (4.5) in every cell" in w and "carries no information" in w
               for w in progress.warnings)


@pytest.mark.parametrize("wkt,problem", [
    ("", "has no coordinate reference system"),
    ('LOCAL_CS["site grid",UNIT["metre",1]]', "has a local (engineering) CRS"),
])
def test_raster_with_unknown_crs_is_refused(tmp_path, wkt, problem):
    ref, _lu = reference(tmp_path, 6, 6)
    src = write_raster(tmp_path / "nocrs.tif", np.ones((6, 6), np.float32), epsg=None,
                       wkt=wkt or None)
    out = tmp_path / "out"
    with pytest.raises(LandCarbonError,
                       match="nocrs.tif %s.*gdal_edit -a_srs" % re_escape(problem)):
        run_prepare_drivers(ref, out / "stack.tif", output_report=out / "r.csv",
                            rasters=[RasterSource(src, "nocrs.tif")], progress=Progress())
    assert listdir(out) == []


def re_escape(text):
    import re
    return re.escape(text)


def test_raster_elsewhere_is_refused(tmp_path):
    ref, _lu = reference(tmp_path, 6, 6)
    far = write_raster(tmp_path / "far.tif", np.ones((6, 6), np.float32),
                       geotransform=(700000.0, 30.0, 0, 2000000.0, 0, -30.0))
    out = tmp_path / "out"
    with pytest.raises(LandCarbonError, match="far.tif does not overlap the reference"):
        run_prepare_drivers(ref, out / "stack.tif", output_report=None,
                            rasters=[RasterSource(far, "far.tif")], progress=Progress())
    assert listdir(out) == []


def test_reference_without_crs_is_refused(tmp_path):
    ref = write_raster(tmp_path / "ref.tif", np.ones((4, 4), np.uint8), epsg=None)
    src = write_raster(tmp_path / "a.tif", np.ones((4, 4), np.float32))
    with pytest.raises(LandCarbonError, match="ref.tif has no coordinate reference system"):
        run_prepare_drivers(ref, tmp_path / "out" / "s.tif", output_report=None,
                            rasters=[RasterSource(src)], progress=Progress())
    assert listdir(tmp_path / "out") == []


def test_no_driver_at_all(tmp_path):
    ref, _lu = reference(tmp_path, 4, 4)
    with pytest.raises(LandCarbonError, match="No driver given"):
        run_prepare_drivers(ref, tmp_path / "out" / "s.tif", output_report=None,
                            progress=Progress())


# ---------------------------------------------------------------------------
# distances
# ---------------------------------------------------------------------------

def brute_distance(target, gt, unit=1.0):
    """Distance in metres from every cell centre to the nearest target cell
    centre (all pairs; small grids only)."""
    rows, cols = target.shape
    x, y = centres(gt, rows, cols)
    tx, ty = x[target], y[target]
    d = np.sqrt((x[..., None] - tx) ** 2 + (y[..., None] - ty) ** 2).min(axis=-1)
    return d * unit


def test_distance_to_points_in_another_crs(tmp_path):
    ref, _lu = reference(tmp_path, 15, 17)
    x, y = centres(GT, 15, 17)
    to4326 = osr.CoordinateTransformation(srs_of(32648), srs_of(4326))
    targets = [(3, 4), (11, 14)]
    wkts = []
    for r, c in targets:
        lon, lat, _z = to4326.TransformPoint(float(x[r, c]), float(y[r, c]))
        wkts.append("POINT (%.10f %.10f)" % (lon, lat))
    src = vector_file(tmp_path / "towns.gpkg", 4326, wkts, layer="towns")
    out = tmp_path / "out"
    run_prepare_drivers(ref, out / "stack.tif", output_report=out / "r.csv",
                        vectors=[VectorSource(src, "towns.gpkg")], progress=Progress())
    (name, band, _nd, _t), = stack_bands(out / "stack.tif")
    assert name == "distance to towns (m)"
    mask = np.zeros((15, 17), bool)
    for r, c in targets:
        mask[r, c] = True
    np.testing.assert_allclose(band, brute_distance(mask, GT), rtol=1e-5)
    assert read_csv(out / "r.csv")[0]["unit"] == "m"


def test_distances_are_metres_in_a_feet_crs(tmp_path):
    # NAD83 / New York Long Island (ftUS), EPSG:2263: 100 ft cells
    gt = (1000000.0, 100.0, 0, 200000.0, 0, -100.0)
    lu = np.ones((8, 9), np.uint8)
    lu[2, 6] = 5
    ref = write_raster(tmp_path / "ref.tif", lu, nodata=255, geotransform=gt, epsg=2263)
    out = tmp_path / "out"
    run_prepare_drivers(ref, out / "stack.tif", output_report=None, distance_classes=[5],
                        progress=Progress())
    (name, band, _nd, _t), = stack_bands(out / "stack.tif")
    assert name == "distance to class 5 (m)"
    us_foot = 1200.0 / 3937.0                 # metres per US survey foot, by definition
    np.testing.assert_allclose(band, brute_distance(lu == 5, gt, us_foot), rtol=1e-5)


def test_distance_to_classes_with_names(tmp_path):
    codes = np.ones((12, 10), np.uint8)
    codes[2:4, 7] = 5
    codes[9, 1] = 4
    ref, lu = reference(tmp_path, codes=codes, nodata_cells=[(0, 0)])
    classes = tmp_path / "classes.csv"
    classes.write_text("code,name\n4,Water\n5,Built-up\n")
    out = tmp_path / "out"
    run_prepare_drivers(ref, out / "stack.tif", output_report=None, distance_classes=[5, 4],
                        classes=str(classes), progress=Progress())
    bands = stack_bands(out / "stack.tif")
    assert [b[0] for b in bands] == ["distance to class 5 Built-up (m)",
                                     "distance to class 4 Water (m)"]
    np.testing.assert_allclose(bands[0][1], brute_distance(lu == 5, GT), rtol=1e-5)
    np.testing.assert_allclose(bands[1][1], brute_distance(lu == 4, GT), rtol=1e-5)


def brute_share(lu, nodata, code, n):
    """Share of ``code`` among the valid cells of the n x n window of every
    cell, by a loop over the windows (the reference of the share bands)."""
    rows, cols = lu.shape
    h = (n - 1) // 2
    out = np.zeros(lu.shape)
    for r in range(rows):
        for c in range(cols):
            w = lu[max(0, r - h):r + h + 1, max(0, c - h):c + h + 1]
            valid = w != nodata
            out[r, c] = (w[valid] == code).sum() / valid.sum() if valid.any() else 0.0
    return out


@pytest.mark.parametrize("strip_rows", [3, 20])
def test_share_of_classes_in_windows(tmp_path, monkeypatch, strip_rows):
    """Every share band equals a window-by-window count, also when the map is
    read in strips of 3 rows (the halo carries the neighbours across)."""
    monkeypatch.setattr(drivers, "strip_rows_for", lambda grid: strip_rows)
    rng = np.random.default_rng(3)
    codes = rng.choice([1, 4, 5], size=(20, 24), p=[0.6, 0.25, 0.15]).astype(np.uint8)
    ref, lu = reference(tmp_path, codes=codes, nodata_cells=[(0, 0), (7, 9), (19, 23)])
    out = tmp_path / "out"
    run_prepare_drivers(ref, out / "stack.tif", output_report=None,
                        settings=drivers.DriverSettings(share_classes=[5, 4],
                                                        share_windows=[3, 5]),
                        progress=Progress())
    bands = stack_bands(out / "stack.tif")
    assert [b[0] for b in bands] == ["share of class 5 in 3 x 3 cells",
                                     "share of class 5 in 5 x 5 cells",
                                     "share of class 4 in 3 x 3 cells",
                                     "share of class 4 in 5 x 5 cells"]
    valid = lu != 255
    for (_name, band, _nd, _t), (code, n) in zip(bands, [(5, 3), (5, 5), (4, 3), (4, 5)]):
        np.testing.assert_allclose(band[valid], brute_share(lu, 255, code, n)[valid],
                                   atol=1e-6)


def test_share_windows_must_be_odd(tmp_path):
    ref, _lu = reference(tmp_path, 5, 5)
    with pytest.raises(LandCarbonError, match="SHARE_WINDOWS is 4; it must be an odd whole "
                                              "number from 3 to 101"):
        run_prepare_drivers(ref, tmp_path / "o" / "s.tif", progress=Progress(),
                            settings=drivers.DriverSettings(share_classes=[1],
                                                            share_windows=[4]))


def test_distance_class_not_in_the_map(tmp_path):
    ref, _lu = reference(tmp_path, 5, 5)
    out = tmp_path / "out"
    with pytest.raises(LandCarbonError, match=r"class code\(s\) 7 do not occur in .*its codes "
                                              r"are 1"):
        run_prepare_drivers(ref, out / "s.tif", output_report=None, distance_classes=[7],
                            progress=Progress())
    assert listdir(out) == []


def test_vector_without_crs_is_refused(tmp_path):
    ref, _lu = reference(tmp_path, 5, 5)
    src = vector_file(tmp_path / "roads.gpkg", None, ["LINESTRING (500000 999950, 500100 999950)"])
    out = tmp_path / "out"
    with pytest.raises(LandCarbonError, match="roads.gpkg has no coordinate reference system"):
        run_prepare_drivers(ref, out / "s.tif", output_report=out / "r.csv",
                            vectors=[VectorSource(src, "roads.gpkg")], progress=Progress())
    assert listdir(out) == []


def test_vector_outside_the_extent_is_refused(tmp_path):
    ref, _lu = reference(tmp_path, 5, 5)
    src = vector_file(tmp_path / "far.gpkg", 32648, ["POINT (600000 900000)"])
    out = tmp_path / "out"
    with pytest.raises(LandCarbonError, match="No feature of far.gpkg lies inside the extent"):
        run_prepare_drivers(ref, out / "s.tif", output_report=None,
                            vectors=[VectorSource(src, "far.gpkg")], progress=Progress())
    assert listdir(out) == []


def test_vector_filter_is_honoured(tmp_path):
    ref, _lu = reference(tmp_path, 6, 6)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(tmp_path / "p.gpkg"))
    lyr = ds.CreateLayer("pts", srs_of(32648), ogr.wkbPoint)
    lyr.CreateField(ogr.FieldDefn("kind", ogr.OFTInteger))
    for kind, (r, c) in ((1, (1, 1)), (2, (4, 4))):
        f = ogr.Feature(lyr.GetLayerDefn())
        f.SetField("kind", kind)
        f.SetGeometry(ogr.CreateGeometryFromWkt("POINT (%f %f)" % (
            GT[0] + (c + 0.5) * 30, GT[3] - (r + 0.5) * 30)))
        lyr.CreateFeature(f)
    ds = None
    run_prepare_drivers(ref, tmp_path / "o" / "s.tif", output_report=None,
                        vectors=[VectorSource(str(tmp_path / "p.gpkg") + "|layername=pts"
                                              "|subset=\"kind\" = 2")],
                        progress=Progress())
    mask = np.zeros((6, 6), bool)
    mask[4, 4] = True
    np.testing.assert_allclose(stack_bands(tmp_path / "o" / "s.tif")[0][1],
                               brute_distance(mask, GT), rtol=1e-5)


def test_geographic_reference_refuses_distances(tmp_path):
    gt = (105.0, 0.0003, 0, 11.0, 0, -0.0003)
    ref = write_raster(tmp_path / "ref.tif", np.ones((5, 5), np.uint8), nodata=255,
                       geotransform=gt, epsg=4326)
    src = vector_file(tmp_path / "r.gpkg", 4326, ["POINT (105.0004 10.9996)"])
    out = tmp_path / "out"
    with pytest.raises(LandCarbonError, match="geographic CRS .*must be in metres.*Reproject"):
        run_prepare_drivers(ref, out / "s.tif", output_report=None,
                            vectors=[VectorSource(src, "r.gpkg")], progress=Progress())
    with pytest.raises(LandCarbonError, match="distances to land-use classes must be in metres"):
        run_prepare_drivers(ref, out / "s.tif", output_report=None, distance_classes=[1],
                            progress=Progress())
    assert listdir(out) == []


# ---------------------------------------------------------------------------
# slope
# ---------------------------------------------------------------------------

def test_slope_of_a_plane_including_the_edges(tmp_path):
    ref, _lu = reference(tmp_path, 9, 11, nodata_cells=())
    x, y = centres(GT, 9, 11)
    # z rises 3 m per 30 m eastwards and 4 m per 30 m northwards: gradient 5/30
    dem = write_raster(tmp_path / "dem.tif", (0.1 * (x - GT[0]) + (4 / 30.0) * (y - 999000))
                       .astype(np.float32))
    out = tmp_path / "out"
    run_prepare_drivers(ref, out / "s.tif", output_report=out / "r.csv", dem=dem,
                        progress=Progress())
    (name, band, _nd, _t), = stack_bands(out / "s.tif")
    assert name == "slope (degrees)"
    np.testing.assert_allclose(band, math.degrees(math.atan(5 / 30.0)), rtol=1e-5)


def test_slope_matches_gdaldem_inside(tmp_path):
    rng = np.random.default_rng(4)
    rows, cols = 40, 37
    dem_values = (np.cumsum(np.cumsum(rng.normal(size=(rows, cols)), 0), 1) * 0.7
                  ).astype(np.float32)
    dem_values[17, 20] = -9999      # a hole: neighbours use the extrapolation rule
    ref, _lu = reference(tmp_path, rows, cols, nodata_cells=())
    dem = write_raster(tmp_path / "dem.tif", dem_values, nodata=-9999)
    out = tmp_path / "out"
    run_prepare_drivers(ref, out / "s.tif", output_report=None, dem=dem, progress=Progress())
    (_n, band, _nd, _t), = stack_bands(out / "s.tif")
    gdal.DEMProcessing(str(tmp_path / "gdaldem.tif"), dem, "slope")
    expected = read_raster(tmp_path / "gdaldem.tif")
    inner = np.zeros((rows, cols), bool)
    inner[1:-1, 1:-1] = True
    inner[16:19, 19:22] = False     # gdaldem leaves the hole's neighbours empty
    np.testing.assert_allclose(band[inner], expected[inner], rtol=1e-4, atol=1e-4)
    assert band[17, 20] == ND


def test_slope_on_a_geographic_grid_uses_metres(tmp_path):
    # 0.0003 degree cells at 45 N; z rises 1 m per cell eastwards
    gt = (105.0, 0.0003, 0, 45.003, 0, -0.0003)
    ref = write_raster(tmp_path / "ref.tif", np.ones((10, 10), np.uint8), nodata=255,
                       geotransform=gt, epsg=4326)
    dem = write_raster(tmp_path / "dem.tif", np.tile(np.arange(10, dtype=np.float32), (10, 1)),
                       geotransform=gt, epsg=4326)
    out = tmp_path / "out"
    run_prepare_drivers(ref, out / "s.tif", output_report=None, dem=dem, progress=Progress())
    band = stack_bands(out / "s.tif")[0][1]
    # independent metric cell width: distance between two cell centres in UTM 48N
    to_utm = osr.CoordinateTransformation(srs_of(4326), srs_of(32648))
    for r in (0, 9):
        lat = gt[3] + (r + 0.5) * gt[5]
        xa, ya, _ = to_utm.TransformPoint(gt[0] + 4.5 * gt[1], lat)
        xb, yb, _ = to_utm.TransformPoint(gt[0] + 5.5 * gt[1], lat)
        # UTM's scale factor at this point (~0.9996 near the central meridian 105 E)
        scale = 0.9996 * (1 + ((xa - 500000) ** 2) / (2 * 6371000.0 ** 2))
        width = math.hypot(xb - xa, yb - ya) / scale
        assert band[r, 5] == pytest.approx(math.degrees(math.atan(1.0 / width)), rel=2e-4)


def test_horn_slope_hand_computed_window():
    # 3 x 3 window a..i = 1 2 3 / 4 5 6 / 7 8 10, cells 10 m:
    # dz/dx = ((3 + 12 + 10) - (1 + 8 + 7)) / 80 = 9/80; dz/dy = ((7 + 16 + 10) - (1 + 4 + 3)) / 80
    z = np.array([[1, 2, 3], [4, 5, 6], [7, 8, 10]], dtype=np.float64)
    slope = drivers.horn_slope(z, np.array([10.0]), np.array([10.0]))
    expected = math.degrees(math.atan(math.hypot(9 / 80.0, 25 / 80.0)))
    assert slope[0, 1] == pytest.approx(expected)


# ---------------------------------------------------------------------------
# the stack as a whole
# ---------------------------------------------------------------------------

def test_stack_layout_names_and_report(tmp_path):
    ref, _lu = reference(tmp_path, 8, 8)
    a = write_raster(tmp_path / "a.tif", np.arange(64, dtype=np.float32).reshape(8, 8))
    dup = tmp_path / "dup"
    dup.mkdir()
    b = write_raster(dup / "a.tif", np.ones((8, 8), np.int16) * 2)
    roads = vector_file(tmp_path / "roads.gpkg", 32648,
                        ["LINESTRING (500000 999880, 500240 999880)"], layer="roads")
    dem = write_raster(tmp_path / "dem.tif", np.zeros((8, 8), np.float32))
    out = tmp_path / "out"
    run_prepare_drivers(ref, out / "stack.tif", output_report=out / "report.csv",
                        rasters=[RasterSource(a), RasterSource(b, categorical=True)],
                        vectors=[VectorSource(roads)], dem=dem, distance_classes=[1],
                        progress=Progress())
    ds = gdal.Open(str(out / "stack.tif"))
    assert ds.GetMetadataItem("INTERLEAVE", "IMAGE_STRUCTURE") == "BAND"
    names = [ds.GetRasterBand(i).GetDescription() for i in range(1, ds.RasterCount + 1)]
    assert names == ["a", "a (2)", "distance to roads (m)", "slope (degrees)",
                     "distance to class 1 (m)"]
    assert {ds.GetRasterBand(i).GetNoDataValue() for i in range(1, 6)} == {ND}
    assert raster.grid_of(ds).differences(raster.grid_of(gdal.Open(ref))) == []
    ds = None
    rows = read_csv(out / "report.csv")
    assert list(rows[0]) == drivers.REPORT_HEADER
    assert [r["name"] for r in rows] == names
    assert float(rows[0]["min"]) == 0 and float(rows[0]["max"]) == 63
    assert sorted(listdir(out)) == ["report.csv", "stack.qml", "stack.tif"]


def test_cancel_leaves_nothing(tmp_path):
    ref, _lu = reference(tmp_path, 30, 30)
    a = write_raster(tmp_path / "a.tif", np.ones((30, 30), np.float32))
    calls = []
    progress = Progress(report=lambda f, m: calls.append(f), cancelled=lambda: len(calls) > 3)
    out = tmp_path / "out"
    with pytest.raises(Cancelled):
        run_prepare_drivers(ref, out / "s.tif", output_report=out / "r.csv",
                            rasters=[RasterSource(a)], distance_classes=[1], progress=progress)
    assert listdir(out) == []


def test_inputs_are_not_modified(tmp_path):
    ref, _lu = reference(tmp_path, 6, 6)
    a = write_raster(tmp_path / "a.tif", np.ones((6, 6), np.float32))
    before = {p: open(p, "rb").read() for p in (ref, a)}
    run_prepare_drivers(ref, tmp_path / "out" / "s.tif", output_report=None,
                        rasters=[RasterSource(a)], progress=Progress())
    for p, data in before.items():
        assert open(p, "rb").read() == data


def test_raster_on_the_grid_is_copied_exactly(tmp_path):
    ref, _lu = reference(tmp_path, 5, 6)
    values = (np.arange(30, dtype=np.int16).reshape(5, 6) - 10) * 7
    values[3, 2] = -32768
    src = write_raster(tmp_path / "soil.tif", values, nodata=-32768)
    run_prepare_drivers(ref, tmp_path / "o" / "s.tif", output_report=tmp_path / "o" / "r.csv",
                        rasters=[RasterSource(src)], progress=Progress())
    assert read_csv(tmp_path / "o" / "r.csv")[0]["method"] == \
        "copied (already on the grid, continuous)"
    band = stack_bands(tmp_path / "o" / "s.tif")[0][1]
    expected = values.astype(np.float32)
    expected[3, 2] = ND
    np.testing.assert_array_equal(band, expected)
