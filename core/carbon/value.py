"""Economic value of a carbon change (docs/carbon-value.md): the valuation of
InVEST 3.20 Carbon (Sharp et al., InVEST User's Guide, "Valuation of
sequestration"), plus a price path.

InVEST spreads the change of N = year_alt - year_base years evenly over the
years t = 0..N-1 and discounts each year's share::

    value = change * V / N * sum_{t=0}^{N-1} 1 / ((1 + r/100)^t (1 + c/100)^t)
          = change * K,   K = V / N * (1 - q^N) / (1 - q),  q = 1 / ((1 + r/100)(1 + c/100))

(K = V when q = 1). V is the price per metric ton of CARBON (a price per ton
of CO2 is multiplied by 44/12), r the discount rate and c InVEST's "annual
rate of change in the price of carbon" (%), which InVEST applies as a further
discount: a positive c LOWERS the value. Negative r and c are allowed.

Price path (beyond InVEST): instead of V and c, a price P(y) for each
calendar year y (linear interpolation between the years of the path, no
extrapolation), discounted with r alone::

    K_path = 1 / N * sum_{t=0}^{N-1} P(year_base + t) / (1 + r/100)^t

A constant path P(y) = V gives InVEST's K with c = 0; the path
P(year_base + t) = V / (1 + c/100)^t gives InVEST's K with rate c.
"""

import math
from dataclasses import dataclass, field

import numpy as np

from ..common import raster
from ..common.errors import LandCarbonError
from ..common.outputs import Outputs
from ..common.progress import Progress
from ..common.styles import RAMP_DIVERGING, style_continuous
from ..common.tables import parse_float, parse_int, read_table, write_table
from ..common.units import M2_PER_HA
from . import zones as zones_mod
from .zones import open_zones

CO2_PER_C = 44.0 / 12.0          # t CO2 per t C (molar masses)


def check_value_years(year_base, year_alt):
    if year_alt <= year_base:
        raise LandCarbonError("YEAR_ALT (%s) must be after YEAR_BASE (%s): the value spreads "
                              "the change over the years between the two maps."
                              % (year_alt, year_base))


def check_rate(value, name):
    if not math.isfinite(value) or value <= -100:
        raise LandCarbonError("%s = %s %%; it must be a finite percentage above -100 (e.g. 7 "
                              "for 7 %% per year; negative values are allowed)." % (name, value))


def valuation_constant(price_per_t_c, year_base, year_alt, discount_rate, price_change):
    """InVEST's valuation constant K (currency per Mg C of change), computed
    in InVEST 3.20's order of operations (so results agree to the last bits)."""
    check_value_years(year_base, year_alt)
    n_years = year_alt - year_base
    ratio = 1 / ((1 + discount_rate / 100) * (1 + price_change / 100))
    constant = price_per_t_c / n_years
    if ratio == 1:
        constant *= n_years      # the limit of the sum when q -> 1
    else:
        constant *= (1 - ratio ** n_years) / (1 - ratio)
    return constant


@dataclass
class PricePath:
    """Prices per calendar year, one column per price scenario."""

    label: str
    years: np.ndarray                 # increasing, int
    names: list                       # one per scenario (column header)
    prices: list = field(default_factory=list)   # arrays aligned with years

    def price(self, column, year):
        """Price of scenario ``column`` in ``year`` (linear interpolation)."""
        return float(np.interp(year, self.years, self.prices[column]))


def read_price_path(path, label="PRICE_PATH table"):
    """A CSV ``year,price`` (more price columns = more scenarios): prices >= 0,
    one row per year (missing years are interpolated)."""
    header, rows = read_table(path, label, required=("year",))
    columns = [i for i, h in enumerate(header) if h != "year"]
    if not columns:
        raise LandCarbonError("%s has no price column; give 'year,price' (one price per "
                              "year, more columns for more scenarios)." % label)
    if not rows:
        raise LandCarbonError("%s has no data rows." % label)
    iy = header.index("year")
    years, prices, seen = [], [[] for _ in columns], {}
    for r, row in enumerate(rows, start=1):
        row = row + [""] * (len(header) - len(row))
        year = parse_int(row[iy], label, r, "year")
        if year in seen:
            raise LandCarbonError("%s: year %d appears twice (data rows %d and %d)."
                                  % (label, year, seen[year], r))
        seen[year] = r
        years.append(year)
        for n, i in enumerate(columns):
            value = parse_float(row[i], label, r, header[i])
            if value < 0:
                raise LandCarbonError("%s, data row %d: price %s is negative; give prices "
                                      ">= 0." % (label, r, row[i]))
            prices[n].append(value)
    order = np.argsort(years)
    return PricePath(label, np.asarray(years)[order], [header[i] for i in columns],
                     [np.asarray(p, dtype=np.float64)[order] for p in prices])


