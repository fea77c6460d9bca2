"""The report's section on why carbon is where it is (docs/study.md,
"Report"; docs/geodetector.md): per analysis of core/study/explain.py the q
table, the q chart and the interaction heat map."""

import base64
import html

from ..geodetector import heatmap, q_chart
from . import report_strings as rs
from .report_parts import img, table


def explanation_section(result, t, tc):
    """The section's HTML ('' without analyses)."""
    if not result.explanations:
        return ""
    parts = ["<h2>%s</h2><p>%s</p>" % (html.escape(t(rs.EXPLAIN_TITLE)),
                                       html.escape(t(rs.EXPLAIN_NOTE)))]
    for e in result.explanations:
        r = e.result
        title = (t(rs.EXPLAIN_STOCK).format(e.year) if e.what == "observed"
                 else t(rs.EXPLAIN_CHANGE).format(e.what, result.settings.years[-1], e.year))
        order = sorted(range(len(r.names)), key=lambda i: -r.factors[i].q)
        rows = [[r.names[i], r.factors[i].q, r.factors[i].p,
                 r.choices[i].method if r.choices[i] else t(rs.CATEGORICAL),
                 r.choices[i].classes if r.choices[i] else r.factors[i].strata]
                for i in order]
        charts = [base64.b64encode(q_chart(r, tc(rs.Q_CHART))).decode("ascii"),
                  base64.b64encode(heatmap(r, tc(rs.HEATMAP))).decode("ascii")]
        parts.append("<h3>%s</h3>%s%s %s" % (
            html.escape(title),
            table([t(rs.FACTOR), "q", "p", t(rs.DISCRETISATION), t(rs.STRATA)], rows, left=1),
            img(charts[0], "q"), img(charts[1], "interactions")))
    return "".join(parts)
