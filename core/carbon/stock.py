"""Carbon stock of land-use maps, its change, and where the change comes from
(docs/carbon-stock.md; the semantics of InVEST 3.20 "Carbon Storage and
Sequestration", Sharp et al., InVEST User's Guide, so that results can be
cross-checked with InVEST).

- Pools table (InVEST format): ``lucode, c_above, c_below, c_soil, c_dead`` in
  Mg C/ha, headers in any case, extra columns kept (a name column labels the
  classes).
- Density of a cell = c_above + c_below + c_soil + c_dead of its class
  (Mg C/ha); stock of a cell = density x cell area (ha) (Mg C).
- Totals are float64: cells (or, on a geographic CRS, true areas) are counted
  per class, and per class totals are area_ha x density, summed over classes.
  This is the float64 sum of the per-cell stocks InVEST reports, without the
  float32 rounding of its per-cell rasters. Cells are counted in integers and
  true areas summed exactly (core/common/exact.py), so the totals do not
  depend on how the maps are cut: strips of any height, or chunks on a Dask
  cluster (``cluster=``), give the same bits.
- Change = alt - base per cell where BOTH maps hold data. "alt total - base
  total" differs from it when the nodata footprints differ; both are reported.
- Attribution: the change of every (from class, to class) pair is the area of
  the pair times (density_alt(to) - density_base(from)), per pool; every cell
  of a pair has that same change, so this equals the sum of the per-cell
  changes of the pair (the weighted bincount of the issue) exactly.
- Outputs: Float32 rasters in Mg C/ha with nodata ``raster.FLOAT32_NODATA``
  (InVEST writes -1 on signed outputs, so a real change of -1 vanishes).
"""

from dataclasses import dataclass, field

import numpy as np

from ..common import blocks, raster, tiles
from ..common.errors import LandCarbonError
from ..common.exact import ExactTally
from ..common.landmap import ClassIndex, class_counts, class_strips, open_landuse, pair_index
from ..common.outputs import Outputs
from ..common.progress import Progress
from ..common.styles import RAMP_DIVERGING, RAMP_GREENS, style_continuous
from ..common.tables import write_table
from ..common.units import HA_PER_KM2, M2_PER_HA, MG_PER_TG
from . import zones as zones_mod
from .pools import POOLS, PoolsTable, check_codes, read_pools
from .zones import open_zones

# ---------------------------------------------------------------------------
# Results
# ---------------------------------------------------------------------------

@dataclass
class MapStock:
    """Stock of one map: cells, area (ha) and pools (Mg C) per class."""

    label: str
    table: PoolsTable
    cells: np.ndarray        # (K,) valid cells per class
    area_ha: np.ndarray      # (K,)
    density: np.ndarray      # (K, 4) Mg C/ha

    @property
    def pools_mg(self):
        """(K, 4) Mg C per class and pool."""
        return self.area_ha[:, None] * self.density[:len(self.area_ha)]

    @property
    def total_mg(self):
        return float(self.pools_mg.sum())


