"""core.hotspots.aggregate: raster -> analysis cells, checked against a pixel-by-pixel
loop written here, and the cell-size checks."""

import numpy as np
import pytest
from helpers import write_raster
from osgeo import osr

from landcarbon.core.common import raster
from landcarbon.core.common.errors import LandCarbonError
from landcarbon.core.hotspots import aggregate

ND = -9999.0


def loop_aggregate(array, nodata, pixel, cell, statistic):
    """Pixel by pixel: each pixel goes to the analysis cell holding its
    centre; the full content of a cell counts virtual pixels beyond the edge."""
    rows, cols = array.shape
    n_rows = int((rows - 0.5) * pixel // cell) + 1    # cells holding a pixel centre
    n_cols = int((cols - 0.5) * pixel // cell) + 1
    sums = np.zeros((n_rows, n_cols))
    counts = np.zeros((n_rows, n_cols))
    full = np.zeros((n_rows, n_cols))
    for r in range(rows + 50):
        for c in range(cols + 50):
            ar = int((r + 0.5) * pixel // cell)
            ac = int((c + 0.5) * pixel // cell)
            if ar >= n_rows or ac >= n_cols:
                continue
            full[ar, ac] += 1
            if r < rows and c < cols and array[r, c] != nodata:
                sums[ar, ac] += array[r, c]
                counts[ar, ac] += 1
    with np.errstate(invalid="ignore", divide="ignore"):
        values = sums / counts if statistic == "mean" else np.where(counts > 0, sums, np.nan)
    return values, counts / full


def aggregate_file(tmp_path, array, cell, statistic="mean", share=0.5, pixel=30.0, **kw):
    path = write_raster(tmp_path / "in.tif", array, nodata=ND,
                        geotransform=(500000.0, pixel, 0, 1000000.0, 0, -pixel), **kw)
    info = raster.open_band(path, "in.tif")
    return aggregate.aggregate(info, cell, statistic, share)


@pytest.mark.parametrize("statistic", ["mean", "sum"])
@pytest.mark.parametrize("cell", [90.0, 75.0, 30.0, 100.0])
def test_matches_pixel_loop(tmp_path, statistic, cell):
    rng = np.random.default_rng(int(cell))
    array = rng.gamma(2.0, 50.0, size=(13, 17)).astype(np.float32)
    array[rng.random(array.shape) < 0.3] = ND
    array[:4, :5] = ND
    got = aggregate_file(tmp_path, array, cell, statistic)
    values, share = loop_aggregate(array.astype(np.float64), ND, 30.0, cell, statistic)
    assert got.values.shape == values.shape
    np.testing.assert_allclose(got.share, share, rtol=1e-12)
    np.testing.assert_allclose(got.values, values, rtol=1e-6)
    np.testing.assert_array_equal(got.valid, (share >= 0.5) & (share > 0))
    gt = got.grid.geotransform
    assert gt == (500000.0, cell, 0.0, 1000000.0, 0.0, -cell)


def test_strips_crossing_analysis_rows_give_the_same_result(tmp_path, monkeypatch):
    rng = np.random.default_rng(1)
    array = rng.random((40, 23)).astype(np.float32)
    array[rng.random(array.shape) < 0.2] = ND
    whole = aggregate_file(tmp_path, array, 210.0)     # 7 pixels per analysis cell
    monkeypatch.setattr(aggregate, "STRIP_CELLS", 23 * 3)   # 3-row strips
    strips = aggregate_file(tmp_path, array, 210.0)
    np.testing.assert_allclose(strips.values, whole.values, rtol=1e-12)
    np.testing.assert_array_equal(strips.share, whole.share)


def test_min_valid_share_by_hand(tmp_path):
    # 2 x 3 analysis cells of 2 x 2 pixels; valid pixels per cell: 4 3 2 / 1 0 4
    array = np.array([[1, 2, 3, ND, 5, ND],
                      [3, 4, 5, 6, ND, 7],
                      [ND, ND, ND, ND, 1, 1],
                      [ND, 9, ND, ND, 1, 1]], np.float32)
    got = aggregate_file(tmp_path, array, 60.0, share=0.75)
    np.testing.assert_allclose(got.share, [[1, 0.75, 0.5], [0.25, 0, 1]])
    assert got.valid.tolist() == [[True, True, False], [False, False, True]]
    assert got.values[0, 0] == 2.5 and got.values[0, 1] == pytest.approx(14 / 3)
    assert np.isnan(got.values[1, 1])


def test_cell_smaller_than_pixels(tmp_path):
    with pytest.raises(LandCarbonError, match="CELL_SIZE 20 is smaller than the cells of "
                                              "in.tif \\(30 x 30"):
        aggregate_file(tmp_path, np.ones((10, 10), np.float32), 20.0)


def test_cell_so_large_that_fewer_than_3_cells(tmp_path):
    with pytest.raises(LandCarbonError, match="gives only 2 analysis cell\\(s\\).*at least 3"):
        aggregate_file(tmp_path, np.ones((10, 20), np.float32), 300.0)   # 2 x 1 cells


def test_geographic_crs_with_a_cell_size_in_metres(tmp_path):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(4326)
    with pytest.raises(LandCarbonError, match="(?s)geographic CRS.*EPSG:4326.*CELL_SIZE is "
                                              "1000.*looks like a size in metres.*reproject"):
        aggregate_file(tmp_path, np.ones((10, 10), np.float32), 1000.0, pixel=0.001,
                       wkt=srs.ExportToWkt())
    # in degrees it is fine
    got = aggregate_file(tmp_path, np.ones((10, 10), np.float32), 0.005, pixel=0.001,
                         wkt=srs.ExportToWkt())
    assert got.values.shape == (2, 2)


def test_all_nodata(tmp_path):
    with pytest.raises(LandCarbonError, match="in.tif holds no valid cell"):
        aggregate_file(tmp_path, np.full((10, 10), ND, np.float32), 60.0)


def test_too_many_analysis_cells(tmp_path, monkeypatch):
    monkeypatch.setattr(aggregate, "MAX_ANALYSIS_CELLS", 20)
    with pytest.raises(LandCarbonError, match="5 x 5 = 25 analysis cells.*larger CELL_SIZE"):
        aggregate_file(tmp_path, np.ones((10, 10), np.float32), 60.0)
