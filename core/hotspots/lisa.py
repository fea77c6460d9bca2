"""Carbon hot spots: global Moran's I and LISA clusters of a raster (on a grid
of analysis cells) or of a polygon layer (docs/hotspots.md).

Steps: aggregate the raster to analysis cells (``core.hotspots.aggregate``) or read
the polygons and their field; contiguity weights (``core.hotspots.weights``); drop the
units without neighbours; global and local Moran with permutations
(``core.hotspots.moran``); write the outputs all-or-nothing (``core.common.outputs``).

Islands (units without any neighbour) are removed from the analysis: they are
not in n, not in the mean or the variance of y. Every number then equals
esda's on the data without those units. (esda keeps islands in n, z and the
variance with an empty row of W, which lowers I by a factor (n - islands) / n
and shifts the mean; with no islands both conventions agree.) Islands are
counted in the log and the global CSV, get cluster code 5 "no neighbours",
and no statistics.
"""

import math
import os
from dataclasses import dataclass, field

import numpy as np
from osgeo import ogr, osr

from ..common import raster
from ..common.charts import figure
from ..common.errors import LandCarbonError
from ..common.outputs import Outputs
from ..common.progress import Progress
from ..common.spec import check
from ..common.styles import style_categorical
from ..common.tables import write_table
from ..common.vector import is_polygon_layer, open_vector, parse_ogr_source
from . import aggregate, moran, weights
from .clusters import (
    CLUSTER_LABELS,
    CLUSTER_NODATA,
    CLUSTERS,
    HH,
    HL,
    ISLAND,
    LH,
    LL,
    NOT_SIGNIFICANT,
)
from .settings import LisaSettings

ogr.UseExceptions()



@dataclass
class Units:
    """The units of the analysis before the weights: their values, where they
    are and how to draw them."""

    values: np.ndarray                 # float64, one per unit
    contiguity: weights.Contiguity
    unit_label: str                    # "analysis cells" / "polygons"
    value_unit: str                    # unit of the values, for names and the log
    # raster mode
    agrid: aggregate.AnalysisGrid = None
    # polygon mode
    geometries: list = None
    fids: np.ndarray = None
    crs_wkt: str = ""
    excluded: int = 0                  # polygons without value or geometry


@dataclass
class LisaResult:
    """What run_lisa found: ``n`` units analysed and ``islands`` left out,
    the global and local Moran statistics, the cluster code of every kept
    unit, the p value of I (permutation, else randomisation), the units per
    cluster code and the outputs written (name -> path)."""

    n: int
    islands: int
    global_moran: moran.GlobalMoran
    local: moran.LocalMoran
    clusters: np.ndarray
    moran_p: float
    cluster_counts: dict = field(default_factory=dict)
    written: dict = field(default_factory=dict)


# ---------------------------------------------------------------------------
# Inputs
# ---------------------------------------------------------------------------

def raster_units(path, label, band, cell_size, statistic, min_share, contiguity, progress,
                 cluster=None):
    """Aggregate a raster band to analysis cells (on the Dask ``cluster`` if
    given) and build their weights."""
    info = raster.open_band(path, label, band, progress)
    if info.grid.is_geographic:
        progress.info("%s is in a geographic CRS: analysis cells of %g degrees are not of "
                      "equal area (they shrink towards the poles)." % (info.label, cell_size))
    agrid = aggregate.aggregate(info, cell_size, statistic, min_share, progress.span(0, 0.9),
                                cluster)
    n_cells = agrid.grid.cells
    n_valid = int(agrid.valid.sum())
    progress.info("Analysis grid: %d x %d cells of %g map units (about %.4g pixels each); "
                  "%d cells hold values, %d are left out (valid share below %g or no data)."
                  % (agrid.grid.xsize, agrid.grid.ysize, cell_size, agrid.pixels_per_cell,
                     n_valid, n_cells - n_valid, min_share))
    if n_valid < 3:
        raise LandCarbonError(
            "Only %d analysis cell(s) of %g map units hold at least %g of valid pixels in "
            "%s; Moran's I needs at least 3. Give a smaller CELL_SIZE or a lower "
            "MIN_VALID_SHARE." % (n_valid, cell_size, min_share, info.label))
    w = weights.lattice_contiguity(agrid.valid, contiguity)
    progress.set(1.0)
    unit = _band_unit(info)
    if statistic == "sum":
        unit = "sum of %s per analysis cell" % unit
    return Units(agrid.values[agrid.valid], w, "analysis cells", unit, agrid=agrid,
                 crs_wkt=agrid.grid.crs_wkt)


