"""Render plus sign time per agreement, against a bare WeasyPrint render of the same HTML (issue 3).

For each agreement the HTML is built as the worker builds it (``agreements.documents.print_html`` of an
unsaved ``AgreementDocument`` for the current version: nothing is written), then every step runs once
untimed (the first render in a process parses print.css and decodes the fonts) and ``repeat`` times timed,
the steps interleaved so that a busy neighbour slows them alike:

- ``baseline``: ``weasyprint.HTML(string=html).write_pdf()``: no print stylesheet, no PDF/A, no fetcher;
- ``html``: ``print_html`` again (``print_context``'s queries and the template);
- ``render``: ``documents.rendering.render_pdf`` with the arguments the worker passes;
- ``sign``: one PAdES signature on the rendered PDF (``documents.signing``, a ``documents.testca`` certificate);
- ``render_sign``: both, one after the other;
- ``sign_all_verify``: every signing party (or the first ``signers``) signs in turn, then ``verify_pdf``
  checks the final file against the rendered original; ``verify`` is the verification alone.

Figures are the median and the minimum, each also divided by the same statistic of the baseline.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from importlib.metadata import version as package_version
from io import BytesIO
from typing import Any, TypeVar

import weasyprint
import yaml
from django.conf import settings
from django.db import connection
from django.utils import timezone, translation
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign.signers import Signer

from agreements import selectors, services
from agreements.documents import print_html
from agreements.loaders import SEED_AGREEMENTS
from agreements.models import Agreement, AgreementDocument
from documents.rendering import RenderedPdf, render_pdf
from documents.signing import sign_pdf
from documents.testca import TestCA, make_signer
from documents.verification import verify_pdf

T = TypeVar("T")

SEEDS = ("000", "001", "002")
REASON = "Sottoscrizione dell'accordo"
# (key, label); "{n}" is the number of signatures of the agreement.
STEPS: tuple[tuple[str, str], ...] = (
    ("baseline", "baseline: bare WeasyPrint"),
    ("html", "HTML: print_context + template"),
    ("render", "render: render_pdf (PDF/A-3b)"),
    ("sign", "sign: 1 party (PAdES)"),
    ("render_sign", "render + sign"),
    ("sign_all_verify", "sign x{n} in turn + verify"),
    ("verify", "  of which verify ({n} sign.)"),
    ("verify_last", "upload check of the {n}th signature"),
)
COLUMNS = ("agreement", "step", "pages", "median s", "x base", "min s", "x base")


class BenchmarkError(RuntimeError):
    """The benchmark cannot run (agreement missing, no signing party) or a step produced a wrong result."""


@dataclass(frozen=True)
class Signatory:
    field_name: str
    given_name: str
    family_name: str
    codice_fiscale: str | None


@dataclass(frozen=True)
class Case:
    """One agreement to measure: its print HTML and who signs it, in signing order."""

    label: str
    title: str
    document: AgreementDocument  # unsaved: print_html reads its agreement and version only
    html: str
    signatories: tuple[Signatory, ...]

    @property
    def created_at(self) -> datetime:
        return self.document.created_at


@dataclass(frozen=True)
class Row:
    agreement: str
    step: str
    label: str
    pages: int | None
    seconds: tuple[float, ...]
    baseline: tuple[float, ...]  # the same agreement's baseline samples

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)

    @property
    def minimum(self) -> float:
        return min(self.seconds)

    @property
    def median_ratio(self) -> float:
        return self.median / statistics.median(self.baseline)

    @property
    def min_ratio(self) -> float:
        return self.minimum / min(self.baseline)


@dataclass
class Result:
    repeat: int
    signers: int | None  # None: every signing party
    rows: list[Row] = field(default_factory=list)
    first_render: tuple[str, float] | None = None  # (agreement, seconds) of the process's first render_pdf
    environment: dict[str, Any] = field(default_factory=dict)


def case_for(agreement: Agreement, *, label: str) -> Case:
    """The print HTML of the agreement's current text, built exactly as ``agreements.documents.render`` does."""
    document = AgreementDocument(
        agreement=agreement, version=services.current_version(agreement), created_at=timezone.now()
    )
    with translation.override(settings.LANGUAGE_CODE):
        html = print_html(document)
    parties = selectors.print_context(document)["signing_parties"]
    signatories = []
    for position, party in enumerate(parties, start=1):
        person = party.signatory
        signatories.append(
            Signatory(
                field_name=f"Firma_{position}",
                given_name=person.given_name if person else "Firmatario",
                family_name=person.family_name if person else str(position),
                codice_fiscale=(person.tax_code or None) if person else None,
            )
        )
    return Case(
        label=label, title=agreement.title, document=document, html=html, signatories=tuple(signatories)
    )


