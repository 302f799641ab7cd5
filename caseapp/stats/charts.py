"""Charts of a release, drawn on the server as SVG: the same release gives the same bytes.

Only published figures are drawn. A suppressed figure gets no bar but a
hatched placeholder and the word for suppressed, so nobody reads it as 0.
"""

import io

import matplotlib

matplotlib.use("Agg")

from matplotlib.figure import Figure  # noqa: E402  (after choosing the backend)
from flask_babel import gettext as _  # noqa: E402

from caseapp.stats import catalogue as cg  # noqa: E402
from caseapp.stats.formats import PUBLISHED, SUPPRESSED  # noqa: E402

CHARTS = ("trend", "exploitation", "bodies")
PUBLISHED_COLOUR, SUPPRESSED_COLOUR = "#0b5cad", "#8a949e"
RC = {"svg.hashsalt": "caseapp-stats", "svg.fonttype": "path", "font.family": "DejaVu Sans", "font.size": 10}


def chart(name, doc, trend=()):
    """The SVG bytes of chart ``name`` of the release ``doc``; ``trend`` are (year, document) of annual releases."""
    if name == "trend":
        return _trend(trend)
    if name == "exploitation":
        rows = _rows(doc, "identified_by_exploitation", cg.TOTAL, exclude={cg.TOTAL})
        return _bars(_("Identified victims by form of exploitation"), rows)
    identified = next(t for t in doc["tables"] if t["id"] == "identified_by_sex")
    total = next(r for r in identified["rows"] if r["code"] == cg.TOTAL)
    labels = {c["code"]: c["label"] for c in identified["columns"]}
    return _bars(_("Identified victims by identifying body"),
                 [(labels[c["column"]], c) for c in total["cells"] if c["column"] != cg.TOTAL])


def alt_text(name):
    """What the chart shows, for people who cannot see it (the tables hold the figures)."""
    return {"trend": _("Chart: presumed and identified victims per year; the figures are in the tables."),
            "exploitation": _("Chart: identified victims by form of exploitation; the figures are in the tables."),
            "bodies": _("Chart: identified victims by identifying body; the figures are in the tables.")}[name]


def _rows(doc, table_id, column, exclude=()):
    table = next(t for t in doc["tables"] if t["id"] == table_id)
    return [(row["label"], next(c for c in row["cells"] if c["column"] == column))
            for row in table["rows"] if row["code"] not in exclude and row["level"] == 0]


def _bars(title, items):
    """A horizontal bar per item; suppressed items hatched and labelled."""
    figure, axes = _figure(len(items))
    labels = [label for label, _cell in items]
    top = max([cell["value"] for _label, cell in items if cell["status"] == PUBLISHED] + [1])
    for y, (_label, cell) in enumerate(items):
        _bar(axes, y, cell, top)
    axes.set_yticks(range(len(items)), labels)
    axes.invert_yaxis()
    axes.set_title(title, loc="left")
    axes.set_xlim(0, top * 1.15)
    return _svg(figure)


def _bar(axes, y, cell, top):
    if cell["status"] == PUBLISHED:
        axes.barh(y, cell["value"], color=PUBLISHED_COLOUR)
        axes.text(cell["value"] + top * 0.01, y, str(cell["value"]), va="center")
    elif cell["status"] == SUPPRESSED:
        axes.barh(y, top * 0.08, color="white", edgecolor=SUPPRESSED_COLOUR, hatch="///")
        axes.text(top * 0.09, y, _("suppressed"), va="center", style="italic", color="#4a5560")
    else:
        axes.text(0, y, _("not recorded"), va="center", style="italic", color="#4a5560")


def _trend(trend):
    """Presumed and identified persons per year, from the annual releases of the ledger."""
    series = [(cg.PRESUMED, "presumed_by_sex", cg.PERSONS, _("Presumed victims")),
              (cg.IDENTIFIED, "identified_by_sex", cg.TOTAL, _("Identified victims"))]
    figure, axes = _figure(6)
    years = [year for year, _doc in trend]
    width = 0.38
    top = 1
    for offset, (_universe, table_id, column, label) in enumerate(series):
        cells = [_total(doc, table_id, column) for _year, doc in trend]
        top = max([top] + [c["value"] for c in cells if c["status"] == PUBLISHED])
        for i, cell in enumerate(cells):
            x = i + (offset - 0.5) * width
            if cell["status"] == PUBLISHED:
                axes.bar(x, cell["value"], width, color=(PUBLISHED_COLOUR, "#1e6b34")[offset],
                         label=label if i == 0 else None)
            else:
                axes.bar(x, 0.04 * max(top, 1), width, color="white", edgecolor=SUPPRESSED_COLOUR, hatch="///",
                         label=_("suppressed") if i == 0 and offset == 0 else None)
    axes.set_xticks(range(len(years)), [str(y) for y in years])
    axes.set_title(_("Presumed and identified victims per year"), loc="left")
    if years:
        axes.legend(loc="upper left", frameon=False)
    else:
        axes.text(0.5, 0.5, _("No annual release yet"), ha="center", transform=axes.transAxes)
    return _svg(figure)


def _total(doc, table_id, column):
    table = next(t for t in doc["tables"] if t["id"] == table_id)
    row = next(r for r in table["rows"] if r["code"] == cg.TOTAL)
    return next(c for c in row["cells"] if c["column"] == column)


def _figure(items):
    with matplotlib.rc_context(RC):
        figure = Figure(figsize=(7.5, 1.2 + 0.45 * max(items, 3)), dpi=96)
        axes = figure.add_subplot()
    axes.spines[["top", "right"]].set_visible(False)
    return figure, axes


def _svg(figure):
    out = io.BytesIO()
    with matplotlib.rc_context(RC):
        figure.tight_layout()
        # No date in the metadata: the same release gives the same bytes.
        figure.savefig(out, format="svg", metadata={"Date": None})
    return out.getvalue()
