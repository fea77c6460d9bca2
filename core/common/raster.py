"""Raster access for every algorithm: grids, the one grid check, nodata rules,
row strips, cell areas and writing.

Rasters are always read and written in row strips (full width, a few hundred
rows), so memory depends on the strip size, not on the raster size. Outputs
are written to temporary files and moved into place by
:class:`core.common.outputs.Outputs` only when everything succeeded.
"""

import math
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from osgeo import gdal, osr

from .errors import GridMismatchError, LandCarbonError
from .outputs import is_tiled, shown_name

gdal.UseExceptions()
osr.UseExceptions()

# Strips hold about this many cells (4 Mi cells = 4 MB for a Byte band,
# 16 MB for Float32): large enough for numpy to be efficient, small enough
# that several planes of a strip stay far below the memory goals.
STRIP_CELLS = 1 << 22

# Origins and cell sizes that differ by less than this share of a cell are
# the same grid (floating-point noise in headers written by other software).
GRID_TOLERANCE = 1e-4

# Nodata written in Float32 outputs: it cannot be a real carbon density,
# probability or change (unlike InVEST's -1 on signed outputs).
FLOAT32_NODATA = float(np.finfo(np.float32).min)

ALIGN_HINT = ("Put all rasters on one grid first, e.g. with landcarbon:preparedrivers "
              "(drivers) or Raster > Align Rasters / gdalwarp -tr -te -t_srs (land-use "
              "maps, nearest-neighbour resampling).")


# ---------------------------------------------------------------------------
# Grids and CRS
# ---------------------------------------------------------------------------

def spatial_ref(wkt):
    """osr.SpatialReference of a WKT (traditional x/y axis order), or None."""
    if not wkt:
        return None
    srs = osr.SpatialReference()
    srs.ImportFromWkt(wkt)
    srs.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    return srs


def crs_name(wkt):
    """A short human name of a CRS: 'EPSG:32648 (WGS 84 / UTM zone 48N)'."""
    srs = spatial_ref(wkt)
    if srs is None:
        return "no CRS"
    name = srs.GetName() or "unnamed"
    try:
        srs.AutoIdentifyEPSG()
    except RuntimeError:
        pass
    authority, code = srs.GetAuthorityName(None), srs.GetAuthorityCode(None)
    if authority and code:
        return "%s:%s (%s)" % (authority, code, name)
    if name in ("unknown", "unnamed"):
        return "custom CRS (%s)" % srs.ExportToProj4().strip()
    return name


def same_crs(wkt_a, wkt_b):
    """True when both CRS are equivalent (or both are missing)."""
    a, b = spatial_ref(wkt_a), spatial_ref(wkt_b)
    if a is None or b is None:
        return a is None and b is None
    return bool(a.IsSame(b, ["IGNORE_DATA_AXIS_TO_SRS_AXIS_MAPPING=YES",
                             "CRITERION=EQUIVALENT_EXCEPT_AXIS_ORDER_GEOGCRS"]))


@dataclass(frozen=True)
class Grid:
    """Size, geotransform and CRS of a raster: what 'the same grid' means."""

    xsize: int
    ysize: int
    geotransform: tuple
    crs_wkt: str

    @property
    def cells(self):
        return self.xsize * self.ysize

    @property
    def crs_name(self):
        return crs_name(self.crs_wkt)

    @property
    def cell_width(self):
        return abs(self.geotransform[1])

    @property
    def cell_height(self):
        return abs(self.geotransform[5])

    @property
    def is_geographic(self):
        srs = spatial_ref(self.crs_wkt)
        return bool(srs is not None and srs.IsGeographic())

    def differences(self, other):
        """Human-readable list of what differs between two grids."""
        out = []
        if not same_crs(self.crs_wkt, other.crs_wkt):
            out.append("CRS %s vs %s" % (self.crs_name, other.crs_name))
        if (self.xsize, self.ysize) != (other.xsize, other.ysize):
            out.append("size %d x %d vs %d x %d cells (columns x rows)"
                       % (self.xsize, self.ysize, other.xsize, other.ysize))
        ga, gb = self.geotransform, other.geotransform
        cell = max(self.cell_width, self.cell_height, 1e-12)
        tol = GRID_TOLERANCE * cell
        if abs(ga[1] - gb[1]) > tol or abs(ga[5] - gb[5]) > tol \
                or abs(ga[2] - gb[2]) > tol or abs(ga[4] - gb[4]) > tol:
            out.append("cell size %.6g x %.6g vs %.6g x %.6g"
                       % (ga[1], abs(ga[5]), gb[1], abs(gb[5])))
        if abs(ga[0] - gb[0]) > tol or abs(ga[3] - gb[3]) > tol:
            dx, dy = gb[0] - ga[0], gb[3] - ga[3]
            text = ("origin (%.4f, %.4f) vs (%.4f, %.4f), shifted by (%.4g, %.4g) map units"
                    % (ga[0], ga[3], gb[0], gb[3], dx, dy))
            if abs(dx) < cell / 2 and abs(dy) < cell / 2 and not out:
                # a sub-cell shift of otherwise identical grids is usually a
                # header written with rounding, not a different grid
                text += (" (less than half a cell: if both maps should coincide, give them the "
                         "same origin without resampling, e.g. gdal_edit -a_ullr)")
            out.append(text)
        return out


