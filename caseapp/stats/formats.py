"""The files of a release: one document, written as JSON, CSV and XLSX, byte for byte the same on a rerun.

Nothing in a file depends on when or by whom it was made: no timestamps,
no release id. The same parameters over the same data give the same bytes.
"""

import csv
import io
import json
from datetime import datetime, time

import xlsxwriter
from flask_babel import gettext as _

from caseapp.stats import catalogue as cg
from caseapp.stats.layout import NEW

SCHEMA_ID = "caseapp-indicator-release-1"
PUBLISHED, SUPPRESSED, NOT_RECORDED = "published", "suppressed", "not_recorded"
ATTRIBUTION = ("Categories follow the Human Trafficking Case Data Standard (HTCDS) by IOM (CC BY 4.0), "
               "CTDC's age bands and Eurostat's crim_thb groups; no endorsement by IOM is implied.")


def document(request, k, frame, shape, counts, scope_name):
    """The release as a JSON-ready dict, labels in the current language."""
    cells = [cell for cell in frame.cells if cell.key[0] == NEW]
    suppressed = sum(cell.suppressed for cell in cells)
    return {
        "schema": SCHEMA_ID,
        "catalogue_version": cg.CATALOGUE_VERSION,
        "period": {"from": request.period_from.isoformat(), "to": request.period_to.isoformat()},
        "scope": {"level": "installation" if request.organisation_id is None else "organisation",
                  "organisation": scope_name},
        "language": request.language,
        "disclosure_control": {"min_cell": k, "cells": len(cells), "suppressed": suppressed,
                               "suppressed_share": round(suppressed / len(cells), 4) if cells else 0.0},
        # Counts of records, protected like any cell (how many persons are counted is in the tables).
        "matching": {"merged_records": _protected(counts.records - counts.persons, k),
                     "by_key": {kind: _protected(n, k) for kind, n in counts.merged_by.items()}},
        "attribution": ATTRIBUTION,
        "tables": [_table(frame, shape, table_id, universe, dimension)
                   for table_id, universe, dimension in cg.tables()],
    }


def _table(frame, shape, table_id, universe, dimension):
    columns = cg.columns(universe)
    if universe == cg.SERVICES:
        rows = [cg.Row(code, label, ()) for code, label in cg.SERVICE_FIGURES.items()]
        title = str(cg.UNIVERSE_TITLES[universe])
    else:
        shown = shape.shown.get(universe, ())
        rows = list(cg.rows(dimension, shown)) + [cg.total_row(dimension, shown)]
        title = f"{cg.UNIVERSE_TITLES[universe]}, {cg.DIMENSION_TITLES[dimension]}"
    return {
        "id": table_id, "universe": universe, "dimension": dimension, "title": title,
        "columns": [{"code": c.code, "label": str(c.label), "standard": c.standard} for c in columns],
        "rows": [{"code": row.code, "label": str(row.label), "level": row.level, "standard": row.standard,
                  "cells": [_cell(frame, universe, dimension, row, column) for column in columns]} for row in rows],
    }


def _cell(frame, universe, dimension, row, column):
    if universe == cg.SERVICES:
        key = (NEW, cg.SERVICES, cg.SERVICES, row.code, column.code)
    else:
        key = (NEW, universe, "*" if row.code == cg.TOTAL else dimension, row.code, column.code)
    if key not in frame.index:
        return {"column": column.code, "value": None, "status": NOT_RECORDED}
    if frame.cells[frame.index[key]].suppressed:
        return {"column": column.code, "value": None, "status": SUPPRESSED}
    return {"column": column.code, "value": frame.value(key), "status": PUBLISHED}


def _protected(value, k):
    if 1 <= value < k:
        return {"value": None, "status": SUPPRESSED}
    return {"value": value, "status": PUBLISHED}


def render(fmt, doc):
    """The bytes of ``doc`` in ``fmt`` (json, csv or xlsx)."""
    return {"json": _json, "csv": _csv, "xlsx": _xlsx}[fmt](doc)


