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
from xml.sax.saxutils import escape

import numpy as np

from . import raster
from .outputs import is_tiled, tile_folder  # noqa: F401 - the names of a tiled output
from .styles import paletted_qml, write_qml

_VRT_TYPES = {np.dtype(np.uint8): "Byte", np.dtype(np.uint16): "UInt16",
              np.dtype(np.int16): "Int16", np.dtype(np.uint32): "UInt32",
              np.dtype(np.int32): "Int32", np.dtype(np.float32): "Float32",
              np.dtype(np.float64): "Float64"}


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


def write_vrt(path, grid, dtype, windows, nodata=None, descriptions=None, entries=None):
    """The VRT at ``path`` over the tiles of ``windows`` in tile_folder(path)
    (relative paths), one band per description. ``entries`` (value, rgba,
    label): a colour table (Byte / UInt16 bands) and class names on band 1."""
    dtype = np.dtype(dtype)
    folder = os.path.basename(tile_folder(path))
    bands = len(descriptions) if descriptions else 1
    gt = ", ".join(repr(float(v)) for v in grid.geotransform)
    lines = ['<VRTDataset rasterXSize="%d" rasterYSize="%d">' % (grid.xsize, grid.ysize)]
    if grid.crs_wkt:
        lines.append("  <SRS>%s</SRS>" % escape(grid.crs_wkt))
    lines.append("  <GeoTransform>%s</GeoTransform>" % gt)
    for band in range(1, bands + 1):
        lines.append('  <VRTRasterBand dataType="%s" band="%d">' % (_VRT_TYPES[dtype], band))
        if descriptions:
            lines.append("    <Description>%s</Description>" % escape(str(descriptions[band - 1])))
        if nodata is not None:
            lines.append("    <NoDataValue>%r</NoDataValue>" % float(nodata))
        if band == 1 and entries:
            lines += _style_lines(entries, dtype, nodata)
        for w in sorted(windows, key=lambda w: (w.y0, w.x0)):
            lines += ["    <SimpleSource>",
                      '      <SourceFilename relativeToVRT="1">%s/%s</SourceFilename>'
                      % (folder, tile_name(w)),
                      "      <SourceBand>%d</SourceBand>" % band,
                      '      <SrcRect xOff="0" yOff="0" xSize="%d" ySize="%d" />'
                      % (w.cols, w.rows),
                      '      <DstRect xOff="%d" yOff="%d" xSize="%d" ySize="%d" />'
                      % (w.x0, w.y0, w.cols, w.rows),
                      "    </SimpleSource>"]
        lines.append("  </VRTRasterBand>")
    lines.append("</VRTDataset>")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(lines) + "\n")


def _style_lines(entries, dtype, nodata):
    """Colour table and category names of a categorical band, as VRT XML
    (the same as core.common.styles.style_categorical sets on a GeoTIFF)."""
    values = [int(v) for v, _c, _l in entries]
    if not values or min(values) < 0:
        return []
    top = max(values)
    names = [""] * (top + 1)
    for value, _rgba, label in entries:
        names[int(value)] = str(label)
    out = ["    <CategoryNames>"] + ["      <Category>%s</Category>" % escape(n) for n in names] \
        + ["    </CategoryNames>"]
    if dtype in (np.dtype(np.uint8), np.dtype(np.uint16)):
        size = max(top, int(nodata) if nodata is not None and 0 <= nodata <= 65535 else 0) + 1
        table = [(0, 0, 0, 0)] * size
        for value, rgba, _label in entries:
            table[int(value)] = tuple(int(x) for x in rgba[:4])
        out = ["    <ColorInterp>Palette</ColorInterp>"] + out + ["    <ColorTable>"] \
            + ['      <Entry c1="%d" c2="%d" c3="%d" c4="%d" />' % rgba for rgba in table] \
            + ["    </ColorTable>"]
    return out


def finish_vrt(path, grid, dtype, windows, nodata=None, descriptions=None, entries=None):
    """write_vrt, and for a categorical band (``entries``) its .qml."""
    write_vrt(path, grid, dtype, windows, nodata, descriptions, entries)
    if entries:
        write_qml(path, paletted_qml(entries))
