"""The study's summary CSV and HTML report (landcarbon:scenarios).

The report is one self-contained HTML file (charts and small maps embedded
as PNG), meant to be looked at: key figures, the accuracy of the model (with
KSim, the budget at multiple resolutions and the null resolution, the skill
per conversion, and the AUC and TOC of the probabilities), the drivers,
per scenario the area and carbon charts, the conversions that changed carbon
most and small maps, then the summary table and every
parameter used. Charts are drawn with matplotlib's Agg canvas (no pyplot:
safe in QGIS's worker threads).
"""

import base64
import html
import os

import numpy as np

from ..carbon import open_zones
from ..common import raster
from ..common.charts import figure
from ..common.classes import to_hex
from ..common.progress import Progress
from ..hotspots import CLUSTER_HEX, CLUSTER_LABELS
from ..landuse import budget_chart
from ..leas import toc_chart
from . import report_strings as rs
from .report_comparison import comparison_section
from .report_explain import explanation_section
from .report_parts import (
    MAP_PIXELS,
    STYLE,
    category_map,
    chart_fonts,
    fmt,
    img,
    png,
    read_small,
    table,
)
from .settings import parameter_rows
from .summary import summary_rows


def area_chart(result, outcome, t):
    """Grouped bars: km2 per class, one bar per year (last known + targets)."""
    rows = [result.base_row] + [r for r in outcome.rows if r.pathway == result.pathways[0][0]]
    codes = result.codes
    fig = figure(6.4, 3.2)
    ax = fig.add_subplot(1, 1, 1)
    width = 0.8 / max(len(rows), 1)
    x = np.arange(len(codes))
    shades = np.linspace(0.35, 1.0, len(rows))
    for i, row in enumerate(rows):
        colours = [tuple(c / 255.0 for c in result.classes.color(code)[:3]) + (shades[i],)
                   for code in codes]
        heights = [row.km2.get(c, 0.0) for c in codes]
        ax.bar(x + i * width, heights, width, color=colours, edgecolor="#333333",
               linewidth=0.4, label=str(row.year),
               yerr=_range_bars(row, ["km2_%d" % c for c in codes], heights),
               error_kw={"elinewidth": 0.8, "capsize": 2})
    ax.set_xticks(x + width * (len(rows) - 1) / 2)
    ax.set_xticklabels([result.classes.name(c) for c in codes], fontsize=8, rotation=20)
    ax.set_ylabel("km2")
    ax.set_title(t(rs.AREA_CHART), fontsize=10)
    from matplotlib.patches import Patch
    ax.legend(handles=[Patch(facecolor=(0.3, 0.3, 0.3, shades[i]), edgecolor="#333333",
                             label=str(row.year)) for i, row in enumerate(rows)],
              fontsize=7, title=t(rs.YEAR), title_fontsize=7)
    return png(fig)


def _range_bars(row, names, values):
    """Error bars (2, n) from the runs' 5th to 95th percentiles around
    ``values``, or None without an ensemble."""
    if not row.ensemble:
        return None
    low = [max(v - row.ensemble[n][2], 0.0) if n in row.ensemble else 0.0
           for n, v in zip(names, values)]
    high = [max(row.ensemble[n][3] - v, 0.0) if n in row.ensemble else 0.0
            for n, v in zip(names, values)]
    return np.array([low, high])


def _range_bars_series(rows, totals):
    """The same for a carbon total per year (rows: None for the observed map)."""
    if not any(r is not None and r.ensemble for r in rows):
        return None
    low, high = [], []
    for row, total in zip(rows, totals):
        if row is None or not row.ensemble:
            low.append(0.0)
            high.append(0.0)
        else:
            _m, _sd, p05, p95 = row.ensemble["carbon_total_Tg"]
            low.append(max(total - p05, 0.0))
            high.append(max(p95 - total, 0.0))
    return np.array([low, high])


