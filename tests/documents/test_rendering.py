"""documents.rendering: HTML -> PDF facts, the fetcher's rule, fonts, PDF/A, page count, determinism.

No database: these tests only render. Text and fonts are read back with poppler-utils (pdftotext,
pdffonts, pdfinfo), which bin/lib/setup.sh installs with the application packages.
"""

import dataclasses
import hashlib
import os
import re
import shutil
import socket
import subprocess
import sys
import zlib
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from django.template import engines

from documents.rendering import (
    FONTS_DIR,
    PRINT_CSS,
    TEMPLATES_DIR,
    ProjectFileFetcher,
    RenderedPdf,
    _base_stylesheet,
    render_pdf,
)

ROME = timezone(timedelta(hours=1))
# 1x1 transparent PNG: a data: image the fetcher may serve.
PNG_DATA_URL = "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="

# A paper agreement's layout (see shared/seeds): title, TRA parties, VISTI/CONSIDERATO, articles, signatures.
AGREEMENT_TEMPLATE = """{% extends "documents/base_print.html" %}
{% block content %}
<h1>{{ title }}</h1>
<p class="section-heading">Tra</p>
<ul class="parties">
{% for party in parties %}<li><span class="party-name">{{ party.name }}</span>, rappresentato da {{ party.signer }},
  il quale interviene nella sua qualità di {{ party.role }} pro tempore;</li>{% endfor %}
</ul>
<p class="section-heading">Visti</p>
<ul class="recitals">{% for item in recitals %}<li>{{ item }}</li>{% endfor %}</ul>
<p class="section-heading">Considerato che</p>
<ul class="recitals">{% for item in recitals %}<li>{{ item }}</li>{% endfor %}</ul>
<p class="section-heading">Tutto ciò premesso si conviene e si stipula quanto segue</p>
<div class="articles">
{% for article in articles %}<section class="article">
  <h2 class="article-title">{{ article.title }}</h2>
  {% for paragraph in article.paragraphs %}<p>{{ paragraph }}</p>{% endfor %}
</section>{% endfor %}
</div>
<div class="signatures">
  <p class="signatures-intro">Letto, confermato e sottoscritto</p>
  {% for party in parties %}<div class="signature">
    <div class="signature-party">Per {{ party.name }}</div>
    <div class="signature-signer">{{ party.role }} {{ party.signer }}</div>
    <div class="signature-line"></div>
    <div class="signature-note">(firma digitale)</div>
  </div>{% endfor %}
</div>
{% endblock %}
"""

PARAGRAPH = (
    "La presente convenzione regola i rapporti tra i Comuni del sub ambito per l'esercizio di quelle "
    "attività che, per la loro natura tecnica e organizzativa, non possono essere svolte con la necessaria "
    "efficacia ed efficienza dal singolo Comune, comprese quelle per le quali sono state predisposte "
    "specifiche modalità gestionali distrettuali e interdistrettuali."
)


def agreement_html(*, articles: int = 3, title: str = "Convenzione per il sub ambito") -> str:
    context: dict[str, Any] = {
        "title": title,
        "lang": "it",
        "parties": [
            {"name": f"il Comune di Comune {n}", "signer": f"Nome Cognome {n}", "role": "Sindaco"}
            for n in range(1, 5)
        ],
        "recitals": [f"La legge n. {n}/2000 e i suoi decreti attuativi." for n in range(1, 4)],
        "articles": [
            {"title": f"Oggetto dell'articolo {n}", "paragraphs": [PARAGRAPH, PARAGRAPH]}
            for n in range(1, articles + 1)
        ],
    }
    return engines["django"].from_string(AGREEMENT_TEMPLATE).render(context)


def _poppler(tool: str, pdf: bytes, tmp_path: Path, *args: str) -> str:
    executable = shutil.which(tool)
    assert executable, f"{tool} missing: install poppler-utils (bin/lib/setup.sh APP_PACKAGES)"
    path = tmp_path / f"{hashlib.sha256(pdf).hexdigest()[:12]}.pdf"
    path.write_bytes(pdf)
    result = subprocess.run(  # noqa: S603 - fixed poppler tool on a file we just wrote
        [executable, *args, str(path), "-"] if tool == "pdftotext" else [executable, *args, str(path)],
        capture_output=True,
        check=True,
        text=True,
    )
    return result.stdout