def filename(doc, fmt):
    """A file name telling the period and scope, never a name of a person or an organisation."""
    period = doc["period"]
    return f"indicator-{period['from']}-{period['to']}-{doc['scope']['level']}.{fmt}"


def shown_value(cell):
    """What a person sees in a cell: the number, or a word saying why there is none."""
    if cell["status"] == PUBLISHED:
        return cell["value"]
    return _("suppressed") if cell["status"] == SUPPRESSED else _("not recorded")


def about(doc):
    """(code, label, value) of the release's parameters and summary, for the CSV, the XLSX and the page."""
    control, matching = doc["disclosure_control"], doc["matching"]
    found = [
        ("period_from", _("Period from"), doc["period"]["from"]), ("period_to", _("Period to"), doc["period"]["to"]),
        ("scope", _("Organisation"), doc["scope"]["organisation"] or _("All organisations of the installation")),
        ("min_cell", _("Smallest published number of persons"), control["min_cell"]),
        ("cells", _("Cells"), control["cells"]), ("suppressed", _("Suppressed cells"), control["suppressed"]),
        ("suppressed_share", _("Share of suppressed cells"), control["suppressed_share"]),
        ("merged_records", _("Records merged with another record of the same person"),
         shown_value(matching["merged_records"])),
    ]
    found += [(f"merged_by_{kind}", key_label(kind), shown_value(n)) for kind, n in matching["by_key"].items()]
    return found


def key_label(kind):
    """What a match-key kind is called."""
    labels = {"name_dob": _("Records matched by full name and date of birth"),
              "phone": _("Records matched by phone number"),
              "document": _("Records matched by identity document number")}
    return labels.get(kind, _("Records linked by %(kind)s", kind=kind))


def _json(doc):
    return (json.dumps(doc, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _csv(doc):
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["table", "table_title", "row", "row_label", "column", "column_label", "value", "status"])
    for code, label, value in about(doc):
        writer.writerow(["about", _("About the release"), code, label, "", "", value, PUBLISHED])
    for table in doc["tables"]:
        labels = {c["code"]: c["label"] for c in table["columns"]}
        for row in table["rows"]:
            for cell in row["cells"]:
                writer.writerow([table["id"], table["title"], row["code"], row["label"], cell["column"],
                                 labels[cell["column"]], shown_value(cell), cell["status"]])
    return out.getvalue().encode("utf-8")


def _xlsx(doc):
    out = io.BytesIO()
    book = xlsxwriter.Workbook(out, {"in_memory": True})
    # A fixed creation time (the period's last day) instead of now: reruns give the same bytes.
    created = datetime.combine(datetime.fromisoformat(doc["period"]["to"]).date(), time(0))
    book.set_properties({"title": _("National indicator of human trafficking"), "created": created})
    bold, italic = book.add_format({"bold": True}), book.add_format({"italic": True, "font_color": "#555555"})
    sheet = book.add_worksheet(_("About")[:31])
    sheet.set_column(0, 0, 60)
    sheet.set_column(1, 1, 30)
    for r, (_code, label, value) in enumerate(about(doc)):
        sheet.write(r, 0, label, bold)
        sheet.write(r, 1, value)
    sheet.write(len(about(doc)) + 1, 0, doc["attribution"])
    for table in doc["tables"]:
        _xlsx_table(book.add_worksheet(table["id"][:31]), table, bold, italic)
    book.close()
    return out.getvalue()


def _xlsx_table(sheet, table, bold, italic):
    sheet.write(0, 0, table["title"], bold)
    sheet.set_column(0, 0, 40)
    sheet.set_column(1, len(table["columns"]), 16)
    for c, column in enumerate(table["columns"]):
        sheet.write(2, c + 1, column["label"], bold)
    for r, row in enumerate(table["rows"]):
        sheet.write(3 + r, 0, ("    " * row["level"]) + row["label"], bold if row["code"] == cg.TOTAL else None)
        for c, cell in enumerate(row["cells"]):
            value = shown_value(cell)
            sheet.write(3 + r, c + 1, value, None if cell["status"] == PUBLISHED else italic)