def path_valuation_constant(path, column, year_base, year_alt, discount_rate, to_carbon=1.0):
    """K_path of the module docstring (currency per Mg C of change);
    ``to_carbon`` converts the path's prices to prices per t C (44/12 for
    prices per t CO2)."""
    check_value_years(year_base, year_alt)
    first, last = int(path.years[0]), int(path.years[-1])
    if year_base < first or year_alt - 1 > last:
        raise LandCarbonError(
            "%s covers %d-%d, but the valuation needs prices for every year from YEAR_BASE "
            "(%d) to YEAR_ALT - 1 (%d). Extend the path (prices are interpolated between "
            "its years, never extrapolated)." % (path.label, first, last, year_base,
                                                  year_alt - 1))
    n_years = year_alt - year_base
    total = 0.0
    for t in range(n_years):
        total += path.price(column, year_base + t) * to_carbon / (1 + discount_rate / 100) ** t
    return total / n_years


@dataclass
class Price:
    """One price scenario: how the user gave it and its valuation constant."""

    name: str
    given: float          # as given (per t C or t CO2; None for a path)
    unit: str             # 't C', 't CO2' or 'path'
    per_t_c: object       # price per t C (None for a path)
    constant: float       # K, currency per Mg C of change


def price_scenarios(prices, price_unit, year_base, year_alt, discount_rate, price_change,
                    price_path=None, progress=None):
    """The Price of every scenario: from the list of constant prices, or from
    the columns of a price path (then ``prices`` and ``price_change`` are not
    used)."""
    check_value_years(year_base, year_alt)
    check_rate(discount_rate, "DISCOUNT_RATE")
    check_rate(price_change, "PRICE_CHANGE")
    unit = normalise_unit(price_unit)
    to_carbon = CO2_PER_C if unit == "t CO2" else 1.0
    if price_path is not None:
        path = read_price_path(price_path)
        if progress is not None:
            progress.info("Price path %s: %d year(s) %d-%d, %d scenario(s); PRICES and "
                          "PRICE_CHANGE are not used." % (
                              path.label, len(path.years), path.years[0], path.years[-1],
                              len(path.names)))
        return [Price(name, None, "%s (path)" % unit, None,
                      path_valuation_constant(path, n, year_base, year_alt, discount_rate,
                                              to_carbon))
                for n, name in enumerate(path.names)]
    if not prices:
        raise LandCarbonError("PRICES is empty; give one or more prices, e.g. 100,449.4.")
    out = []
    for value in prices:
        if value < 0:
            raise LandCarbonError("PRICES: %g is negative; give prices >= 0 (currency per t C "
                                  "or per t CO2)." % value)
        per_c = value * to_carbon
        out.append(Price("%g per %s" % (value, unit), value, unit, per_c,
                         valuation_constant(per_c, year_base, year_alt, discount_rate,
                                            price_change)))
    return out


def normalise_unit(text):
    t = str(text).strip().lower().replace(" ", "").replace("per", "").replace("/", "")
    if t in ("c", "tc", "mgc"):
        return "t C"
    if t in ("co2", "tco2", "mgco2"):
        return "t CO2"
    raise LandCarbonError("PRICE_UNIT '%s' is not known; use 't C' (price per metric ton of "
                          "carbon) or 't CO2' (per ton of CO2, converted with 44/12)." % text)


@dataclass
class ValueResult:
    prices: list
    change_mg: float                    # sum of the change over valid cells (Mg C)
    total_values: list                  # one per price (currency)
    zone_change_mg: object = None       # (Z + 1,) Mg per zone, last = outside
    cell_area: object = None


@dataclass
class Valuation:
    """How carbon is priced (names as in the Processing algorithm): constant
    ``prices`` per ``price_unit`` ('t C' or 't CO2') with InVEST's discount
    rate and annual price change (%), or a ``price_path`` CSV year,price,...
    (then prices and price_change are not used)."""

    prices: list = field(default_factory=lambda: [100.0])
    price_unit: str = "t C"
    discount_rate: float = 7.0
    price_change: float = 0.0
    price_path: str = None

    def price_scenarios(self, year_base, year_alt, progress=None):
        """The Price (name, valuation constant ...) of every scenario."""
        return price_scenarios(self.prices, self.price_unit, year_base, year_alt,
                               self.discount_rate, self.price_change, self.price_path, progress)


