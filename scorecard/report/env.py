"""The Jinja environment of the reports.

Every template is autoescaped, whatever its name (``*.html.j2`` included), and
an undefined name is an error (``StrictUndefined``), never an empty string. A
user's template directory comes first on the search path, so a file there
replaces the built-in one of the same name; the built-in templates stay reachable
under the ``builtin/`` prefix, so a user template can extend them::

    {% extends "builtin/report.html.j2" %}
    {% block cover_note %}Prepared for the committee.{% endblock %}

Every template has Jinja's i18n extension: ``{% trans %}`` blocks and ``_()`` look
up the catalog of the language being rendered (:mod:`scorecard.report.i18n`), so
one environment serves every language.

The stylesheet ``report.css`` is found on the same path and inlined as trusted
text (it is a file of the package or of the user's template directory, never
data).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import jinja2
from markupsafe import Markup

from scorecard._assets import templates_dir
from scorecard.errors import RenderError
from scorecard.report import i18n
from scorecard.report.filters import FILTERS

__all__ = ["builtin_dir", "environment", "language_stylesheet", "stylesheet"]

STYLESHEET = "report.css"
LANGUAGE_STYLESHEET = "report-lang.css"


def builtin_dir() -> Path:
    """The folder of the built-in report templates."""
    return templates_dir() / "report"


def _always(_: str | None) -> bool:
    return True


def environment(
    template_dir: str | os.PathLike[str] | None = None, *, escape: bool = True
) -> jinja2.Environment:
    """A Jinja environment over the user's template directory (if any) and the built-ins.

    ``escape=False`` is for the report's sentences only (``_messages.txt.j2``, see
    :mod:`scorecard.report.messages`): they are plain text, escaped where the report
    templates print them.
    """
    builtin = jinja2.FileSystemLoader(str(builtin_dir()), encoding="utf-8")
    loaders: list[jinja2.BaseLoader] = []
    if template_dir is not None:
        folder = Path(template_dir)
        if not folder.is_dir():
            raise RenderError(f"{folder}: the template directory does not exist")
        loaders.append(jinja2.FileSystemLoader(str(folder), encoding="utf-8"))
    loaders.append(builtin)
    loaders.append(jinja2.PrefixLoader({"builtin": builtin}))
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=_always if escape else False,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,
        extensions=["jinja2.ext.i18n"],
    )
    # newstyle: placeholders are named (%(name)s) and filled after translation, escaped
    # like any other value in the HTML templates
    env.install_gettext_callables(  # type: ignore[attr-defined]
        i18n.gettext, i18n.ngettext, newstyle=True
    )
    env.filters.update(FILTERS)
    return env


def stylesheet(env: jinja2.Environment, name: str = STYLESHEET) -> Markup:
    """The report stylesheet found on ``env``'s search path, as trusted markup.

    A ``</style`` inside it would end the style element early, so it is refused.
    """
    assert env.loader is not None
    try:
        source, _, _ = env.loader.get_source(env, name)
    except jinja2.TemplateNotFound as exc:  # pragma: no cover - the package ships it
        raise RenderError(f"the stylesheet {name} was not found") from exc
    if "</style" in source.lower():
        raise RenderError(f"{name} must not contain '</style'")
    return Markup(source)


def _css_string(text: str) -> str:
    """``text`` as a CSS string literal (quotes, backslashes and line breaks escaped)."""
    escaped = "".join(f"\\{ord(ch):x} " if ch in '"\\\n<>' else ch for ch in text)
    return f'"{escaped}"'


def language_stylesheet(env: jinja2.Environment) -> Markup:
    """What a report in another language than English adds to the stylesheet: room for
    longer words (``report-lang.css``) and the page footer in the report's language
    ("Page 3 of 40"). Empty for English, whose stylesheet stays as it was."""
    if i18n.active().lang == i18n.DEFAULT_LANG:
        return Markup("")
    # "Page {page} of {pages}" as CSS content: the words as strings, the numbers as counters
    words = re.split(r"(\{page\}|\{pages\})", i18n.gettext("Page {page} of {pages}"))
    parts = [
        {"{page}": "counter(page)", "{pages}": "counter(pages)"}.get(w) or _css_string(w)
        for w in words
        if w
    ]
    footer = f"@page {{ @bottom-right {{ content: {' '.join(parts)}; }} }}\n"
    return stylesheet(env, LANGUAGE_STYLESHEET) + Markup(footer)
