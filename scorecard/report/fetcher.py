"""A WeasyPrint URL fetcher that fetches nothing but the package's own assets.

Dataset text is untrusted and the report's HTML is self-contained, so WeasyPrint
never needs the network or the local disk. :class:`RestrictedFetcher` serves
``file:`` URLs inside the template folders it is given (the built-in templates and
a user's template directory) and ``data:`` URLs; anything else is refused and
recorded in :attr:`RestrictedFetcher.refused`, which the renderer reports.

The same instance must be passed to every ``HTML``, ``CSS`` and ``Attachment``:
one built without it falls back to WeasyPrint's default fetcher, which reads
local files.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

from weasyprint.urls import URLFetcher, URLFetcherResponse

__all__ = ["RestrictedFetcher"]


class RestrictedFetcher(URLFetcher):  # type: ignore[misc]
    """Serve files under ``roots`` (and ``data:`` URLs); refuse and record the rest."""

    def __init__(self, roots: Iterable[Path]) -> None:
        super().__init__(timeout=1, allowed_protocols=("file", "data"), allow_redirects=False)
        self.roots: tuple[Path, ...] = tuple(Path(r).resolve() for r in roots)
        self.refused: list[str] = []
        self.served: list[str] = []

    def _allowed_file(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.scheme != "file" or parts.netloc not in ("", "localhost"):
            return None
        path = Path(unquote(parts.path)).resolve()
        for root in self.roots:
            if path.is_relative_to(root) and path.is_file():
                return path
        return None

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        if url.startswith("data:"):
            self.served.append(url[:40])
            return super().fetch(url, headers)
        path = self._allowed_file(url)
        if path is None:
            self.refused.append(url if len(url) <= 200 else url[:200] + "...")
            raise ValueError(f"scorecard refuses to fetch {url[:200]!r}")
        self.served.append(url)
        return URLFetcherResponse(url, path.read_bytes())
