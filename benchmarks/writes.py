"""Writes whose cost must not grow with the ambito: the same writes in an ambito of 5 comuni and in one of 90.

Each ambito is built inside one transaction that is rolled back at the end (the database is left as it was):
its comuni (made up for the run, "Comune di prova"), each with a user in every role a comune's users hold, the
capofila with its offices' roles too, and 2,000 agreements (half drafts, half in force), each with the capofila
and two comuni as parties, whose grants are computed once. Then each write runs once untimed (warming Django's
caches), and `repeat` times more, each time on new rows, with its queries counted and its time taken:

- agreement create: the Ufficio di Piano drafts an agreement (`agreement_create`);
- party add: a comune becomes a party to a draft (`party_add`);
- comune joins ambito: a comune with its users joins (`ambito_member_add`);
- role assigned: a new user joins a comune's officers (`role_assign`);
- baseline: a bare INSERT of one agreement row (`Agreement.objects.create`), the floor the writes are read
  against, measured in the same run.

The target (issue 8): the same queries in both ambiti, and times within 1.5x.
"""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, timedelta
from itertools import count
from typing import Any

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from agreements import services as agreements
from agreements.models import Agreement, AgreementKind, AgreementStatus, Party, PartyRole
from governance import permissions, services
from governance.models import Ambito, Organization, OrganizationKind, Province, Region, Role, User

MEMBER_ROLES = (Role.OPERATORE_COMUNALE, Role.SINDACO)
OFFICE_ROLES = (Role.UFFICIO_DI_PIANO, Role.CAPOFILA, Role.REVISORE)
WRITES = [
    ("create", "agreement create"),
    ("party", "party add"),
    ("join", "comune joins ambito"),
    ("role", "role assigned"),
    ("baseline", "baseline: bare INSERT"),
]


@dataclass
class Measure:
    write: str
    label: str
    queries: int
    seconds: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.seconds)


@dataclass
class Row:
    write: str
    label: str
    small: Measure
    large: Measure

    @property
    def ratio(self) -> float:
        return self.large.median / self.small.median if self.small.median else 0.0


@dataclass
class Result:
    sizes: tuple[int, int]
    agreements: int
    repeat: int
    rows: list[Row] = field(default_factory=list)


class _Rollback(Exception):
    pass


@dataclass
class _Ambito:
    ambito: Ambito
    office: User
    comuni: list[Organization]
    drafts: Iterator[Agreement]
    newcomers: Iterator[Organization]


_codes = count(1)


def _comune(province: Province) -> Organization:
    number = next(_codes)
    return services.organization_create(
        actor=None,
        ambito=None,
        kind=OrganizationKind.COMUNE,
        name=f"Comune di prova {number}",
        istat_code=f"999{number:03d}",
        province=province,
    )


def _user(name: str, organization: Organization, role: str) -> User:
    user = services.user_create(actor=None, username=name, password=None)
    services.role_assign(actor=None, user=user, organization=organization, role=role)
    return user


def _with_users(comune: Organization) -> Organization:
    for role in MEMBER_ROLES:
        _user(f"bench-{comune.istat_code}-{role}", comune, role)
    return comune


def _build(province: Province, comuni: int, agreements_count: int, repeat: int) -> _Ambito:
    members = [_with_users(_comune(province)) for _number in range(comuni)]
    capofila = members[0]
    ambito = Ambito.objects.create(
        name=f"Ambito di prova ({comuni} comuni)", capofila=capofila, province=province
    )
    for comune in members:
        services.ambito_member_add(actor=None, ambito=ambito, organization=comune)
    office = _user(f"bench-udp-{capofila.istat_code}", capofila, Role.UFFICIO_DI_PIANO)
    for role in OFFICE_ROLES[1:]:
        _user(f"bench-{role}-{capofila.istat_code}", capofila, role)
    today = date.today()
    rows = Agreement.objects.bulk_create(
        [
            Agreement(
                ambito=ambito,
                kind=AgreementKind.CONVENZIONE,
                title=f"Convenzione {number}",
                status=AgreementStatus.DRAFT if number % 2 else AgreementStatus.IN_FORCE,
                start_date=None if number % 2 else today - timedelta(days=30),
                end_date=None if number % 2 else today + timedelta(days=700),
            )
            for number in range(agreements_count)
        ]
    )
    Party.objects.bulk_create(
        [
            Party(agreement=agreement, organization=organization, role=role)
            for index, agreement in enumerate(rows)
            for organization, role in (
                (capofila, PartyRole.CAPOFILA),
                (members[1 + index % (comuni - 1)], PartyRole.ADERENTE),
                (members[1 + (index + 1) % (comuni - 1)], PartyRole.ADERENTE),
            )
        ]
    )
    permissions.regrant(Agreement, [row.pk for row in rows])
    # What the runs write on: fresh drafts with the capofila only, comuni with their users outside any ambito.
    drafts = [
        agreements.agreement_create(
            actor=office, ambito=ambito, kind=AgreementKind.CONVENZIONE, title="Bozza"
        )
        for _run in range(repeat + 1)
    ]
    newcomers = [_with_users(_comune(province)) for _run in range(repeat + 1)]
    return _Ambito(ambito, office, members, iter(drafts), iter(newcomers))


