"""How to install a missing dependency: the one rule every hint follows.

This project is not published on the public package index, and the name
``scorecard`` there belongs to an unrelated project: ``pip install
'scorecard[pandas]'`` would install that one. So no hint names a distribution of
ours. A hint names the missing library itself, with the version this package
asks for (``python -m pip install 'pandas>=2.2'``: it comes from its own
well-known project), and the extra that holds it, installed from a checkout of
this project (``python -m pip install -e '.[pandas]'``). ``docs/quickstart.md`` says
the same ("Installing"). The requirements here are checked against ``pyproject.toml`` by the tests.
"""

from __future__ import annotations

from scorecard.errors import ScorecardError

__all__ = ["EXTRAS", "REQUIREMENTS", "install_hint", "missing", "needs"]

# import name -> the requirement, as pyproject.toml states it
REQUIREMENTS: dict[str, str] = {
    "attrs": "attrs>=24.2",
    "cattrs": "cattrs>=24.1",
    "jinja2": "jinja2>=3.1",
    "weasyprint": "weasyprint>=70",
    "numpy": "numpy>=1.26",
    "ahocorasick": "pyahocorasick>=2.1",
    "tomli_w": "tomli-w>=1.0",
    "pypdf": "pypdf>=5",
    "krippendorff": "krippendorff>=0.8",
    "tqdm": "tqdm>=4.66",
    "babel": "babel>=2.14",
    "pandas": "pandas>=2.2",
    "matplotlib": "matplotlib>=3.8",
}

# import name -> the optional extra that holds it (the rest are base dependencies)
EXTRAS: dict[str, str] = {"pandas": "pandas", "matplotlib": "plot"}


def install_hint(module: str) -> str:
    """``python -m pip install 'pandas>=2.2' (from a checkout of scorecard: python -m
    pip install -e '.[pandas]')`` for an import name of :data:`REQUIREMENTS`."""
    requirement = REQUIREMENTS.get(module, module)
    extra = EXTRAS.get(module)
    checkout = f"-e '.[{extra}]'" if extra else "-e ."
    return (
        f"python -m pip install '{requirement}' "
        f"(or, in a checkout of scorecard: python -m pip install {checkout})"
    )


def needs(what: str, module: str) -> str:
    """The message for a feature whose library is not installed: ``to_frame() needs
    pandas, which is not installed: install it with ...``."""
    name = REQUIREMENTS.get(module, module).split(">")[0].split("=")[0]
    return f"{what} needs {name}, which is not installed: install it with {install_hint(module)}"


def missing(what: str, module: str) -> ScorecardError:
    """:func:`needs` as an error."""
    return ScorecardError(needs(what, module))