def run_carbon_value(change, year_base, year_alt, *, valuation=None, zones=None,
                     output_value=None, output_summary=None, labels=None, progress=None):
    """The carbonvalue step: valuation constants of every price, the value
    raster of the first (currency/ha = change in Mg C/ha x K) and the totals
    (per zone), in one pass over the ``change`` raster (Mg C/ha) of
    ``year_base`` -> ``year_alt``. ``valuation``: a :class:`Valuation`;
    ``zones``: a :class:`core.carbon.zones.ZoneSource`; ``labels``: CHANGE."""
    progress = progress or Progress()
    valuation = valuation or Valuation()
    label = (labels or {}).get("CHANGE") or "CHANGE raster"
    scenarios = valuation.price_scenarios(year_base, year_alt, progress)
    info = raster.open_band(change, label, 1, progress)
    grid = info.grid
    zone_index = open_zones(zones, grid, info.label, progress.span(0.0, 0.05))
    try:
        areas = raster.CellAreas(grid, progress, info.label)
        with raster.gdal_cache_limit(), Outputs() as out:
            tmp = out.path(output_value) if output_value else None
            change_mg, zone_mg, lo, hi = _value_pass(info, areas, zone_index,
                                                     scenarios[0].constant, tmp,
                                                     progress.span(0.05, 0.97))
            if tmp:
                span = max(abs(lo), abs(hi)) or 1.0
                style_continuous(tmp, -span, span, RAMP_DIVERGING, "currency/ha")
            result = ValueResult(scenarios, change_mg, [change_mg * p.constant for p in scenarios],
                                 zone_mg, areas)
            if output_summary:
                write_table(out.path(output_summary), *summary_table(result, zone_index))
    finally:
        if zone_index is not None:
            zone_index.close()
    progress.info("Cell areas: %s." % areas.describe())
    progress.info("Change over valid cells: %.6f Mg C, %d -> %d (%d years)."
                  % (change_mg, year_base, year_alt, year_alt - year_base))
    for p, v in zip(scenarios, result.total_values):
        progress.info("%s: valuation constant %.10g per Mg C, value %.6f." % (p.name, p.constant,
                                                                             v))
    if zone_index is not None:
        progress.info("Zones: %s." % zones_mod.describe(zone_index))
    progress.set(1.0)
    return result


def _value_pass(info, areas, zones, constant, value_path, progress):
    """Sum of the change (Mg C) overall and per zone; the value raster."""
    grid = info.grid
    rows = raster.strip_rows(grid, info.block_rows)
    parts = raster.strips(grid, rows)
    with raster.decoding_threads():
        reader = raster.BandReader(info)
    z = zones.count if zones is not None else 0
    zone_mg = np.zeros(z + 1) if zones is not None else None
    total = 0.0
    lo, hi = 0.0, 0.0
    ds = (raster.create_raster(value_path, grid, np.float32, nodata=raster.FLOAT32_NODATA,
                               descriptions=["value of the carbon change (currency/ha)"])
          if value_path else None)
    try:
        for s, (y0, nrows) in enumerate(parts):
            block = reader.read(y0, nrows)
            valid = raster.valid_mask(block, info.nodata)
            ha = areas.rows(y0, nrows) / M2_PER_HA
            change = np.where(valid, block, 0).astype(np.float32, copy=False)   # Mg C/ha
            total += float(change.sum(axis=1, dtype=np.float64) @ ha)
            if zones is not None:
                weights = (change * ha[:, None]).ravel()                  # Mg C, float64
                zone_mg += np.bincount(zones.read(y0, nrows).ravel(), weights=weights,
                                       minlength=z + 1)
            if ds is not None:
                value = change * np.float32(constant)                     # currency/ha
                lo = min(lo, float(np.min(value, where=valid, initial=0.0)))
                hi = max(hi, float(np.max(value, where=valid, initial=0.0)))
                value[~valid] = raster.FLOAT32_NODATA
                raster.write_strip(ds, y0, value)
            progress.set((s + 1) / len(parts), "rows %d-%d of %d" % (y0, y0 + nrows, grid.ysize))
    finally:
        reader.close()
        ds = None
    return total, zone_mg, lo, hi


SUMMARY_HEADER = ["price", "price_given", "price_unit", "price_per_t_C",
                  "valuation_constant_per_Mg_C", "zone_code", "zone_name", "change_Mg",
                  "value_currency"]


def summary_table(result, zones=None):
    """Per price: its constant and the total value; then per zone."""
    rows = []
    for p, total in zip(result.prices, result.total_values):
        head = [p.name, p.given, p.unit, p.per_t_c, p.constant]
        rows.append(head + ["all", "all cells", result.change_mg, total])
        if zones is not None:
            names = list(zip(zones.codes, zones.names))
            if result.zone_change_mg[-1] != 0:
                names.append(("none", "outside every zone"))
            for i, (code, name) in enumerate(names):
                mg = float(result.zone_change_mg[i])
                rows.append(head + [code, name, mg, mg * p.constant])
    return SUMMARY_HEADER, rows