def pdf_text(pdf: bytes, tmp_path: Path) -> str:
    return _poppler("pdftotext", pdf, tmp_path, "-enc", "UTF-8")


def embedded_font_names(pdf: bytes, tmp_path: Path) -> list[str]:
    lines = _poppler("pdffonts", pdf, tmp_path).splitlines()[2:]  # skip the two header lines
    return [line.split()[0] for line in lines if line.strip()]


def inflated(pdf: bytes) -> bytes:
    """The file with every Flate stream decompressed, so object streams and XMP become searchable."""
    parts = [pdf]
    for match in re.finditer(rb"stream\r?\n(.*?)\r?\nendstream", pdf, re.DOTALL):
        try:
            parts.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(parts)


# --- facts -----------------------------------------------------------------------------------------


def test_render_returns_bytes_and_facts() -> None:
    rendered = render_pdf(agreement_html(articles=1), title="Prova")

    assert rendered.content.startswith(b"%PDF-")
    assert rendered.sha256 == hashlib.sha256(rendered.content).hexdigest()
    assert rendered.page_count >= 1
    assert rendered.pdf_variant == "pdf/a-3b"
    with pytest.raises(dataclasses.FrozenInstanceError):
        rendered.page_count = 0  # type: ignore[misc]
    assert isinstance(rendered, RenderedPdf)


def test_unknown_pdf_variant_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown PDF variant"):
        render_pdf("<p>x</p>", pdf_variant="pdf/a-9z")


def test_title_and_lang_reach_the_pdf_metadata(tmp_path: Path) -> None:
    rendered = render_pdf("<p>Testo senza html lang</p>", title="Convenzione 2025", lang="it")

    info = _poppler("pdfinfo", rendered.content, tmp_path)
    assert re.search(r"^Title:\s+Convenzione 2025$", info, re.MULTILINE)
    assert b"/Lang (it)" in inflated(rendered.content)


# --- fonts -----------------------------------------------------------------------------------------


def test_pdf_embeds_titillium_and_no_fallback_font(tmp_path: Path) -> None:
    html = agreement_html(articles=2) + "<p><i>corsivo</i> <b>grassetto</b> Łódź Śląsk</p>"
    rendered = render_pdf(html)

    names = embedded_font_names(rendered.content, tmp_path)
    assert names, "no font embedded"
    # Every font is a Titillium subset: a missing @font-face file would show up here as DejaVu.
    assert all(re.fullmatch(r"[A-Z]{6}\+Titillium-Web(-[A-Za-z]+)*", name) for name in names), names
    assert {"Titillium-Web", "Titillium-Web-Bold", "Titillium-Web-Italic", "Titillium-Web-Ext"} <= {
        name.split("+", 1)[1] for name in names
    }
    # The same fact read from the raw (inflated) bytes, independently of poppler.
    assert re.search(rb"/FontName /[A-Z]{6}\+Titillium-Web", inflated(rendered.content))
    # latin-ext letters come back as themselves (they are drawn from the latin-ext file).
    assert "Łódź Śląsk" in pdf_text(rendered.content, tmp_path)


def test_font_check_catches_a_fallback(tmp_path: Path) -> None:
    """Guard for the guard: a font not vendored is visible in the embedded font names."""
    rendered = render_pdf("<p style=\"font-family: 'DejaVu Sans'\">Testo</p>")

    names = embedded_font_names(rendered.content, tmp_path)
    assert not all("Titillium" in name for name in names), names


def test_print_stylesheet_font_files_exist() -> None:
    referenced = re.findall(r'url\("\.\./\.\./fonts/([^"]+)"\)', PRINT_CSS.read_text())
    assert len(referenced) == 8
    for name in referenced:
        assert (FONTS_DIR / name).is_file(), name
    assert (FONTS_DIR / "OFL.txt").read_text().count("SIL OPEN FONT LICENSE Version 1.1") == 1


# --- the fetcher: only the project's own files ------------------------------------------------------