@dataclass
class StockResult:
    """Everything the carbonstock tables report."""

    codes: list
    base: MapStock
    alt: object = None                       # MapStock or None
    pair_cells: object = None                # (K, K) cells valid in both, from x to
    pair_area_ha: object = None              # (K, K)
    only_base_cells: int = 0                 # valid in the base map only
    only_alt_cells: int = 0
    cell_area: object = None                 # raster.CellAreas
    cell_ha: object = None                   # constant cell area (ha), None if per row
    zone_tallies: object = None              # [ExactTally] per (zone, class), see _tally_zones
    zone_table: object = None                # (header, rows) or None
    zone_cells: object = None                # valid cells per zone (either map)
    zone_names: list = None                  # [(zone code, zone name)] in zone order

    @property
    def total_base_mg(self):
        return self.base.total_mg

    @property
    def total_alt_mg(self):
        return self.alt.total_mg if self.alt else None

    @property
    def pair_change_pools_mg(self):
        """(K, K, 4) change in Mg C of each from -> to pair and pool, over cells
        valid in both maps: area x (density_alt(to) - density_base(from))."""
        k = len(self.codes)
        diff = self.alt.density[None, :k, :] - self.base.density[:k, None, :]
        return self.pair_area_ha[:, :, None] * diff

    @property
    def pair_change_landuse_pools_mg(self):
        """(K, K, 4) the part of each pair's change due to land-use change
        alone: area x (density_base(to) - density_base(from)), both at the
        BASE table's densities (0 for unchanged cells)."""
        k = len(self.codes)
        ref = self.base.density[:k]
        return self.pair_area_ha[:, :, None] * (ref[None, :, :] - ref[:, None, :])

    @property
    def pair_change_density_pools_mg(self):
        """(K, K, 4) the part due to the alternate densities (e.g. a climate
        pathway's) on the alternate map: area x (density_alt(to) -
        density_base(to)). With :attr:`pair_change_landuse_pools_mg` it adds
        up to :attr:`pair_change_pools_mg` (docs/carbon-stock.md)."""
        k = len(self.codes)
        ref, alt = self.base.density[:k], self.alt.density[:k]
        return self.pair_area_ha[:, :, None] * (alt - ref)[None, :, :]

    @property
    def change_mg(self):
        """Sum of the per-cell change over cells valid in both maps (Mg C)."""
        return float(self.pair_change_pools_mg.sum()) if self.alt else None

    @property
    def difference_mg(self):
        """alt total - base total (Mg C), each over its own valid cells."""
        return self.total_alt_mg - self.total_base_mg if self.alt else None


# ---------------------------------------------------------------------------
# The computation
# ---------------------------------------------------------------------------

def _density_luts(table, codes):
    """Per-class densities as LUTs over the class index (K = nodata):
    total (float32, nodata at K) and per pool (4 x float32)."""
    dens = table.matrix(codes)
    k = len(codes)
    total = dens.sum(axis=1).astype(np.float32)
    total[k] = raster.FLOAT32_NODATA
    pools = dens.T.astype(np.float32).copy()
    pools[:, k] = raster.FLOAT32_NODATA
    return dens, total, pools


def _change_lut(dens_base, dens_alt, k):
    """Change (Mg C/ha) of each pair code from * (K + 1) + to; nodata where
    either map is nodata."""
    tb = dens_base.sum(axis=1)
    ta = dens_alt.sum(axis=1)
    lut = (ta[None, :] - tb[:, None]).astype(np.float32)
    lut[k, :] = raster.FLOAT32_NODATA
    lut[:, k] = raster.FLOAT32_NODATA
    return lut.ravel()


def _scan_codes(info, table, progress, cluster):
    counts, _nodata_cells = class_counts(info, progress, cluster)
    check_codes(table, counts, info.label, progress)
    return counts


LABELS = {"LANDUSE": "base map", "LANDUSE_ALT": "alternate map"}