def _band_unit(info):
    ds = raster.open_dataset(info.path, info.label)
    band = ds.GetRasterBand(info.band)
    unit = band.GetUnitType() or ""
    return unit or "units of the input"


NUMERIC_FIELDS = (ogr.OFTInteger, ogr.OFTInteger64, ogr.OFTReal)


def polygon_units(path, layer_name, field_name, label, contiguity, progress):
    """Read the polygons of a vector layer and a numeric field, and find their
    neighbours. Features without geometry or with an empty (NULL) value are
    left out and counted."""
    label = label or os.path.basename(parse_ogr_source(path)[0])
    ds, layer = open_vector(path, label, layer_name)
    defn = layer.GetLayerDefn()
    if not field_name:
        raise LandCarbonError("Give FIELD, the numeric field of %s to analyse." % label)
    index = defn.GetFieldIndex(field_name)
    if index < 0:
        names = [defn.GetFieldDefn(i).GetName() for i in range(defn.GetFieldCount())]
        raise LandCarbonError("%s has no field '%s'; its fields are: %s."
                              % (label, field_name, ", ".join(names) or "none"))
    fdefn = defn.GetFieldDefn(index)
    if fdefn.GetType() not in NUMERIC_FIELDS:
        raise LandCarbonError(
            "Field '%s' of %s is of type %s, not numeric; Moran's I needs numbers. Choose "
            "a numeric field, or convert it (Field Calculator: to_real(\"%s\"))."
            % (fdefn.GetName(), label, fdefn.GetFieldTypeName(fdefn.GetType()),
               fdefn.GetName()))
    if not is_polygon_layer(layer):
        raise LandCarbonError("%s holds %s geometries; GRID must be a polygon layer (e.g. "
                              "Vector > Research Tools > Create Grid)."
                              % (label, ogr.GeometryTypeToName(layer.GetGeomType())))
    geometries, values, fids, excluded = [], [], [], 0
    for feature in layer:
        geom = feature.GetGeometryRef()
        if geom is None or geom.IsEmpty() or not feature.IsFieldSetAndNotNull(index):
            excluded += 1
            continue
        if geom.GetDimension() != 2:
            raise LandCarbonError("Feature %d of %s is a %s; GRID must hold polygons."
                                  % (feature.GetFID(), label, geom.GetGeometryName()))
        value = feature.GetFieldAsDouble(index)
        if not math.isfinite(value):
            excluded += 1
            continue
        geometries.append(geom.Clone())
        values.append(value)
        fids.append(feature.GetFID())
    srs = layer.GetSpatialRef()
    crs_wkt = srs.ExportToWkt() if srs is not None else ""
    if excluded:
        progress.warning("%d feature(s) of %s have no geometry or an empty '%s' and are left "
                         "out." % (excluded, label, field_name))
    if len(values) < 3:
        raise LandCarbonError("%s has %d polygon(s) with a value in '%s'; Moran's I needs at "
                              "least 3." % (label, len(values), field_name))
    w = weights.polygon_contiguity(geometries, contiguity, progress)
    progress.set(1.0)
    return Units(np.asarray(values, dtype=np.float64), w, "polygons",
                 "units of the field '%s'" % field_name, geometries=geometries,
                 fids=np.asarray(fids, dtype=np.int64), crs_wkt=crs_wkt, excluded=excluded)


# ---------------------------------------------------------------------------
# The analysis
# ---------------------------------------------------------------------------

