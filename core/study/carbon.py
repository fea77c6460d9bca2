"""The carbon of one map in the study (docs/study.md, steps 4 and 5): its
stock, its change against the last known map split into land use and
climate, the value of that change and the LISA hot spots of the stock, and
with ZONES the same figures per zone, as a
:class:`core.study.results.CarbonRow` (docs/carbon-stock.md,
docs/carbon-value.md, docs/hotspots.md).
"""

import os

from ..carbon import run_carbon_stock, run_carbon_value, zone_figures
from ..common.units import HA_PER_KM2, MG_PER_TG
from ..hotspots import LisaSettings, run_lisa
from .results import CarbonRow

OBSERVED = "carbon_observed"


def carbon_folder(scenario, pathway):
    """The {carbon} folder of a scenario's pathway (docs/study.md)."""
    return os.path.join("scenarios", scenario, "carbon_%s" % pathway)


def carbon_row(s, scenario, pathway, year, land_path, pools_alt, layout, folder, lisa_cell,
               progress):
    """Carbon stock, change (split into land use and climate), value and LISA
    of one simulated map (or, with ``land_path`` None, of the last known
    map), written into ``folder`` ({carbon} of the layout). With ``folder``
    None only the figures, no files (the other runs of an ensemble)."""
    is_base = land_path is None

    def out(key, **fields):
        return layout.path(key, carbon=folder, year=year, **fields) if folder else None

    stock_alt = None if is_base else out("carbon_stock")
    change = None if is_base else out("carbon_change")
    base_stock = out("carbon_stock") if is_base else None
    res = run_carbon_stock(
        s.maps[-1], s.pools_path, landuse_alt=land_path, pools_alt=pools_alt, zones=s.zones,
        output_zones=out("carbon_zones") if s.zones is not None else None,
        output_stock=base_stock, output_stock_alt=stock_alt,
        output_change=change, output_summary=out("carbon_summary"),
        output_attribution=None if is_base else out("carbon_attribution"),
        labels={"LANDUSE": os.path.basename(s.maps[-1]),
                "LANDUSE_ALT": os.path.basename(land_path or s.maps[-1])},
        cluster=s.cluster, progress=progress.span(0.0, 0.4))
    files = {"stock": stock_alt or base_stock, "change": change}
    stock = res.alt if not is_base else res.base
    km2 = {c: float(a) / HA_PER_KM2 for c, a in zip(res.codes, stock.area_ha)}
    pools_tg = list(stock.pools_mg.sum(axis=0) / MG_PER_TG)
    values, change_pools, attribution, split = [], [0.0] * 4, None, {}
    if not is_base:
        change_pools, attribution, split, values = _change(s, year, res)
        if folder:
            files["value"] = out("carbon_value")
            run_carbon_value(
                change, s.years[-1], year, valuation=s.valuation(), output_value=files["value"],
                output_summary=out("carbon_value_table"), cluster=s.cluster,
                progress=progress.span(0.4, 0.6))
    moran_i = moran_p = None
    if folder:
        lres = run_lisa(
            raster=files["stock"],
            settings=LisaSettings(cell_size=lisa_cell, statistic="mean",
                                  permutations=s.permutations, alpha=s.alpha, seed=s.seed),
            output_clusters=out("lisa_clusters"), output_global=out("lisa_global"),
            output_plot=out("lisa_scatter"), cluster=s.cluster,
            progress=progress.span(0.6, 1.0))
        files["lisa"] = out("lisa_clusters")
        moran_i, moran_p = lres.global_moran.I, lres.moran_p
    row = CarbonRow(scenario, pathway, year, km2, pools_tg, change_pools, values,
                    moran_i, moran_p, files, attribution, **split)
    row.zones = zone_figures(res)
    if row.zones and not is_base:
        prices = s.valuation().price_scenarios(s.years[-1], year)
        row.zone_values = [[float(z.change_pools_mg.sum()) * p.constant for p in prices]
                           for z in row.zones]
    return row


def _change(s, year, res):
    """(change per pool in Tg, attribution per from -> to pair in Tg, the
    split into land use and climate, value per price) of a stock result."""
    change_pools = list(res.pair_change_pools_mg.sum(axis=(0, 1)) / MG_PER_TG)
    landuse = res.pair_change_landuse_pools_mg
    attribution = landuse.sum(axis=2) / MG_PER_TG
    split = {"conversions_km2": {
        (a, b): float(res.pair_area_ha[i, j]) / HA_PER_KM2
        for i, a in enumerate(res.codes) for j, b in enumerate(res.codes)
        if a != b and res.pair_cells[i, j]}}
    split.update(landuse_pools_tg=list(landuse.sum(axis=(0, 1)) / MG_PER_TG),
                 climate_pools_tg=list(res.pair_change_density_pools_mg.sum(axis=(0, 1))
                                       / MG_PER_TG))
    prices = s.valuation().price_scenarios(s.years[-1], year)
    # the value of the exact change (the float64 pair sums; the value raster and its
    # CSV sum Float32 cells, which agrees to about 1e-7), and so of each part: the
    # value is linear in the change, at every price's constant
    values = [sum(change_pools) * MG_PER_TG * p.constant for p in prices]
    for part in ("landuse", "climate"):
        mg = sum(split["%s_pools_tg" % part]) * MG_PER_TG
        split["%s_values" % part] = [mg * p.constant for p in prices]
    return change_pools, attribution, split, values
