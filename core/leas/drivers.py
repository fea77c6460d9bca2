"""Driver stacks on the land-use grid (docs/drivers.md).

Every driver of LEAS must sit on the grid of the land-use maps (same CRS,
geotransform and size). :func:`run_prepare_drivers` builds one multi-band
Float32 GeoTIFF on the grid of a reference land-use map from

- rasters in any CRS, resolution and extent, warped with GDAL (bilinear for
  continuous layers, nearest neighbour for categorical ones such as soil type);
- vector layers (roads, rivers, towns ...): Euclidean distance in metres from
  each cell centre to the nearest feature, on the reference grid;
- a DEM: slope in degrees (Horn 1981);
- class codes of the reference map: Euclidean distance in metres to the
  nearest cell of that class (e.g. distance to built-up, to water), and the
  share of a class among the valid cells of the n x n window around each
  cell (the composition of the neighbourhood, 0-1; cells outside the map are
  not counted), from a halo of (n-1)/2 rows around each strip.

Everything is streamed: rasters are warped through a virtual (VRT) dataset read
in row strips, distances are computed by GDAL's line-by-line proximity
algorithm into temporary files beside the output, so memory does not grow with
the grid. Each band has a description (the driver's name) and the single
nodata value :data:`core.common.raster.FLOAT32_NODATA`; a CSV report gives per band its
source, method, unit, minimum, maximum and nodata share in the study area (the
valid cells of the reference map).

Design decisions (not in the published method):

- Distances need metres: on a geographic reference grid (degrees) distances
  are refused with a message (reproject the land-use map to a projected CRS
  such as UTM first); a planar distance in degrees would be wrong by a
  latitude-dependent factor. Slope is computed there with the true metric
  size of each row's cells on the ellipsoid.
- Features outside the reference grid's extent are not seen by the distance
  computation (it runs on that grid), as in QGIS's Proximity tool.
- Cells along the edges of the DEM (and next to DEM nodata) get a slope:
  missing neighbours are extrapolated linearly, so the edges of a plane have
  the plane's slope (gdaldem leaves them empty unless -compute_edges).
- The DEM's heights are taken to be in metres.
"""

import math
import os
import shutil
import tempfile
from dataclasses import dataclass

import numpy as np
from osgeo import gdal, ogr, osr

from ..common import raster
from ..common.classes import ClassTable
from ..common.errors import Cancelled, LandCarbonError
from ..common.landmap import class_counts, open_landuse
from ..common.outputs import Outputs
from ..common.progress import Progress
from ..common.spec import checked
from ..common.styles import style_continuous
from ..common.tables import write_table
from ..common.vector import open_vector, parse_ogr_source
from .driver_bands import unique_names
from .settings import DriverSettings

gdal.UseExceptions()
ogr.UseExceptions()

CONTINUOUS = "bilinear"
CATEGORICAL = "nearest"

CRS_HINT = ("Assign the right CRS: Layer Properties > Source > Assign Coordinate Reference "
            "System (then save a copy), or gdal_edit -a_srs EPSG:XXXX file.tif / ogr2ogr "
            "-a_srs EPSG:XXXX out.gpkg in.shp.")


@dataclass
class RasterSource:
    """A raster driver: every band of the file becomes one driver.

    ``categorical`` layers (class codes such as soil type) are resampled with
    nearest neighbour, continuous ones bilinearly."""

    path: str
    label: str = ""
    categorical: bool = False


@dataclass
class VectorSource:
    """A vector layer whose distance is a driver. ``path`` is an OGR source,
    optionally with QGIS's suffixes ``|layername=NAME``, ``|layerid=N`` and
    ``|subset=SQL WHERE clause``."""

    path: str
    label: str = ""


@dataclass
class BandReport:
    """One band of the stack and its statistics (one row of the report)."""

    name: str
    source: str
    method: str
    unit: str
    minimum: float = None
    maximum: float = None
    nodata_cells: int = 0      # in the study area (valid cells of the reference map)
    study_cells: int = 0

    @property
    def nodata_pct(self):
        return 100.0 * self.nodata_cells / self.study_cells if self.study_cells else 0.0


REPORT_HEADER = ["band", "name", "source", "method", "unit", "min", "max",
                 "nodata_cells_in_study_area", "nodata_pct_of_study_area"]


# ---------------------------------------------------------------------------
# CRS checks
# ---------------------------------------------------------------------------

