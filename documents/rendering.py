"""HTML -> PDF with WeasyPrint: the one place the project turns a document into bytes.

Callers build the HTML with Django templates (autoescape on), so text typed by a user reaches the
PDF as text, never as markup. This module imports no app: it takes HTML and returns bytes and facts.
WeasyPrint may read only the project's own files under ``ALLOWED_ROOTS`` (see ``ProjectFileFetcher``).
"""

from __future__ import annotations

import hashlib
import logging
import mimetypes
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import weasyprint
from weasyprint.pdf import VARIANTS
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher, URLFetcherResponse

logger = logging.getLogger(__name__)

APP_DIR = Path(__file__).resolve().parent
FONTS_DIR = APP_DIR / "fonts"
TEMPLATES_DIR = APP_DIR / "templates" / "documents"
PRINT_CSS = TEMPLATES_DIR / "print.css"
# The only folders WeasyPrint may read from: vendored fonts and the print stylesheet/templates.
# User uploads (MEDIA_ROOT) are deliberately not here.
ALLOWED_ROOTS: tuple[Path, ...] = (FONTS_DIR, TEMPLATES_DIR)

DEFAULT_PDF_VARIANT = "pdf/a-3b"
# data: URLs never leave the process; images only, so a generated QR code or logo can be inlined.
ALLOWED_DATA_MEDIA_PREFIX = "image/"


class ForbiddenURLError(ValueError):
    """A URL outside the project's own files. WeasyPrint logs it and renders without the resource."""


class ProjectFileFetcher(URLFetcher):
    """Serve ``file:`` URLs under the allowed roots and ``data:image/...`` URLs; refuse everything else.

    Subclasses WeasyPrint's ``URLFetcher`` (required by WeasyPrint >= 68, which reads its private
    ``_fail_on_errors``) but never calls the parent's ``fetch``, so no network handler is reachable.
    ``served`` and ``refused`` record every request, for tests and for logging.
    """

    def __init__(self, roots: Iterable[Path] = ALLOWED_ROOTS) -> None:
        # fail_on_errors=False: a refused resource is a warning, the document still renders.
        super().__init__(allowed_protocols=("file", "data"), fail_on_errors=False)
        self.roots: tuple[Path, ...] = tuple(root.resolve() for root in roots)
        self.served: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers: Any = None) -> URLFetcherResponse:
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "file":
            path = self._allowed_path(url)
            if path is not None:
                self.served.append(url)
                media_type = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
                return URLFetcherResponse(path.as_uri(), path.read_bytes(), {"Content-Type": media_type})
        elif scheme == "data":
            media_type = url[5:].split(",", 1)[0].split(";", 1)[0].strip().lower()
            if media_type.startswith(ALLOWED_DATA_MEDIA_PREFIX):
                self.served.append(url[:64])
                # urllib's DataHandler decodes base64/percent-encoding; it touches no network.
                return super().fetch(url, headers)
        self.refused.append(url)
        logger.warning("PDF rendering refused to fetch %s", url[:200])
        raise ForbiddenURLError(f"Only the project's own files may be fetched, not {url[:200]}")

    def _allowed_path(self, url: str) -> Path | None:
        parts = urlsplit(url)
        if parts.netloc not in ("", "localhost"):
            return None
        # resolve() follows symlinks and "..", so the containment check sees the real file.
        path = Path(url2pathname(unquote(parts.path))).resolve()
        if not path.is_file():
            return None
        return path if any(path.is_relative_to(root) for root in self.roots) else None


@dataclass(frozen=True)
class RenderedPdf:
    content: bytes
    sha256: str
    page_count: int
    pdf_variant: str


@dataclass(frozen=True)
class _BaseStylesheet:
    css: weasyprint.CSS
    font_config: FontConfiguration
    fetcher: ProjectFileFetcher


@cache
def _base_stylesheet() -> _BaseStylesheet:
    """print.css parsed once per process.

    Decoding the eight WOFF2 files is most of a render's cost (about 0.45 s of 0.9 s for 7 pages),
    and WeasyPrint supports reusing one CSS object and its FontConfiguration across documents.
    """
    fetcher = ProjectFileFetcher()
    font_config = FontConfiguration()
    css = weasyprint.CSS(filename=str(PRINT_CSS), url_fetcher=fetcher, font_config=font_config)
    return _BaseStylesheet(css=css, font_config=font_config, fetcher=fetcher)


# The shared FontConfiguration (Pango font map) is not meant for concurrent use: one render at a time
# per process. Gunicorn sync workers and Celery prefork never contend for it.
_render_lock = threading.Lock()


def _w3c_datetime(moment: datetime) -> str:
    if moment.tzinfo is None or moment.utcoffset() is None:
        raise ValueError("created_at must be timezone-aware")
    return moment.replace(microsecond=0).isoformat()


def render_pdf(
    html: str,
    *,
    base_url: Path | None = None,
    pdf_variant: str = DEFAULT_PDF_VARIANT,
    title: str = "",
    lang: str = "it",
    created_at: datetime | None = None,
    url_fetcher: ProjectFileFetcher | None = None,
) -> RenderedPdf:
    """Render ``html`` (built by a Django template, autoescaped) to a PDF with the print stylesheet.

    ``base_url`` resolves relative URLs (default: the documents templates folder); the fetcher still
    decides what may be read. ``pdf_variant`` is a WeasyPrint variant name ("pdf/a-3b", ...) or ""
    for a plain PDF. ``title``/``lang`` fill the PDF metadata and the root ``lang`` when the HTML
    has none. ``created_at`` (aware) fixes the creation date, so equal inputs give equal bytes.
    """
    if pdf_variant and pdf_variant not in VARIANTS:
        raise ValueError(f"Unknown PDF variant {pdf_variant!r}; known: {', '.join(sorted(VARIANTS))}")
    stamp = _w3c_datetime(created_at) if created_at is not None else None
    fetcher = url_fetcher or ProjectFileFetcher()
    root = base_url or TEMPLATES_DIR
    # A directory URL needs its trailing slash, else "x.png" resolves against the parent folder.
    base = root.resolve().as_uri() + ("/" if root.is_dir() else "")

    document_html = weasyprint.HTML(string=html, base_url=base, url_fetcher=fetcher)
    root_element = document_html.etree_element
    if lang and not root_element.get("lang"):
        # Hyphenation and the PDF /Lang follow the root element's lang attribute.
        root_element.set("lang", lang)

    with _render_lock:
        base_stylesheet = _base_stylesheet()
        options: dict[str, Any] = {"stylesheets": [base_stylesheet.css]}
        if pdf_variant:
            options["pdf_variant"] = pdf_variant
        # Lay out first: page_count is read from the same layout that printed "Pagina X di Y".
        document = document_html.render(font_config=base_stylesheet.font_config, **options)
        if title:
            document.metadata.title = title
        if stamp is not None:
            document.metadata.created = stamp
            document.metadata.modified = stamp
        content = document.write_pdf(**options)
    assert isinstance(content, bytes)  # write_pdf() without a target returns the bytes
    return RenderedPdf(
        content=content,
        sha256=hashlib.sha256(content).hexdigest(),
        page_count=len(document.pages),
        pdf_variant=pdf_variant,
    )