def carbon_chart(result, outcome, t):
    """Total carbon (Tg C) per year, one line per pathway."""
    fig = figure(4.6, 3.2)
    ax = fig.add_subplot(1, 1, 1)
    base = result.base_row
    for name, _pools in result.pathways:
        rows = [r for r in outcome.rows if r.pathway == name]
        years = [base.year] + [r.year for r in rows]
        totals = [sum(base.pools_tg)] + [sum(r.pools_tg) for r in rows]
        ax.errorbar(years, totals, marker="o", label=name, capsize=3,
                    yerr=_range_bars_series([None] + rows, totals))
    ax.set_xticks([base.year] + list(result.settings.target_years))
    ax.set_xlabel(t(rs.YEAR))
    ax.set_ylabel("Tg C")
    ax.set_title(t(rs.CARBON_CHART), fontsize=10)
    ax.legend(fontsize=7, title=t(rs.PATHWAY), title_fontsize=7)
    return png(fig)


def attribution_chart(result, row, t):
    """The ten from -> to conversions that changed carbon most (Tg C), land
    use at today's densities (part (a): unchanged cells change nothing; the
    climate part is in :func:`split_chart`)."""
    codes, matrix = result.codes, row.attribution_tg
    pairs = [(matrix[i, j], a, b) for i, a in enumerate(codes) for j, b in enumerate(codes)
             if matrix[i, j] != 0 and a != b]
    pairs.sort(key=lambda p: -abs(p[0]))
    pairs = pairs[:10][::-1]
    fig = figure(6.0, 0.35 * max(len(pairs), 2) + 1.0)
    ax = fig.add_subplot(1, 1, 1)
    if pairs:
        name = result.classes.name
        ax.barh(range(len(pairs)), [p[0] for p in pairs],
                color=["#1a9850" if p[0] > 0 else "#d73027" for p in pairs])
        ax.set_yticks(range(len(pairs)))
        ax.set_yticklabels(["%s -> %s" % (name(a), name(b)) for _v, a, b in pairs], fontsize=8)
        ax.axvline(0, color="#333333", linewidth=0.6)
    else:
        ax.text(0.5, 0.5, t(rs.NO_CONVERSION), ha="center", va="center")
    ax.set_xlabel("Tg C")
    ax.set_title(t(rs.ATTRIBUTION_CHART).format(result.settings.years[-1], row.year), fontsize=10)
    return png(fig)


def split_chart(result, outcome, year, t):
    """Per pathway, the change against the last known map split into (a)
    land-use change at today's densities and (b) the pathway's density
    correction on the future map, and their sum (Tg C)."""
    rows = [r for r in outcome.rows if r.year == year and r.landuse_pools_tg is not None]
    fig = figure(6.0, 3.2)
    ax = fig.add_subplot(1, 1, 1)
    x = np.arange(len(rows))
    parts = [(t(rs.PART_LANDUSE), [sum(r.landuse_pools_tg) for r in rows], "#8c510a"),
             (t(rs.PART_CLIMATE), [sum(r.climate_pools_tg) for r in rows], "#01665e"),
             (t(rs.PART_TOTAL), [sum(r.change_pools_tg) for r in rows], "#555555")]
    width = 0.26
    for n, (label, values, colour) in enumerate(parts):
        ax.bar(x + (n - 1) * width, values, width, label=label, color=colour)
    ax.axhline(0, color="#333333", linewidth=0.6)
    ax.set_xticks(x)
    ax.set_xticklabels([r.pathway for r in rows], fontsize=8)
    ax.set_ylabel("Tg C")
    ax.legend(fontsize=7)
    ax.set_title(t(rs.SPLIT_CHART).format(result.settings.years[-1], year), fontsize=10)
    return png(fig)


def _zone_preview(s):
    """The zone index of the study's map sampled to at most MAP_PIXELS
    along its longer side (nearest cell; Z = outside every zone)."""
    info = raster.open_band(s.maps[-1], os.path.basename(s.maps[-1]))
    grid = info.grid
    zones = open_zones(s.zones, grid, info.label, Progress())
    try:
        step = max(1, int(np.ceil(max(grid.xsize, grid.ysize) / float(MAP_PIXELS))))
        columns = np.arange(0, grid.xsize, step)
        rows = [zones.read(y, 1)[0, columns] for y in range(0, grid.ysize, step)]
        return np.array(rows), zones.count
    finally:
        zones.close()