def check_outputs(clusters_tif, grid_gpkg, plot_png):
    if grid_gpkg and os.path.splitext(grid_gpkg)[1].lower() != ".gpkg":
        raise LandCarbonError("OUTPUT_GRID must be a GeoPackage (.gpkg), not %s; choose a "
                              "file name ending in .gpkg." % os.path.basename(grid_gpkg))
    if plot_png and os.path.splitext(plot_png)[1].lower() != ".png":
        raise LandCarbonError("OUTPUT_PLOT must be a .png file, not %s."
                              % os.path.basename(plot_png))
    if clusters_tif and os.path.splitext(clusters_tif)[1].lower() not in (".tif", ".tiff"):
        raise LandCarbonError("OUTPUT_CLUSTERS must be a GeoTIFF (.tif), not %s."
                              % os.path.basename(clusters_tif))


@dataclass(frozen=True)
class PolygonSource:
    """A polygon layer (``path``, optionally its ``layer`` name, OGR source
    with QGIS suffixes) and the numeric ``field`` to analyse."""

    path: str
    layer: str = None
    field: str = None


def run_lisa(*, raster=None, band=1, polygons=None, settings=None, output_clusters=None,
             output_grid=None, output_global=None, output_plot=None, labels=None,
             progress=None, cluster=None):
    """The lisa step: global Moran's I and LISA of a ``raster`` band
    (aggregated to analysis cells) or of ``polygons`` (a PolygonSource), with
    :class:`LisaSettings`. Writes the requested outputs (all or none) and
    returns a LisaResult. ``labels``: INPUT (the raster), GRID (the layer).

    ``cluster`` (core.common.cluster.Cluster): the raster is aggregated by
    Dask chunks on its workers; the statistics then run here on the
    analysis grid (at most aggregate.MAX_ANALYSIS_CELLS cells), so every
    output is identical to the one-machine run (docs/hotspots.md, "On a Dask
    cluster")."""
    progress = progress or Progress()
    s = check(settings or LisaSettings())
    lab = labels or {}
    contiguity, statistic = s.contiguity, s.statistic
    permutations, alpha, seed = int(s.permutations), float(s.alpha), int(s.seed)
    check_outputs(output_clusters, output_grid, output_plot)
    if bool(raster) == bool(polygons):
        raise LandCarbonError("Give either INPUT (a raster, aggregated to CELL_SIZE cells) or "
                              "GRID (a polygon layer with FIELD), not %s."
                              % ("both" if raster else "neither"))
    if cluster is not None:
        progress.info(cluster.describe() + (
            ": the raster is aggregated on the workers, the statistics run here on the "
            "analysis cells." if raster else
            ": polygons have no raster part, everything runs here."))
    if raster:
        units = raster_units(raster, lab.get("INPUT"), band, s.cell_size, statistic, s.min_share,
                             contiguity, progress.span(0.0, 0.35), cluster)
    else:
        units = polygon_units(polygons.path, polygons.layer, polygons.field, lab.get("GRID"),
                              contiguity, progress.span(0.0, 0.35))
        if output_clusters:
            progress.warning("OUTPUT_CLUSTERS is a raster of analysis cells; with polygons "
                             "(GRID) it is not written, see OUTPUT_GRID instead.")
            output_clusters = None

    w_all = units.contiguity
    w_kept, kept, islands = _connected(units, contiguity, progress)
    y = units.values[kept]
    w = w_kept.row_standardised()

    global_seed, local_seed = np.random.SeedSequence(int(seed)).spawn(2)
    g = moran.global_moran(y, w, permutations, global_seed, progress.span(0.35, 0.5))
    local = moran.local_moran(y, w, w_kept.cardinalities, permutations, local_seed,
                              progress.span(0.5, 0.85))
    clusters = moran.cluster_codes(local, alpha)
    moran_p = g.p_sim if permutations else (g.p_rand if g.p_rand is not None else g.p_norm)
    counts = {code: int((clusters == code).sum()) for code in (0, 1, 2, 3, 4)}
    counts[ISLAND] = islands
    result = LisaResult(w_kept.n, islands, g, local, clusters, moran_p, counts)
    _log_results(progress, result, permutations, alpha)

    all_codes = np.full(w_all.n, ISLAND, dtype=np.uint8)
    all_codes[kept] = clusters
    _write_outputs(result, units, kept, all_codes, s, bool(raster), dict(
        clusters=output_clusters, grid=output_grid, glob=output_global, plot=output_plot),
        progress)
    return result


