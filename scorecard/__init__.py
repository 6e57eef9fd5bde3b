"""scorecard: evidence-backed, pillar-by-pillar scorecards for policy programmes.

``import scorecard`` is cheap: the engine, the reports and their heavy
dependencies (numpy, WeasyPrint, pandas) load on first use.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from scorecard._version import __version__
from scorecard.dates import PartialDate
from scorecard.errors import (
    DataError,
    OptionProblem,
    OptionsError,
    Problem,
    RenderError,
    ScorecardError,
    ScoringError,
    WeightsError,
    WrongTypeError,
)
from scorecard.model import (
    Assessment,
    Citation,
    Commitment,
    Direction,
    EvidenceKind,
    Goalposts,
    GradeBand,
    GradeBands,
    Indicator,
    Level,
    Observation,
    Party,
    Pillar,
    Programme,
    ProgrammeIndex,
    Scale,
    Source,
    SourceFormat,
    Translation,
    Weighting,
)
from scorecard.options import (
    Aggregation,
    DeclaredMethods,
    IndicatorPick,
    Methods,
    MissingPolicy,
    ScoringOptions,
)

# Public names defined in submodules that are imported on first use.
_LAZY: dict[str, str] = {
    "Agreement": "scorecard.reliability",
    "agreement": "scorecard.reliability",
    "export_json": "scorecard.export",
    "extract": "scorecard.report.extract",
    "load": "scorecard.loader",
    "load_collection": "scorecard.collection",
    "Collection": "scorecard.collection",
    "Unit": "scorecard.collection",
    "CollectionResult": "scorecard.collection_result",
    "CollectionSensitivity": "scorecard.collection_result",
    "localise": "scorecard.translations",
    "missing_translations": "scorecard.translations",
    "render_html": "scorecard.report.render",
    "render_pdf": "scorecard.report.render",
    "verify": "scorecard.citations",
    "Comparison": "scorecard.analysis",
    "Explanation": "scorecard.analysis",
    "Result": "scorecard.result",
    "SensitivityResult": "scorecard.robustness",
    "Timeline": "scorecard.analysis",
    "compare": "scorecard.analysis",
    "explain": "scorecard.analysis",
    "Weights": "scorecard.weights",
    "score": "scorecard.engine",
    "sensitivity": "scorecard.robustness",
    "timeline": "scorecard.analysis",
    "verdict_comparisons": "scorecard.engine",
}

if TYPE_CHECKING:
    from scorecard.analysis import Comparison, Explanation, Timeline, compare, explain, timeline
    from scorecard.citations import verify
    from scorecard.collection import Collection, Unit, load_collection
    from scorecard.collection_result import CollectionResult, CollectionSensitivity
    from scorecard.engine import score, verdict_comparisons
    from scorecard.export import export_json
    from scorecard.loader import load
    from scorecard.reliability import Agreement, agreement
    from scorecard.report.extract import extract
    from scorecard.report.render import render_html, render_pdf
    from scorecard.result import Result
    from scorecard.robustness import SensitivityResult, sensitivity
    from scorecard.translations import localise, missing_translations
    from scorecard.weights import Weights


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'scorecard' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


__all__ = [
    "Aggregation",
    "Agreement",
    "Assessment",
    "Citation",
    "Collection",
    "CollectionResult",
    "CollectionSensitivity",
    "Commitment",
    "Comparison",
    "DataError",
    "DeclaredMethods",
    "Direction",
    "EvidenceKind",
    "Explanation",
    "Goalposts",
    "GradeBand",
    "GradeBands",
    "Indicator",
    "IndicatorPick",
    "Level",
    "Methods",
    "MissingPolicy",
    "Observation",
    "OptionProblem",
    "OptionsError",
    "PartialDate",
    "Party",
    "Pillar",
    "Problem",
    "Programme",
    "ProgrammeIndex",
    "RenderError",
    "Result",
    "Scale",
    "ScorecardError",
    "ScoringError",
    "ScoringOptions",
    "SensitivityResult",
    "Source",
    "SourceFormat",
    "Timeline",
    "Translation",
    "Unit",
    "Weighting",
    "Weights",
    "WeightsError",
    "WrongTypeError",
    "__version__",
    "agreement",
    "compare",
    "explain",
    "export_json",
    "extract",
    "load",
    "load_collection",
    "localise",
    "missing_translations",
    "render_html",
    "render_pdf",
    "score",
    "sensitivity",
    "timeline",
    "verdict_comparisons",
    "verify",
]