def run_carbon_stock(landuse, pools, *, landuse_alt=None, pools_alt=None, zones=None,
                     output_stock=None, output_stock_alt=None, output_change=None,
                     output_pools=None, output_pools_alt=None, output_summary=None,
                     output_attribution=None, output_zones=None, labels=None, progress=None,
                     cluster=None):
    """The carbonstock step: check every input, then one pass over the maps
    (row strips, or chunks on a Dask ``cluster``), then the tables. All
    outputs are written or none.

    ``landuse`` (base map) with the ``pools`` table; optional ``landuse_alt``
    with ``pools_alt`` (e.g. densities corrected for a climate pathway; else
    the base table); ``zones``: a :class:`core.carbon.zones.ZoneSource` for
    totals per region. Outputs: stock, pool and change rasters (Mg C/ha),
    summary, attribution and zone CSVs. ``labels``: LANDUSE, LANDUSE_ALT.
    ``cluster``: a :class:`core.common.cluster.Cluster` to compute on Dask
    workers, with the same rasters and totals bit for bit
    (docs/carbon-stock.md, "On a Dask cluster"). Returns a
    :class:`StockResult`.
    """
    progress = progress or Progress()
    lab = dict(LABELS)
    lab.update({k: v for k, v in (labels or {}).items() if v})
    base_table = read_pools(pools, "POOLS table")
    alt_table = read_pools(pools_alt, "POOLS_ALT table") if pools_alt else base_table
    has_alt = bool(landuse_alt)
    if not has_alt:
        for name, value in (("POOLS_ALT", pools_alt), ("OUTPUT_STOCK_ALT", output_stock_alt),
                            ("OUTPUT_CHANGE", output_change),
                            ("OUTPUT_POOLS_ALT", output_pools_alt),
                            ("OUTPUT_ATTRIBUTION", output_attribution)):
            if value:
                progress.info("%s is ignored: it needs an alternate land-use map "
                              "(LANDUSE_ALT)." % name)
        output_stock_alt = output_change = output_pools_alt = output_attribution = None
    base_info = open_landuse(landuse, lab["LANDUSE"], progress)
    infos = [base_info]
    if has_alt:
        alt_info = open_landuse(landuse_alt, lab["LANDUSE_ALT"], progress)
        raster.check_same_grid([(base_info.label, base_info.grid),
                                (alt_info.label, alt_info.grid)])
        infos.append(alt_info)
    grid = base_info.grid
    zone_index = open_zones(zones, grid, base_info.label, progress.span(0.0, 0.05))
    try:
        scan = progress.span(0.05, 0.3)
        counts = [_scan_codes(base_info, base_table, scan.span(0.0, 0.5), cluster)]
        if has_alt:
            counts.append(_scan_codes(alt_info, alt_table, scan.span(0.5, 1.0), cluster))
        codes = sorted(set().union(*counts))
        areas = raster.CellAreas(grid, progress, base_info.label)
        with raster.gdal_cache_limit(), Outputs() as out:
            result = _stock_pass(
                infos, [base_table, alt_table][:len(infos)], codes, areas, zone_index,
                progress.span(0.3, 0.97),
                tmp=lambda p: out.path(p) if p else None,
                stock_tifs=[output_stock, output_stock_alt], change_tif=output_change,
                pools_tifs=[output_pools, output_pools_alt], cluster=cluster)
            if zone_index is not None:
                result.zone_table = zone_table(result, zone_index)
                result.zone_names = list(zip(zone_index.codes, zone_index.names))
            if output_summary:
                write_table(out.path(output_summary), *summary_table(result))
            if output_attribution:
                write_table(out.path(output_attribution), *attribution_table(result))
            if output_zones and result.zone_table is not None:
                write_table(out.path(output_zones), *result.zone_table)
    finally:
        if zone_index is not None:
            zone_index.close()
    log_result(result, zone_index, progress)
    progress.set(1.0)
    return result


# ---------------------------------------------------------------------------
# The per-block kernel, on row strips (one machine) or chunks (Dask)
# ---------------------------------------------------------------------------

@dataclass
class StockTally:
    """Cells (exact areas on a geographic CRS) per class pair (``pairs``: from
    * (K + 1) + to, or the class alone without an alternate map) and per
    (zone, class) (``zones``, see :func:`_tally_zones`) of part of the maps;
    tallies of parts merge into the tally of the whole, bit for bit."""

    pairs: ExactTally
    zones: list = None

    def merge(self, other):
        self.pairs.merge(other.pairs)
        for mine, theirs in zip(self.zones or [], other.zones or []):
            mine.merge(theirs)
        return self


@dataclass
class TileSink:
    """A .vrt output of the pass (core.common.tiles): its tile folder, the
    places of its bands in the kernel's band list, their descriptions."""

    path: str
    places: list
    descriptions: list

    @property
    def folder(self):
        return tiles.tile_folder(self.path)

    def write(self, grid, window, blocks_):
        tiles.write_tile(self.folder, window, grid, [blocks_[p] for p in self.places],
                         np.float32, raster.FLOAT32_NODATA, self.descriptions)

    def finish(self, grid, windows):
        tiles.finish_vrt(self.path, grid, np.float32, windows, raster.FLOAT32_NODATA,
                         self.descriptions)