def _connected(units, contiguity, progress):
    """The units with a neighbour (islands warned and left out), refused
    when fewer than 3 remain or their variable is constant. Returns (the
    weights of the kept units, their indices, the number of islands)."""
    w_all = units.contiguity
    w_kept, kept = w_all.without_islands()
    islands = w_all.n - w_kept.n
    if islands:
        progress.warning(
            "%d of %d %s have no %s neighbour (islands): %s. They are left out of the "
            "analysis (not in n, the mean or the variance) and get cluster code %d 'no "
            "neighbours'." % (islands, w_all.n, units.unit_label, contiguity,
                              _describe_units(units, w_all.islands), ISLAND))
    if w_kept.n < 3:
        raise LandCarbonError(
            "Only %d of the %d %s have a %s neighbour; Moran's I needs at least 3 connected "
            "units. Use queen contiguity, a larger CELL_SIZE or a lower MIN_VALID_SHARE."
            % (w_kept.n, w_all.n, units.unit_label, contiguity))
    moran.deviations(units.values[kept], units.unit_label)   # a constant variable: refused
    progress.info("%d %s with %s contiguity (row-standardised), %d neighbour links, "
                  "%.2f neighbours on average."
                  % (w_kept.n, units.unit_label, contiguity, len(w_kept.indices),
                     len(w_kept.indices) / w_kept.n))
    return w_kept, kept, islands


def _write_outputs(result, units, kept, all_codes, s, from_raster, paths, progress):
    """The requested outputs, all or none (``paths``: clusters, grid, glob,
    plot; None = not asked for)."""
    with Outputs() as out:
        if paths["clusters"]:
            write_cluster_raster(out.path(paths["clusters"]), units.agrid, all_codes)
            result.written["clusters"] = paths["clusters"]
        progress.set(0.88, "Writing outputs")
        if paths["grid"]:
            write_grid_layer(out.path(paths["grid"]), units, kept, result.local, all_codes,
                             progress.span(0.88, 0.97))
            result.written["grid"] = paths["grid"]
        if paths["glob"]:
            write_global_csv(out.path(paths["glob"]), result, units, s.contiguity,
                             int(s.permutations), float(s.alpha), int(s.seed),
                             s.statistic if from_raster else None)
            result.written["global"] = paths["glob"]
        if paths["plot"]:
            write_scatter_plot(out.path(paths["plot"]), result.local, result.clusters,
                               result.global_moran, int(s.permutations), units.value_unit)
            result.written["plot"] = paths["plot"]
        progress.set(1.0, "Done")


def _describe_units(units, indices, limit=10):
    """'(row 3, col 7), ...' of analysis cells or 'FID 12, ...' of polygons."""
    if units.agrid is not None:
        rows, cols = np.nonzero(units.agrid.valid)
        names = ["(row %d, col %d)" % (rows[i], cols[i]) for i in indices[:limit]]
        what = "analysis cells"
    else:
        names = ["FID %d" % units.fids[i] for i in indices[:limit]]
        what = "polygons"
    more = " and %d more" % (len(indices) - limit) if len(indices) > limit else ""
    return "%s %s%s" % (what, ", ".join(names), more)


def _log_results(progress, result, permutations, alpha):
    g = result.global_moran
    text = ("Global Moran's I = %.6f (E[I] = %.6f), z = %s under normality, %s under "
            "randomisation" % (g.I, g.EI, _fmt(g.z_norm), _fmt(g.z_rand)))
    if permutations:
        text += ", permutation p = %.4g (%d permutations)" % (g.p_sim, permutations)
    progress.info(text + ".")
    if permutations:
        c = result.cluster_counts
        progress.info("LISA clusters at p < %g: %d High-High, %d Low-Low, %d Low-High, "
                      "%d High-Low, %d not significant, %d without neighbours."
                      % (alpha, c[HH], c[LL], c[LH], c[HL], c[NOT_SIGNIFICANT], c[ISLAND]))
    else:
        progress.warning("PERMUTATIONS = 0: no local significance test, so every unit has "
                         "cluster code 0; the quadrant field still shows HH/LH/LL/HL.")


