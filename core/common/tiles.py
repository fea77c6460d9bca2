"""Rasters written as tiles: a VRT over one GeoTIFF per block
(docs/cluster.md, "Workers write").

An output path ending in ``.vrt`` asks for it. The blocks are written as
tiles in the folder ``<stem>_tiles`` beside the VRT - on a cluster by the
worker that computed them, in parallel, so the client writes no raster data
at all - and the VRT lists them, with the grid, band descriptions, nodata,
colour table and class names. The values are those of the single GeoTIFF
(same type, same nodata, same compression per tile); QGIS and GDAL open the
VRT like any raster, and ``gdal_translate out.vrt out.tif`` makes one file.
A tile is named after its window (``r<row>_c<column>.tif``), so a run
writes the same files whatever order the blocks come in.

The all-or-nothing contract holds: the tiles go to a temporary folder that
:class:`core.common.outputs.Outputs` moves into place with the VRT (which
is why the names, ``is_tiled`` and ``tile_folder``, are defined there).
"""

import os

from osgeo import gdal

from . import raster
from .outputs import is_tiled, tile_folder  # noqa: F401 - the names of a tiled output
from .styles import style_categorical

_SOURCE = ('<SimpleSource><SourceFilename relativeToVRT="1">%s</SourceFilename>'
           '<SourceBand>%d</SourceBand><SrcRect xOff="0" yOff="0" xSize="%d" ySize="%d"/>'
           '<DstRect xOff="%d" yOff="%d" xSize="%d" ySize="%d"/></SimpleSource>')


def tile_name(window):
    return "r%06d_c%06d.tif" % (window.y0, window.x0)


def window_grid(grid, window):
    """The grid of ``window`` (a core.common.blocks.Window) of ``grid``."""
    gt = list(grid.geotransform)
    gt[0] += window.x0 * gt[1] + window.y0 * gt[2]
    gt[3] += window.x0 * gt[4] + window.y0 * gt[5]
    return raster.Grid(window.cols, window.rows, tuple(gt), grid.crs_wkt)


def write_tile(folder, window, grid, blocks, dtype, nodata, descriptions=None):
    """Write ``blocks`` (one (rows, cols) array per band) of ``window`` as
    the tile GeoTIFF in ``folder`` (made if needed); returns its name. GDAL
    compresses in one thread: on a cluster every worker writes its own."""
    os.makedirs(folder, exist_ok=True)
    name = tile_name(window)
    ds = raster.create_raster(os.path.join(folder, name), window_grid(grid, window), dtype,
                              bands=len(blocks), nodata=nodata, descriptions=descriptions,
                              threads=1)
    try:
        for band, block in enumerate(blocks, start=1):
            raster.write_strip(ds, 0, block, band)
    finally:
        ds = None
    return name


def finish_vrt(path, grid, dtype, windows, nodata=None, descriptions=None, entries=None):
    """The VRT at ``path`` over the tiles of ``windows`` in tile_folder(path)
    (relative paths), one band per description. ``entries`` (value, rgba,
    label): band 1 styled as a GeoTIFF is (core.common.styles, with its
    .qml)."""
    folder = os.path.basename(tile_folder(path))
    bands = len(descriptions) if descriptions else 1
    ds = gdal.GetDriverByName("VRT").Create(str(path), grid.xsize, grid.ysize, bands,
                                            raster.gdal_type(dtype))
    try:
        ds.SetGeoTransform(grid.geotransform)
        if grid.crs_wkt:
            ds.SetProjection(grid.crs_wkt)
        for band in range(1, bands + 1):
            b = ds.GetRasterBand(band)
            if descriptions:
                b.SetDescription(str(descriptions[band - 1]))
            if nodata is not None:
                b.SetNoDataValue(float(nodata))
            for n, w in enumerate(sorted(windows, key=lambda w: (w.y0, w.x0))):
                b.SetMetadataItem("source_%d" % n, _SOURCE % (
                    "%s/%s" % (folder, tile_name(w)), band, w.cols, w.rows,
                    w.x0, w.y0, w.cols, w.rows), "new_vrt_sources")
        if entries:
            style_categorical(ds, path, entries)
    finally:
        ds = None
