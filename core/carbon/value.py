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

from dataclasses import dataclass, field

import numpy as np

from ..common import blocks, raster
from ..common.errors import LandCarbonError
from ..common.exact import ExactTally
from ..common.outputs import Outputs
from ..common.progress import Progress
from ..common.spec import check, param
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
    unit = normalise_unit(price_unit)
    check(Valuation(prices=prices, price_unit=unit, discount_rate=discount_rate,
                    price_change=price_change, price_path=price_path))
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


PRICE_UNITS = ("t C", "t CO2")


@dataclass
class Valuation:
    """How carbon is priced (names as in the Processing algorithm), each
    parameter declared once (core/common/spec.py): constant ``prices`` per
    ``price_unit`` ('t C' or 't CO2') with InVEST's discount rate and annual
    price change (%), or a ``price_path`` CSV year,price,... (then prices
    and price_change are not used)."""

    prices: list = param(
        "PRICES", "floats", [100.0], minimum=0.0, unit="currency per price unit",
        label="Carbon prices",
        help="One or more prices separated by commas (currency per t C or per t CO2, see "
             "PRICE_UNIT), e.g. 100,449.4,814.74,1716,4182.22; one valuation each. Not "
             "used with PRICE_PATH.")
    price_unit: str = param(
        "PRICE_UNIT", "choice", "t C", choices=PRICE_UNITS, label="Prices are per",
        help="t C: per metric ton of carbon (InVEST); t CO2: per ton of CO2, converted to "
             "per t C with x 44/12.")
    discount_rate: float = param(
        "DISCOUNT_RATE", "float", 7.0, minimum=-100.0, open_minimum=True, unit="% per year",
        key="discount_rate_pct", label="Discount rate (% per year)",
        help="Annual market discount rate r in % (e.g. 7); negative values are allowed, "
             "must be above -100.",
        hint="It is a percentage per year (e.g. 7); negative values are allowed.")
    price_change: float = param(
        "PRICE_CHANGE", "float", 0.0, minimum=-100.0, open_minimum=True, unit="% per year",
        key="price_change_pct", label="Annual rate of change in the carbon price (%)",
        help="InVEST's c in %: acts as an additional discount (positive c lowers the "
             "value); 0 with a social cost of carbon. Negative allowed. Not used with "
             "PRICE_PATH.",
        hint="It is a percentage per year; negative values are allowed.")
    price_path: str = param(
        "PRICE_PATH", "file", None, extension="csv", optional=True,
        label="Price path (CSV year,price)",
        help="Optional CSV year,price (price per PRICE_UNIT in each calendar year; more "
             "price columns = more scenarios, named by their header). Must cover "
             "YEAR_BASE to YEAR_ALT - 1; missing years are interpolated linearly. "
             "Replaces PRICES and PRICE_CHANGE.")

    def price_scenarios(self, year_base, year_alt, progress=None):
        """The Price (name, valuation constant ...) of every scenario."""
        check(self)
        return price_scenarios(self.prices, self.price_unit, year_base, year_alt,
                               self.discount_rate, self.price_change, self.price_path, progress)


def run_carbon_value(change, year_base, year_alt, *, valuation=None, zones=None,
                     output_value=None, output_summary=None, labels=None, progress=None,
                     cluster=None):
    """The carbonvalue step: valuation constants of every price, the value
    raster of the first (currency/ha = change in Mg C/ha x K) and the totals
    (per zone), in one pass over the ``change`` raster (Mg C/ha) of
    ``year_base`` -> ``year_alt``. ``valuation``: a :class:`Valuation`;
    ``zones``: a :class:`core.carbon.zones.ZoneSource`; ``labels``: CHANGE;
    ``cluster``: a :class:`core.common.cluster.Cluster` to compute on Dask
    workers, with the same raster and totals bit for bit
    (docs/carbon-value.md, "On a Dask cluster")."""
    valuation = check(valuation or Valuation())
    progress = progress or Progress()
    label = (labels or {}).get("CHANGE") or "CHANGE raster"
    scenarios = valuation.price_scenarios(year_base, year_alt, progress)
    info = raster.open_band(change, label, 1, progress)
    grid = info.grid
    zone_index = open_zones(zones, grid, info.label, progress.span(0.0, 0.05))
    try:
        areas = raster.CellAreas(grid, progress, info.label)
        kernel = ValueKernel(info.nodata, np.float32(scenarios[0].constant), areas,
                             bool(output_value),
                             zone_index.windows() if zone_index is not None else None,
                             zone_index.count if zone_index is not None else 0)
        with raster.gdal_cache_limit(), Outputs() as out:
            tmp = out.path(output_value) if output_value else None
            ds = (raster.create_raster(tmp, grid, np.float32, nodata=raster.FLOAT32_NODATA,
                                       descriptions=["value of the carbon change (currency/ha)"])
                  if tmp else None)
            try:
                if cluster is None:
                    tally = _strip_pass(kernel, info, zone_index, ds, progress.span(0.05, 0.97))
                else:
                    tally = _chunk_pass(cluster, kernel, info, ds, progress.span(0.05, 0.97))
            finally:
                ds = None    # closes (flushes) the file
            if tmp:
                # K >= 0 (prices are >= 0), so the extreme values are those of the change
                extremes = kernel.value(np.array([tally.lo, tally.hi], np.float32))
                span = float(np.abs(extremes).max()) or 1.0
                style_continuous(tmp, -span, span, RAMP_DIVERGING, "currency/ha")
            change_mg = tally.mg.total()
            zone_mg = tally.mg.weighted(None) if zone_index is not None else None
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