def crs_problem(wkt):
    """Why a CRS cannot be used to place data on the Earth, or None if it can."""
    if not wkt:
        return "has no coordinate reference system (CRS)"
    srs = osr.SpatialReference()
    try:
        srs.ImportFromWkt(wkt)
    except RuntimeError:
        return "has a CRS that GDAL cannot interpret"
    if srs.IsLocal():
        return "has a local (engineering) CRS with no link to the Earth"
    if (srs.GetName() or "").startswith("Undefined"):
        # GeoPackage's placeholders for 'no CRS' (srs_id -1 and 0)
        return "has no coordinate reference system (CRS) ('%s')" % srs.GetName()
    return None


def _require_crs(wkt, label):
    problem = crs_problem(wkt)
    if problem:
        raise LandCarbonError("%s %s, so it cannot be placed on the land-use grid. %s"
                              % (label, problem, CRS_HINT))


def metres_per_unit(grid):
    """Metres per linear unit of a projected grid's CRS (1 for metres)."""
    srs = osr.SpatialReference()
    srs.ImportFromWkt(grid.crs_wkt)
    return srs.GetLinearUnits()


def _refuse_geographic(grid, label, what):
    if grid.is_geographic:
        raise LandCarbonError(
            "%s is in a geographic CRS (%s, cells in degrees), but %s must be in metres. "
            "Reproject the land-use map to a projected CRS first (e.g. its UTM zone: "
            "Raster > Projections > Warp, nearest neighbour) and use that as the reference."
            % (label, grid.crs_name, what))


def _bounds(grid):
    gt = grid.geotransform
    x0, y0 = gt[0], gt[3]
    x1, y1 = x0 + gt[1] * grid.xsize, y0 + gt[5] * grid.ysize
    return (min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))


# ---------------------------------------------------------------------------
# GDAL progress callbacks
# ---------------------------------------------------------------------------

def _callback(progress):
    """A GDAL progress callback reporting to ``progress``; it returns 0 (stop)
    when the user cancelled, which makes GDAL raise RuntimeError."""
    def report(fraction, _message, _data):
        try:
            progress.set(fraction)
        except Cancelled:
            return 0
        return 1
    return report


def _run_gdal(progress, label, function, *args, **kwargs):
    """Run a GDAL call; turn a cancel into Cancelled and an error into a message."""
    try:
        return function(*args, **kwargs)
    except RuntimeError as exc:
        progress.check()
        raise LandCarbonError("GDAL failed on %s: %s" % (label, str(exc).strip())) from None


# ---------------------------------------------------------------------------
# The stack
# ---------------------------------------------------------------------------