def seed_cases(seeds: Iterable[str] = SEEDS) -> list[Case]:
    """The seed agreements loaded by ``manage.py load_agreements``, found by kind and title as the loader does."""
    specs = {spec["seed"]: spec for spec in yaml.safe_load(SEED_AGREEMENTS.read_text("utf-8"))["agreements"]}
    cases = []
    for seed in seeds:
        spec = specs.get(seed)
        if spec is None:
            raise BenchmarkError(f"L'atto {seed} non esiste: atti disponibili {', '.join(sorted(specs))}.")
        agreement = Agreement.objects.filter(kind=spec["kind"], title=spec["title"]).first()
        if agreement is None:
            raise BenchmarkError(
                f"L'accordo dell'atto {seed} non è nel database: esegui manage.py load_seeds e load_agreements."
            )
        cases.append(case_for(agreement, label=seed))
    return cases


def _timed(call: Callable[[], T]) -> tuple[T, float]:
    start = time.perf_counter()
    value = call()
    return value, time.perf_counter() - start


def _page_count(pdf: bytes) -> int:
    return int(PdfFileReader(BytesIO(pdf)).root["/Pages"]["/Count"])


class _Flow:
    """The steps of one case, with certificates issued beforehand (key generation is not measured)."""

    def __init__(self, case: Case, *, signers: int | None, ca: TestCA) -> None:
        self.case = case
        self.signatories = case.signatories[:signers] if signers else case.signatories
        if not self.signatories:
            raise BenchmarkError(f"L'accordo {case.label} non ha parti che firmano.")
        self.signers: list[Signer] = [
            make_signer(
                ca.issue(given_name=s.given_name, family_name=s.family_name, codice_fiscale=s.codice_fiscale)
            )
            for s in self.signatories
        ]
        self.trust_roots = [ca.cert_der]

    def baseline(self) -> bytes:
        content = weasyprint.HTML(string=self.case.html).write_pdf()
        assert isinstance(content, bytes)
        return content

    def html(self) -> str:
        return print_html(self.case.document)

    def render(self) -> RenderedPdf:
        # The arguments agreements.documents.render passes.
        return render_pdf(self.case.html, title=self.case.title, created_at=self.case.created_at)

    def sign(self, pdf: bytes, index: int = 0) -> bytes:
        return sign_pdf(
            pdf, signer=self.signers[index], field_name=self.signatories[index].field_name, reason=REASON
        )

    def sign_all(self, pdf: bytes) -> bytes:
        for index in range(len(self.signers)):
            pdf = self.sign(pdf, index)
        return pdf

    def verify(self, signed: bytes, original: bytes) -> None:
        report = verify_pdf(signed, trust_roots=self.trust_roots, expected_original=original)
        if not report.ok or len(report.signatures) != len(self.signers):
            raise BenchmarkError(
                f"Verifica non riuscita per {self.case.label}: {report.codes}, "
                f"{len(report.signatures)} firme su {len(self.signers)}."
            )

    def verify_last(self, signed: bytes, original: bytes) -> None:
        """What the app does when the last party uploads: earlier signatures were checked at their upload."""
        report = verify_pdf(
            signed,
            trust_roots=self.trust_roots,
            expected_original=original,
            already_verified=len(self.signers) - 1,
        )
        if not report.ok:
            raise BenchmarkError(
                f"Verifica dell'ultima firma non riuscita per {self.case.label}: {report.codes}"
            )