@dataclass
class StockKernel:
    """Everything a block of the maps needs, the same for a row strip on one
    machine and for a chunk on a Dask worker (picklable, sent once to every
    worker).

    ``bands``: the Float32 output bands in order, each (kind, map, pool):
    ("stock", m, None), ("pools", m, p) or ("change", None, None)."""

    codes: list
    lookups: list            # per map: raw block -> class index (K = nodata, unknown)
    luts: list               # per map: _density_luts
    change_lut: object       # Mg C/ha per pair index; None without an alternate map
    bands: list
    areas: object            # raster.CellAreas (m2 per row on a geographic CRS)
    zones: object = None     # a zone index of any window (zones.*Windows), or None
    zone_count: int = 0
    grid: object = None      # the maps' raster.Grid (for tiles)
    tiled: list = field(default_factory=list)   # TileSink of the .vrt outputs

    @property
    def k(self):
        return len(self.codes)

    @property
    def has_alt(self):
        return len(self.lookups) == 2

    def tiled_places(self):
        return [p for sink in self.tiled for p in sink.places]

    def classes(self, raws):
        """Class index arrays of raw blocks of the maps."""
        return [look(raw) for look, raw in zip(self.lookups, raws)]

    def pairs(self, idx):
        """from * (K + 1) + to of each cell (index K = nodata); the class
        index alone without an alternate map."""
        if not self.has_alt:
            return idx[0]
        k = self.k
        return pair_index(idx[0], idx[1], k, np.uint16 if (k + 1) ** 2 <= 65536 else np.int32)

    def band_blocks(self, idx, pair):
        """The output bands of a block, in the order of ``bands`` (Mg C/ha)."""
        for kind, m, p in self.bands:
            if kind == "stock":
                yield self.luts[m][1][idx[m]]
            elif kind == "pools":
                yield self.luts[m][2][p][idx[m]]
            else:
                yield self.change_lut[pair]

    def new_tally(self):
        k, z = self.k, self.zone_count
        weighted = not self.areas.is_constant
        pairs = ExactTally((k + 1) ** 2 if self.has_alt else k + 1, weighted)
        zones = ([ExactTally((z + 1) * (k + 1), weighted) for _ in range(4 if self.has_alt else 1)]
                 if self.zones is not None else None)
        return StockTally(pairs, zones)

    def add(self, tally, idx, pair, y0, zone_index):
        """Tally a block whose first row is ``y0`` (``zone_index``: its zone
        index, or None without zones)."""
        # ha per row where areas differ by row; else cells x the one area
        ha = (None if self.areas.is_constant
              else self.areas.rows(y0, idx[0].shape[0]) / M2_PER_HA)
        tally.pairs.add_rows(pair, ha)
        if zone_index is not None:
            _tally_zones(tally.zones, zone_index, idx, self.k, ha)


def _tally_zones(tallies, zi, idx, k, ha):
    """Cells (ha per row: areas) per (zone, class) of each map and, for the
    change, of each map restricted to cells valid in both."""
    zc = zi.astype(np.int64)
    zc *= k + 1
    tallies[0].add_rows(zc + idx[0], ha)
    if len(idx) == 2:
        tallies[1].add_rows(zc + idx[1], ha)
        both = (idx[0] != k) & (idx[1] != k)
        tallies[2].add_rows(zc + np.where(both, idx[0], k), ha)
        tallies[3].add_rows(zc + np.where(both, idx[1], k), ha)


def _strip_pass(kernel, infos, zones, targets, progress):
    """One machine: the kernel on row strips; the bands written strip by
    strip (a tile per strip for .vrt outputs). Returns (tally, windows)."""
    tally = kernel.new_tally()
    done = []
    # (land-use maps are small integers: decoding them takes a fraction of the
    # time; raster.decoding_threads would only add memory here)
    with blocks.WriteBehind() as writer:
        for y0, nrows, idx in class_strips(infos, kernel.codes, progress,
                                           blocks.WRITE_BEHIND_STRIP_CELLS):
            pair = kernel.pairs(idx)
            done.append(blocks.Window(y0, 0, nrows, kernel.grid.xsize))
            # written (and compressed, in GDAL's threads) while the next strip
            # is computed
            writer.submit(_write_bands, kernel, targets, done[-1],
                          list(kernel.band_blocks(idx, pair)))
            kernel.add(tally, idx, pair, y0,
                       zones.read(y0, nrows) if zones is not None else None)
    return tally, done