def grid_of(dataset):
    return Grid(dataset.RasterXSize, dataset.RasterYSize,
                tuple(dataset.GetGeoTransform()), dataset.GetProjection() or "")


def check_same_grid(named_grids):
    """Refuse rasters that are not on one grid.

    ``named_grids`` is a list of (label, Grid); the first one is the
    reference. The error lists every difference of every raster, then how to
    fix it.
    """
    if not named_grids:
        return
    ref_label, ref = named_grids[0]
    problems = []
    for label, grid in named_grids[1:]:
        diffs = ref.differences(grid)
        if diffs:
            problems.append("- %s differs from %s: %s" % (label, ref_label, "; ".join(diffs)))
    if problems:
        raise GridMismatchError(
            "The rasters are not on the same grid (CRS, cell size, origin and size must "
            "match cell for cell):\n%s\n%s" % ("\n".join(problems), ALIGN_HINT))


# ---------------------------------------------------------------------------
# Opening rasters and the nodata rules
# ---------------------------------------------------------------------------

@dataclass
class RasterInfo:
    """What the core needs to know about one band of a raster file.

    ``dtype`` is the numpy type the band's values have (int8 for GDAL Byte
    bands flagged PIXELTYPE=SIGNEDBYTE); ``nodata`` is the declared nodata
    value if it can occur in that type, else None (see :func:`open_band`).
    """

    path: str
    label: str
    band: int
    band_count: int
    grid: Grid
    dtype: np.dtype
    nodata: object
    block_rows: int
    description: str = ""

    @property
    def is_integer(self):
        return np.issubdtype(self.dtype, np.integer)


def open_dataset(path, label=None):
    """Open a raster with GDAL or raise a message that names the file."""
    label = label or path
    try:
        ds = gdal.Open(str(path), gdal.GA_ReadOnly)
    except RuntimeError as exc:
        raise LandCarbonError(
            "%s could not be opened as a raster (%s). Give a raster file that GDAL can "
            "read, such as a GeoTIFF." % (label, str(exc).strip())) from None
    if ds is None or ds.RasterCount == 0:
        raise LandCarbonError("%s holds no raster band. Give a raster file such as a "
                              "GeoTIFF." % label)
    return ds


def _band_dtype(band):
    if band.DataType in (gdal.GDT_CInt16, gdal.GDT_CInt32, gdal.GDT_CFloat32,
                         gdal.GDT_CFloat64):
        return None
    dtype = np.dtype(gdal.GetDataTypeName(band.DataType).lower()
                     .replace("byte", "uint8"))
    if band.DataType == gdal.GDT_Byte and \
            band.GetMetadataItem("PIXELTYPE", "IMAGE_STRUCTURE") == "SIGNEDBYTE":
        dtype = np.dtype(np.int8)
    return dtype


def effective_nodata(declared, dtype, label, progress=None):
    """The nodata value to apply to a band of type ``dtype``, or None.

    Rules (each has a test): a declared value that cannot occur in the band's
    type (-128 on an unsigned Byte band, 3.5 or NaN on an integer band) can
    never match a cell, so it is dropped with a warning instead of silently
    doing nothing; on float bands the value is compared in the band's own
    precision, and NaN cells are always invalid.
    """
    if declared is None:
        return None
    if np.issubdtype(dtype, np.integer):
        info = np.iinfo(dtype)
        if not math.isfinite(declared) or declared != int(declared) \
                or not info.min <= declared <= info.max:
            if progress is not None:
                progress.warning(
                    "%s declares nodata %r, which cannot occur in a %s band, so no cell "
                    "is treated as nodata. If some value marks missing data, declare it "
                    "with gdal_edit -a_nodata VALUE (or the layer's Transparency "
                    "properties)." % (label, declared, dtype.name))
            return None
        return dtype.type(int(declared))
    return dtype.type(declared)


