"""core.common.raster, .outputs, .tables: grid check, nodata rules, strips,
cell areas, all-or-nothing outputs, CSV parsing. No QGIS needed."""

import math

import numpy as np
import pytest
from helpers import listdir, write_raster
from osgeo import osr
from scipy import integrate

from landcarbon.core.common import raster
from landcarbon.core.common.errors import Cancelled, GridMismatchError, LandCarbonError
from landcarbon.core.common.outputs import Outputs
from landcarbon.core.common.progress import Progress
from landcarbon.core.common.tables import parse_number_list, read_table

# -- grid check ---------------------------------------------------------------

def test_same_grid_passes_with_float_noise(tmp_path):
    a = write_raster(tmp_path / "a.tif", np.ones((4, 5), np.uint8))
    b = write_raster(tmp_path / "b.tif", np.ones((4, 5), np.uint8),
                     geotransform=(500000.0 + 1e-7, 30.0 + 1e-9, 0, 1000000.0, 0, -30.0))
    raster.check_same_grid([("a", raster.open_band(a).grid), ("b", raster.open_band(b).grid)])


def test_grid_mismatch_lists_every_difference(tmp_path):
    a = write_raster(tmp_path / "a.tif", np.ones((4, 5), np.uint8))
    crs = write_raster(tmp_path / "crs.tif", np.ones((4, 5), np.uint8), epsg=32649)
    size = write_raster(tmp_path / "size.tif", np.ones((4, 6), np.uint8))
    cell = write_raster(tmp_path / "cell.tif", np.ones((4, 5), np.uint8),
                        geotransform=(500000.0, 25.0, 0, 1000000.0, 0, -25.0))
    # the cedar creek trap: a sub-metre shift of the origin
    shift = write_raster(tmp_path / "shift.tif", np.ones((4, 5), np.uint8),
                         geotransform=(500000.44, 30.0, 0, 999999.12, 0, -30.0))
    grids = [(n, raster.open_band(p).grid) for n, p in
             [("a.tif", a), ("crs.tif", crs), ("size.tif", size), ("cell.tif", cell),
              ("shift.tif", shift)]]
    with pytest.raises(GridMismatchError) as err:
        raster.check_same_grid(grids)
    msg = str(err.value)
    assert "crs.tif differs from a.tif: CRS EPSG:32648 (WGS 84 / UTM zone 48N) vs EPSG:32649" in msg
    assert "size 5 x 4 vs 6 x 4" in msg
    assert "cell size 30 x 30 vs 25 x 25" in msg
    assert "shift.tif" in msg and "shifted by (0.44, -0.88" in msg
    assert "less than half a cell" in msg and "gdal_edit -a_ullr" in msg
    assert "preparedrivers" in msg and "Align" in msg


def test_missing_crs_differs_from_a_crs(tmp_path):
    a = write_raster(tmp_path / "a.tif", np.ones((2, 2), np.uint8))
    b = write_raster(tmp_path / "b.tif", np.ones((2, 2), np.uint8), epsg=None)
    with pytest.raises(GridMismatchError, match="vs no CRS"):
        raster.check_same_grid([("a", raster.open_band(a).grid), ("b", raster.open_band(b).grid)])


def test_not_a_raster_is_a_clear_error(tmp_path):
    path = tmp_path / "table.csv"
    path.write_text("a,b\n1,2\n")
    with pytest.raises(LandCarbonError, match="table.csv could not be opened as a raster"):
        raster.open_band(str(path), "table.csv")


# -- nodata rules ---------------------------------------------------------------

def test_nodata_outside_the_band_type_is_dropped_with_a_warning(tmp_path):
    path = write_raster(tmp_path / "a.tif", np.array([[128, 1], [2, 3]], np.uint8), nodata=-128)
    progress = Progress()
    info = raster.open_band(path, "a.tif", progress=progress)
    assert info.nodata is None
    assert any("-128" in w and "cannot occur in a uint8 band" in w for w in progress.warnings)


def test_signed_byte_band_reads_negative_values_and_nodata(tmp_path):
    values = np.array([[-128, -1], [5, 127]], np.int8)
    path = write_raster(tmp_path / "s.tif", values, nodata=-128)
    info = raster.open_band(path)
    assert info.dtype == np.int8 and info.nodata == -128
    reader = raster.BandReader(info)
    block = reader.read(0, 2)
    np.testing.assert_array_equal(block, values)
    np.testing.assert_array_equal(raster.valid_mask(block, info.nodata),
                                  [[False, True], [True, True]])


def test_no_nodata_declared_means_every_cell_valid(tmp_path):
    path = write_raster(tmp_path / "a.tif", np.array([[0, 255]], np.uint8))
    info = raster.open_band(path)
    assert info.nodata is None
    assert raster.valid_mask(np.array([[0, 255]], np.uint8), info.nodata).all()


def test_float_nodata_compared_in_band_precision_and_nan_invalid():
    nd = np.float32(-3.4028234663852886e38)
    block = np.array([[nd, np.nan, 1.5, np.inf]], np.float32)
    np.testing.assert_array_equal(raster.valid_mask(block, nd), [[False, False, True, False]])


