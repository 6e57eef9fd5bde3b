"""Reports: a scored result as a self-contained HTML page and an accessible PDF.

Importing this package is cheap; WeasyPrint is imported when a PDF is written.
"""

from __future__ import annotations

from scorecard.report.render import render_html, render_pdf

__all__ = ["render_html", "render_pdf"]