def test_fetcher_refuses_remote_and_foreign_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    connections: list[Any] = []

    def no_network(*args: Any, **kwargs: Any) -> Any:
        connections.append(args)
        raise AssertionError("network used while rendering")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket, "getaddrinfo", no_network)
    fetcher = ProjectFileFetcher()
    html = (
        "<p>Prima</p>"
        '<img src="http://example.invalid/x.png">'
        '<img src="file:///etc/passwd">'
        '<link rel="stylesheet" href="https://example.invalid/evil.css">'
        "<div style=\"background: url('https://example.invalid/bg.png')\">Seconda</div>"
        '<img src="../../rendering.py">'
    )

    rendered = render_pdf(html, url_fetcher=fetcher)

    assert rendered.page_count == 1
    text = pdf_text(rendered.content, tmp_path)
    assert "Prima" in text and "Seconda" in text
    assert "root:" not in text
    assert "http://example.invalid/x.png" in fetcher.refused
    assert "file:///etc/passwd" in fetcher.refused
    assert "https://example.invalid/evil.css" in fetcher.refused
    assert "https://example.invalid/bg.png" in fetcher.refused
    # A project file outside the allowed roots is refused too (base_url is the templates folder).
    assert any(url.endswith("/documents/rendering.py") for url in fetcher.refused)
    assert connections == []
    # Nothing was served for the document (fonts come with the cached print.css), and WeasyPrint
    # reported each refusal.
    assert fetcher.served == []
    assert "example.invalid/x.png" in caplog.text
    assert "/etc/passwd" in caplog.text


def test_print_stylesheet_fonts_are_loaded_through_the_fetcher() -> None:
    render_pdf("<p>x</p>")  # builds the per-process stylesheet if no test did yet

    base = _base_stylesheet()
    assert base.fetcher.refused == []
    assert sorted(base.fetcher.served) == sorted(path.as_uri() for path in FONTS_DIR.glob("*.woff2"))
    assert len(base.fetcher.served) == 8


def test_fetcher_rules_directly(tmp_path: Path) -> None:
    fetcher = ProjectFileFetcher()
    font = FONTS_DIR / "titillium-web-latin-400-normal.woff2"

    assert fetcher.fetch(font.as_uri()).read() == font.read_bytes()
    assert fetcher.fetch(PRINT_CSS.as_uri()).content_type == "text/css"
    assert fetcher.fetch(PNG_DATA_URL).read().startswith(b"\x89PNG")

    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    refused = [
        outside.as_uri(),
        f"{TEMPLATES_DIR.as_uri()}/../../rendering.py",  # ".." out of the root
        f"{TEMPLATES_DIR.as_uri()}/%2e%2e/%2e%2e/rendering.py",  # the same, percent-encoded
        f"{FONTS_DIR.as_uri()}/missing.woff2",
        "file://otherhost/etc/passwd",
        "data:text/html,<script>alert(1)</script>",
        "ftp://example.invalid/x",
        "http://127.0.0.1/x.png",
    ]
    for url in refused:
        with pytest.raises(ValueError, match="project's own files"):
            fetcher.fetch(url)
    assert fetcher.refused == refused


def test_fetcher_does_not_follow_a_symlink_out_of_its_root(tmp_path: Path) -> None:
    root = tmp_path / "root"
    root.mkdir()
    (root / "inside.css").write_text("p {}")
    outside = tmp_path / "secret.txt"
    outside.write_text("secret")
    (root / "link.txt").symlink_to(outside)
    fetcher = ProjectFileFetcher(roots=[root])

    assert fetcher.fetch((root / "inside.css").as_uri()).read() == b"p {}"
    with pytest.raises(ValueError, match="project's own files"):
        fetcher.fetch((root / "link.txt").as_uri())


def test_data_image_is_rendered_without_fetching(tmp_path: Path) -> None:
    fetcher = ProjectFileFetcher()
    rendered = render_pdf(f'<p>Logo</p><img src="{PNG_DATA_URL}">', url_fetcher=fetcher)

    assert fetcher.refused == []
    assert b"/Subtype /Image" in inflated(rendered.content)


# --- autoescape end to end --------------------------------------------------------------------------


def test_user_text_from_a_django_template_prints_literally(tmp_path: Path) -> None:
    hostile = [
        "<script>alert('x')</script>",
        "<img src=x onerror=alert(1)>",
        "<b>non grassetto</b>",
        'Virgolette "doppie" & commerciale',
    ]
    template = engines["django"].from_string(
        '{% extends "documents/base_print.html" %}{% block content %}'
        "{% for item in items %}<p>{{ item }}</p>{% endfor %}{% endblock %}"
    )
    fetcher = ProjectFileFetcher()

    rendered = render_pdf(template.render({"items": hostile}), url_fetcher=fetcher)

    text = pdf_text(rendered.content, tmp_path)
    for item in hostile:
        assert item in text
    # The would-be <img> was text, so nothing was fetched for it, and <b> embedded no bold font.
    assert fetcher.refused == []
    assert not any("Bold" in name for name in embedded_font_names(rendered.content, tmp_path))