def open_band(path, label=None, band=1, progress=None):
    """Inspect one band: grid, value type, nodata (after the rules above)."""
    label = label or str(path)
    ds = open_dataset(path, label)
    if band > ds.RasterCount:
        raise LandCarbonError("%s has %d band(s); band %d does not exist."
                              % (label, ds.RasterCount, band))
    b = ds.GetRasterBand(band)
    dtype = _band_dtype(b)
    if dtype is None:
        raise LandCarbonError("%s holds complex numbers; give a real-valued raster." % label)
    nodata = effective_nodata(b.GetNoDataValue(), dtype, label, progress)
    _bx, by = b.GetBlockSize()
    return RasterInfo(str(path), label, band, ds.RasterCount, grid_of(ds), dtype, nodata,
                      max(1, by), b.GetDescription() or "")


def valid_mask(block, nodata):
    """Boolean mask of cells that hold data (not nodata, not NaN)."""
    if np.issubdtype(block.dtype, np.floating):
        mask = np.isfinite(block)
        if nodata is not None and not np.isnan(nodata):
            mask &= block != nodata
        return mask
    if nodata is None:
        return np.ones(block.shape, dtype=bool)
    return block != nodata


# ---------------------------------------------------------------------------
# Reading in strips
# ---------------------------------------------------------------------------