# ---------------------------------------------------------------------------
# The per-block kernel, on row strips (one machine) or chunks (Dask)
# ---------------------------------------------------------------------------

@dataclass
class ValueTally:
    """Of part of the change raster: Mg C per zone (exact sums of change x
    cell area, bin Z = outside every zone, a single bin without zones) and
    the lowest and highest change (Mg C/ha, 0 included, for the colour
    ramp)."""

    mg: ExactTally
    lo: float = 0.0
    hi: float = 0.0

    def merge(self, other):
        self.mg.merge(other.mg)
        self.lo, self.hi = min(self.lo, other.lo), max(self.hi, other.hi)
        return self


@dataclass
class ValueKernel:
    """Everything a block of the change raster needs, the same for a row
    strip on one machine and for a chunk on a Dask worker (picklable)."""

    nodata: object
    constant: np.float32       # valuation constant K of the first price (per Mg C)
    areas: object              # raster.CellAreas
    with_raster: bool = False  # whether the value raster is written
    zones: object = None       # a zone index of any window (zones.*Windows), or None
    zone_count: int = 0

    def cells(self, block):
        """Valid cells, and the change (Mg C/ha, float32) with 0 elsewhere."""
        valid = raster.valid_mask(block, self.nodata)
        return valid, np.where(valid, block, 0).astype(np.float32, copy=False)

    def value(self, change, valid=None):
        """Value (currency/ha, float32) of a change; nodata where not valid."""
        value = change * self.constant
        if valid is not None:
            value[~valid] = raster.FLOAT32_NODATA
        return value

    def new_tally(self):
        return ValueTally(ExactTally(self.zone_count + 1, weighted=True))

    def add(self, tally, change, y0, zone_index):
        """Tally a block whose first row is ``y0`` (``zone_index``: its zone
        index, or None without zones)."""
        ha = self.areas.rows(y0, change.shape[0]) / M2_PER_HA      # per row
        mg = change * ha[:, None]                                   # Mg C, float64
        bins = zone_index if zone_index is not None else np.zeros(change.shape, np.uint8)
        tally.mg.add(bins, mg)
        # (cells without data hold 0, which the range includes anyway)
        tally.lo = min(tally.lo, float(change.min()))
        tally.hi = max(tally.hi, float(change.max()))


def _strip_pass(kernel, info, zones, ds, progress):
    """One machine: the kernel on row strips; the value raster written strip
    by strip."""
    grid = info.grid
    parts = raster.strips(grid, raster.strip_rows(grid, info.block_rows,
                                                  blocks.WRITE_BEHIND_STRIP_CELLS))
    with raster.decoding_threads():
        reader = raster.BandReader(info)
    tally = kernel.new_tally()
    try:
        # each strip written (and compressed) while the next one is computed
        with blocks.WriteBehind() as writer:
            for s, (y0, nrows) in enumerate(parts):
                valid, change = kernel.cells(reader.read(y0, nrows))
                kernel.add(tally, change, y0, zones.read(y0, nrows) if zones is not None else None)
                if ds is not None:
                    writer.submit(raster.write_strip, ds, y0, kernel.value(change, valid))
                progress.set((s + 1) / len(parts),
                             "rows %d-%d of %d" % (y0, y0 + nrows, grid.ysize))
    finally:
        reader.close()
    return tally


def _chunk(kernel, window, raws):
    """The kernel on one window of the change raster (a Dask task): the
    value band (None without a value raster) and the window's tally."""
    valid, change = kernel.cells(next(raws))
    zone_index = (kernel.zones.window(window.y0, window.x0, window.rows, window.cols)
                  if kernel.zones is not None else None)
    tally = kernel.new_tally()
    kernel.add(tally, change, window.y0, zone_index)
    return (kernel.value(change, valid) if kernel.with_raster else None), tally


def _chunk_pass(cluster, kernel, info, ds, progress):
    """Dask: the same kernel on chunks, in one pass: the value raster
    written as chunks arrive, tallies merged on the client (exact, so in
    any order)."""
    chunks = blocks.chunks(info.grid, cluster.chunks)
    progress.info("%s: %d chunks." % (cluster.describe(), len(chunks)))
    total = kernel.new_tally()

    def consume(window, result):
        value, tally = result
        if ds is not None:
            raster.write_strip(ds, window.y0, value, x0=window.x0)
        total.merge(tally)

    blocks.run_blocks(_chunk, kernel, [info], chunks, consume, cluster=cluster, progress=progress)
    return total


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
