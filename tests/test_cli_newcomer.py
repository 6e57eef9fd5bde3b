"""A newcomer's first hour on the command line (issue 15): init, edit, check, score,
render into a new folder; checksums updated in place; weightings listed; help with
defaults and examples; progress on standard error only (checked through a
pseudo-terminal); install hints that never name ``scorecard[...]``."""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import pty
import select
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from scorecard import cli
from scorecard._extras import EXTRAS, REQUIREMENTS, install_hint, missing
from scorecard.commands._checksums import update_checksums

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "tests" / "data" / "example"

NEW_COMMITMENT = """
[[commitments]]
id = "training.curriculum"
title = "Publish a common curriculum"
promise = "The partners publish one curriculum for every inspector."
parties = ["partners"]
"""


def scorecard(*args: str, cwd: Path, check: bool = True) -> subprocess.CompletedProcess[str]:
    """The command as a newcomer runs it: a fresh interpreter, in ``cwd``."""
    done = subprocess.run(
        [sys.executable, "-m", "scorecard", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert "Traceback" not in done.stderr, done.stderr
    if check:
        assert done.returncode == 0, done.stderr
    return done


@pytest.mark.slow
def test_newcomer_path_from_a_clean_temporary_directory(tmp_path: Path) -> None:
    made = scorecard("init", "wildlife", cwd=tmp_path)
    assert "wildlife/programme.toml" in made.stdout
    assert "is valid" in scorecard("check", "wildlife", cwd=tmp_path).stdout
    # edit: a second commitment, by a text edit of the pillar file (never assessed yet)
    pillar = tmp_path / "wildlife" / "pillars" / "training.toml"
    pillar.write_text(pillar.read_text(encoding="utf-8") + NEW_COMMITMENT, encoding="utf-8")
    checked = scorecard("check", "wildlife", cwd=tmp_path)
    assert "1 pillars, 2 commitments, 1 assessments" in checked.stdout
    scored = json.loads(scorecard("score", "wildlife", "--format", "json", cwd=tmp_path).stdout)
    (training,) = scored["pillars"]
    assert [c["id"] for c in training["commitments"]] == [
        "training.inspectors",
        "training.curriculum",
    ]
    # one of two equally weighted commitments assessed, at "limited" (0.33): renormalised
    assert training["coverage"] == pytest.approx(0.5)
    assert scored["overall"]["score"] == pytest.approx(33.0)
    assert scored["overall"]["grade"] == "D"
    rendered = scorecard(
        "render",
        "wildlife",
        "--pdf",
        "reports/2025/wildlife.pdf",
        "--html",
        "site/wildlife.html",
        "--draws",
        "200",
        cwd=tmp_path,
    )
    assert rendered.stdout.split() == ["site/wildlife.html", "reports/2025/wildlife.pdf"]
    assert (tmp_path / "reports" / "2025" / "wildlife.pdf").read_bytes().startswith(b"%PDF-")
    html = (tmp_path / "site" / "wildlife.html").read_text(encoding="utf-8")
    assert "Publish a common curriculum" in html
    assert rendered.stderr == ""  # not a terminal: no progress


def test_init_writes_a_dataset_that_checks_and_points_to_the_docs(tmp_path: Path) -> None:
    assert cli.main(["init", str(tmp_path / "My Programme")]) == 0
    folder = tmp_path / "My Programme"
    programme = tomllib.loads((folder / "programme.toml").read_text(encoding="utf-8"))
    assert programme["id"] == "my-programme"
    assert len(programme["pillars"]) == 1
    for name in ("programme.toml", "sources.toml", "pillars/training.toml"):
        assert "docs/data-format.md" in (folder / name).read_text(encoding="utf-8"), name
    assert cli.main(["check", str(folder)]) == 0


def test_init_takes_an_id_and_a_title(tmp_path: Path) -> None:
    folder = tmp_path / "x"
    assert cli.main(["init", str(folder), "--id", "border.health", "--title", 'The "Compact"']) == 0
    programme = tomllib.loads((folder / "programme.toml").read_text(encoding="utf-8"))
    assert (programme["id"], programme["title"]) == ("border.health", 'The "Compact"')


def test_init_refuses_a_folder_that_is_not_empty(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "notes.txt").write_text("mine", encoding="utf-8")
    assert cli.main(["init", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: ")
    assert "is not empty" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]
    assert cli.main(["init", str(tmp_path / "notes.txt")]) == 1
    assert "not a folder" in capsys.readouterr().err
    assert cli.main(["init", str(tmp_path / "new"), "--id", "Bad Id"]) == 1
    assert "--id: 'Bad Id' is not a valid id" in capsys.readouterr().err


def _dataset(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    assert cli.main(["init", str(folder)]) == 0
    return folder


def test_update_checksums_rewrites_only_the_stale_values(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _dataset(tmp_path)
    # a second source whose sha256 is right, and odd but valid layout around both
    (folder / "sources" / "second.txt").write_text("Second text.\n", encoding="utf-8")
    good = hashlib.sha256(b"Second text.\n").hexdigest()
    sources = folder / "sources.toml"
    text = sources.read_text(encoding="utf-8").replace('sha256 = "', 'sha256   =   "')
    text += (
        "\n[[sources]]   # the second one\n"
        'id = "second"\ntitle = "Second"\npublished = 2024-03-01\nkind = "note"\n'
        f'file = "sources/second.txt"\nsha256 = "{good}"  # checked\n'
    )
    sources.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    before = sources.read_bytes()
    old = tomllib.loads(text)["sources"][0]["sha256"]
    statement = folder / "sources" / "2024-03-01-joint-statement.txt"
    statement.write_text(statement.read_text(encoding="utf-8") + "Signed.\n", encoding="utf-8")
    new = hashlib.sha256(statement.read_bytes()).hexdigest()
    assert cli.main(["check", str(folder)]) == 1
    capsys.readouterr()

    assert cli.main(["check", str(folder), "--update-checksums"]) == 0
    out, err = capsys.readouterr()
    assert f"sha256 {old} -> {new}" in err
    assert "second" not in err
    assert "is valid" in out
    assert old not in out
    assert sources.read_bytes() == before.replace(old.encode(), new.encode())
    # nothing stale: nothing rewritten
    assert update_checksums(folder) == []
    assert sources.read_bytes() == before.replace(old.encode(), new.encode())


def test_update_checksums_adds_a_missing_sha256_after_the_file_line(tmp_path: Path) -> None:
    folder = _dataset(tmp_path)
    sources = folder / "sources.toml"
    lines = sources.read_text(encoding="utf-8").splitlines(keepends=True)
    sources.write_text("".join(x for x in lines if not x.startswith("sha256")), encoding="utf-8")
    (change,) = update_checksums(folder)
    assert change.old is None
    text = sources.read_text(encoding="utf-8")
    assert f'file = "{change.file}"\nsha256 = "{change.new}"\n' in text
    assert cli.main(["check", str(folder)]) == 0


def test_update_checksums_refuses_sources_it_cannot_place_in_the_text(tmp_path: Path) -> None:
    from scorecard.errors import ScorecardError

    folder = _dataset(tmp_path)
    sources = folder / "sources.toml"
    entry = tomllib.loads(sources.read_text(encoding="utf-8"))["sources"][0]
    inline = ", ".join(f"{k} = {json.dumps(str(v))}" for k, v in entry.items() if k != "published")
    sources.write_text(f"sources = [{{ {inline}, published = 2024-03-01 }}]\n", encoding="utf-8")
    before = sources.read_bytes()
    with pytest.raises(ScorecardError, match=r"as \[\[sources\]\] tables"):
        update_checksums(folder)
    assert sources.read_bytes() == before


def test_weightings_lists_names_rationales_and_weights(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["weightings", str(EXAMPLE), "--format", "json"]) == 0
    listed = {w["id"]: w for w in json.loads(capsys.readouterr().out)}
    assert list(listed) == ["equal", "health-first"]  # the dataset defines its own "equal"
    health = listed["health-first"]
    assert health["default"] is False
    assert listed["equal"]["default"] is True
    assert health["pillars"] == {"access": 1.0, "quality": 2.0, "governance": 0.5}
    # shares of the overall score: 1 : 2 : 0.5 out of 3.5
    assert health["pillar_shares"] == pytest.approx(
        {"access": 1 / 3.5, "quality": 2 / 3.5, "governance": 0.5 / 3.5}
    )
    assert health["commitments"] == {"quality.testing": 2.0}
    assert cli.main(["weightings", str(EXAMPLE)]) == 0
    table = capsys.readouterr().out
    assert "health-first: Health first" in table
    assert "pillars: access 1 (29%), quality 2 (57%), governance 0.5 (14%)" in table
    assert "commitments: quality.testing 2" in table


def test_the_builtin_equal_weighting_is_listed_where_the_dataset_has_none(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["weightings", str(ROOT / "fixtures" / "merida"), "--format", "json"]) == 0
    listed = {w["id"]: w for w in json.loads(capsys.readouterr().out)}
    assert listed["equal"]["builtin"] is True
    assert listed["designed"]["default"] is True
    assert sum(listed["equal"]["pillar_shares"].values()) == pytest.approx(1.0)


def _subparsers() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    (sub,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(sub.choices)


def test_every_subcommand_has_examples_and_every_flag_help_and_its_default() -> None:
    parsers = _subparsers()
    assert sorted(parsers) == sorted(cli.COMMANDS)
    for name, parser in parsers.items():
        assert parser.epilog is not None
        examples = parser.epilog.splitlines()[1:]
        assert any(line.strip().startswith(f"scorecard {name} ") for line in examples), name
        assert "examples:" in parser.format_help()
        for action in parser._actions:
            if not action.option_strings or action.dest == "help":
                continue
            assert action.help, (name, action.option_strings)
            if action.default not in (None, False):
                assert f"default: {action.default}" in action.help, (name, action.dest)


def test_render_checks_the_suffix_of_each_output_before_anything_else(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "new"
    code = cli.main(["render", "no-such-dataset", "--pdf", str(out / "r.html")])
    assert code == 1
    err = capsys.readouterr().err.splitlines()
    assert err == [f"error: --pdf: '{out / 'r.html'}' does not end in .pdf; for HTML use --html"]
    assert cli.main(["render", "x", "--html", "r.pdf", "--pdf", "r.PDF"]) == 1
    assert capsys.readouterr().err.startswith("error: --html: 'r.pdf' does not end in .html")
    assert not out.exists()


def test_a_failed_pdf_leaves_no_html_of_the_same_run(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """One command, one outcome: the PDF cannot be written (its path is a folder), so
    the HTML asked for beside it is not written either, and the CLI says why in one line."""
    blocked = tmp_path / "report.pdf"
    blocked.mkdir()
    html = tmp_path / "report.html"
    code = cli.main(["render", str(EXAMPLE), "--html", str(html), "--pdf", str(blocked)])
    assert code == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    assert err.startswith("error:")
    assert not html.exists()
    assert list(blocked.iterdir()) == []


def test_extract_of_a_broken_file_prints_one_error_line(tmp_path: Path) -> None:
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.7\n1 0 obj\n<< >>\nendobj\n")
    (tmp_path / "text.pdf").write_bytes(b"hello")
    for name in ("broken.pdf", "text.pdf"):
        done = scorecard("extract", name, "out", cwd=tmp_path, check=False)
        assert done.returncode == 1
        lines = done.stderr.splitlines()
        assert len(lines) == 1, done.stderr
        assert lines[0].startswith(f"error: {name}: not a readable PDF")
    assert not (tmp_path / "out").exists()


# -- progress ------------------------------------------------------------------

PROGRESS = (
    "import sys; import scorecard.progress as p; p.DELAY = 0; "
    "from scorecard.cli import main; sys.exit(main(sys.argv[1:]))"
)


def _on_a_terminal(*args: str) -> tuple[int, str, str]:
    """Run the CLI with standard error on a pseudo-terminal and standard output on a
    pipe; return the exit status, stdout and what reached the terminal."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(
        [sys.executable, "-c", PROGRESS, *args],
        stdout=subprocess.PIPE,
        stderr=follower,
        stdin=subprocess.DEVNULL,
        cwd=ROOT,
    )
    os.close(follower)
    terminal = b""
    while True:
        ready, _, _ = select.select([leader], [], [], 300)
        if not ready:
            break
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        terminal += chunk
    out = proc.stdout.read() if proc.stdout else b""
    code = proc.wait(timeout=300)
    os.close(leader)
    return code, out.decode(), terminal.decode(errors="replace")


SENSITIVITY = ("sensitivity", str(EXAMPLE), "--draws", "150000", "--format", "json")


@pytest.mark.slow
def test_progress_goes_to_a_terminal_stderr_and_never_to_stdout() -> None:
    code, out, terminal = _on_a_terminal(*SENSITIVITY)
    assert code == 0
    assert "sensitivity" in terminal
    assert "draw" in terminal
    assert "verifying quotes" in terminal
    data = json.loads(out)  # stdout is the JSON alone
    assert data["draws"] == 150_000
    assert "\r" not in out
    assert "draw/s" not in out


@pytest.mark.slow
def test_quiet_silences_progress_on_a_terminal() -> None:
    code, out, terminal = _on_a_terminal(*SENSITIVITY, "-q")
    assert code == 0
    assert terminal == ""
    assert json.loads(out)["draws"] == 150_000


def test_no_progress_when_stderr_is_not_a_terminal() -> None:
    done = subprocess.run(
        [sys.executable, "-c", PROGRESS, "timeline", str(EXAMPLE), "--format", "json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
        check=True,
    )
    assert done.stderr == ""
    assert json.loads(done.stdout)["points"]


def test_library_calls_show_no_progress(capsys: pytest.CaptureFixture[str]) -> None:
    import scorecard

    scorecard.sensitivity(scorecard.load(EXAMPLE), draws=500)
    assert capsys.readouterr() == ("", "")


# -- install hints -----------------------------------------------------------------


def test_hint_requirements_are_the_ones_pyproject_declares() -> None:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    base = set(project["dependencies"])
    extras = project["optional-dependencies"]
    for module, requirement in REQUIREMENTS.items():
        extra = EXTRAS.get(module)
        declared = base if extra is None else set(extras[extra])
        assert requirement in declared, (module, requirement)
    assert base <= set(REQUIREMENTS.values())


@pytest.mark.parametrize("module", sorted(REQUIREMENTS))
def test_no_hint_installs_a_distribution_named_scorecard(module: str) -> None:
    hint = install_hint(module)
    assert "scorecard[" not in hint
    assert "install scorecard" not in hint
    assert f"python -m pip install '{REQUIREMENTS[module]}'" in hint
    if module in EXTRAS:
        assert f"-e '.[{EXTRAS[module]}]'" in hint


def test_missing_pandas_and_matplotlib_follow_the_rule(monkeypatch: pytest.MonkeyPatch) -> None:
    import scorecard
    import scorecard.plot
    from scorecard.errors import ScorecardError
    from scorecard.frames import require_pandas

    monkeypatch.setitem(sys.modules, "pandas", None)
    with pytest.raises(ScorecardError) as caught:
        require_pandas()
    assert str(caught.value) == str(missing("to_frame()", "pandas"))
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    monkeypatch.setitem(sys.modules, "matplotlib.figure", None)
    result = scorecard.score(scorecard.load(EXAMPLE))
    with pytest.raises(ScorecardError, match=r"matplotlib>=3\.8.*-e '\.\[plot\]'"):
        scorecard.plot.pillar_scores(result)


def test_a_command_whose_library_is_missing_says_how_to_install_it(tmp_path: Path) -> None:
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; sys.modules['weasyprint'] = None; from scorecard.cli import main; "
            "sys.exit(main(sys.argv[1:]))",
            "render",
            str(EXAMPLE),
            "--pdf",
            str(tmp_path / "r.pdf"),
            "--draws",
            "100",
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 1
    assert done.stderr.splitlines() == [
        "error: scorecard render needs weasyprint, which is not installed: install it with "
        + install_hint("weasyprint")
    ]