def strip_rows(grid, block_rows=1, max_cells=STRIP_CELLS):
    """Rows per strip: about ``max_cells`` cells, a multiple of the file's
    block height so that every block is decoded once. A strip shorter than
    one block row is raised to it while that stays within 4 x ``max_cells``:
    otherwise each block is decoded once per strip it overlaps, since the
    streaming steps cap GDAL's cache (:func:`gdal_cache_limit`) below a
    multi-band block row (11 Float32 probability bands of a 6372-column map
    read in 164-row strips: 12.6 s instead of 5.2 s)."""
    rows = max(1, max_cells // max(grid.xsize, 1))
    if 1 < block_rows and rows < block_rows and block_rows * grid.xsize <= 4 * max_cells:
        rows = block_rows
    if block_rows > 1 and rows >= block_rows:
        rows -= rows % block_rows
    return max(1, min(rows, grid.ysize))


def strips(grid, rows):
    """(first_row, row_count) of each strip, top to bottom (the one cut into
    strips; core.common.blocks.strips gives them as full-width windows)."""
    return [(y, min(rows, grid.ysize - y)) for y in range(0, grid.ysize, rows)]


def read_block(band, y0, x0, rows, cols, dtype=None, label="the raster"):
    """The block of ``rows`` x ``cols`` cells at row ``y0``, column ``x0``
    (a core.common.blocks.Window's fields) of an open GDAL ``band``, in the
    band's own type ``dtype`` (RasterInfo.dtype). Every read of a block goes
    through here: a Byte band flagged SIGNEDBYTE comes from GDAL as uint8
    and is seen as int8, and a failed read names the file (``label``)."""
    arr = band.ReadAsArray(x0, y0, cols, rows)
    if arr is None:
        raise LandCarbonError("Could not read rows %d-%d, columns %d-%d of %s; the file may be "
                              "truncated or damaged." % (y0, y0 + rows - 1, x0, x0 + cols - 1,
                                                         label))
    if dtype == np.int8 and arr.dtype == np.uint8:
        arr = arr.view(np.int8)
    return arr


class BandReader:
    """Reads row strips or windows of one band as numpy arrays in the band's
    own type (int8 for signed bytes); keeps the dataset open meanwhile."""

    def __init__(self, info):
        self.info = info
        self._ds = open_dataset(info.path, info.label)
        self._band = self._ds.GetRasterBand(info.band)

    def read(self, y0, rows):
        """The full-width strip of ``rows`` rows from row ``y0``."""
        info = self.info
        return read_block(self._band, y0, 0, rows, info.grid.xsize, info.dtype, info.label)

    def read_window(self, window):
        """A window (core.common.blocks.Window) of the band."""
        info = self.info
        return read_block(self._band, window.y0, window.x0, window.rows, window.cols,
                          info.dtype, info.label)

    def close(self):
        self._band = None
        self._ds = None


@contextmanager
def gdal_cache_limit(max_bytes=64 << 20):
    """Cap GDAL's block cache while streaming through large rasters.

    GDAL's default cache is 5 % of RAM (1.2 GB on a 24 GB machine); strips
    that were read or written stay in it and make the process look as large.
    The previous setting is restored afterwards.
    """
    previous = gdal.GetCacheMax()
    if previous > max_bytes:
        gdal.SetCacheMax(max_bytes)
    try:
        yield
    finally:
        if previous > max_bytes:
            gdal.SetCacheMax(previous)


@contextmanager
def decoding_threads(threads=2):
    """Rasters opened inside this block decode their compressed blocks with
    ``threads`` threads (GTiff, GDAL >= 3.6): reading an LZW Float32 raster
    then takes about half the time on 2 cores. GDAL reads the setting when a
    file is opened, so only datasets opened inside the block are affected;
    the setting is thread-local and restored afterwards."""
    previous = gdal.GetThreadLocalConfigOption("GDAL_NUM_THREADS", None)
    gdal.SetThreadLocalConfigOption("GDAL_NUM_THREADS", str(threads))
    try:
        yield
    finally:
        gdal.SetThreadLocalConfigOption("GDAL_NUM_THREADS", previous)


# ---------------------------------------------------------------------------
# Cell areas
# ---------------------------------------------------------------------------

def _authalic_integral(lat_rad, e):
    """q(phi)/2 of the authalic latitude: area of the ellipsoid between the
    equator and latitude phi per radian of longitude is b^2 * this value."""
    s = np.sin(lat_rad)
    if e == 0:
        return s
    return s / (2 * (1 - (e * s) ** 2)) + np.log((1 + e * s) / (1 - e * s)) / (4 * e)


class CellAreas:
    """Area of the cells of a grid in m2: one value, or one per row when the
    CRS is geographic (cells shrink towards the poles).

    Projected CRS: |dx * dy| in the CRS's linear unit, converted to metres.
    Geographic CRS: exact area of each row's cells on the CRS's ellipsoid
    (the quadrangle between two parallels: b^2 * dlon * (q(phi2) - q(phi1))).
    No CRS: the geotransform is taken to be in metres, with a warning.
    """

    def __init__(self, grid, progress=None, label="the land-use map"):
        gt = grid.geotransform
        srs = spatial_ref(grid.crs_wkt)
        self.per_row = None
        if gt[2] != 0 or gt[4] != 0:
            area = abs(gt[1] * gt[5] - gt[2] * gt[4])
        else:
            area = abs(gt[1] * gt[5])
        if srs is None:
            if progress is not None:
                progress.warning("%s has no CRS; its cell size (%.6g x %.6g) is taken to be "
                                 "in metres for the areas. Assign the right CRS if that is "
                                 "wrong." % (label, grid.cell_width, grid.cell_height))
            self.constant_m2 = area
        elif srs.IsGeographic():
            a = srs.GetSemiMajor()
            b = srs.GetSemiMinor()
            e = math.sqrt(max(0.0, 1 - (b / a) ** 2))
            to_rad = srs.GetAngularUnits()   # radians per CRS angular unit
            edges = gt[3] + gt[5] * np.arange(grid.ysize + 1, dtype=np.float64)
            lat = np.clip(edges * to_rad, -math.pi / 2, math.pi / 2)
            q = _authalic_integral(lat, e)
            dlon = abs(gt[1]) * to_rad
            self.per_row = np.abs(np.diff(q)) * b * b * dlon
            self.constant_m2 = None
        else:
            unit = srs.GetLinearUnits()   # metres per CRS linear unit
            self.constant_m2 = area * unit * unit

    @property
    def is_constant(self):
        return self.per_row is None

    def rows(self, y0, rows):
        """Area in m2 of each cell row of a strip (float64, length rows)."""
        if self.per_row is None:
            return np.full(rows, self.constant_m2)
        return self.per_row[y0:y0 + rows]

    def describe(self):
        if self.per_row is None:
            return "%.6g m2 per cell" % self.constant_m2
        return ("geographic CRS: true cell areas per row, %.6g to %.6g m2"
                % (self.per_row.min(), self.per_row.max()))


# ---------------------------------------------------------------------------
# Writing
# ---------------------------------------------------------------------------

# DEFLATE level 1: readable everywhere (GDAL, ArcGIS, ENVI), and about twice as
# fast to write as LZW for the same size; floats add the floating-point predictor.
# Output tiles are TILE_ROWS x TILE_ROWS cells: strips of a multiple of
# TILE_ROWS rows complete every tile they touch, so each compressed tile is
# written once.
TILE_ROWS = 256
GTIFF_OPTIONS = ["TILED=YES", "BLOCKXSIZE=%d" % TILE_ROWS, "BLOCKYSIZE=%d" % TILE_ROWS,
                 "COMPRESS=DEFLATE", "ZLEVEL=1", "BIGTIFF=IF_SAFER"]

_GDAL_TYPES = {
    np.dtype(np.uint8): gdal.GDT_Byte, np.dtype(np.uint16): gdal.GDT_UInt16,
    np.dtype(np.int16): gdal.GDT_Int16, np.dtype(np.uint32): gdal.GDT_UInt32,
    np.dtype(np.int32): gdal.GDT_Int32, np.dtype(np.float32): gdal.GDT_Float32,
    np.dtype(np.float64): gdal.GDT_Float64,
}


def gdal_type(dtype):
    """The GDAL band type of a numpy type (int8: see create_raster)."""
    return _GDAL_TYPES[np.dtype(dtype)]


def create_raster(path, grid, dtype, bands=1, nodata=None, descriptions=None,
                  signed_byte=False, threads=None):
    """Create a GeoTIFF on ``grid`` (write strips with :func:`write_strip`).

    Tiled, DEFLATE-compressed in ``threads`` threads (default every core:
    GDAL compresses the written blocks in its own threads), BigTIFF when
    needed. ``dtype`` int8 is written
    as a Byte band flagged SIGNEDBYTE (GDAL 3.6 has no Int8 type). Several
    bands are stored band after band (INTERLEAVE=BAND): stacks are written
    and read one band at a time, and with GeoTIFF's default pixel
    interleaving writing band 2 would rewrite the compressed tiles of band 1.
    """
    if is_tiled(path):
        # tiles + VRT (core.common.tiles) only where a step supports them
        raise LandCarbonError("%s: this output cannot be written as tiles and a VRT; name it "
                              ".tif." % shown_name(path))
    dtype = np.dtype(dtype)
    options = list(GTIFF_OPTIONS) + ["NUM_THREADS=%s" % (threads or "ALL_CPUS")]
    if bands > 1:
        options.append("INTERLEAVE=BAND")
    if dtype == np.int8 or signed_byte:
        options.append("PIXELTYPE=SIGNEDBYTE")
        band_type = gdal.GDT_Byte
    else:
        band_type = gdal_type(dtype)
    if dtype.kind == "f":
        options.append("PREDICTOR=3")
    driver = gdal.GetDriverByName("GTiff")
    try:
        ds = driver.Create(str(path), grid.xsize, grid.ysize, bands, band_type, options)
    except RuntimeError as exc:
        raise LandCarbonError("Could not create %s (%s). Check that the folder exists, is "
                              "writable and has free space." % (path, str(exc).strip())) from None
    ds.SetGeoTransform(grid.geotransform)
    if grid.crs_wkt:
        ds.SetProjection(grid.crs_wkt)
    for i in range(bands):
        band = ds.GetRasterBand(i + 1)
        if nodata is not None:
            band.SetNoDataValue(float(nodata))
        if descriptions:
            band.SetDescription(str(descriptions[i]))
    return ds


def create_band_stack(path, grid, descriptions, nodata=FLOAT32_NODATA):
    """A multi-band Float32 GeoTIFF, one band per entry of ``descriptions``
    (driver stacks, class probabilities); see :func:`create_raster`."""
    return create_raster(path, grid, np.float32, len(descriptions), nodata, descriptions)


def write_strip(ds, y0, array, band=1, x0=0):
    """Write a 2-D array into ``band`` of ``ds`` starting at row ``y0``
    (and column ``x0``: a window of the grid)."""
    ds.landcarbon_data_written = True   # see styles.style_categorical
    b = ds.GetRasterBand(band)
    if array.dtype == np.int8:
        array = array.view(np.uint8)
    b.WriteArray(array, x0, y0)


def class_nodata(info, codes):
    """The nodata value of a class map written like ``info``'s band: its
    own, or when it has none a value of its type that is no class code."""
    if info.nodata is not None:
        return info.nodata
    limits = np.iinfo(info.dtype)
    for value in (limits.max, limits.min, 0):
        if value not in codes:
            return value
    raise LandCarbonError("%s uses every value of its type as a class code; give it a nodata "
                          "value." % info.label)


def smallest_class_dtype(codes, reserve):
    """Smallest unsigned/signed integer type holding every code and ``reserve``
    (the nodata value), preferring types that carry a colour table."""
    lo = min(min(codes, default=0), reserve)
    hi = max(max(codes, default=0), reserve)
    for dt in (np.uint8, np.uint16, np.int16, np.int32):
        info = np.iinfo(dt)
        if info.min <= lo and hi <= info.max:
            return np.dtype(dt)
    raise LandCarbonError("Class codes %d..%d do not fit a 32-bit integer raster." % (lo, hi))