def zone_map(result, rows, t):
    """Choropleth of the carbon change per zone (Mg C/ha of the zone) of
    each pathway's row of one scenario year."""
    index, count = _zone_preview(result.settings)
    fig = figure(4.2 * len(rows), 4.2)
    for n, row in enumerate(rows):
        ax = fig.add_subplot(1, len(rows), n + 1)
        per_ha = np.array([float(z.change_pools_mg.sum()) / max(sum(z.km2.values()) * 100, 1e-12)
                           for z in row.zones] + [np.nan])
        values = per_ha[index]
        span = float(np.nanmax(np.abs(per_ha))) if np.isfinite(per_ha).any() else 1.0
        image = ax.imshow(values, cmap="RdYlGn", vmin=-(span or 1.0), vmax=span or 1.0,
                          interpolation="nearest")
        fig.colorbar(image, ax=ax, fraction=0.046, pad=0.02).ax.tick_params(labelsize=6)
        ax.set_title(t(rs.MAP_ZONES).format(row.pathway, result.settings.years[-1], row.year),
                     fontsize=9)
        ax.set_xticks([])
        ax.set_yticks([])
    return png(fig)


def small_maps(result, outcome, row, t):
    """Land use, carbon change and LISA clusters of one scenario year."""
    fig = figure(12.0, 4.2)
    classes = result.classes
    axes = [fig.add_subplot(1, 3, i) for i in (1, 2, 3)]
    ax = axes[0]
    category_map(ax, outcome.maps[row.year],
                  {c: to_hex(classes.color(c)) for c in result.codes},
                  {c: classes.name(c) for c in result.codes})
    ax.set_title(t(rs.MAP_LANDUSE).format(row.year), fontsize=9)
    ax = axes[1]
    arr, mask = read_small(row.files["change"])
    values = np.where(mask, np.nan, arr.astype(np.float64))
    span = float(np.nanmax(np.abs(values))) if np.isfinite(values).any() else 1.0
    image = ax.imshow(values, cmap="RdYlGn", vmin=-(span or 1.0), vmax=span or 1.0,
                      interpolation="nearest")
    fig.colorbar(image, ax=ax, fraction=0.046, pad=0.02).ax.tick_params(labelsize=6)
    ax.set_title(t(rs.MAP_CHANGE).format(result.settings.years[-1], row.year), fontsize=9)
    ax = axes[2]
    category_map(ax, row.files["lisa"], CLUSTER_HEX, CLUSTER_LABELS)
    ax.set_title(t(rs.MAP_LISA).format(row.year), fontsize=9)
    for ax in axes:
        ax.set_xticks([])
        ax.set_yticks([])
    return png(fig)


# ---------------------------------------------------------------------------
# HTML
# ---------------------------------------------------------------------------

def _accuracy_table(acc, t):
    return [(t(rs.ACC_OA), acc.overall_accuracy), (t(rs.ACC_KAPPA), acc.kappa),
            (t(rs.ACC_FOM), acc.fom), (t(rs.ACC_FOM_PA), acc.fom_producers_accuracy),
            (t(rs.ACC_FOM_UA), acc.fom_users_accuracy), (t(rs.ACC_A), acc.a),
            (t(rs.ACC_B), acc.b), (t(rs.ACC_C), acc.c), (t(rs.ACC_D), acc.d),
            (t(rs.ACC_QD), acc.quantity_disagreement),
            (t(rs.ACC_AD), acc.allocation_disagreement),
            (t(rs.ACC_KLOC), acc.kappa_location), (t(rs.ACC_KHISTO), acc.kappa_histogram)] + (
        [(t(rs.ACC_KSIM), acc.ksim.ksim), (t(rs.ACC_KTRANSITION), acc.ksim.ktransition),
         (t(rs.ACC_KTRANSLOC), acc.ksim.ktransloc)] if acc.ksim is not None else [])


def _baselines_table(acc, t):
    """The model and both baselines side by side: FoM, Kappa, OA on the same
    cells and class totals, and the model's FoM as a multiple of each."""
    header = ["", t(rs.MODEL)] + [t(rs.BASELINE_RANDOM), t(rs.BASELINE_NEAREST)]
    base = [acc.baselines.get("random"), acc.baselines.get("nearest")]
    rows = [[t(rs.ACC_FOM), acc.fom] + [b.fom if b else None for b in base],
            [t(rs.ACC_KAPPA), acc.kappa] + [b.kappa if b else None for b in base],
            [t(rs.ACC_OA), acc.overall_accuracy] + [b.overall_accuracy if b else None
                                                    for b in base],
            [t(rs.FOM_MULTIPLE), None] + [b.fom_multiple if b else None for b in base]]
    return "<h3>%s</h3><p>%s</p>%s" % (html.escape(t(rs.BASELINES)),
                                       html.escape(t(rs.BASELINES_NOTE)), table(header, rows))


