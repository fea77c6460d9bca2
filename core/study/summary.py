"""The study's summary CSV: one row per scenario, pathway and target year
(and the observed last map), with areas per class (km2), carbon per pool and
its change (Tg C), the value per price and Moran's I (docs/study.md).
"""

from ..carbon import POOL_NAMES
from ..common.tables import write_table


def _price_column(price):
    return "value_%s" % price.name.replace(" ", "_").replace("/", "_")


def summary_rows(result):
    """Header and rows: one row per scenario x pathway x year (plus the last
    known map), areas in km2 per class, carbon in Tg C by pool, its change
    against the last known map, value per price (currency), Moran's I."""
    codes = result.codes or []
    header = (["scenario", "pathway", "year", "status"]
              + ["km2_%d" % c for c in codes]
              + ["carbon_%s_Tg" % p for p in POOL_NAMES]
              + ["carbon_vegetation_Tg", "carbon_total_Tg"]
              + ["change_%s_Tg" % p for p in POOL_NAMES] + ["change_total_Tg"]
              + [_price_column(p) for p in result.prices]
              + ["moran_I", "moran_p"])
    rows = []

    def emit(row, status):
        rows.append([row.scenario, row.pathway, row.year, status]
                    + [row.km2.get(c, 0.0) for c in codes]
                    + list(row.pools_tg) + [row.pools_tg[0] + row.pools_tg[1],
                                            sum(row.pools_tg)]
                    + list(row.change_pools_tg) + [sum(row.change_pools_tg)]
                    + (list(row.values) if row.values else [None] * len(result.prices))
                    + [row.moran_i, row.moran_p])

    if result.base_row is not None:
        emit(result.base_row, "observed")
    for outcome in result.scenarios:
        if not outcome.rows:
            rows.append([outcome.spec.name, "", "", outcome.status]
                        + [None] * (len(header) - 4))
        for row in outcome.rows:
            emit(row, outcome.status)
    return header, rows


def write_summary(path, result):
    write_table(path, *summary_rows(result))
