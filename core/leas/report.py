"""The tables and the chart of a LEAS model: per-class accuracy (samples,
positives, OOB accuracy, RMSE), driver contributions (class x driver shares)
and their bar chart.
"""


import numpy as np

from ..common.charts import figure

ACCURACY_HEADER = ["code", "name", "expansion_cells", "sample_cells", "positive_cells",
                   "negative_cells", "oob_accuracy", "oob_cells", "oob_accuracy_positives",
                   "rmse", "note"]


def accuracy_rows(model):
    """One row per class; ``sample_cells`` are the cells its forest was (or
    would have been) trained on, 0 for a class that did not expand."""
    return [[r.code, r.name, r.expansion_cells, r.sample_cells, r.positive_cells,
             r.sample_cells - r.positive_cells, r.oob_accuracy, r.oob_cells,
             r.oob_positive_accuracy, r.rmse, r.note] for r in model.results]


def contribution_table(model):
    """Header and rows: one row per class, one column per driver (shares
    summing to 1), and a note (no expansion, no driver matters)."""
    header = ["code", "name"] + list(model.driver_names) + ["note"]
    rows = []
    for r in model.results:
        if r.contribution is None:
            rows.append([r.code, r.name] + [None] * len(model.driver_names) + [r.note])
        else:
            rows.append([r.code, r.name] + [float(s) for s in r.contribution.shares]
                        + [r.contribution.note or r.note])
    return header, rows


def contribution_chart(model, path):
    """PNG: per class a horizontal bar chart of the drivers' contributions."""
    shown = [r for r in model.results if r.contribution is not None]
    ncols = min(3, max(1, len(shown)))
    nrows = max(1, -(-len(shown) // ncols))
    height = max(2.5, 0.28 * len(model.driver_names) + 1.2)
    fig = figure(4.2 * ncols, height * nrows)
    positions = np.arange(len(model.driver_names))
    for i, r in enumerate(shown):
        ax = fig.add_subplot(nrows, ncols, i + 1)
        ax.barh(positions, r.contribution.shares, color="#4e79a7")
        ax.set_yticks(positions)
        ax.set_yticklabels(model.driver_names if i % ncols == 0 else [], fontsize=7)
        ax.invert_yaxis()
        ax.set_xlim(0, 1)
        ax.set_title("%d %s" % (r.code, r.name), fontsize=9)
        ax.set_xlabel("contribution (share, rows sum to 1)", fontsize=7)
        ax.tick_params(axis="x", labelsize=7)
    if not shown:
        fig.text(0.5, 0.5, "no class expanded: no contributions", ha="center")
    fig.suptitle("LEAS driver contributions (permutation RMSE)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, format="png")