def _key_figures(result, t):
    base = result.base_row
    parts, flags = [], []
    if result.accuracy is not None:
        parts.append(("Kappa", result.accuracy.kappa))
        parts.append(("FoM", result.accuracy.fom))
        for name, label in (("random", rs.KEY_FOM_RANDOM), ("nearest", rs.KEY_FOM_NEAREST)):
            baseline = result.accuracy.baselines.get(name)
            if baseline is not None:
                parts.append((t(label), baseline.fom))
    if base is not None:
        parts.append((t(rs.KEY_STOCK).format(base.year), sum(base.pools_tg)))
    for outcome in result.scenarios:
        last = [r for r in outcome.rows if r.year == result.settings.target_years[-1]]
        if last:
            parts.append((t(rs.KEY_CHANGE).format(outcome.spec.name, last[0].year,
                                                  last[0].pathway),
                          sum(last[0].change_pools_tg)))
        for year, allocation in sorted(outcome.allocation.items()):
            if allocation.missed:
                flags.append(t(rs.KEY_SHORTFALL).format(outcome.spec.name, year,
                                                        allocation.missed))
    validation = result.validation.allocation if result.validation else None
    if validation is not None and validation.missed:
        flags.insert(0, t(rs.KEY_VALIDATION_SHORTFALL).format(validation.year, validation.missed))
    return ("".join('<div class="key">%s<b>%s</b></div>' % (html.escape(k), html.escape(fmt(v)))
                    for k, v in parts)
            + "".join('<div class="key failed">%s</div>' % html.escape(f) for f in flags))


def _tg(value):
    return "%+.4g" % value


def _story(result, outcome, t):
    """One short paragraph in words: the largest conversions, the carbon
    change and its split, its value, any shortfall (last target year)."""
    if not outcome.rows:
        return ""
    year = max(r.year for r in outcome.rows)
    rows = [r for r in outcome.rows if r.year == year]
    row = rows[0]                                   # the reference pathway comes first
    name, start = result.classes.name, result.settings.years[-1]
    top = sorted((row.conversions_km2 or {}).items(), key=lambda kv: -kv[1])[:3]
    if top:
        parts = [t(rs.STORY_CONVERSIONS).format(outcome.spec.name, start, year, ", ".join(
            t(rs.STORY_CONVERSION).format(name(a), name(b), "%.4g" % km2)
            for (a, b), km2 in top))]
    else:
        parts = [t(rs.STORY_NO_CONVERSION).format(outcome.spec.name, start, year)]
    parts.append(t(rs.STORY_CARBON).format(_tg(sum(row.change_pools_tg)), row.pathway,
                                           _tg(sum(row.landuse_pools_tg)),
                                           _tg(sum(row.climate_pools_tg))))
    if len(rows) > 1:
        totals = [sum(r.change_pools_tg) for r in rows]
        parts.append(t(rs.STORY_PATHWAYS).format(_tg(min(totals)), _tg(max(totals))))
    if row.values and result.prices:
        parts.append(t(rs.STORY_VALUE).format(fmt(row.values[0]), result.prices[0].name))
    allocation = outcome.allocation.get(year)
    if allocation is not None and allocation.missed:
        parts.append(t(rs.STORY_SHORTFALL).format(allocation.missed))
    return " ".join(parts)


def _mean_sd(values):
    v = np.array(values, dtype=np.float64)
    v = v[np.isfinite(v)]
    if not v.size:
        return "-"
    return "%.4f +- %.4f" % (v.mean(), v.std(ddof=1) if v.size > 1 else 0.0)