def _fmt(value, digits=4):
    return "undefined" if value is None else "%.*f" % (digits, value)


# ---------------------------------------------------------------------------
# Outputs
# ---------------------------------------------------------------------------

def write_cluster_raster(path, agrid, all_codes):
    """Byte raster of cluster codes on the analysis grid, 255 where a cell was
    left out; colour table, category names and .qml."""
    codes = np.full((agrid.grid.ysize, agrid.grid.xsize), CLUSTER_NODATA, dtype=np.uint8)
    codes[agrid.valid] = all_codes
    ds = raster.create_raster(path, agrid.grid, np.uint8, nodata=CLUSTER_NODATA,
                              descriptions=["LISA cluster (0 n.s., 1 HH, 2 LH, 3 LL, 4 HL, "
                                            "5 no neighbours)"])
    style_categorical(ds, path, CLUSTERS)
    for y0, rows in raster.strips(agrid.grid, raster.strip_rows(agrid.grid)):
        raster.write_strip(ds, y0, codes[y0:y0 + rows])
    ds.FlushCache()
    ds = None


GRID_FIELDS = [
    ("value", ogr.OFTReal), ("neighbours", ogr.OFTInteger), ("z_score", ogr.OFTReal),
    ("lag_z", ogr.OFTReal), ("local_i", ogr.OFTReal), ("pseudo_p", ogr.OFTReal),
    ("quadrant", ogr.OFTInteger), ("cluster", ogr.OFTInteger), ("label", ogr.OFTString),
]


def write_grid_layer(path, units, kept, local, all_codes, progress):
    """GeoPackage layer 'lisa', one polygon per unit (analysis cell or input
    polygon) with its value and LISA results; a .qml colours it by cluster."""
    srs = None
    if units.crs_wkt:
        srs = osr.SpatialReference()
        srs.ImportFromWkt(units.crs_wkt)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(path)
    geom_type = ogr.wkbPolygon if units.agrid is not None else ogr.wkbMultiPolygon
    layer = ds.CreateLayer("lisa", srs, geom_type, ["SPATIAL_INDEX=YES"])
    extra = [("row", ogr.OFTInteger), ("col", ogr.OFTInteger), ("valid_share", ogr.OFTReal)] \
        if units.agrid is not None else [("source_fid", ogr.OFTInteger64)]
    for name, kind in extra + GRID_FIELDS:
        layer.CreateField(ogr.FieldDefn(name, kind))
    n_all = units.contiguity.n
    position = np.full(n_all, -1, dtype=np.int64)
    position[kept] = np.arange(len(kept))
    has_stats = (position >= 0).tolist()
    pos = np.maximum(position, 0)
    # plain Python lists: per-feature access without numpy scalar conversions
    values, card = units.values.tolist(), units.contiguity.cardinalities.tolist()
    z, lag, local_i = local.z[pos].tolist(), local.lag[pos].tolist(), local.Is[pos].tolist()
    quadrant, codes = local.q[pos].tolist(), all_codes.tolist()
    p_sim = local.p_sim[pos].tolist() if local.p_sim is not None else None
    defn = layer.GetLayerDefn()
    idx = {defn.GetFieldDefn(k).GetName(): k for k in range(defn.GetFieldCount())}
    if units.agrid is not None:
        rows, cols = (a.tolist() for a in np.nonzero(units.agrid.valid))
        gt = units.agrid.grid.geotransform
        shares = units.agrid.share[units.agrid.valid].tolist()
    else:
        fids = units.fids.tolist()
    ds.StartTransaction()
    for i in range(n_all):
        feature = ogr.Feature(defn)
        if units.agrid is not None:
            r, c = rows[i], cols[i]
            x0, y0 = gt[0] + c * gt[1], gt[3] + r * gt[5]
            x1, y1 = x0 + gt[1], y0 + gt[5]
            feature.SetGeometryDirectly(ogr.CreateGeometryFromWkt(
                "POLYGON ((%r %r, %r %r, %r %r, %r %r, %r %r))"
                % (x0, y0, x1, y0, x1, y1, x0, y1, x0, y0)))
            feature.SetFieldInteger64(idx["row"], r)
            feature.SetFieldInteger64(idx["col"], c)
            feature.SetField(idx["valid_share"], shares[i])
        else:
            feature.SetGeometry(ogr.ForceToMultiPolygon(units.geometries[i].Clone()))
            feature.SetFieldInteger64(idx["source_fid"], fids[i])
        feature.SetField(idx["value"], values[i])
        feature.SetFieldInteger64(idx["neighbours"], card[i])
        if has_stats[i]:
            feature.SetField(idx["z_score"], z[i])
            feature.SetField(idx["lag_z"], lag[i])
            feature.SetField(idx["local_i"], local_i[i])
            if p_sim is not None:
                feature.SetField(idx["pseudo_p"], p_sim[i])
            feature.SetFieldInteger64(idx["quadrant"], quadrant[i])
        feature.SetFieldInteger64(idx["cluster"], codes[i])
        feature.SetFieldString(idx["label"], CLUSTER_LABELS[codes[i]])
        layer.CreateFeature(feature)
        if i % 20000 == 0:
            progress.set(i / n_all, "Writing the grid layer")
    ds.CommitTransaction()
    ds = None
    with open(os.path.splitext(path)[0] + ".qml", "w", encoding="utf-8") as fh:
        fh.write(categorized_fill_qml("cluster", CLUSTERS))


