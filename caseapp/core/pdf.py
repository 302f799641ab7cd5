"""One-page PDFs made in memory with an embedded font that covers Latin, Cyrillic and Thai names."""

from pathlib import Path

from fpdf import FPDF

FONTS = Path(__file__).resolve().parent / "fonts"
# Noto Sans covers Latin Extended (Romanian ș ț), Greek and Cyrillic; Thai comes from its own face.
MAIN, THAI = "NotoSans", "NotoSansThai"


def new_document(title):
    """An A4 page with the embedded fonts, text shaping on (Thai marks must combine) and no metadata but ``title``."""
    pdf = FPDF(format="A4")
    pdf.set_title(str(title))
    pdf.set_creator("caseapp")
    pdf.add_font(MAIN, fname=str(FONTS / "NotoSans-Regular.ttf"))
    pdf.add_font(THAI, fname=str(FONTS / "NotoSansThai-Regular.ttf"))
    pdf.set_fallback_fonts([THAI])
    pdf.set_text_shaping(True)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_font(MAIN, size=10)
    return pdf


def heading(pdf, text, size=14):
    """A heading line."""
    pdf.set_font(MAIN, size=size)
    pdf.multi_cell(0, size * 0.6, str(text), new_x="LMARGIN", new_y="NEXT")
    pdf.set_font(MAIN, size=10)
    pdf.ln(2)


def row(pdf, label, value):
    """A label and its value on one line (wrapping if long)."""
    pdf.multi_cell(0, 6, f"{label}: {value}", new_x="LMARGIN", new_y="NEXT")


def as_bytes(pdf):
    """The finished document (never written to disk)."""
    return bytes(pdf.output())
