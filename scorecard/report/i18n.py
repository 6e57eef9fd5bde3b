"""The report's language: message catalogs and the locale that numbers and dates follow.

Every fixed string of the report (the templates' words, the sentences of
``_messages.txt.j2``, chart labels) goes through :func:`gettext` or
:func:`ngettext`, which look up the catalog of the language being rendered. The
language is set for the duration of one render by :func:`activate` (a context
variable, so renders in different threads or tasks do not see each other's).

English is the source language: its "catalog" is :class:`gettext.NullTranslations`
and its locale is ``None``, which tells :mod:`scorecard.display` to format exactly
as it always has, so English output stays byte for byte what it was. Another
language ``lang`` reads ``scorecard/locale/<lang>/LC_MESSAGES/messages.mo`` and
formats numbers and dates with Babel for its locale tag (:data:`LOCALES`).
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import gettext as _gettext
from collections.abc import Iterator
from pathlib import Path

import attrs

from scorecard.errors import RenderError

__all__ = [
    "DEFAULT_LANG",
    "LANGUAGES",
    "LOCALES",
    "Active",
    "activate",
    "active",
    "catalog",
    "check_lang",
    "gettext",
    "locale_dir",
    "ngettext",
    "number_locale",
]

DEFAULT_LANG = "en"

LOCALES: dict[str, str] = {"en": "en", "es": "es-MX"}
"""Each language the report can be rendered in, and the BCP 47 locale tag it declares
(``<html lang>``, the PDF's ``/Lang``) and formats numbers and dates for, unless the
dataset declares its own. Spanish means Mexican Spanish: the first Spanish-language
readers of the Mérida report are Mexican."""

LANGUAGES: tuple[str, ...] = tuple(sorted(LOCALES))


def locale_dir() -> Path:
    """The folder of the compiled catalogs (``<lang>/LC_MESSAGES/messages.mo``)."""
    return Path(__file__).resolve().parent.parent / "locale"


def check_lang(lang: str) -> str:
    """``lang`` if the report can be rendered in it; else a :class:`RenderError` that
    names the available languages."""
    if lang not in LOCALES:
        raise RenderError(
            f"--lang: the report cannot be rendered in {lang!r}; "
            f"available languages: {', '.join(LANGUAGES)}"
        )
    return lang


@functools.cache
def catalog(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of ``lang`` (English: no catalog, the source strings)."""
    check_lang(lang)
    if lang == DEFAULT_LANG:
        return _gettext.NullTranslations()
    path = locale_dir() / lang / "LC_MESSAGES" / "messages.mo"
    try:
        with path.open("rb") as handle:
            return _gettext.GNUTranslations(handle)
    except OSError as exc:  # pragma: no cover - the package ships every catalog
        raise RenderError(
            f"{path}: the {lang!r} catalog is missing; run `make i18n-compile`"
        ) from exc


@attrs.frozen
class Active:
    """The language of the render in progress: its code, the locale tag it declares,
    the locale its numbers and dates follow (``None``: the English defaults) and its
    catalog."""

    lang: str
    tag: str
    number_locale: str | None
    translations: _gettext.NullTranslations


_ENGLISH = Active(DEFAULT_LANG, LOCALES[DEFAULT_LANG], None, _gettext.NullTranslations())
_ACTIVE: contextvars.ContextVar[Active] = contextvars.ContextVar("scorecard_lang", default=_ENGLISH)


def active() -> Active:
    """The language being rendered (English outside :func:`activate`)."""
    return _ACTIVE.get()


@contextlib.contextmanager
def activate(
    lang: str = DEFAULT_LANG,
    *,
    tag: str | None = None,
    translations: _gettext.NullTranslations | None = None,
) -> Iterator[Active]:
    """Render in ``lang`` inside the ``with`` block. ``tag``: a locale tag the dataset
    declares (default :data:`LOCALES`); ``translations``: a catalog to use instead of
    the shipped one (tests use a pseudo-locale)."""
    check_lang(lang)
    if lang == DEFAULT_LANG and tag is None and translations is None:
        state = _ENGLISH
    else:
        declared = tag or LOCALES[lang]
        state = Active(
            lang,
            declared,
            None if lang == DEFAULT_LANG else declared.replace("-", "_"),
            translations if translations is not None else catalog(lang),
        )
    token = _ACTIVE.set(state)
    try:
        yield state
    finally:
        _ACTIVE.reset(token)


def gettext(message: str) -> str:
    """``message`` in the language being rendered."""
    return _ACTIVE.get().translations.gettext(message)


def ngettext(singular: str, plural: str, count: int) -> str:
    """The form of ``singular``/``plural`` for ``count`` in the language being rendered."""
    return _ACTIVE.get().translations.ngettext(singular, plural, count)


def number_locale() -> str | None:
    """The Babel locale numbers and dates follow (``None``: English, the defaults)."""
    return _ACTIVE.get().number_locale
