"""Report rendering on the Mérida dataset.

Targets (issue 5): ``render_pdf`` within 1.2 times what WeasyPrint alone takes on the
same final HTML (same PDF variant), and ``render_html`` a small fraction (under a
tenth) of that. Both include everything the report computes (sensitivity analysis,
timeline, change explanation, view model; the PDF also its embedded dataset).
Each figure is the median of a few repeats.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
REPEATS = 3
PDF_RATIO = 1.2
HTML_SHARE = 0.1


def _median_time(fn: Callable[[], Any], repeats: int = REPEATS) -> float:
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> bool:
    import weasyprint

    import scorecard
    from scorecard.report.render import DEFAULT_VARIANT

    folder = ROOT / "fixtures" / "merida"
    if not (folder / "programme.toml").is_file():
        folder = ROOT / "tests" / "data" / "example"
    result = scorecard.score(scorecard.load(folder))
    out = Path(tempfile.mkdtemp(prefix="bench-render-"))
    html = scorecard.render_html(result)
    scorecard.render_pdf(result, out / "warm.pdf")  # warm fonts and caches

    t_html = _median_time(lambda: scorecard.render_html(result))
    t_pdf = _median_time(lambda: scorecard.render_pdf(result, out / "report.pdf"))
    t_weasy = _median_time(
        lambda: weasyprint.HTML(string=html).write_pdf(pdf_variant=DEFAULT_VARIANT)
    )
    pages = len(weasyprint.HTML(string=html).render().pages)
    ratio = t_pdf / t_weasy
    share = t_html / t_weasy
    print(f"dataset: {folder.name}, {pages} pages (A4)")
    print(f"render_html:             {t_html * 1000:8.0f} ms")
    print(f"render_pdf:              {t_pdf * 1000:8.0f} ms")
    print(f"WeasyPrint alone:        {t_weasy * 1000:8.0f} ms (same HTML, {DEFAULT_VARIANT})")
    print(f"render_pdf / WeasyPrint: {ratio:8.2f}   (target <= {PDF_RATIO})")
    print(f"render_html / WeasyPrint:{share:8.3f}   (target <= {HTML_SHARE})")
    return ratio <= PDF_RATIO and share <= HTML_SHARE