def categorized_fill_qml(attribute, entries):
    """QGIS style (.qml) of a polygon layer coloured by the integer field
    ``attribute``: entries (value, (r, g, b, a), label)."""
    from xml.sax.saxutils import quoteattr
    categories, symbols = [], []
    for number, (value, rgba, label) in enumerate(entries):
        categories.append('      <category render="true" value="%d" symbol="%d" label=%s/>\n'
                          % (value, number, quoteattr(label)))
        color = "%d,%d,%d,%d" % tuple(rgba)
        symbols.append(
            '      <symbol type="fill" name="%d" alpha="1" clip_to_extent="1" force_rhr="0">\n'
            '        <layer class="SimpleFill" enabled="1" pass="0" locked="0">\n'
            '          <Option type="Map">\n'
            '            <Option type="QString" name="color" value="%s"/>\n'
            '            <Option type="QString" name="outline_color" value="128,128,128,255"/>\n'
            '            <Option type="QString" name="outline_style" value="solid"/>\n'
            '            <Option type="QString" name="outline_width" value="0.1"/>\n'
            '            <Option type="QString" name="outline_width_unit" value="MM"/>\n'
            '            <Option type="QString" name="style" value="solid"/>\n'
            '          </Option>\n'
            '          <prop k="color" v="%s"/>\n'
            '          <prop k="outline_color" v="128,128,128,255"/>\n'
            '          <prop k="outline_style" v="solid"/>\n'
            '          <prop k="outline_width" v="0.1"/>\n'
            '          <prop k="outline_width_unit" v="MM"/>\n'
            '          <prop k="style" v="solid"/>\n'
            '        </layer>\n'
            '      </symbol>\n' % (number, color, color))
    return ("<!DOCTYPE qgis PUBLIC 'http://mrcc.com/qgis.dtd' 'SYSTEM'>\n"
            '<qgis version="3.22" styleCategories="AllStyleCategories">\n'
            '  <renderer-v2 type="categorizedSymbol" attr="%s" forceraster="0" '
            'symbollevels="0" enableorderby="0">\n' % attribute
            + "    <categories>\n" + "".join(categories) + "    </categories>\n"
            + "    <symbols>\n" + "".join(symbols) + "    </symbols>\n"
            + "  </renderer-v2>\n</qgis>\n")


