"""The top-level templates/ folder is found from a wheel, an sdist and a source checkout.

Builds the sdist and, from it, the wheel (``python -m build``), installs the wheel in
a throw-away venv (dependencies borrowed from this venv through a ``.pth`` file, so
nothing is downloaded but the build backend) and asks ``templates_dir()`` there.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from scorecard._assets import templates_dir

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = Path("report") / "base.html.j2"
PROBE = (
    "import sys; from scorecard._assets import templates_dir; d = templates_dir(); "
    f"assert (d / {str(TEMPLATE)!r}).is_file(), d; print(d)"
)


def test_source_checkout_finds_the_top_level_templates() -> None:
    assert templates_dir() == ROOT / "templates"
    assert (templates_dir() / TEMPLATE).is_file()


@pytest.fixture(scope="module")
def dist(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("dist")
    subprocess.run(
        [sys.executable, "-m", "build", "--outdir", str(out), str(ROOT)],
        check=True,
        capture_output=True,
    )
    return out


@pytest.mark.slow
def test_wheel_built_from_the_sdist_ships_the_templates(dist: Path, tmp_path: Path) -> None:
    (wheel,) = dist.glob("scorecard-*.whl")
    env = tmp_path / "venv"
    venv.create(env, with_pip=False)
    python = env / "bin" / "python"
    site = Path(
        subprocess.run(
            [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
    )
    # Dependencies come from this venv; its editable scorecard is not on that path.
    (site / "_deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "--target", str(site), str(wheel)],
        check=True,
        capture_output=True,
    )
    done = subprocess.run(
        [str(python), "-c", PROBE], cwd=tmp_path, capture_output=True, text=True, check=True
    )
    assert Path(done.stdout.strip()) == site / "scorecard" / "templates"


@pytest.mark.slow
def test_sdist_holds_the_templates_next_to_the_package(dist: Path, tmp_path: Path) -> None:
    (sdist,) = dist.glob("scorecard-*.tar.gz")
    with tarfile.open(sdist) as archive:
        archive.extractall(tmp_path, filter="data")
    (unpacked,) = tmp_path.glob("scorecard-*")
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        cwd=unpacked,
        capture_output=True,
        text=True,
        check=True,
        env={"PYTHONPATH": str(unpacked), "PATH": "/usr/bin:/bin"},
    )
    assert Path(done.stdout.strip()) == unpacked / "templates"


@pytest.mark.slow
def test_wheel_ships_the_compiled_catalogs(dist: Path) -> None:
    """The report's translations travel with the package: each language's compiled
    catalog (and its source) is in the wheel, where scorecard.report.i18n looks."""
    from scorecard.report.i18n import LANGUAGES

    (wheel,) = dist.glob("scorecard-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    for lang in LANGUAGES:
        if lang == "en":
            continue
        assert f"scorecard/locale/{lang}/LC_MESSAGES/messages.mo" in names
        assert f"scorecard/locale/{lang}/LC_MESSAGES/messages.po" in names
    assert "scorecard/templates/report/report-lang.css" in names