def _write_bands(kernel, targets, window, bands):
    """A strip's bands into their GeoTIFFs and tiles."""
    for (ds, band), block in zip(targets, bands):
        if not isinstance(ds, TileSink):
            raster.write_strip(ds, window.y0, block, band=band)
    for sink in kernel.tiled:
        sink.write(kernel.grid, window, bands)


def _chunk(kernel, window, raws):
    """The kernel on one window of the maps (a Dask task): the output bands
    (stacked; None without raster outputs) and the window's tally."""
    idx = kernel.classes(raws)
    pair = kernel.pairs(idx)
    zone_index = (kernel.zones.window(window.y0, window.x0, window.rows, window.cols)
                  if kernel.zones is not None else None)
    tally = kernel.new_tally()
    kernel.add(tally, idx, pair, window.y0, zone_index)
    if not kernel.bands:
        return None, tally
    bands = np.empty((len(kernel.bands),) + window.shape, dtype=np.float32)
    for b, block in enumerate(kernel.band_blocks(idx, pair)):
        bands[b] = block
    for sink in kernel.tiled:               # written here, on the worker
        sink.write(kernel.grid, window, bands)
    if kernel.tiled and len(kernel.tiled_places()) == len(kernel.bands):
        return None, tally                  # nothing left for the client to write
    return bands, tally


def _chunk_pass(cluster, kernel, infos, targets, progress):
    """Dask: the same kernel on chunks, in one pass: bands written as chunks
    arrive, tallies merged on the client (exact, so in any order)."""
    chunks = blocks.chunks(infos[0].grid, cluster.chunks)
    progress.info("%s: %d chunks." % (cluster.describe(), len(chunks)))
    total = kernel.new_tally()

    def consume(window, result):
        bands, tally = result
        for (ds, band), block in zip(targets, bands if bands is not None else ()):
            if not isinstance(ds, TileSink):
                raster.write_strip(ds, window.y0, block, band, x0=window.x0)
        total.merge(tally)

    blocks.run_blocks(_chunk, kernel, infos, chunks, consume, cluster=cluster, progress=progress)
    return total, chunks


class _Rasters:
    """The Float32 outputs of a pass: one file (or a TileSink for a .vrt)
    per key, their bands in the kernel's order and where each band goes."""

    def __init__(self, grid, tmp):
        self.grid, self.tmp = grid, tmp
        self.paths, self.datasets, self.bands, self.targets, self.sinks = {}, {}, [], [], []

    def create(self, key, path, descriptions, spec):
        self.paths[key] = self.tmp(path)
        if tiles.is_tiled(path):
            places = list(range(len(self.bands), len(self.bands) + len(spec)))
            self.sinks.append(TileSink(self.paths[key], places, descriptions))
            self.datasets[key] = self.sinks[-1]
        else:
            self.datasets[key] = raster.create_raster(self.paths[key], self.grid, np.float32,
                                                      bands=len(descriptions),
                                                      nodata=raster.FLOAT32_NODATA,
                                                      descriptions=descriptions)
        for band, item in enumerate(spec, start=1):
            self.bands.append(item)
            self.targets.append((self.datasets[key], band))


