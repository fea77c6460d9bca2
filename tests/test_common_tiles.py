"""Rasters written as tiles and a VRT (core/common/tiles.py): GDAL reads the
VRT back as the array the tiles were cut from, on the same grid, with the
colour table, class names, nodata and description; the tiles and the VRT
are all or nothing (core/common/outputs.py)."""

import os

import numpy as np
import pytest
from helpers import listdir
from osgeo import gdal, osr

from landcarbon.core.common import raster, tiles
from landcarbon.core.common.blocks import windows
from landcarbon.core.common.errors import LandCarbonError
from landcarbon.core.common.outputs import Outputs

gdal.UseExceptions()


def _grid(rows, cols):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(32650)
    return raster.Grid(cols, rows, (300000.0, 30.0, 0.0, 4000000.0, 0.0, -30.0),
                       srs.ExportToWkt())


ENTRIES = [(1, (10, 20, 30, 255), "1 cropland"), (3, (0, 128, 0, 255), "3 forest"),
           (7, (200, 0, 0, 255), "7 built-up")]


def _write(folder, array, grid, nodata, parts, entries=None, fail=False):
    final = os.path.join(folder, "sim.vrt")
    with Outputs() as out:
        tmp = out.path(final)
        wins = list(windows(grid.ysize, grid.xsize, *parts).values())
        for w in reversed(wins):                      # any order
            tiles.write_tile(tiles.tile_folder(tmp), w, grid,
                             [array[w.y0:w.y0 + w.rows, w.x0:w.x0 + w.cols]], array.dtype,
                             nodata)
        if fail:
            raise RuntimeError("stopped")
        tiles.finish_vrt(tmp, grid, array.dtype, wins, nodata, ["simulated land use 2030"],
                         entries)
    return final


def test_the_vrt_reads_back_as_the_array_on_the_grid_with_its_style(tmp_path):
    rng = np.random.default_rng(1)
    grid = _grid(53, 41)
    array = rng.choice(np.array([1, 3, 7, 255], dtype=np.uint8), size=(53, 41))
    path = _write(str(tmp_path), array, grid, 255, (17, 13), ENTRIES)
    ds = gdal.Open(path)
    band = ds.GetRasterBand(1)
    np.testing.assert_array_equal(band.ReadAsArray(), array)
    assert ds.GetGeoTransform() == grid.geotransform
    assert osr.SpatialReference(ds.GetProjection()).GetAuthorityCode(None) == "32650"
    assert band.GetNoDataValue() == 255
    assert band.GetDescription() == "simulated land use 2030"
    names = band.GetCategoryNames()
    assert (names[1], names[3], names[7]) == ("1 cropland", "3 forest", "7 built-up")
    table = band.GetRasterColorTable()
    assert table.GetColorEntry(3) == (0, 128, 0, 255)
    assert table.GetColorEntry(7) == (200, 0, 0, 255)
    # 4 x 4 tiles in the final folder, the .qml beside the VRT, nothing temporary
    assert len(os.listdir(tiles.tile_folder(path))) == 16
    assert sorted(listdir(tmp_path)) == ["sim.qml", "sim.vrt", "sim_tiles"]


def test_float_tiles_keep_their_values_and_nodata(tmp_path):
    rng = np.random.default_rng(2)
    grid = _grid(30, 70)
    array = rng.random((30, 70)).astype(np.float32)
    array[3:5, 10:40] = raster.FLOAT32_NODATA
    path = _write(str(tmp_path), array, grid, raster.FLOAT32_NODATA, (30, 32))
    ds = gdal.Open(path)
    band = ds.GetRasterBand(1)
    np.testing.assert_array_equal(band.ReadAsArray(), array)
    assert band.DataType == gdal.GDT_Float32
    assert band.GetNoDataValue() == pytest.approx(raster.FLOAT32_NODATA)


def test_a_failed_run_leaves_neither_tiles_nor_vrt_and_keeps_the_older_output(tmp_path):
    grid = _grid(20, 20)
    older = _write(str(tmp_path), np.full((20, 20), 3, np.uint8), grid, 255, (8, 8), ENTRIES)
    with pytest.raises(RuntimeError):
        _write(str(tmp_path), np.full((20, 20), 7, np.uint8), grid, 255, (8, 8), ENTRIES,
               fail=True)
    assert sorted(listdir(tmp_path)) == ["sim.qml", "sim.vrt", "sim_tiles"]
    assert (gdal.Open(older).ReadAsArray() == 3).all()
    # a new run replaces the older tiles
    _write(str(tmp_path), np.full((20, 20), 1, np.uint8), grid, 255, (20, 20), ENTRIES)
    assert (gdal.Open(older).ReadAsArray() == 1).all()
    assert os.listdir(tiles.tile_folder(older)) == ["r000000_c000000.tif"]


def test_a_step_without_tiles_refuses_a_vrt_name(tmp_path):
    with pytest.raises(LandCarbonError, match=r"stock.vrt: this output cannot be written as "
                                               r"tiles and a VRT; name it .tif"):
        raster.create_raster(str(tmp_path / ".stock.partial-0a1b2c3d.vrt"), _grid(5, 5),
                             np.float32)
