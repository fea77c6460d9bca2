"""The study's summary CSV: one row per scenario, pathway and target year
(and the observed last map), with areas per class (km2), carbon per pool and
its change (Tg C), the value per price and Moran's I, and with ZONES the same
figures per zone (docs/study.md).
"""

import numpy as np

from ..carbon import POOL_NAMES
from ..common.tables import write_table
from ..common.units import MG_PER_TG


def price_column(price):
    return "value_%s" % price.name.replace(" ", "_").replace("/", "_")


def row_figures(row, spec, s):
    """The area and carbon figures of a CarbonRow by summary column name:
    km2 per class, carbon per pool and in all, its change per pool and in
    all, the land-use and climate parts, the value per price."""
    figures = {"km2_%d" % c: v for c, v in row.km2.items()}
    figures.update({"carbon_%s_Tg" % p: v for p, v in zip(POOL_NAMES, row.pools_tg)})
    figures["carbon_total_Tg"] = sum(row.pools_tg)
    figures.update({"change_%s_Tg" % p: v for p, v in zip(POOL_NAMES, row.change_pools_tg)})
    figures["change_total_Tg"] = sum(row.change_pools_tg)
    if row.landuse_pools_tg is not None:
        figures["change_landuse_total_Tg"] = sum(row.landuse_pools_tg)
        figures["change_climate_total_Tg"] = sum(row.climate_pools_tg)
    for n, value in enumerate(row.values or []):
        figures["value_%d" % n] = value
    return figures


def ensemble_statistics(figures):
    """figure -> (mean, sd, 5th, 95th percentile) over the runs (sample sd,
    ddof 1; percentiles by linear interpolation, numpy's default)."""
    out = {}
    for name in figures[0]:
        v = np.array([f[name] for f in figures], dtype=np.float64)
        out[name] = (float(v.mean()), float(v.std(ddof=1)) if v.size > 1 else 0.0,
                     float(np.percentile(v, 5)), float(np.percentile(v, 95)))
    return out


ENSEMBLE_STATISTICS = ("mean", "sd", "p05", "p95")


def _parts(pools_tg):
    """Per pool and total, or empty cells (the observed map has no change)."""
    if pools_tg is None:
        return [None] * (len(POOL_NAMES) + 1)
    return list(pools_tg) + [sum(pools_tg)]


def _columns(result, codes):
    """The summary's columns before the ensemble spreads (and the zone)."""
    return (["scenario", "pathway", "year", "status", "demand_met"]
            + ["km2_%d" % c for c in codes]
            + ["carbon_%s_Tg" % p for p in POOL_NAMES]
            + ["carbon_vegetation_Tg", "carbon_total_Tg"]
            + ["change_%s_Tg" % p for p in POOL_NAMES] + ["change_total_Tg"]
            + ["change_landuse_%s_Tg" % p for p in POOL_NAMES] + ["change_landuse_total_Tg"]
            + ["change_climate_%s_Tg" % p for p in POOL_NAMES] + ["change_climate_total_Tg"]
            + [price_column(p) for p in result.prices]
            + ["%s_landuse" % price_column(p) for p in result.prices]
            + ["%s_climate" % price_column(p) for p in result.prices]
            + ["moran_I", "moran_p"]
            + ["%s_cells_%d" % (what, c) for c in codes
               for what in ("demand", "allocated", "shortfall")])


def summary_rows(result):
    """Header and rows: one row per scenario x pathway x year (plus the last
    known map), areas in km2 per class, carbon in Tg C by pool, its change
    against the last known map, split into (a) land-use change at today's
    densities and (b) the pathway's density correction on the future map
    ((a) + (b) = the change), value per price (currency, also split),
    Moran's I, and
    how far CARS met the demand: per class demand, allocated and shortfall
    (demand - allocated) in cells (empty for the observed map).

    With ZONES a column ``zone`` follows ``year``: the whole area is the row
    ``all``, and after it one row per zone with its areas, carbon, change
    and value (the other columns empty); the zones' figures come from the
    same exact tallies, so over the zoned cells they add up to the whole."""
    codes = result.codes or []
    zoned = result.settings.zones is not None
    header = _columns(result, codes)
    # a seed ensemble: every area and carbon figure's spread over the runs
    spread = next((r.ensemble for o in result.scenarios for r in o.rows if r.ensemble), None)
    names = list(spread) if spread else []

    def label(name):
        if name.startswith("value_"):
            return price_column(result.prices[int(name[len("value_"):])])
        return name

    header += ["%s_%s" % (label(n), stat) for n in names for stat in ENSEMBLE_STATISTICS]
    rows = []
    width = len(header)

    def emit(row, status, allocation=None):
        if allocation is None:
            met, cells = None, [None] * (3 * len(codes))
        else:
            met = allocation.missed == 0
            cells = [v for c in codes for v in (allocation.demand.get(c),
                                                allocation.allocated.get(c),
                                                allocation.shortfall.get(c))]
        rows.append([row.scenario, row.pathway, row.year, status, met]
                    + [row.km2.get(c, 0.0) for c in codes]
                    + list(row.pools_tg) + [row.pools_tg[0] + row.pools_tg[1],
                                            sum(row.pools_tg)]
                    + list(row.change_pools_tg) + [sum(row.change_pools_tg)]
                    + _parts(row.landuse_pools_tg) + _parts(row.climate_pools_tg)
                    + (list(row.values) if row.values else [None] * len(result.prices))
                    + (list(row.landuse_values) if row.landuse_values
                       else [None] * len(result.prices))
                    + (list(row.climate_values) if row.climate_values
                       else [None] * len(result.prices))
                    + [row.moran_i, row.moran_p] + cells
                    + [row.ensemble[n][i] if row.ensemble and n in row.ensemble else None
                       for n in names for i in range(len(ENSEMBLE_STATISTICS))])
        if zoned:
            rows[-1].insert(3, "all")
            rows.extend(_zone_rows(row, status, codes, len(result.prices), width))

    if result.base_row is not None:
        emit(result.base_row, "observed")
    for outcome in result.scenarios:
        if not outcome.rows:
            rows.append([outcome.spec.name, "", "", outcome.status]
                        + [None] * (len(header) - 4))
            if zoned:
                rows[-1].insert(3, "all")
        for row in outcome.rows:
            emit(row, outcome.status, outcome.allocation.get(row.year))
    if zoned:
        header.insert(3, "zone")
    return header, rows


def _zone_rows(row, status, codes, n_prices, width):
    """The rows of one CarbonRow's zones, as wide as the summary (before the
    zone column): scenario, pathway, year, zone, status, areas, carbon per
    pool, vegetation, total, change per pool and total, value per price."""
    out = []
    for i, z in enumerate(row.zones or []):
        stock = [v / MG_PER_TG for v in z.stock_pools_mg]
        change = ([v / MG_PER_TG for v in z.change_pools_mg] if z.change_pools_mg is not None
                  else [0.0] * len(POOL_NAMES))
        values = row.zone_values[i] if row.zone_values else [None] * n_prices
        figures = ([row.scenario, row.pathway, row.year, z.name, status, None]
                   + [z.km2.get(c, 0.0) for c in codes]
                   + stock + [stock[0] + stock[1], sum(stock)] + change + [sum(change)]
                   + [None] * (2 * (len(POOL_NAMES) + 1)) + list(values))
        out.append(figures + [None] * (width + 1 - len(figures)))
    return out


def write_summary(path, result):
    write_table(path, *summary_rows(result))