def _stock_pass(infos, tables, codes, areas, zones, progress, tmp, stock_tifs, change_tif,
                pools_tifs, cluster=None):
    """One pass over the maps: stock / change / pool rasters, and cells
    (areas) per class pair and per zone and class."""
    grid = infos[0].grid
    k = len(codes)
    has_alt = len(infos) == 2
    luts = [_density_luts(t, codes) for t in tables]
    index = ClassIndex(codes)

    out = _Rasters(grid, tmp)
    for m, info in enumerate(infos):
        if stock_tifs[m]:
            out.create("stock%d" % m, stock_tifs[m],
                       ["carbon density of %s (Mg C/ha)" % info.label], [("stock", m, None)])
        if pools_tifs[m]:
            out.create("pools%d" % m, pools_tifs[m],
                       ["%s of %s (Mg C/ha)" % (p, info.label) for p in POOLS],
                       [("pools", m, p) for p in range(len(POOLS))])
    if change_tif:
        out.create("change", change_tif, ["carbon change %s - %s (Mg C/ha)"
                                          % (infos[1].label, infos[0].label)],
                   [("change", None, None)])

    kernel = StockKernel(codes, [index.lookup(info) for info in infos], luts,
                         _change_lut(luts[0][0], luts[1][0], k) if has_alt else None, out.bands,
                         areas, zones.windows() if zones is not None else None,
                         zones.count if zones is not None else 0, grid, out.sinks)
    try:
        if cluster is None:
            tally, done = _strip_pass(kernel, infos, zones, out.targets, progress)
        else:
            tally, done = _chunk_pass(cluster, kernel, infos, out.targets, progress)
    finally:
        out.targets.clear()
        out.datasets.clear()   # closes (flushes) the output files
    for sink in out.sinks:
        sink.finish(grid, done)

    cell_ha = areas.constant_m2 / M2_PER_HA if areas.is_constant else None
    pairs = tally.pairs
    area = pairs.weighted(cell_ha)
    if has_alt:
        cells2 = pairs.cells.reshape(k + 1, k + 1)
        area2 = area.reshape(k + 1, k + 1)
        per_map = [(cells2[:k].sum(axis=1), area2[:k].sum(axis=1)),
                   (cells2[:, :k].sum(axis=0), area2[:, :k].sum(axis=0))]
    else:
        per_map = [(pairs.cells[:k], area[:k])]
    stocks = [MapStock(info.label, table, c, a, lut[0])
              for info, table, (c, a), lut in zip(infos, tables, per_map, luts)]
    result = StockResult(codes, stocks[0], cell_area=areas, cell_ha=cell_ha,
                         zone_tallies=tally.zones)
    if has_alt:
        result.alt = stocks[1]
        result.pair_cells = cells2[:k, :k].copy()
        result.pair_area_ha = area2[:k, :k].copy()
        result.only_base_cells = int(cells2[:k, k].sum())
        result.only_alt_cells = int(cells2[k, :k].sum())
        if result.pair_cells.sum() == 0:
            raise LandCarbonError(
                "No cell holds data in both %s and %s, so there is no change to compute. "
                "Check that the maps cover the same area." % (infos[0].label, infos[1].label))
    _style_outputs(out.paths, result)
    return result


def _style_outputs(paths, result):
    """Green ramps for stocks (one scale for both maps, so they compare at a
    glance), a diverging ramp centred on 0 for the change."""
    present = [result.base.density[:len(result.codes)][result.base.cells > 0]]
    if result.alt is not None:
        present.append(result.alt.density[:len(result.codes)][result.alt.cells > 0])
    stacked = np.vstack(present)
    top = float(stacked.sum(axis=1).max()) if stacked.size else 1.0
    for key, path in paths.items():
        if key.startswith("stock"):
            style_continuous(path, 0.0, top, RAMP_GREENS, "Mg C/ha")
        elif key.startswith("pools"):
            style_continuous(path, 0.0, float(stacked.max()) if stacked.size else 1.0,
                             RAMP_GREENS, "Mg C/ha")
        elif key == "change":
            k = len(result.codes)
            diff = (result.alt.density[:k].sum(axis=1)[None, :]
                    - result.base.density[:k].sum(axis=1)[:, None])
            seen = np.abs(diff[result.pair_cells > 0])
            span = float(seen.max()) if seen.size and seen.max() > 0 else 1.0
            style_continuous(path, -span, span, RAMP_DIVERGING, "Mg C/ha")


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------

_PARTS = ("c_above", "c_below", "c_soil", "c_dead", "vegetation", "total")
SUMMARY_HEADER = (["map", "source", "code", "name", "cells", "area_ha", "density_Mg_C_per_ha"]
                  + ["%s_Mg" % p for p in _PARTS] + ["%s_Tg" % p for p in _PARTS] + ["note"])


def _pool_columns(pools_mg):
    """above, below, soil, dead, vegetation (= above + below) and total, in Mg
    then in Tg."""
    p = [float(v) for v in pools_mg]
    mg = p + [p[0] + p[1], float(sum(p))]
    return mg + [v / MG_PER_TG for v in mg]