def _calibration_section(cal, t):
    """The calibration: what it simulated, the settings it changed, and the
    start and chosen settings next to the baselines; its sensitivity chart."""
    note = t(rs.CALIBRATION_NOTE).format(
        len(cal.trials), "%.0f" % cal.seconds, "%.0f" % cal.budget_seconds,
        t(rs.CALIBRATION_BUDGET_ENDED) if cal.stopped_by_budget else "",
        cal.leas_interval[0], cal.leas_interval[1],
        t(rs.OUT_OF_SAMPLE_SHORT) if cal.out_of_sample else t(rs.IN_SAMPLE_SHORT))
    note += " " + t(rs.CALIBRATION_INDEPENDENT if cal.independent else rs.CALIBRATION_SAME_INTERVAL)
    rows = [[name, cal.start.values[name], cal.best.values[name]] for name in cal.start.values]
    start, chosen = cal.scores.get("start"), cal.scores.get("chosen")
    if start and chosen:
        for label, i in ((rs.CALIBRATION_FOM, 0), (rs.CALIBRATION_RANDOM, 1),
                         (rs.CALIBRATION_NEAREST, 2)):
            rows.append([t(label), start[i], chosen[i]])
    parts = ["<h2>%s</h2><p>%s</p>" % (
        html.escape(t(rs.CALIBRATION).format(*cal.interval)), html.escape(note)),
        table([t(rs.CALIBRATION_SETTING), t(rs.CALIBRATION_START), t(rs.CALIBRATION_CHOSEN)],
               rows, left=1)]
    if cal.chart and os.path.exists(cal.chart):
        with open(cal.chart, "rb") as fh:
            parts.append(img(base64.b64encode(fh.read()).decode("ascii"), "calibration"))
    return "".join(parts)


def _validation_note(result, t):
    """In words: out of sample or not (next to the validation figures)."""
    v = result.validation
    first, last = v.leas_interval
    if v.out_of_sample:
        return t(rs.VALIDATION_OUT_OF_SAMPLE).format(first, last, v.observed)
    return t(rs.VALIDATION_IN_SAMPLE).format(first, last)


def _allocation_table(result, allocations, t):
    """Per class (rows) and year: demand, allocated, shortfall (cells)."""
    years = sorted(allocations)
    header = [t(rs.CLASS)] + ["%d %s" % (y, t(w)) for y in years
                              for w in (rs.DEMAND, rs.ALLOCATED, rs.SHORTFALL)]
    rows = [["%d %s" % (c, result.classes.name(c))]
            + [v for y in years for v in (allocations[y].demand[c], allocations[y].allocated[c],
                                          allocations[y].shortfall[c])]
            for c in result.codes if c in allocations[years[0]].demand]
    note = ""
    if any(a.missed for a in allocations.values()):
        note = '<p class="failed">%s</p>' % html.escape(t(rs.ALLOCATION_NOTE))
    return "<h3>%s</h3>%s%s" % (html.escape(t(rs.ALLOCATION)), note, table(header, rows))


def _validation_sections(out, result, t, tc):
    """The validation: accuracy and KSim, the baselines, the ensemble, the
    allocation, the budget at multiple resolutions, the skill per
    conversion, and the skill of the validation's probabilities."""
    v = result.validation
    title = t(rs.ACCURACY).format(v.observed, v.initial)
    out.append("<h2>%s</h2><p>%s</p>%s<p>%s</p>" % (
        html.escape(title), html.escape(_validation_note(result, t)),
        table([t(rs.STATISTIC), t(rs.VALUE)], _accuracy_table(result.accuracy, t)),
        html.escape(t(rs.KSIM_NOTE))))
    if result.accuracy.baselines:
        out.append(_baselines_table(result.accuracy, t))
    if v.runs:
        out.append("<p>%s</p>" % html.escape(t(rs.VALIDATION_RUNS).format(
            len(v.runs.seeds), _mean_sd(v.runs.fom), _mean_sd(v.runs.kappa),
            v.runs.median_seed)))
    if v.allocation is not None:
        out.append(_allocation_table(result, {v.allocation.year: v.allocation}, t))
    if result.accuracy.multiresolution is not None:
        out.append(_multiresolution_section(result, t, tc))
    if result.accuracy.transitions:
        out.append(_transitions_section(result, t))
    if v.probability_skill is not None:
        out.append(_probability_section(result, t, tc))