def write_global_csv(path, result, units, contiguity, permutations, alpha, seed, statistic):
    """Long table statistic,value,description of the global test and the
    cluster counts."""
    g = result.global_moran
    counts = result.cluster_counts
    rows = [
        ("n_units", result.n, "%s in the analysis (with at least one neighbour)"
         % units.unit_label),
        ("islands", result.islands, "%s without neighbours, left out of the analysis"
         % units.unit_label),
    ]
    if units.agrid is not None:
        rows.append(("cells_left_out", int(units.agrid.grid.cells - units.agrid.valid.sum()),
                     "analysis cells below the minimum valid share (not analysed)"))
        rows.append(("aggregation", statistic, "statistic of the pixels of a cell (%s)"
                     % units.value_unit))
    else:
        rows.append(("features_left_out", units.excluded,
                     "polygons without geometry or value"))
    rows += [
        ("contiguity", contiguity, "neighbours: rook = shared edge, queen = shared edge or "
                                   "corner; weights row-standardised"),
        ("moran_i", g.I, "global Moran's I"),
        ("expected_i", g.EI, "E[I] = -1/(n-1)"),
        ("variance_normality", g.VI_norm, "variance of I under normality (Cliff & Ord)"),
        ("z_normality", g.z_norm, "(I - E[I]) / sqrt(variance_normality)"),
        ("p_normality", g.p_norm, "two-sided p of z_normality"),
        ("variance_randomisation", g.VI_rand, "variance of I under randomisation (Cliff & "
                                              "Ord); empty if undefined (n <= 3)"),
        ("z_randomisation", g.z_rand, "(I - E[I]) / sqrt(variance_randomisation)"),
        ("p_randomisation", g.p_rand, "two-sided p of z_randomisation"),
        ("permutations", permutations, "random permutations (0 = none)"),
        ("p_permutation", g.p_sim, "pseudo p = (min(G, P-G) + 1) / (P + 1), G = "
                                   "#{simulated I >= I}"),
        ("mean_i_permutations", g.EI_sim, "mean of the simulated I"),
        ("sd_i_permutations", g.seI_sim, "standard deviation of the simulated I"),
        ("seed", int(seed), "random seed of the permutations"),
        ("alpha", alpha, "local significance: pseudo p < alpha (strict)"),
        ("hh_units", counts[HH], "High-High clusters (p < alpha)"),
        ("ll_units", counts[LL], "Low-Low clusters (p < alpha)"),
        ("lh_units", counts[LH], "Low-High outliers (p < alpha)"),
        ("hl_units", counts[HL], "High-Low outliers (p < alpha)"),
        ("not_significant_units", counts[NOT_SIGNIFICANT], "p >= alpha (or no permutations)"),
    ]
    write_table(path, ["statistic", "value", "description"], rows)


def write_scatter_plot(path, local, clusters, g, permutations, value_unit):
    """Moran scatter plot (Anselin 1996): standardised value against its
    spatial lag, coloured by cluster; the regression slope is Moran's I."""
    fig = figure(6.4, 6.0)
    ax = fig.add_subplot(1, 1, 1)
    size = 12 if len(local.z) < 2000 else 3
    for code, rgba, label in CLUSTERS[:5]:
        sel = clusters == code
        if sel.any():
            color = tuple(c / 255.0 for c in rgba)
            if code == NOT_SIGNIFICANT:
                color = (0.6, 0.6, 0.6, 1.0)
            ax.scatter(local.z[sel], local.lag[sel], s=size, color=color, label=label,
                       linewidths=0, rasterized=len(local.z) > 5000)
    lo, hi = float(local.z.min()), float(local.z.max())
    xs = np.array([lo, hi])
    ax.plot(xs, float(local.lag.mean()) + g.I * xs, color="black", linewidth=1)
    ax.axhline(0, color="0.5", linewidth=0.6)
    ax.axvline(0, color="0.5", linewidth=0.6)
    ax.set_xlabel("value as z-score ((value - mean) / sd; value in %s)" % value_unit)
    ax.set_ylabel("spatial lag of the z-score (mean of the neighbours)")
    title = "Moran's I = %.4f" % g.I
    if permutations:
        title += " (pseudo p = %.4g, %d permutations)" % (g.p_sim, permutations)
    ax.set_title(title)
    ax.legend(loc="best", fontsize=8)
    fig.tight_layout()
    fig.savefig(path, format="png", metadata={"Software": None})