def footprint_note(result):
    """Why 'alt total - base total' and 'sum of change over cells valid in
    both' differ (empty when they cannot differ)."""
    if not (result.only_base_cells or result.only_alt_cells):
        return ""
    return ("the nodata footprints differ: %d cells hold data only in the base map (their "
            "stock counts in the base total only) and %d only in the alternate map; the "
            "change map and the attribution cover cells valid in both"
            % (result.only_base_cells, result.only_alt_cells))


def summary_table(result):
    """Per map: per class and all classes, cells, area, Mg by pool,
    vegetation, total (Mg, Tg); then the change, both ways."""
    rows = []
    maps = [("base", result.base)] + ([("alternate", result.alt)] if result.alt else [])
    for role, stock in maps:
        pools = stock.pools_mg
        for i, code in enumerate(result.codes):
            if stock.cells[i] == 0:
                continue
            rows.append([role, stock.label, code, stock.table.name(code), int(stock.cells[i]),
                         float(stock.area_ha[i]), float(stock.density[i].sum())]
                        + _pool_columns(pools[i]) + [""])
        rows.append([role, stock.label, "all", "all classes", int(stock.cells.sum()),
                     float(stock.area_ha.sum()), None] + _pool_columns(pools.sum(axis=0))
                    + [""])
    if result.alt:
        diff = result.alt.pools_mg.sum(axis=0) - result.base.pools_mg.sum(axis=0)
        rows.append(["change", "alt total - base total", "all", "all classes", None, None,
                     None] + _pool_columns(diff)
                    + ["each map over its own valid cells"])
        both = result.pair_change_pools_mg.sum(axis=(0, 1))
        rows.append(["change", "sum of change over cells valid in both", "all",
                     "all classes", int(result.pair_cells.sum()),
                     float(result.pair_area_ha.sum()), None] + _pool_columns(both)
                    + [("differs from 'alt total - base total' because "
                        + footprint_note(result)) if footprint_note(result)
                       else "equal to alt total - base total: both maps have the same valid "
                       "cells"])
    return SUMMARY_HEADER, rows


ATTRIBUTION_HEADER = ["from_code", "from_name", "to_code", "to_name", "cells", "km2",
                      "change_Mg", "change_Tg", "share_of_net_change_pct",
                      "share_of_gross_change_pct"]


def attribution_table(result):
    """The change over cells valid in both maps, split by from -> to pair.

    share_of_net_change_pct = pair change / net change x 100 (empty when the
    net change is 0); share_of_gross_change_pct = |pair change| / sum of
    |pair changes| x 100 (always in 0..100)."""
    change = result.pair_change_pools_mg.sum(axis=2)
    net = float(change.sum())
    gross = float(np.abs(change).sum())
    rows = []
    for i, a in enumerate(result.codes):
        for j, b in enumerate(result.codes):
            cells = int(result.pair_cells[i, j])
            if cells == 0:
                continue
            c = float(change[i, j])
            rows.append([a, result.base.table.name(a), b, result.alt.table.name(b), cells,
                         float(result.pair_area_ha[i, j]) / HA_PER_KM2, c, c / MG_PER_TG,
                         100.0 * c / net + 0.0 if net != 0 else None,   # + 0.0: no -0
                         100.0 * abs(c) / gross if gross > 0 else None])
    rows.append(["all", "all pairs", "all", "all pairs", int(result.pair_cells.sum()),
                 float(result.pair_area_ha.sum()) / HA_PER_KM2, net, net / MG_PER_TG,
                 100.0 if net != 0 else None, 100.0 if gross > 0 else None])
    return ATTRIBUTION_HEADER, rows