def _multiresolution_section(result, t, tc):
    """The budget at multiple resolutions: what it shows, the null
    resolution in words, the stacked chart."""
    v, budget = result.validation, result.accuracy.multiresolution
    null = budget.null_resolution
    if null is None:
        verdict = t(rs.MULTIRES_NO_NULL).format(v.initial, v.observed)
    else:
        where = t(rs.CELL_SIZE).format("%g" % null.resolution) if null.resolution else \
            t(rs.CELLS_PER_SIDE).format(null.factor)
        verdict = t(rs.MULTIRES_NULL).format(null.factor, where, v.observed, v.initial)
    texts = {"title": tc(rs.MR_CHART), "x": tc(rs.MR_FACTOR), "y": tc(rs.MR_SHARE),
             "quantity": tc(rs.MR_QUANTITY), "exchange": tc(rs.MR_EXCHANGE),
             "shift": tc(rs.MR_SHIFT), "persistence": tc(rs.MR_PERSISTENCE),
             "null": tc(rs.MR_NULL)}
    chart = base64.b64encode(budget_chart(budget, None, texts)).decode("ascii")
    return "<h3>%s</h3><p>%s</p><p><b>%s</b></p>%s" % (
        html.escape(t(rs.MULTIRES)), html.escape(t(rs.MULTIRES_NOTE).format(v.initial)),
        html.escape(verdict), img(chart, "multiple resolutions"))


def _transitions_section(result, t):
    """The ten largest observed conversions: cells, hits and FoM."""
    name = result.classes.name
    rows = [["%d %s -> %d %s" % (c.source, name(c.source), c.target, name(c.target)),
             c.observed, c.simulated, c.hits, c.fom]
            for c in result.accuracy.transitions[:10]]
    return "<h3>%s</h3><p>%s</p>%s" % (
        html.escape(t(rs.TRANSITIONS)), html.escape(t(rs.TRANSITIONS_NOTE)),
        table([t(rs.CONVERSION), t(rs.OBSERVED_CELLS), t(rs.SIMULATED_CELLS),
                t(rs.HITS_CELLS), t(rs.FOM_SHORT)], rows))


def _probability_section(result, t, tc):
    """AUC per class and the TOC chart of the validation's probabilities,
    in or out of sample in words."""
    v = result.validation
    skill = v.probability_skill
    if v.out_of_sample:
        note = t(rs.PROBABILITY_SKILL_OUT).format(v.leas_interval[0], v.leas_interval[1],
                                                  v.observed)
    else:
        note = t(rs.PROBABILITY_SKILL_IN).format(v.initial, v.observed)
    rows = [["%d %s" % (c.code, result.classes.name(c.code)), c.candidates, c.gains, c.auc]
            for c in skill.classes]
    evaluation = tc(rs.OUT_OF_SAMPLE_SHORT if v.out_of_sample else rs.IN_SAMPLE_SHORT)
    texts = {"title": tc(rs.TOC_CHART).format(v.initial, v.observed, evaluation),
             "x": tc(rs.TOC_X), "y": tc(rs.TOC_Y), "maximum": tc(rs.TOC_MAXIMUM),
             "minimum": tc(rs.TOC_MINIMUM), "uniform": tc(rs.TOC_UNIFORM),
             "toc": tc(rs.TOC_CURVE), "panel": tc(rs.TOC_PANEL), "no_gain": tc(rs.TOC_NO_GAIN),
             "undefined": tc(rs.UNDEFINED)}
    colours = {c.code: to_hex(result.classes.color(c.code)) for c in skill.classes}
    chart = base64.b64encode(toc_chart(skill, None, colours, texts)).decode("ascii")
    return "<h2>%s</h2><p>%s</p>%s%s" % (
        html.escape(t(rs.PROBABILITY_SKILL)), html.escape(note),
        table([t(rs.CLASS), t(rs.CANDIDATE_CELLS), t(rs.GAIN_CELLS), t(rs.AUC)], rows),
        img(chart, "TOC"))


def _zone_section(result, outcome, rows, t, tc):
    """Per zone: area, carbon and its change per pathway (Tg C) in the last
    target year, and the choropleth of the change per zone."""
    header = [t(rs.ZONE), "km2", t(rs.ZONE_CARBON).format(rows[0].pathway)] + [
        t(rs.ZONE_CHANGE).format(r.pathway) for r in rows]
    figures = [[z.name, sum(z.km2.values()), float(z.stock_pools_mg.sum()) / 1e6]
               + [float(r.zones[i].change_pools_mg.sum()) / 1e6 for r in rows]
               for i, z in enumerate(rows[0].zones)]
    return "<h3>%s</h3>%s%s" % (
        html.escape(t(rs.ZONES_TITLE).format(outcome.spec.name, rows[0].year)),
        table(header, figures), img(zone_map(result, rows, tc), "zones"))