def _writes(built: _Ambito) -> dict[str, Callable[[], Any]]:
    users = count(1)
    parties = iter(built.comuni[1:] * 2)

    def create() -> Any:
        return agreements.agreement_create(
            actor=built.office, ambito=built.ambito, kind=AgreementKind.CONVENZIONE, title="Nuova convenzione"
        )

    def party() -> Any:
        return agreements.party_add(
            actor=built.office,
            agreement=next(built.drafts),
            organization=next(parties),
            role=PartyRole.ADERENTE,
        )

    def join() -> Any:
        return services.ambito_member_add(actor=None, ambito=built.ambito, organization=next(built.newcomers))

    def role() -> Any:
        user = services.user_create(
            actor=None, username=f"bench-new-{built.ambito.pk}-{next(users)}", password=None
        )
        return services.role_assign(
            actor=None, user=user, organization=built.comuni[1], role=Role.OPERATORE_COMUNALE
        )

    def baseline() -> Any:
        return Agreement.objects.create(
            ambito=built.ambito, kind=AgreementKind.CONVENZIONE, title="Riga nuda"
        )

    return {"create": create, "party": party, "join": join, "role": role, "baseline": baseline}


def _measure(write: Callable[[], Any]) -> tuple[int, float]:
    connection.queries_log.clear()  # a full log (9,000 entries, with DEBUG on) would count nothing
    with CaptureQueriesContext(connection) as captured:
        started = time.perf_counter()
        write()
        elapsed = time.perf_counter() - started
    return len(captured), elapsed


def run(*, sizes: tuple[int, int] = (5, 90), agreements_count: int = 2000, repeat: int = 5) -> Result:
    result = Result(sizes=sizes, agreements=agreements_count, repeat=repeat)
    try:
        with transaction.atomic():
            region = Region.objects.create(code="99", name="Regione di prova")
            province = Province.objects.create(
                code="999", name="Provincia di prova", abbreviation="ZZ", region=region
            )
            built = [_build(province, size, agreements_count, repeat) for size in sizes]
            writes = [_writes(one) for one in built]
            measures: dict[str, list[list[tuple[int, float]]]] = {key: [[], []] for key, _label in WRITES}
            for write in writes:  # once untimed: caches (content types, permissions) warm on both sides
                for key, _label in WRITES:
                    write[key]()
            for _run in range(repeat):  # interleaved: both ambiti see the same machine load
                for key, _label in WRITES:
                    for side, write in enumerate(writes):
                        measures[key][side].append(_measure(write[key]))
            for key, label in WRITES:
                small, large = (
                    Measure(key, label, max(q for q, _s in runs), [s for _q, s in runs])
                    for runs in measures[key]
                )
                result.rows.append(Row(key, label, small, large))
            raise _Rollback
    except _Rollback:
        pass
    return result


def format_table(result: Result) -> str:
    small, large = result.sizes
    lines = [
        f"Writes in an ambito of {small} and of {large} comuni ({result.agreements} agreements each, "
        f"a user in every role; median of {result.repeat} runs)",
        "",
        f"{'write':<24} {'queries':>8} {'queries':>8} {'median ms':>10} {'median ms':>10} {'x base':>7} {'x base':>7}"
        f" {'ratio':>6}",
        f"{'':<24} {small:>8} {large:>8} {small:>10} {large:>10} {small:>7} {large:>7} {'':>6}",
    ]
    base = next(row for row in result.rows if row.write == "baseline")
    for row in result.rows:
        lines.append(
            f"{row.label:<24} {row.small.queries:>8} {row.large.queries:>8} {row.small.median * 1000:>10.2f}"
            f" {row.large.median * 1000:>10.2f} {row.small.median / base.small.median:>7.1f}"
            f" {row.large.median / base.large.median:>7.1f} {row.ratio:>6.2f}"
        )
    lines += [
        "",
        f"ratio: median time in the {large}-comune ambito / in the {small}-comune one (target: <= 1.5, "
        "and the same queries)",
    ]
    return "\n".join(lines)


def to_json(result: Result) -> str:
    return json.dumps(
        {
            "sizes": result.sizes,
            "agreements": result.agreements,
            "repeat": result.repeat,
            "rows": [
                {
                    "write": row.write,
                    "label": row.label,
                    "queries": [row.small.queries, row.large.queries],
                    "median_seconds": [row.small.median, row.large.median],
                    "seconds": [row.small.seconds, row.large.seconds],
                    "ratio": row.ratio,
                }
                for row in result.rows
            ],
        },
        indent=2,
    )