def zone_table(result, zones):
    """Per zone (plus cells outside every zone, plus all): valid cells, km2
    and total stock of each map, and the change over cells valid in both."""
    k = len(result.codes)
    z = zones.count
    cell_ha = result.cell_ha
    tallies = result.zone_tallies

    def per_zone(tally, density):
        area = tally.weighted(cell_ha).reshape(z + 1, k + 1)[:, :k]
        cells = tally.cells.reshape(z + 1, k + 1)[:, :k].sum(axis=1)
        return cells, area.sum(axis=1), area @ density[:k].sum(axis=1)

    base_cells, base_ha, base_mg = per_zone(tallies[0], result.base.density)
    header = ["zone_code", "zone_name", "cells_base", "km2_base", "base_total_Mg",
              "base_total_Tg"]
    columns = [base_cells, base_ha / HA_PER_KM2, base_mg, base_mg / MG_PER_TG]
    if result.alt:
        alt_cells, alt_ha, alt_mg = per_zone(tallies[1], result.alt.density)
        both_cells, _ha, base_both = per_zone(tallies[2], result.base.density)
        _c, _ha, alt_both = per_zone(tallies[3], result.alt.density)
        change = alt_both - base_both
        header += ["cells_alt", "km2_alt", "alt_total_Mg", "alt_total_Tg", "cells_valid_both",
                   "change_Mg", "change_Tg"]
        columns += [alt_cells, alt_ha / HA_PER_KM2, alt_mg, alt_mg / MG_PER_TG, both_cells, change,
                    change / MG_PER_TG]
    valid = base_cells + (alt_cells if result.alt else 0)   # cells valid in either map
    labels = [(zones.codes[i], zones.names[i]) for i in range(z)]
    if valid[z]:
        labels.append(("none", "outside every zone"))
    rows = [[code, name] + [_number(col[i]) for col in columns]
            for i, (code, name) in enumerate(labels)]
    rows.append(["all", "all cells"] + [_number(col.sum()) for col in columns])
    result.zone_cells = valid[:z]
    return header, rows


@dataclass
class ZoneCarbon:
    """The carbon of one zone: ``km2`` per class code of the map (the
    alternate map when there is one, else the base map), its carbon per pool
    (Mg C, four values), and the change alternate - base per pool over the
    zone's cells valid in both maps (Mg C; None without an alternate map)."""

    code: object
    name: str
    km2: dict
    stock_pools_mg: np.ndarray
    change_pools_mg: np.ndarray = None


def zone_figures(result):
    """[ZoneCarbon] per zone of a run with zones, in zone order (cells
    outside every zone are in no zone). The same exact tallies as the zone
    table, so the zones add up to the map's totals over the zoned cells."""
    if result.zone_names is None:
        return None
    k, z = len(result.codes), len(result.zone_names)
    tallies = result.zone_tallies

    def area_ha(tally):
        return tally.weighted(result.cell_ha).reshape(z + 1, k + 1)[:z, :k]

    shown = result.alt if result.alt else result.base
    area = area_ha(tallies[1] if result.alt else tallies[0])
    stock = area @ shown.density[:k]                             # (Z, 4) Mg C
    change = None
    if result.alt:
        change = area_ha(tallies[3]) @ result.alt.density[:k] \
            - area_ha(tallies[2]) @ result.base.density[:k]
    return [ZoneCarbon(code, name, {c: float(a) / HA_PER_KM2 for c, a in zip(result.codes,
                                                                             area[i])},
                       stock[i], None if change is None else change[i])
            for i, (code, name) in enumerate(result.zone_names)]


def _number(value):
    return int(value) if np.issubdtype(np.asarray(value).dtype, np.integer) else float(value)


# ---------------------------------------------------------------------------
# Log
# ---------------------------------------------------------------------------

def log_result(result, zones, progress):
    """What a user wants to read in the log after the run."""
    progress.info("Cell areas: %s%s." % (
        result.cell_area.describe(),
        "" if result.cell_area.is_constant else " (computed on the ellipsoid, not taken "
        "from the nominal cell size)"))
    for stock in [result.base] + ([result.alt] if result.alt else []):
        progress.info("%s: %d valid cells, %.6g ha, total carbon %.6f Mg (%.6g Tg), using %s."
                      % (stock.label, int(stock.cells.sum()), float(stock.area_ha.sum()),
                         stock.total_mg, stock.total_mg / MG_PER_TG, stock.table.label))
    if result.alt:
        progress.info("Change over cells valid in both maps: %.6f Mg C (%d cells)."
                      % (result.change_mg, int(result.pair_cells.sum())))
        note = footprint_note(result)
        if note:
            progress.info("alt total - base total = %.6f Mg C; it differs from the change "
                          "over cells valid in both because %s." % (result.difference_mg, note))
    if zones is not None:
        progress.info("Zones: %s." % zones_mod.describe(zones))
        zones_mod.warn_empty_zones(zones, result.zone_cells, progress)
