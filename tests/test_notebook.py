"""The example notebook runs top to bottom, shows what it says, and is stored clean.

``docs/examples/alternate-weightings.ipynb`` is executed with nbclient on an
IPython kernel of this interpreter, through a kernelspec written by the test into a
temporary folder (no network, nothing installed). The notebook's ``parameters`` cell
is replaced so that the dataset path is absolute and the PDF goes to a temporary
folder.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

import nbformat
import pytest
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from nbclient import NotebookClient

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK = ROOT / "docs" / "examples" / "alternate-weightings.ipynb"
MERIDA = ROOT / "fixtures" / "merida"
KERNEL = "scorecard-tests"

pytestmark = pytest.mark.slow


def _read() -> Any:
    return nbformat.read(NOTEBOOK, as_version=4)


def test_notebook_is_stored_without_outputs() -> None:
    nb = _read()
    nbformat.validate(nb)
    for cell in nb.cells:
        if cell.cell_type == "code":
            assert cell.outputs == [], cell.source[:60]
            assert cell.execution_count is None, cell.source[:60]


def _kernel(folder: Path) -> KernelManager:
    spec = folder / KERNEL
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps(
            {
                "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                "display_name": "scorecard tests",
                "language": "python",
            }
        ),
        encoding="utf-8",
    )
    return KernelManager(
        kernel_name=KERNEL, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(folder)])
    )


def _outputs(cell: Any) -> list[dict[str, Any]]:
    return [dict(o) for o in cell.outputs]


def _html(cell: Any) -> str:
    return "".join(
        str(o["data"]["text/html"]) for o in _outputs(cell) if "text/html" in o.get("data", {})
    )


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Any, Path]:
    work = tmp_path_factory.mktemp("notebook")
    out = work / "out"
    nb = _read()
    params = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(params) == 1, "the notebook needs exactly one cell tagged 'parameters'"
    params[0].source = f"dataset = {str(MERIDA)!r}\nout_dir = {str(out)!r}"
    client = NotebookClient(
        nb,
        km=_kernel(work / "kernels"),
        timeout=600,
        allow_errors=False,
        resources={"metadata": {"path": str(work)}},
    )
    client.execute()
    return nb, out


def _cell(nb: Any, startswith: str) -> Any:
    found = [c for c in nb.cells if c.cell_type == "code" and c.source.startswith(startswith)]
    assert len(found) == 1, startswith
    return found[0]


def test_results_display_as_html(executed: tuple[Any, Path]) -> None:
    nb, _ = executed
    for start in ("designed = ", "mine = ", "sens = ", "tl = ", "change = "):
        html = _html(_cell(nb, start))
        assert 'class="scorecard-repr"' in html, start
    assert "weightings compared" in _html(_cell(nb, "mine = "))
    assert "draws, seed 0" in _html(_cell(nb, "sens = "))
    # The DataFrame cell shows a pandas table of the scores under each weighting.
    frame = _html(_cell(nb, "df = "))
    assert "<table" in frame
    assert "mine" in frame
    assert "institutions-first" in frame


def test_figures_are_shown(executed: tuple[Any, Path]) -> None:
    nb, _ = executed
    for start in (
        "plot.comparison(",
        "plot.grade_probabilities(",
        "plot.score_intervals(",
        "plot.timeline(",
    ):
        outputs = _outputs(_cell(nb, start))
        assert any("image/png" in o.get("data", {}) for o in outputs), start


def test_the_pdf_is_rendered_under_the_readers_weighting(executed: tuple[Any, Path]) -> None:
    nb, out = executed
    pdf = out / "merida-rule-of-law.pdf"
    assert pdf.read_bytes().startswith(b"%PDF-")
    printed = "".join(o.get("text", "") for o in _outputs(_cell(nb, "result = ")))
    assert "merida-rule-of-law.pdf" in printed
    from pypdf import PdfReader

    # The PDF carries the result it shows: scored under the reader's weighting, in which
    # the rule of law (p2) has twice the weight of each other pillar and "outside" none.
    attached = PdfReader(pdf).attachments["result.json"][0]
    result = json.loads(attached)
    weights = result["provenance"]["pillar_weights"]
    assert weights == pytest.approx({"p1": 0.2, "p2": 0.4, "p3": 0.2, "p4": 0.2, "outside": 0.0})


# -- wrong argument types say what was expected ----------------------------------------


def test_wrong_argument_types_are_type_errors_that_say_what_to_pass() -> None:
    import scorecard
    from scorecard.errors import ScorecardError, WrongTypeError

    example = Path(__file__).parent / "data" / "example"
    programme = scorecard.load(example)
    result = scorecard.score(programme)
    with pytest.raises(
        TypeError, match=r"explain\(\) after must be a Result, not the string 'p1.x'"
    ):
        scorecard.explain(result, "p1.x")  # type: ignore[arg-type]
    with pytest.raises(WrongTypeError, match=r"score the programme first"):
        scorecard.explain("p1.x", result)  # type: ignore[arg-type]
    for call in (scorecard.score, scorecard.compare, scorecard.timeline, scorecard.sensitivity):
        with pytest.raises(ScorecardError, match=r"programme must be a Programme, not the string"):
            call(str(example))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match=r"options= must be a ScoringOptions, not a dict"):
        scorecard.score(programme, options={"floor": 0})  # type: ignore[arg-type]
