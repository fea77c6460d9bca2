"""The report's section on the scenarios side by side (docs/study.md,
"Report"): carbon stock by scenario, pathway and year, the value of each
scenario's change, the ranking, and small maps of the scenario diversity
and of the differences against the reference scenario
(core/study/comparison.py made the maps and the ranking).
"""

import html
import textwrap

import numpy as np

from ..common.charts import figure
from ..common.classes import to_hex
from . import report_strings as rs
from .report_parts import category_map, img, png, read_small, table

LINESTYLES = ("-", "--", ":", "-.")


def stock_chart(result, done, t):
    """Total carbon (Tg C) per year: a colour per scenario, a line style per
    pathway, from the last known map on."""
    fig = figure(6.4, 3.6)
    ax = fig.add_subplot(1, 1, 1)
    base = result.base_row
    pathways = [name for name, _pools in result.pathways]
    colours = ["C%d" % (i % 10) for i in range(len(done))]
    for outcome, colour in zip(done, colours):
        for p, pathway in enumerate(pathways):
            rows = sorted((r for r in outcome.rows if r.pathway == pathway), key=lambda r: r.year)
            if rows:
                ax.plot([base.year] + [r.year for r in rows],
                        [sum(base.pools_tg)] + [sum(r.pools_tg) for r in rows],
                        color=colour, linestyle=LINESTYLES[p % len(LINESTYLES)], marker="o",
                        markersize=3, label="%s, %s" % (outcome.spec.name, pathway))
    ax.set_xticks([base.year] + list(result.settings.target_years))
    ax.set_xlabel(t(rs.YEAR))
    ax.set_ylabel("Tg C")
    ax.set_title(t(rs.COMPARE_STOCK_CHART), fontsize=10)
    ax.legend(fontsize=6, ncol=2)
    return png(fig)


def value_chart(result, done, t):
    """The value of each scenario's carbon change in the last target year at
    the first price: bars grouped by pathway."""
    year = result.settings.target_years[-1]
    pathways = [name for name, _pools in result.pathways]
    fig = figure(6.4, 3.2)
    ax = fig.add_subplot(1, 1, 1)
    width = 0.8 / len(done)
    for i, outcome in enumerate(done):
        values = [next((r.values[0] for r in outcome.rows if r.pathway == p and r.year == year
                        and r.values), 0.0) for p in pathways]
        ax.bar(np.arange(len(pathways)) + i * width, values, width, label=outcome.spec.name)
    ax.axhline(0, color="#333333", linewidth=0.6)
    ax.set_xticks(np.arange(len(pathways)) + 0.4 - width / 2)
    ax.set_xticklabels(pathways, fontsize=8)
    ax.set_title(t(rs.COMPARE_VALUE_CHART).format(result.settings.years[-1], year,
                                                  result.prices[0].name), fontsize=10)
    ax.legend(fontsize=7)
    return png(fig)


def comparison_maps(result, comparison, t):
    """The diversity map and, per other scenario, the carbon and land-use
    difference maps of the last target year (first pathway)."""
    year = result.settings.target_years[-1]
    pathway = result.pathways[0][0]
    others = sorted({name for name, y in comparison.landuse if y == year})
    panels = 1 + 2 * len(others)
    fig = figure(3.6 * min(panels, 3), 3.6 * ((panels + 2) // 3))
    ax = fig.add_subplot((panels + 2) // 3, min(panels, 3), 1)
    arr, mask = read_small(comparison.diversity[year])
    top = max(2, len(result.scenarios))
    image = ax.imshow(np.where(mask, np.nan, arr.astype(float)), cmap="Greens",
                      vmin=1, vmax=top, interpolation="nearest")
    bar = fig.colorbar(image, ax=ax, fraction=0.046, pad=0.02, ticks=range(1, top + 1))
    bar.ax.tick_params(labelsize=6)
    ax.set_title(_wrap(t(rs.MAP_DIVERSITY).format(year)), fontsize=8)
    n = 1
    for name in others:
        n += 1
        ax = fig.add_subplot((panels + 2) // 3, min(panels, 3), n)
        path = comparison.carbon.get((name, pathway, year))
        if path:
            arr, mask = read_small(path)
            values = np.where(mask, np.nan, arr.astype(float))
            span = float(np.nanmax(np.abs(values))) if np.isfinite(values).any() else 1.0
            image = ax.imshow(values, cmap="RdYlGn", vmin=-(span or 1.0), vmax=span or 1.0,
                              interpolation="nearest")
            fig.colorbar(image, ax=ax, fraction=0.046, pad=0.02).ax.tick_params(labelsize=6)
        ax.set_title(_wrap(t(rs.MAP_DIFF_CARBON).format(name, comparison.reference, pathway,
                                                        year)), fontsize=8)
        n += 1
        ax = fig.add_subplot((panels + 2) // 3, min(panels, 3), n)
        classes = result.classes
        category_map(ax, comparison.landuse[(name, year)],
                      {c: to_hex(classes.color(c)) for c in result.codes},
                      {c: classes.name(c) for c in result.codes})
        ax.set_title(_wrap(t(rs.MAP_DIFF_LANDUSE).format(name, comparison.reference, year)),
                     fontsize=8)
    for ax in fig.axes:
        if ax.get_label() != "<colorbar>":
            ax.set_xticks([])
            ax.set_yticks([])
    return png(fig)


def _wrap(title):
    """A map title on lines of at most 36 characters (three maps a row)."""
    return textwrap.fill(title, 36)


def comparison_section(result, t, tc):
    """The section's HTML ('' without a comparison)."""
    comparison = result.comparison
    if comparison is None or result.base_row is None:
        return ""
    done = [o for o in result.scenarios if o.status == "finished" and o.rows]
    year = result.settings.target_years[-1]
    price = result.prices[0].name if result.prices else ""
    rows = [[pathway, rank, name, change, value]
            for pathway, rank, name, change, value in comparison.ranking]
    parts = ["<h2>%s</h2>" % html.escape(t(rs.COMPARE_TITLE)),
             "<p>%s</p>" % html.escape(t(rs.COMPARE_NOTE).format(comparison.reference,
                                                                  len(done))),
             img(stock_chart(result, done, tc), "stock by scenario")]
    if result.prices:
        parts.append(" " + img(value_chart(result, done, tc), "value by scenario"))
    parts.append("<h3>%s</h3>%s" % (
        html.escape(t(rs.RANKING).format(year)),
        table([t(rs.PATHWAY), t(rs.RANK), t(rs.SCENARIO).format(""), t(rs.CHANGE_TG),
                t(rs.VALUE_AT).format(price)], rows, left=3)))
    parts.append(img(comparison_maps(result, comparison, tc), "scenario maps"))
    return "".join(parts)