def _demand_source(result, outcome, t):
    """Where the scenario's demand came from, in words; for the carbon
    optimum its binding constraints and their shadow prices."""
    s, spec = result.settings, outcome.spec
    if outcome.zone_parts:
        return "<p>%s</p>" % html.escape(t(rs.DEMAND_BY_ZONE_NOTE).format(
            len(outcome.zone_parts), spec.demand))
    if outcome.demand_table is not None:
        texts = [t(rs.DEMAND_TABLE).format(os.path.basename(spec.demand_path))] + [
            t(rs.DEMAND_INTERPOLATED).format(y, y0, y1)
            for y, (y0, y1) in sorted(outcome.demand_table.interpolated.items())]
    elif outcome.trend is not None:
        trend = outcome.trend
        texts = [t(rs.DEMAND_TREND).format(", ".join(map(str, s.years)), ", ".join(
            "%s %.3f" % (result.classes.name(c), trend.r2[c]) for c in trend.codes))] + [
            t(rs.DEMAND_TREND_CLIPPED).format(y, ", ".join(result.classes.name(c) for c in cs))
            for y, cs in sorted(trend.clipped.items()) if cs]
    elif outcome.optimization:
        return _optimum(result, outcome, t)
    elif spec.demand == "markov":
        texts = [t(rs.DEMAND_MARKOV).format(s.years[-2], s.years[-1])]
    else:
        return ""
    return "<p>%s</p>" % html.escape(" ".join(texts))


def _optimum(result, outcome, t):
    spec = outcome.spec
    runs = sorted(outcome.optimization.items())
    texts = [t(rs.DEMAND_OPTIMUM).format(os.path.basename(spec.demand_path), ", ".join(
        "%.4g" % (r.carbon_Mg / 1e6) for _y, r in runs), ", ".join(str(y) for y, _r in runs))]
    if runs[0][1].objective_unit != "Mg C":
        w = result.settings.optimization_value_weight
        texts.append(t(rs.DEMAND_OPTIMUM_WEIGHTED).format(
            os.path.basename(spec.values_path), "%g" % (1 - w), "%g" % w))
    out = []
    side = {"lower": t(rs.BOUND_LOWER), "upper": t(rs.BOUND_UPPER)}
    rows = [[y, b.constraint.describe(), side[b.side], b.bound_cells * r.cell_km2,
             "%.4g %s" % (b.shadow_per_km2, r.objective_unit)]
            for y, r in runs for b in r.binding]
    out.append("<p>%s</p>" % html.escape(" ".join(texts)))
    for y, r in runs:
        if not r.binding:
            out.append("<p>%s</p>" % html.escape(t(rs.DEMAND_NONE_BINDING).format(y)))
    if rows:
        out.append("<p>%s</p>%s" % (html.escape(t(rs.DEMAND_BINDING)), table(
            [t(rs.YEAR), t(rs.CONSTRAINT), t(rs.BOUND_SIDE), "km2", t(rs.SHADOW_PRICE)],
            rows, left=3)))
    return "".join(out)


def _scenario_sections(out, result, t, tc):
    """Per scenario: area and carbon charts, attribution chart, small maps
    (``tc`` translates the texts drawn in the charts)."""
    for outcome in result.scenarios:
        out.append("<h2>%s</h2>" % html.escape(t(rs.SCENARIO).format(outcome.spec.name)))
        out.append(_demand_source(result, outcome, t))
        if outcome.status == "failed":
            out.append('<p class="failed">%s</p>' % html.escape(
                t(rs.FAILED_SCENARIO).format(outcome.error)))
        if outcome.allocation:
            out.append(_allocation_table(result, outcome.allocation, t))
        if not outcome.rows or result.base_row is None:
            continue
        out.append(img(area_chart(result, outcome, tc), "area") + " "
                   + img(carbon_chart(result, outcome, tc), "carbon"))
        last = [r for r in outcome.rows if r.year == result.settings.target_years[-1]]
        if last and last[0].attribution_tg is not None:
            out.append(img(attribution_chart(result, last[0], tc), "attribution") + " "
                       + img(split_chart(result, outcome, last[0].year, tc), "split"))
            out.append("<h3>%s</h3>" % html.escape(t(rs.MAPS).format(outcome.spec.name)))
            out.append(img(small_maps(result, outcome, last[0], tc), "maps"))
        if last and last[0].zones:
            out.append(_zone_section(result, outcome, last, t, tc))