# --- PDF/A -----------------------------------------------------------------------------------------


def test_pdf_declares_pdfa_3b() -> None:
    rendered = render_pdf(agreement_html(articles=1))

    data = inflated(rendered.content)
    assert re.search(rb'pdfaid:part="3"', data)
    assert re.search(rb'pdfaid:conformance="B"', data)
    assert b"/OutputIntents" in data and b"/GTS_PDFA1" in data


def test_plain_pdf_has_no_pdfa_claim() -> None:
    rendered = render_pdf("<p>x</p>", pdf_variant="")

    assert rendered.pdf_variant == ""
    assert b"pdfaid" not in inflated(rendered.content)


# --- page count ------------------------------------------------------------------------------------


def test_page_count_matches_the_printed_footer(tmp_path: Path) -> None:
    rendered = render_pdf(agreement_html(articles=22))

    pages = pdf_text(rendered.content, tmp_path).split("\f")
    pages = [page for page in pages if page.strip()]
    total = rendered.page_count
    assert total >= 5
    assert len(pages) == total
    for number, page in enumerate(pages, start=1):
        assert f"Pagina {number} di {total}" in page
    assert "Art. 22 – Oggetto dell'articolo 22" in pages[-1] or "Art. 22" in "".join(pages)
    assert "Letto, confermato e sottoscritto" in "".join(pages)
    # Hyphenation is on: its character must not pull in a fallback font.
    assert all("Titillium" in name for name in embedded_font_names(rendered.content, tmp_path))


# --- determinism -----------------------------------------------------------------------------------


def test_same_input_and_created_at_give_the_same_bytes() -> None:
    html = agreement_html(articles=3)
    created = datetime(2025, 3, 14, 9, 30, tzinfo=ROME)

    first = render_pdf(html, title="Convenzione", created_at=created)
    second = render_pdf(html, title="Convenzione", created_at=created)
    later = render_pdf(html, title="Convenzione", created_at=created + timedelta(days=1))

    assert first.sha256 == second.sha256
    assert later.sha256 != first.sha256
    assert b"<xmp:CreateDate>2025-03-14T09:30:00+01:00</xmp:CreateDate>" in inflated(first.content)


def test_a_fresh_process_gives_the_same_bytes() -> None:
    """The per-process stylesheet cache must not change the output: cold and warm renders agree."""
    created = datetime(2025, 3, 14, 9, 30, tzinfo=ROME)
    warm = render_pdf(agreement_html(articles=3), created_at=created)
    script = (
        "import django; django.setup()\n"
        "from datetime import datetime, timedelta, timezone\n"
        "from documents.rendering import render_pdf\n"
        "from tests.documents.test_rendering import agreement_html\n"
        "created = datetime(2025, 3, 14, 9, 30, tzinfo=timezone(timedelta(hours=1)))\n"
        "print(render_pdf(agreement_html(articles=3), created_at=created).sha256)\n"
    )
    project_root = Path(__file__).resolve().parents[2]
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": str(project_root)}
    cold = subprocess.run(  # noqa: S603 - this interpreter, a fixed script
        [sys.executable, "-c", script], cwd=project_root, env=env, capture_output=True, text=True, check=True
    )
    assert cold.stdout.strip().splitlines()[-1] == warm.sha256


def test_created_at_must_be_aware() -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        render_pdf("<p>x</p>", created_at=datetime(2025, 1, 1))  # naive: the point of the test
    render_pdf("<p>x</p>", created_at=datetime(2025, 1, 1, tzinfo=UTC))


def test_article_numbers_come_from_the_counter_or_data_number(tmp_path: Path) -> None:
    html = (
        '<div class="articles">'
        '<section class="article"><h2 class="article-title">Finalità</h2><p>a</p></section>'
        '<section class="article"><h2 class="article-title">Oggetto</h2><p>b</p></section>'
        '<section class="article"><h2 class="article-title" data-number="2 bis">Durata</h2><p>c</p></section>'
        "</div>"
    )
    text = pdf_text(render_pdf(html).content, tmp_path)

    assert "Art. 1 – Finalità" in text
    assert "Art. 2 – Oggetto" in text
    assert "Art. 2 bis – Durata" in text