def strip_rows_for(grid):
    """Rows per strip: a multiple of the output tile height, about
    raster.STRIP_CELLS cells."""
    rows = max(1, raster.STRIP_CELLS // max(grid.xsize, 1))
    rows = max(raster.TILE_ROWS, rows - rows % raster.TILE_ROWS)
    return min(rows, grid.ysize)


class _StudyArea:
    """Reads the valid-cell mask of the reference map strip by strip."""

    def __init__(self, info):
        self.info = info
        self.reader = raster.BandReader(info)

    def mask(self, y0, rows):
        return raster.valid_mask(self.reader.read(y0, rows), self.info.nodata)

    def close(self):
        self.reader.close()


def _write_band(stack, index, read_strip, study, report, progress):
    """Copy a band strip by strip into the stack, gathering its statistics.

    ``read_strip(y0, rows)`` returns float32 values with FLOAT32_NODATA or NaN
    where there is no data; NaN is written as nodata."""
    grid = study.info.grid
    band = stack.GetRasterBand(index)
    parts = raster.strips(grid, strip_rows_for(grid))
    lo, hi = math.inf, -math.inf
    for n, (y0, rows) in enumerate(parts):
        values = read_strip(y0, rows)
        valid = raster.valid_mask(values, raster.FLOAT32_NODATA)
        if not valid.all():
            values = np.where(valid, values, np.float32(raster.FLOAT32_NODATA))
        if valid.any():
            lo = min(lo, float(values[valid].min()))
            hi = max(hi, float(values[valid].max()))
        inside = study.mask(y0, rows)
        report.study_cells += int(inside.sum())
        report.nodata_cells += int((inside & ~valid).sum())
        band.WriteArray(values.astype(np.float32, copy=False), 0, y0)
        progress.set((n + 1) / len(parts), "%s: rows %d-%d of %d"
                     % (report.name, y0, y0 + rows, grid.ysize))
    report.minimum = lo if lo <= hi else None
    report.maximum = hi if lo <= hi else None
    band.FlushCache()


def _check_band_result(report, progress):
    """Warnings (partial coverage, constant band) or an error (no data at all
    in the study area) after a band was written."""
    if report.study_cells and report.nodata_cells == report.study_cells:
        raise LandCarbonError(
            "%s (%s) has no data anywhere in the study area (the valid cells of the reference "
            "map): it does not overlap the land-use map, or only where the map is nodata. "
            "Check its extent and CRS." % (report.name, report.source))
    if report.nodata_cells:
        progress.warning(
            "%s (%s) covers only %.2f %% of the study area: %d cells (%.2f %%) have no data "
            "and are nodata in the stack (LEAS treats them as 0 after normalisation). Give a "
            "layer that covers the whole study area if that matters."
            % (report.name, report.source, 100.0 - report.nodata_pct, report.nodata_cells,
               report.nodata_pct))
    if report.minimum is not None and report.minimum == report.maximum:
        progress.warning("%s (%s) has the same value (%g) in every cell: it carries no "
                         "information for LEAS; leave it out." % (report.name, report.source,
                                                                 report.minimum))


# ---------------------------------------------------------------------------
# Rasters
# ---------------------------------------------------------------------------

def _scan_float_source(info, progress):
    """Count NaN and infinite cells of a float band (strip by strip).
    Infinite values are an error; NaN that is not the declared nodata is
    counted so that the user is told."""
    grid = info.grid
    reader = raster.BandReader(info)
    nan = 0
    try:
        parts = raster.strips(grid, raster.strip_rows(grid, info.block_rows))
        for n, (y0, rows) in enumerate(parts):
            block = reader.read(y0, rows)
            inf = np.isinf(block)
            if inf.any():
                r, c = np.argwhere(inf)[0]
                raise LandCarbonError(
                    "%s has %d infinite cell(s) in rows %d-%d (first at row %d, column %d). "
                    "Infinite values are not data: set them to the nodata value, e.g. with "
                    "the Raster Calculator or gdal_calc.py --calc \"where(isinf(A), -9999, A)\" "
                    "--NoDataValue=-9999." % (info.label, int(inf.sum()), y0, y0 + rows - 1,
                                              y0 + r, c))
            nan += int(np.isnan(block).sum())
            progress.set((n + 1) / len(parts))
    finally:
        reader.close()
    return nan


def _open_raster_source(source, grid, progress):
    """Validate a raster driver; returns a list of (RasterInfo, name) per band."""
    label = source.label or os.path.basename(source.path)
    ds = raster.open_dataset(source.path, label)
    _require_crs(ds.GetProjection(), label)
    count = ds.RasterCount
    ds = None
    infos = [raster.open_band(source.path, label, b, progress) for b in range(1, count + 1)]
    stem = os.path.splitext(os.path.basename(source.path.split("|")[0]))[0]
    out = []
    for info in infos:
        if count == 1:
            name = stem
        else:
            name = "%s %s" % (stem, info.description or "band %d" % info.band)
        out.append((info, name))
    if not _overlaps(infos[0].grid, grid):
        raise LandCarbonError(
            "%s does not overlap the reference land-use map (its extent, transformed to the "
            "map's CRS, lies outside the map). Check its extent and CRS." % label)
    return out


def _overlaps(src, ref):
    """True when the source grid's footprint, transformed to the reference
    CRS, intersects the reference extent (a cheap check before warping)."""
    s_srs, r_srs = osr.SpatialReference(), osr.SpatialReference()
    s_srs.ImportFromWkt(src.crs_wkt)
    r_srs.ImportFromWkt(ref.crs_wkt)
    for s in (s_srs, r_srs):
        s.SetAxisMappingStrategy(osr.OAMS_TRADITIONAL_GIS_ORDER)
    try:
        transform = osr.CoordinateTransformation(s_srs, r_srs)
        xmin, ymin, xmax, ymax = _bounds(src)
        tb = transform.TransformBounds(xmin, ymin, xmax, ymax, 21)
    except (RuntimeError, AttributeError):
        return True   # cannot tell cheaply; the coverage check after warping decides
    rx0, ry0, rx1, ry1 = _bounds(ref)
    return not (tb[2] < rx0 or tb[0] > rx1 or tb[3] < ry0 or tb[1] > ry1)


def _on_grid(info, grid, resampling):
    """(dataset, band, nodata, type) holding band ``info.band`` on ``grid``.

    A raster already on the grid is read as it is (no resampling, its nodata
    cells stay nodata). Otherwise a virtual dataset warps it there (Float32,
    nodata FLOAT32_NODATA); nothing is computed until strips are read."""
    if not info.grid.differences(grid):
        return raster.open_dataset(info.path, info.label), info.band, info.nodata, info.dtype
    single = gdal.Translate("", info.path, format="VRT", bandList=[info.band])
    if info.nodata is not None:
        src_nodata = float(info.nodata)
    elif np.issubdtype(info.dtype, np.floating):
        src_nodata = "nan"
    else:
        src_nodata = "None"
    warped = gdal.Warp("", single, format="VRT", outputBounds=_bounds(grid),
                       width=grid.xsize, height=grid.ysize, dstSRS=grid.crs_wkt,
                       resampleAlg=resampling, outputType=gdal.GDT_Float32,
                       srcNodata=src_nodata, dstNodata=raster.FLOAT32_NODATA,
                       warpOptions=["INIT_DEST=NO_DATA"])
    warped.landcarbon_source = single     # the VRT reads from it: keep it alive
    return warped, 1, raster.FLOAT32_NODATA, np.dtype(np.float32)


def _strip_reader(ds, band_index=1, nodata=raster.FLOAT32_NODATA, scale=1.0, dtype=None):
    """read_strip(y0, rows) of a band as float32 values times ``scale``,
    with FLOAT32_NODATA where the band has ``nodata`` or NaN. ``dtype``: the
    band's type (int8 for a Byte band flagged SIGNEDBYTE)."""
    band = ds.GetRasterBand(band_index)

    def read(y0, rows):
        block = raster.read_block(band, y0, 0, rows, ds.RasterXSize, dtype,
                                  ds.GetDescription() or "a driver")
        invalid = ~raster.valid_mask(block, nodata)
        block = block.astype(np.float32)
        if scale != 1.0:
            block *= np.float32(scale)
        if invalid.any():
            block[invalid] = raster.FLOAT32_NODATA
        return block
    return read


# ---------------------------------------------------------------------------
# Vectors and class distances
# ---------------------------------------------------------------------------

def _open_vector_source(source, progress):
    label = source.label or os.path.basename(parse_ogr_source(source.path)[0])
    ds, layer = open_vector(source.path, label)
    srs = layer.GetSpatialRef()
    _require_crs(srs.ExportToWkt() if srs is not None else "", label)
    if layer.GetFeatureCount() == 0:
        raise LandCarbonError("%s has no features (or its filter selects none), so there is "
                              "nothing to measure the distance to." % label)
    stem = layer.GetName() or os.path.splitext(os.path.basename(
        parse_ogr_source(source.path)[0]))[0]
    return ds, layer, label, "distance to %s (m)" % stem


def _work_raster(folder, name, grid, gdal_type):
    """A temporary single-band GeoTIFF on ``grid`` (LZW, row strips: GDAL's
    rasterize and proximity write it line by line)."""
    path = os.path.join(folder, name)
    ds = gdal.GetDriverByName("GTiff").Create(
        path, grid.xsize, grid.ysize, 1, gdal_type,
        ["COMPRESS=LZW", "BIGTIFF=IF_SAFER", "TILED=NO"])
    ds.SetGeoTransform(grid.geotransform)
    ds.SetProjection(grid.crs_wkt)
    return ds


def _count_value(ds, value, progress):
    """Cells equal to ``value`` in band 1 of ``ds``, read in strips."""
    band = ds.GetRasterBand(1)
    grid = raster.grid_of(ds)
    total = 0
    for y0, rows in raster.strips(grid, raster.strip_rows(grid)):
        total += int((band.ReadAsArray(0, y0, grid.xsize, rows) == value).sum())
        progress.check()
    return total


def _proximity(source_band, target_values, grid, folder, name, label, progress):
    """Distance in CRS units from every cell centre to the nearest cell whose
    value is in ``target_values`` (GDAL's proximity algorithm, streamed).
    Returns the temporary dataset holding it (Float32)."""
    out = _work_raster(folder, name, grid, gdal.GDT_Float32)
    options = ["VALUES=%s" % ",".join(str(int(v)) for v in target_values), "DISTUNITS=GEO",
               "NODATA=%r" % raster.FLOAT32_NODATA]
    _run_gdal(progress, label, gdal.ComputeProximity, source_band, out.GetRasterBand(1),
              options, callback=_callback(progress))
    out.FlushCache()
    return out


# ---------------------------------------------------------------------------
# Slope
# ---------------------------------------------------------------------------

def row_cell_sizes_m(grid, y0, rows):
    """Cell width and height in metres of each row of a strip (arrays).

    Projected CRS: the geotransform's sizes times the unit's metres. Geographic
    CRS: the ellipsoid's radii of curvature at each row's centre latitude,
    dx = dlon * N(phi) * cos(phi), dy = dlat * M(phi)."""
    gt = grid.geotransform
    if not grid.is_geographic:
        unit = metres_per_unit(grid) if grid.crs_wkt else 1.0
        return (np.full(rows, abs(gt[1]) * unit), np.full(rows, abs(gt[5]) * unit))
    srs = osr.SpatialReference()
    srs.ImportFromWkt(grid.crs_wkt)
    a, b = srs.GetSemiMajor(), srs.GetSemiMinor()
    e2 = 1.0 - (b / a) ** 2
    to_rad = srs.GetAngularUnits()
    lat = (gt[3] + gt[5] * (np.arange(y0, y0 + rows) + 0.5)) * to_rad
    s2 = np.sin(lat) ** 2
    n_radius = a / np.sqrt(1 - e2 * s2)
    m_radius = a * (1 - e2) / (1 - e2 * s2) ** 1.5
    return (abs(gt[1]) * to_rad * n_radius * np.cos(lat), abs(gt[5]) * to_rad * m_radius)


def horn_slope(z, dx, dy):
    """Slope in degrees of the inner rows of ``z`` (Horn 1981).

    ``z`` is a (rows + 2, cols) float64 array of heights in metres holding one
    halo row above and below (NaN = no data, also for rows beyond the raster);
    ``dx``, ``dy`` are the cell sizes in metres of the inner rows (arrays).
    With the 3 x 3 window a b c / d e f / g h i:
    dz/dx = ((c + 2f + i) - (a + 2d + g)) / (8 dx),
    dz/dy = ((g + 2h + i) - (a + 2b + c)) / (8 dy),
    slope = atan(sqrt(dz/dx^2 + dz/dy^2)).
    Beyond the first and last column the heights are extrapolated linearly
    (2 * edge - next); the caller does the same for halo rows beyond the
    raster, so the edges of a plane get the plane's slope. A missing
    neighbour inside (DEM nodata) is extrapolated through the centre from the
    opposite neighbour, 2e - opposite, or takes the centre's height when that
    one is missing too. A missing centre gives NaN.
    """
    if z.shape[1] > 1:
        padded = np.pad(z, ((0, 0), (1, 1)), mode="reflect", reflect_type="odd")
    else:
        padded = np.pad(z, ((0, 0), (1, 1)), mode="edge")
    rows, cols = z.shape[0] - 2, z.shape[1]
    centre = padded[1:-1, 1:-1]

    def raw(dr, dc):
        return padded[1 + dr:1 + dr + rows, 1 + dc:1 + dc + cols]

    def cell(dr, dc):
        v, opposite = raw(dr, dc), raw(-dr, -dc)
        filled = np.where(np.isnan(opposite), centre, 2.0 * centre - opposite)
        return np.where(np.isnan(v), filled, v)

    a, b, c = cell(-1, -1), cell(-1, 0), cell(-1, 1)
    d, f = cell(0, -1), cell(0, 1)
    g, h, i = cell(1, -1), cell(1, 0), cell(1, 1)
    dzdx = ((c + 2 * f + i) - (a + 2 * d + g)) / (8.0 * dx[:, None])
    dzdy = ((g + 2 * h + i) - (a + 2 * b + c)) / (8.0 * dy[:, None])
    slope = np.degrees(np.arctan(np.hypot(dzdx, dzdy)))
    slope[np.isnan(centre)] = np.nan
    return slope


def _slope_reader(dem, band_index, nodata, dtype, grid):
    """read_strip(y0, rows) of the slope (degrees, float32) of a DEM band on
    ``grid``; reads one halo row above and below each strip."""
    heights = _strip_reader(dem, band_index, nodata, dtype=dtype)

    def read(y0, rows):
        top, bottom = max(0, y0 - 1), min(grid.ysize, y0 + rows + 1)
        block = heights(top, bottom - top).astype(np.float64)
        block[block == raster.FLOAT32_NODATA] = np.nan
        z = np.full((rows + 2, grid.xsize), np.nan)
        z[top - (y0 - 1):top - (y0 - 1) + block.shape[0]] = block
        # beyond the first / last row: linear extrapolation, as for columns
        if y0 == 0 and rows + 1 >= 3:
            z[0] = 2 * z[1] - z[2]
        if y0 + rows == grid.ysize and rows + 1 >= 3:
            z[-1] = 2 * z[-2] - z[-3]
        dx, dy = row_cell_sizes_m(grid, y0, rows)
        slope = horn_slope(z, dx, dy).astype(np.float32)
        slope[np.isnan(slope)] = raster.FLOAT32_NODATA
        return slope
    return read


# ---------------------------------------------------------------------------
# The algorithm
# ---------------------------------------------------------------------------

@dataclass
class _Job:
    """One band to build: its report row, its kind (raster, vector, slope,
    class distance, class share) and what it needs."""

    report: BandReport
    kind: str
    payload: object


def _plan_jobs(ref, rasters, vectors, dem_path, dem_label, settings, classes, progress,
               absent="refuse"):
    """Validate every input before the heavy work and list the bands.

    Returns (jobs, open vector datasets that must stay alive)."""
    grid = ref.grid
    jobs, handles, float_bands = [], [], []
    for source in rasters:
        for info, name in _open_raster_source(source, grid, progress):
            method = CATEGORICAL if source.categorical else CONTINUOUS
            kind = "categorical" if source.categorical else "continuous"
            how = ("copied (already on the grid, %s)" % kind if not info.grid.differences(grid)
                   else "warp, %s (%s)" % (method, kind))
            label = info.label if info.band_count == 1 else "%s band %d" % (info.label, info.band)
            jobs.append(_Job(BandReport(name, label, how, "unit of the source"), "raster",
                             (info, method)))
            float_bands.append(info)
    if vectors:
        _refuse_geographic(grid, ref.label, "distances to vector features")
    for source in vectors:
        ds, layer, label, name = _open_vector_source(source, progress)
        handles.append(ds)
        jobs.append(_Job(BandReport(name, label, "Euclidean distance to the nearest feature",
                                    "m"), "vector", (layer, label)))
    if dem_path:
        dem_label = dem_label or os.path.basename(str(dem_path))
        ds = raster.open_dataset(dem_path, dem_label)
        _require_crs(ds.GetProjection(), dem_label)
        ds = None
        dem = raster.open_band(dem_path, dem_label, 1, progress)
        how = "slope, Horn (1981)%s" % ("" if not dem.grid.differences(grid)
                                        else ", of the DEM warped bilinearly")
        jobs.append(_Job(BandReport("slope (degrees)", dem_label, how, "degrees"), "slope", dem))
        float_bands.append(dem)
    jobs += _class_jobs(ref, settings, classes, progress.span(0.0, 0.5), absent)
    for job, name in zip(jobs, unique_names([j.report.name for j in jobs])):
        job.report.name = name
    # infinite values are an error, NaN that is not the nodata is worth a warning
    floats = [i for i in float_bands if np.issubdtype(i.dtype, np.floating)]
    scan = progress.span(0.5, 1.0)
    for n, info in enumerate(floats):
        nan = _scan_float_source(info, scan.span(n / len(floats), (n + 1) / len(floats)))
        if nan and not (info.nodata is not None and np.isnan(info.nodata)):
            progress.warning("%s has %d NaN cell(s) that are not its declared nodata; they are "
                             "treated as nodata (and resampling spreads them to neighbouring "
                             "cells)." % (info.label, nan))
    return jobs, handles


def _class_jobs(ref, settings, classes, progress, absent="refuse"):
    """The bands measured on the reference map's classes: distance to each of
    DISTANCE_TO_CLASSES (m), share of each of SHARE_OF_CLASSES in each of the
    SHARE_WINDOWS (0-1). Codes the map does not hold are refused, or with
    ``absent`` = "far" (a study whose maps do not all hold every class) get
    the grid's diagonal as their distance (farther than any cell) and a
    share of 0, so that every map gives the same bands."""
    wanted = list(settings.distance_classes) + list(settings.share_classes)
    if not wanted:
        return []
    if settings.distance_classes:
        _refuse_geographic(ref.grid, ref.label, "distances to land-use classes")
    counts, _nodata = class_counts(ref, progress)
    for name, codes in (("DISTANCE_TO_CLASSES", settings.distance_classes),
                        ("SHARE_OF_CLASSES", settings.share_classes)):
        missing = [c for c in codes if c not in counts]
        if missing and absent == "far":
            progress.info("%s: class code(s) %s do not occur in %s: farther than any cell, "
                          "share 0." % (name, ", ".join(map(str, missing)), ref.label))
        elif missing:
            raise LandCarbonError(
                "%s: class code(s) %s do not occur in %s (its codes are %s). Give codes of the "
                "reference map." % (name, ", ".join(str(c) for c in missing), ref.label,
                                    ", ".join(str(c) for c in sorted(counts))))

    def named(code):
        name = classes.name(code)
        return "class %d" % code if name == "class %d" % code else "class %d %s" % (code, name)
    jobs = [_Job(BandReport("distance to %s (m)" % named(code), ref.label,
                            "Euclidean distance to the nearest cell of the class", "m"),
                 "class" if code in counts else "far", int(code))
            for code in settings.distance_classes]
    jobs += [_Job(BandReport("share of %s in %d x %d cells" % (named(code), n, n), ref.label,
                             "share of the class among the valid cells of the window", "0-1"),
                  "share", (int(code), int(n)))
             for code in settings.share_classes for n in settings.share_windows]
    return jobs


def _share_reader(ref, code, n):
    """read_strip(y0, rows) of the share of class ``code`` among the valid
    cells of the n x n window around each cell of the reference map (cells
    outside the map count as neither), from the strip and a halo of (n-1)/2
    rows (docs/drivers.md)."""
    reader = raster.BandReader(ref)
    h = (n - 1) // 2
    height = ref.grid.ysize

    def read(y0, rows):
        a, b = max(0, y0 - h), min(height, y0 + rows + h)
        block = reader.read(a, b - a)
        valid = raster.valid_mask(block, ref.nodata)
        mine = _box_sums((block == code) & valid, n)
        total = _box_sums(valid, n)
        share = np.where(total > 0, mine / np.maximum(total, 1), 0.0).astype(np.float32)
        return share[y0 - a:y0 - a + rows]
    return read, reader


def _far_reader(grid, metres):
    """read_strip of a class the map does not hold: the grid's diagonal in
    metres everywhere (farther than any cell of the map)."""
    diagonal = math.hypot(grid.xsize * grid.cell_width, grid.ysize * grid.cell_height) * metres

    def read(y0, rows):
        return np.full((rows, grid.xsize), diagonal, dtype=np.float32)
    return read


def _box_sums(mask, n):
    """Sums of a bool mask over the n x n window around each cell (zeros
    beyond the block's edge), exact, from an integral image."""
    h = (n - 1) // 2
    padded = np.pad(mask.astype(np.int32), h + 1)
    integral = padded.cumsum(axis=0).cumsum(axis=1)
    rows, cols = mask.shape
    top, left = np.arange(rows), np.arange(cols)
    y1, y0 = top + n, top
    x1, x0 = left + n, left
    return (integral[y1[:, None], x1[None, :]] - integral[y0[:, None], x1[None, :]]
            - integral[y1[:, None], x0[None, :]] + integral[y0[:, None], x0[None, :]])


def _band_reader(job, index, ref, ref_ds, work, step):
    """read_strip(y0, rows) of one band of the stack, the datasets it reads
    from (keep them alive), and the progress left for copying it."""
    grid = ref.grid
    metres = None if grid.is_geographic else metres_per_unit(grid)
    if job.kind in ("raster", "slope"):
        info, method = job.payload if job.kind == "raster" else (job.payload, CONTINUOUS)
        ds, band, nodata, dtype = _on_grid(info, grid, method)
        if job.kind == "raster":
            return _strip_reader(ds, band, nodata, dtype=dtype), [ds], step
        return _slope_reader(ds, band, nodata, dtype, grid), [ds], step
    if job.kind == "share":
        code, n = job.payload
        read, reader = _share_reader(ref, code, n)
        return read, [reader], step
    if job.kind == "far":
        return _far_reader(grid, metres), [], step
    if job.kind == "vector":
        layer, label = job.payload
        burn = _work_raster(work, "burn_%d.tif" % index, grid, gdal.GDT_Byte)
        _run_gdal(step, label, gdal.RasterizeLayer, burn, [1], layer, burn_values=[1],
                  options=["ALL_TOUCHED=TRUE"], callback=_callback(step.span(0.0, 0.2)))
        burn.FlushCache()
        if _count_value(burn, 1, step) == 0:
            raise LandCarbonError(
                "No feature of %s lies inside the extent of the reference map, so the distance "
                "to it is unknown everywhere. Check its extent and CRS, or leave it out." % label)
        dist = _proximity(burn.GetRasterBand(1), [1], grid, work, "dist_%d.tif" % index, label,
                          step.span(0.2, 0.7))
        return (_strip_reader(dist, 1, raster.FLOAT32_NODATA, metres), [burn, dist],
                step.span(0.7, 1.0))
    dist = _proximity(ref_ds.GetRasterBand(1), [job.payload], grid, work, "dist_%d.tif" % index,
                      job.report.source, step.span(0.0, 0.7))
    return _strip_reader(dist, 1, raster.FLOAT32_NODATA, metres), [dist], step.span(0.7, 1.0)


def run_prepare_drivers(reference, output, *, rasters=(), vectors=(), dem=None,
                        settings=None, distance_classes=None, classes=None, output_report=None,
                        labels=None, progress=None, absent_classes="refuse"):
    """The preparedrivers step: build the driver stack on the grid of the
    ``reference`` land-use map.

    ``rasters``: RasterSource list (each band one driver); ``vectors``:
    VectorSource list (distance in m); ``dem``: optional DEM (slope in
    degrees); ``settings``: a DriverSettings (``distance_classes``: its
    DISTANCE_TO_CLASSES given alone), class codes of the reference map (one
    distance band each, m); ``classes``: CSV code,name for their names;
    ``labels``: REFERENCE, DEM. Writes ``output`` (Float32 GeoTIFF, one band
    per driver in the order rasters, vectors, slope, classes; band
    description = driver name, nodata FLOAT32_NODATA) and ``output_report``
    (CSV, optional), all or nothing. ``absent_classes``: "refuse" a class
    code the map does not hold, or measure it as "far" (see _class_jobs).
    Returns the list of BandReport.
    """
    settings = checked(DriverSettings, settings, distance_classes=distance_classes)
    progress = progress or Progress()
    lab = labels or {}
    ref = open_landuse(reference, lab.get("REFERENCE") or os.path.basename(str(reference)),
                       progress)
    grid = ref.grid
    _require_crs(grid.crs_wkt, ref.label)
    if not (rasters or vectors or dem or settings.distance_classes or settings.share_classes):
        raise LandCarbonError("No driver given: add rasters, vector layers, a DEM or class "
                              "codes to measure the distance to.")
    table = ClassTable.from_csv(classes, "CLASSES table") if classes else ClassTable()
    jobs, handles = _plan_jobs(ref, rasters, vectors, dem, lab.get("DEM"), settings,
                               table, progress.span(0.0, 0.1), absent_classes)
    reports = [j.report for j in jobs]
    with raster.gdal_cache_limit(), Outputs() as out:
        tmp = out.path(output)
        tmp_report = out.path(output_report) if output_report else None
        work = tempfile.mkdtemp(prefix=".landcarbon-drivers-", dir=os.path.dirname(tmp))
        stack = raster.create_band_stack(tmp, grid, [r.name for r in reports])
        study = _StudyArea(ref)
        ref_ds = raster.open_dataset(ref.path, ref.label)
        try:
            build = progress.span(0.1, 1.0)
            for j, job in enumerate(jobs):
                progress.info("Band %d/%d: %s (%s)." % (j + 1, len(jobs), job.report.name,
                                                       job.report.method))
                reader, keep, step = _band_reader(job, j, ref, ref_ds, work,
                                                  build.span(j / len(jobs), (j + 1) / len(jobs)))
                _write_band(stack, j + 1, reader, study, job.report, step)
                del keep        # release the datasets the band was read from
                _check_band_result(job.report, progress)
            if reports[0].minimum is not None:
                style_continuous(tmp, reports[0].minimum, reports[0].maximum,
                                 unit="" if reports[0].unit == "unit of the source"
                                 else reports[0].unit)
            stack.FlushCache()
        finally:
            stack = None
            study.close()
            ref_ds = None
            del handles
            shutil.rmtree(work, ignore_errors=True)
        if tmp_report:
            write_table(tmp_report, REPORT_HEADER, [
                [i + 1, r.name, r.source, r.method, r.unit, r.minimum, r.maximum,
                 r.nodata_cells, r.nodata_pct] for i, r in enumerate(reports)])
    for i, r in enumerate(reports):
        progress.info("Band %d %s: min %s, max %s, nodata %.2f %% of the study area."
                      % (i + 1, r.name, _fmt(r.minimum), _fmt(r.maximum), r.nodata_pct))
    return reports


def _fmt(value):
    return "-" if value is None else "%.6g" % value