def write_report(path, result, translate=None):
    """Write the HTML report of a (possibly partial) study run."""
    t = translate or (lambda text: text)
    s = result.settings
    status = {"finished": t(rs.STATUS_OK), "cancelled": t(rs.STATUS_CANCELLED)}.get(
        result.status, t(rs.STATUS_FAILED))
    out = ["<!DOCTYPE html><html><head><meta charset='utf-8'><title>%s</title><style>%s"
           "</style></head><body>" % (html.escape(t(rs.TITLE)), STYLE),
           "<h1>%s</h1>" % html.escape(t(rs.TITLE)),
           "<p>%s: %s, %s. %s</p>" % (html.escape(t(rs.RUN)), html.escape(result.started or ""),
                                      html.escape(status), html.escape(result.folder))]
    stories = [_story(result, o, t) for o in result.scenarios]
    if any(stories):
        out.append("<h2>%s</h2>%s" % (html.escape(t(rs.IN_SHORT)), "".join(
            "<p>%s</p>" % html.escape(text) for text in stories if text)))
    out.append("<h2>%s</h2>%s" % (html.escape(t(rs.KEY_FIGURES)), _key_figures(result, t)))
    stats = result.landuse_stats
    if stats is not None:
        header = [t(rs.CLASS)] + ["%d (km2)" % y for y in stats.years]
        rows = [["%d %s" % (c, result.classes.name(c))]
                + [float(stats.km2(d)[i]) for d in range(len(stats.years))]
                for i, c in enumerate(stats.codes)]
        out.append("<h2>%s</h2>%s" % (html.escape(t(rs.OBSERVED_CHANGE)), table(header, rows)))
    if result.calibration is not None:
        out.append(_calibration_section(result.calibration, t))
    # Chart texts are drawn by matplotlib: translated only when a font with
    # Chinese glyphs is installed (else they would show as empty boxes)
    cjk = chart_fonts()
    tc = t if cjk else (lambda text: text)
    import matplotlib
    fonts = {"font.family": ["sans-serif"], "font.sans-serif": cjk + ["DejaVu Sans"]}
    if result.accuracy is not None:
        with matplotlib.rc_context(fonts):
            _validation_sections(out, result, t, tc)
    chart = result.contributions_png
    if chart and os.path.exists(chart):
        with open(chart, "rb") as fh:
            data = base64.b64encode(fh.read()).decode("ascii")
        out.append("<h2>%s</h2>%s" % (html.escape(t(rs.DRIVERS)), img(data, "contributions")))
    with matplotlib.rc_context(fonts):
        _scenario_sections(out, result, t, tc)
        out.append(comparison_section(result, t, tc))
        out.append(explanation_section(result, t, tc))
    header, rows = summary_rows(result)
    out.append("<h2>%s</h2>%s" % (html.escape(t(rs.SUMMARY)), table(header, rows, left=4)))
    out.append("<h2>%s</h2>%s" % (html.escape(t(rs.PARAMETERS)), table(
        [t(rs.PARAMETER), t(rs.VALUE)], [[k, v] for k, v in parameter_rows(s, t)], left=2)))
    if s.command:
        out.append("<h3>%s</h3><pre>%s</pre>" % (html.escape(t(rs.REPEAT)),
                                                  html.escape(s.command)))
    out.append("<h2>%s</h2><ul>%s</ul>" % (html.escape(t(rs.FILES)), "".join(
        "<li>%s</li>" % html.escape(os.path.relpath(os.path.join(d, f), result.folder))
        for d, _dirs, files in sorted(os.walk(result.folder)) for f in sorted(files)
        if not f.startswith("."))))
    out.append("</body></html>")
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("\n".join(out))
