"""Independent reference computations and synthetic inputs for the LISA
tests: a plain dense-matrix Moran implementation (no code from core.hotspots.moran or
core.hotspots.weights) and small rasters / polygon layers with known structure."""

import numpy as np
from helpers import write_raster
from osgeo import ogr, osr

# A deliberately plain implementation: full n x n W from explicit loops over
# the grid, textbook formulas (Cliff & Ord 1981; Anselin 1995), islands
# removed by dropping their rows and columns.


def dense_weights(mask, kind):
    rows, cols = mask.shape
    cells = [(r, c) for r in range(rows) for c in range(cols) if mask[r, c]]
    index = {cell: i for i, cell in enumerate(cells)}
    a = np.zeros((len(cells), len(cells)))
    for (r, c), i in index.items():
        for dr in (-1, 0, 1):
            for dc in (-1, 0, 1):
                if (dr, dc) == (0, 0) or (kind == "rook" and dr != 0 and dc != 0):
                    continue
                j = index.get((r + dr, c + dc))
                if j is not None:
                    a[i, j] = 1.0
    return a


def dense_moran(y, a):
    """Everything for binary contiguity ``a`` (islands dropped first)."""
    keep = a.sum(axis=1) > 0
    a = a[np.ix_(keep, keep)]
    y = np.asarray(y, dtype=float)[keep]
    n = len(y)
    w = a / a.sum(axis=1, keepdims=True)
    z = y - y.mean()
    s0 = w.sum()
    s1 = 0.5 * ((w + w.T) ** 2).sum()
    s2 = ((w.sum(axis=1) + w.sum(axis=0)) ** 2).sum()
    i_global = n / s0 * (z @ w @ z) / (z @ z)
    ei = -1.0 / (n - 1)
    vi_norm = (n * n * s1 - n * s2 + 3 * s0 ** 2) / ((n * n - 1) * s0 ** 2) - ei ** 2
    b2 = n * (z ** 4).sum() / ((z ** 2).sum() ** 2)
    vi_rand = ((n * ((n * n - 3 * n + 3) * s1 - n * s2 + 3 * s0 ** 2)
                - b2 * ((n * n - n) * s1 - 2 * n * s2 + 6 * s0 ** 2))
               / ((n - 1) * (n - 2) * (n - 3) * s0 ** 2) - ei ** 2)
    lag = w @ z
    local = (n - 1) * z * lag / (z @ z)
    quad = np.where(z > 0, np.where(lag > 0, 1, 4), np.where(lag > 0, 2, 3))
    return dict(keep=keep, n=n, I=i_global, EI=ei, VI_norm=vi_norm, VI_rand=vi_rand,
                local=local, q=quad)


ND = -9999.0
PIXEL = 30.0
CELL = 120.0    # 4 x 4 pixels per analysis cell


def carbon_raster(tmp_path, rows=9, cols=11, seed=0, name="carbon.tif"):
    """Analysis-cell values with a smooth trend (clusters), each spread over
    4 x 4 pixels with pixel noise; a few pixels and one whole cell nodata."""
    rng = np.random.default_rng(seed)
    r, c = np.mgrid[0:rows, 0:cols]
    cells = 100 + 10 * np.sin(r / 2.0) * np.cos(c / 3.0) + rng.normal(0, 2, (rows, cols))
    pixels = np.kron(cells, np.ones((4, 4))) + rng.normal(0, 1, (rows * 4, cols * 4))
    pixels = pixels.astype(np.float32)
    pixels[rng.random(pixels.shape) < 0.1] = ND
    pixels[8:12, 12:16] = ND          # analysis cell (2, 3) left out
    return write_raster(tmp_path / name, pixels, nodata=ND,
                        geotransform=(500000.0, PIXEL, 0, 1000000.0, 0, -PIXEL)), pixels


def block_means(pixels, min_share=0.5):
    rows, cols = pixels.shape[0] // 4, pixels.shape[1] // 4
    blocks = pixels.reshape(rows, 4, cols, 4).transpose(0, 2, 1, 3).reshape(rows, cols, 16)
    valid = blocks != ND
    sums = np.where(valid, blocks, 0).astype(np.float64).sum(axis=2)
    counts = valid.sum(axis=2)
    mask = counts / 16 >= min_share
    with np.errstate(invalid="ignore"):
        return sums / counts, mask


def read_layer(path):
    ds = ogr.Open(str(path))
    layer = ds.GetLayer(0)
    rows = []
    for f in layer:
        rows.append({k: f.GetField(k) for k in f.keys()})
    return rows


def write_polygons(path, mask, values, field_type=ogr.OFTReal, crs=32648):
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(crs)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = ds.CreateLayer("cells", srs, ogr.wkbPolygon)
    layer.CreateField(ogr.FieldDefn("carbon", field_type))
    for (r, c), v in zip(zip(*np.nonzero(mask)), values):
        f = ogr.Feature(layer.GetLayerDefn())
        x0, y0 = 500000.0 + c * CELL, 1000000.0 - r * CELL
        f.SetGeometry(ogr.CreateGeometryFromWkt("POLYGON ((%f %f, %f %f, %f %f, %f %f, %f %f))" % (
            x0, y0, x0 + CELL, y0, x0 + CELL, y0 - CELL, x0, y0 - CELL, x0, y0)))
        f.SetField("carbon", v if field_type != ogr.OFTString else "%.3f" % v)
        layer.CreateFeature(f)
    ds = None
    return str(path)