def measure(case: Case, *, repeat: int, signers: int | None, ca: TestCA) -> tuple[list[Row], float]:
    """The rows of one case and its untimed first render (seconds)."""
    flow = _Flow(case, signers=signers, ca=ca)
    samples: dict[str, list[float]] = {key: [] for key, _label in STEPS}
    with translation.override(settings.LANGUAGE_CODE):
        # Warm-up, also a check that the flow is right before anything is timed.
        rendered, first_render = _timed(flow.render)
        baseline_pages = _page_count(flow.baseline())
        flow.verify(flow.sign_all(rendered.content), rendered.content)
        for _ in range(repeat):
            samples["baseline"].append(_timed(flow.baseline)[1])
            samples["html"].append(_timed(flow.html)[1])
            samples["render"].append(_timed(flow.render)[1])
            samples["sign"].append(_timed(lambda: flow.sign(rendered.content))[1])
            samples["render_sign"].append(_timed(lambda: flow.sign(flow.render().content))[1])
            start = time.perf_counter()
            signed = flow.sign_all(rendered.content)
            middle = time.perf_counter()
            flow.verify(signed, rendered.content)
            end = time.perf_counter()
            samples["sign_all_verify"].append(end - start)
            samples["verify"].append(end - middle)
            samples["verify_last"].append(_timed(partial(flow.verify_last, signed, rendered.content))[1])
    pages = {"baseline": baseline_pages, "html": None}
    count = len(flow.signers)
    rows = [
        Row(
            agreement=case.label,
            step=key,
            label=label.format(n=count),
            pages=pages.get(key, rendered.page_count),
            seconds=tuple(samples[key]),
            baseline=tuple(samples["baseline"]),
        )
        for key, label in STEPS
    ]
    return rows, first_render


def environment() -> dict[str, Any]:
    from weasyprint.text.ffi import harfbuzz_subset

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else None
    return {
        "python": platform.python_version(),
        "weasyprint": weasyprint.__version__,
        "pyhanko": package_version("pyhanko"),
        "database": connection.vendor,
        "cpus": os.cpu_count(),
        "load_1min": round(load, 2) if load is not None else None,
        # Without libharfbuzz-subset0 WeasyPrint subsets fonts with fontTools, which is slower.
        "font_subsetting": "harfbuzz" if harfbuzz_subset is not None else "fonttools",
    }


def run(cases: Iterable[Case], *, repeat: int = 5, signers: int | None = None) -> Result:
    if repeat < 1:
        raise BenchmarkError("repeat deve essere almeno 1.")
    ca = TestCA("Benchmark CA")
    result = Result(repeat=repeat, signers=signers, environment=environment())
    for case in cases:
        rows, first_render = measure(case, repeat=repeat, signers=signers, ca=ca)
        result.rows.extend(rows)
        if result.first_render is None:
            result.first_render = (case.label, first_render)
    return result


def format_table(result: Result) -> str:
    who = "every signing party" if result.signers is None else f"at most {result.signers} parties"
    lines = [
        f"Render and sign per agreement: seconds, median and min of {result.repeat} "
        f"(after one untimed run); x base = ratio to the same statistic of the bare WeasyPrint render "
        f"of the same HTML in this run. Signing: {who}.",
        "",
    ]
    body = [
        (
            row.agreement,
            row.label,
            "-" if row.pages is None else str(row.pages),
            f"{row.median:.3f}",
            f"{row.median_ratio:.2f}",
            f"{row.minimum:.3f}",
            f"{row.min_ratio:.2f}",
        )
        for row in result.rows
    ]
    widths = [max(len(cells[i]) for cells in [COLUMNS, *body]) for i in range(len(COLUMNS))]
    left = {0, 1}  # text columns; figures are right-aligned

    def line(cells: tuple[str, ...]) -> str:
        return "  ".join(
            cell.ljust(width) if i in left else cell.rjust(width)
            for i, (cell, width) in enumerate(zip(cells, widths, strict=True))
        ).rstrip()

    lines.append(line(COLUMNS))
    lines.append("  ".join("-" * width for width in widths))
    previous = None
    for row, cells in zip(result.rows, body, strict=True):
        if previous is not None and row.agreement != previous:
            lines.append("")
        previous = row.agreement
        lines.append(line(cells))
    lines.append("")
    if result.first_render is not None:
        label, seconds = result.first_render
        lines.append(
            f"First render_pdf in this process (agreement {label}, untimed above): {seconds:.3f} s "
            "(includes parsing print.css and decoding the fonts)."
        )
    lines.append("Environment: " + ", ".join(f"{key} {value}" for key, value in result.environment.items()))
    return "\n".join(lines)


def to_json(result: Result) -> str:
    return json.dumps(
        {
            "repeat": result.repeat,
            "signers": result.signers,
            "environment": result.environment,
            "first_render": (
                {"agreement": result.first_render[0], "seconds": result.first_render[1]}
                if result.first_render
                else None
            ),
            "rows": [
                {
                    "agreement": row.agreement,
                    "step": row.step,
                    "label": row.label.strip(),
                    "pages": row.pages,
                    "median_s": row.median,
                    "min_s": row.minimum,
                    "median_ratio": row.median_ratio,
                    "min_ratio": row.min_ratio,
                    "seconds": list(row.seconds),
                }
                for row in result.rows
            ],
        },
        indent=2,
    )