def test_fractional_nodata_on_integer_band_is_dropped(tmp_path):
    path = write_raster(tmp_path / "a.tif", np.array([[1, 2]], np.int16), nodata=0.5)
    progress = Progress()
    assert raster.open_band(path, progress=progress).nodata is None
    assert progress.warnings


# -- strips -----------------------------------------------------------------------

def test_strips_cover_every_row_once():
    grid = raster.Grid(1000, 1037, (0, 1, 0, 0, 0, -1), "")
    rows = raster.strip_rows(grid, block_rows=16, max_cells=100_000)
    assert rows % 16 == 0
    covered = [y for y0, n in raster.strips(grid, rows) for y in range(y0, y0 + n)]
    assert covered == list(range(1037))


# -- cell areas ---------------------------------------------------------------------

def _numeric_ellipsoid_area(lat1, lat2, dlon, a, f):
    """Independent check: integrate M(phi) N(phi) cos(phi) dphi dlon."""
    e2 = f * (2 - f)

    def integrand(phi):
        w = 1 - e2 * math.sin(phi) ** 2
        return a * (1 - e2) / w ** 1.5 * a / math.sqrt(w) * math.cos(phi)
    value, _err = integrate.quad(integrand, math.radians(lat1), math.radians(lat2))
    return value * math.radians(dlon)


def test_geographic_cell_areas_match_numeric_integration():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    grid = raster.Grid(10, 3, (100.0, 0.5, 0, 60.0, 0, -20.0), srs.ExportToWkt())
    areas = raster.CellAreas(grid)
    assert not areas.is_constant
    expected = [_numeric_ellipsoid_area(lat - 20, lat, 0.5, 6378137.0, 1 / 298.257223563)
                for lat in (60.0, 40.0, 20.0)]
    np.testing.assert_allclose(areas.rows(0, 3), expected, rtol=1e-9)


def test_projected_cell_area_uses_linear_units():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(2227)  # California zone 3, US survey feet
    grid = raster.Grid(2, 2, (0, 100.0, 0, 0, 0, -100.0), srs.ExportToWkt())
    foot = 1200.0 / 3937.0
    assert raster.CellAreas(grid).constant_m2 == pytest.approx((100 * foot) ** 2, rel=1e-12)


def test_no_crs_area_warns():
    progress = Progress()
    areas = raster.CellAreas(raster.Grid(2, 2, (0, 30.0, 0, 0, 0, -30.0), ""), progress)
    assert areas.constant_m2 == 900.0 and progress.warnings


# -- all-or-nothing outputs ---------------------------------------------------------

def test_outputs_move_into_place_on_success(tmp_path):
    final = tmp_path / "out" / "a.csv"
    with Outputs() as out:
        tmp = out.path(str(final))
        with open(tmp, "w") as fh:
            fh.write("x")
        assert not final.exists()
    assert final.read_text() == "x"
    assert listdir(final.parent) == ["a.csv"]


def test_outputs_removed_on_failure_and_old_file_kept(tmp_path):
    final = tmp_path / "a.tif"
    final.write_text("previous result")
    with pytest.raises(Cancelled):
        with Outputs() as out:
            tmp = out.path(str(final))
            raster.create_raster(tmp, raster.Grid(3, 3, (0, 1, 0, 0, 0, -1), ""), np.uint8)
            raise Cancelled()
    assert final.read_text() == "previous result"
    assert listdir(tmp_path) == ["a.tif"]


def test_output_folder_that_cannot_be_created_is_a_clear_error(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("")
    with pytest.raises(LandCarbonError, match="Cannot create the output folder"):
        Outputs().path(str(blocker / "sub" / "a.csv"))


def test_progress_span_maps_onto_parent_range():
    seen = []
    parent = Progress(report=lambda f, m: seen.append(round(f, 6)))
    child = parent.span(0.5, 1.0).span(0.0, 0.5)
    child.set(1.0)
    assert seen == [0.75]


# -- tables ---------------------------------------------------------------------

def test_table_reads_gbk_semicolons_bom_and_comments(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("# comment\nCode;Name\n1;耕地\n\n2;林地\n".encode("gb18030"))
    header, rows = read_table(str(path), required=("code", "name"))
    assert header == ["code", "name"] and rows == [["1", "耕地"], ["2", "林地"]]


def test_missing_column_names_what_was_found(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("lucode,above\n1,2\n")
    with pytest.raises(LandCarbonError,
                       match="lacks the column.*c_soil.*its header is: lucode, above"):
        read_table(str(path), "pools", required=("lucode", "c_soil"))


def test_number_lists():
    assert parse_number_list("2000, 2010;2020", "YEARS", integer=True) == [2000, 2010, 2020]
    with pytest.raises(LandCarbonError, match="'20x0' is not a number"):
        parse_number_list("2000,20x0", "YEARS", integer=True)
    with pytest.raises(LandCarbonError, match="not a whole number"):
        parse_number_list("2000.5", "YEARS", integer=True)
