"""The co-design pages from every point of view (the capofila's Ufficio di Piano, a member comune's officer, another
organization, another ambito's Ufficio di Piano, anonymous), writes from outside, query counts, exports, a programme
written through the pages."""

from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from coprogettazione import services
from coprogettazione.models import Procedure, Programme, ProgrammeFunding
from governance.models import Role
from tests.coprogettazione.helpers import D, build_co_design, co_design_page_kwargs
from tests.worlds import POINTS_OF_VIEW, World, make_user, matrix_mismatches, points_of_view

pytestmark = pytest.mark.django_db

# (Ufficio di Piano of ambito A at its capofila Xanadu, Ypsilon's officer, Wu's officer, ambito B's Ufficio di Piano,
# anonymous), on Xanadu's own procedure: a member comune does not see another comune's procedure.
READ = (200, 404, 404, 404, 302)
EDIT = (200, 404, 404, 404, 302)
# The running procedure is the capofila's own: Ypsilon's officer does not see it; the partner's pages are the
# administration's and the partner's (tests below).
MATRIX = {
    "coprogettazione:procedure_list": (200, 200, 200, 200, 302),
    "coprogettazione:procedure_create": (200, 200, 200, 200, 302),
    # The world's ETS is registered by ambito A: its office edits it; other bodies do not see it.
    "coprogettazione:ets_profile": (200, 404, 404, 404, 302),
    "coprogettazione:procedure_detail": READ,
    "coprogettazione:procedure_update": EDIT,
    "coprogettazione:procedure_transition": EDIT,
    "coprogettazione:step_create": EDIT,
    "coprogettazione:step_update": EDIT,
    "coprogettazione:step_remove": EDIT,
    "coprogettazione:programme_create": EDIT,
    "coprogettazione:programme_detail": READ,
    "coprogettazione:programme_update": EDIT,
    "coprogettazione:programme_remove": EDIT,
    "coprogettazione:funding_add": EDIT,
    "coprogettazione:funding_remove": EDIT,
    # Whoever keeps the funding ambito's budget (here the same office); tests/coprogettazione/test_budget_links.py
    # has the procedure's own officer refused.
    "coprogettazione:funding_budget_line": EDIT,
    "coprogettazione:application_create": (200, 403, 404, 404, 302),
    "coprogettazione:application_detail": READ,
    "coprogettazione:application_admit": EDIT,
    "coprogettazione:application_exclude": EDIT,
    "coprogettazione:application_scores": EDIT,
    "coprogettazione:application_select": EDIT,
    "coprogettazione:criterion_create": EDIT,
    "coprogettazione:commission_member_create": EDIT,
    "coprogettazione:partnership_detail": READ,
    "coprogettazione:convention_draft": EDIT,
    "coprogettazione:partnership_activate": EDIT,
    "coprogettazione:co_financing_create": EDIT,
    "coprogettazione:extension_create": EDIT,
    "coprogettazione:stop_notice_create": EDIT,
    "coprogettazione:cost_revision_create": EDIT,
    "coprogettazione:liquidation_create": EDIT,
    "coprogettazione:repayment_create": EDIT,
    "coprogettazione:expense_report_create": EDIT,
    "coprogettazione:expense_report_list": READ,
    "coprogettazione:expense_report_detail": READ,
    "coprogettazione:expense_review_start": EDIT,
    "coprogettazione:expense_review": EDIT,
}


def test_every_page_for_every_point_of_view(world: World) -> None:
    kwargs = co_design_page_kwargs(world)
    assert set(kwargs) == set(MATRIX)
    seen = points_of_view(world)
    assert matrix_mismatches(seen, kwargs, MATRIX) == []


def test_the_ambitos_procedure_is_read_by_its_members_and_run_by_its_office(world: World) -> None:
    built = build_co_design(world)
    seen = points_of_view(world)
    url = reverse("coprogettazione:procedure_detail", args=[built.ambito.pk])
    assert [seen[view].get(url).status_code for view in POINTS_OF_VIEW] == [200, 200, 404, 404, 302]
    edit = reverse("coprogettazione:procedure_update", args=[built.ambito.pk])
    assert seen["owner"].get(edit).status_code == 403
    listed = seen["owner"].get(reverse("coprogettazione:procedure_list")).content.decode()
    assert "Co-progettazione d&#x27;ambito" in listed and "Co-progettazione di Xanadu" not in listed


def test_writes_from_outside_are_refused_and_change_nothing(world: World) -> None:
    built = build_co_design(world)
    seen = points_of_view(world)
    before = (Programme.objects.count(), ProgrammeFunding.objects.count(), Procedure.objects.count())
    for view in ("owner", "other", "udp_b"):
        client = seen[view]
        assert client.post(
            reverse("coprogettazione:programme_create", args=[built.ambito.pk]), {"code": "PX", "title": "x"}
        ).status_code in (403, 404)
        assert client.post(
            reverse("coprogettazione:funding_add", args=[built.comune.pk, built.programme.pk]),
            {"funder_ambito": world.ambito_a.pk, "period_amount": "1"},
        ).status_code in (403, 404)
        # A procedure pointed at a body the user may not act for is refused by the form's choices.
        response = client.post(
            reverse("coprogettazione:procedure_create"),
            {"promoter": world.x.pk, "title": "Intrusa", "first_year": 2026, "last_year": 2028},
        )
        assert response.status_code == 200
    assert (Programme.objects.count(), ProgrammeFunding.objects.count(), Procedure.objects.count()) == before


def _queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_query_counts_do_not_grow_with_programmes_steps_or_procedures(world: World) -> None:
    built = build_co_design(world)
    client = world.client_for("udp")
    pages: dict[str, Any] = {
        "list": reverse("coprogettazione:procedure_list"),
        "detail": reverse("coprogettazione:procedure_detail", args=[built.comune.pk]),
        "programme": reverse("coprogettazione:programme_detail", args=[built.comune.pk, built.programme.pk]),
    }
    small = {name: _queries(client, url) for name, url in pages.items()}
    for number in range(2, 9):
        programme = services.programme_save(
            actor=world.udp,
            procedure=built.comune,
            code=f"P{number}",
            title=f"Programma {number}",
            annual_contribution=D(1000),
            period_contribution=D(3001),
            actions=["a", "b"],
        )
        services.funding_add(
            actor=world.udp, programme=programme, funder_organization=world.x, period_amount=D(10)
        )
        services.step_save(actor=world.udp, procedure=built.comune, title=f"Tappa {number}")
        services.procedure_create(
            actor=world.udp, promoter=world.x, title=f"Altra {number}", first_year=2027, last_year=2029
        )
    large = {name: _queries(client, url) for name, url in pages.items()}
    assert large == small


def test_exports_and_a_programme_written_through_the_pages(world: World) -> None:
    built = build_co_design(world)
    client = world.client_for("udp")
    response = client.post(
        reverse("coprogettazione:programme_create", args=[built.comune.pk]),
        {
            "code": "P5",
            "title": "Inclusione socio lavorativa",
            "annual_contribution": "726293,00",
            "period_contribution": "2178979,00",
            "actions": "Inserimenti lavorativi\nTirocini",
        },
    )
    assert response.status_code == 302
    page = client.get(built.comune.get_absolute_url()).content.decode()
    assert "Cifre da verificare" in page and "2.178.879,00" in page
    csv_text = client.get(
        built.comune.get_absolute_url(), {"format": "csv", "table": "programmi"}
    ).content.decode("utf-8-sig")
    assert "P5;Inclusione socio lavorativa;726293,00;2178979,00" in csv_text
    assert client.get(built.comune.get_absolute_url(), {"format": "xlsx"})["Content-Type"].startswith(
        "application/vnd.openxmlformats"
    )
    programme = Programme.objects.get(procedure=built.comune, code="P5")
    assert list(programme.actions.values_list("text", flat=True)) == ["Inserimenti lavorativi", "Tirocini"]


def test_a_partner_sees_its_own_partnership_and_reports_only(world: World, private_media: object) -> None:
    from coprogettazione.models import Application
    from governance import services as registry
    from governance.models import OrganizationKind
    from tests.coprogettazione.helpers import active_partnership, submitted

    partnership = active_partnership(world)
    report = submitted(partnership, partnership.ets_user)
    procedure = partnership.programme.procedure
    partner, stranger = Client(), Client()
    partner.force_login(partnership.ets_user)
    other_ets = registry.organization_create(
        actor=None, ambito=world.ambito_b, kind=OrganizationKind.ETS, name="Delta"
    )
    stranger.force_login(make_user("ets.delta", other_ets, Role.ETS))
    pages = [
        partnership.get_absolute_url(),
        report.get_absolute_url(),
        reverse("coprogettazione:expense_report_create", args=[procedure.pk, partnership.pk]),
        reverse(
            "coprogettazione:receipt_download",
            args=[procedure.pk, partnership.pk, report.number, report.receipts.get().pk],
        ),
    ]
    assert [partner.get(url).status_code for url in pages] == [200, 200, 200, 200]
    assert [stranger.get(url).status_code for url in pages] == [404, 404, 404, 404]
    download = partner.get(pages[3])
    content = b"".join(download.streaming_content)  # type: ignore[attr-defined]
    assert download["Cache-Control"] == "no-store" and content.startswith(b"%PDF")
    # The partner reads the procedure it applied to, without the money of the others nor their applications.
    page = partner.get(procedure.get_absolute_url()).content.decode()
    assert "Le tue candidature" in page and "progress-table" not in page
    assert Application.objects.filter(procedure=procedure).count() == 2 and "Cooperativa Beta" not in page
    for name in ("expense_review_start", "expense_review"):
        url = reverse(f"coprogettazione:{name}", args=[procedure.pk, partnership.pk, report.number])
        assert partner.get(url).status_code == 403


def test_query_counts_of_the_partnership_and_report_pages_do_not_grow(
    world: World, private_media: object
) -> None:
    from datetime import date, timedelta

    from tests.coprogettazione.helpers import active_partnership, receipt, submitted

    partnership = active_partnership(world)
    first = submitted(partnership, partnership.ets_user)
    client = world.client_for("udp")
    procedure = partnership.programme.procedure
    pages = {
        "partnership": partnership.get_absolute_url(),
        "report": first.get_absolute_url(),
        "procedure": procedure.get_absolute_url(),
    }
    small = {name: _queries(client, url) for name, url in pages.items()}
    start = date(2026, 4, 1)
    for number in range(6):
        report = submitted(
            partnership,
            partnership.ets_user,
            period_start=start + timedelta(days=10 * number),
            period_end=start + timedelta(days=10 * number + 9),
            debit_note_number=f"{number + 2}/2026",
            receipts=[receipt(content=b"%PDF-" + bytes([number]) * 10)],
        )
        services.expense_review_start(actor=world.udp, report=report)
        services.expense_review_decide(
            actor=world.udp,
            report=report,
            decisions={line.pk: {"approved_amount": line.amount} for line in report.lines.all()},
        )
        services.liquidation_record(
            actor=world.udp,
            partnership=partnership,
            report=report,
            amount=D("12000.00"),
            act_number=f"L{number}",
            act_date=date(2026, 6, 1),
            paid_on=date(2026, 6, 2),
            durc_valid_until=date(2026, 9, 1),
            durc_reference="INAIL_1",
        )
    large = {name: _queries(client, url) for name, url in pages.items()}
    assert large == small


def test_the_ets_page_shows_its_runts_data_and_the_office_or_the_body_edits_them(world: World) -> None:
    from coprogettazione.models import EtsProfile

    ets_user = make_user("ets.alfa", world.ets, Role.ETS)
    page = Client()
    page.force_login(ets_user)
    detail = page.get(world.ets.get_absolute_url()).content.decode()
    assert "Dati del RUNTS non registrati." in detail
    response = page.post(
        reverse("coprogettazione:ets_profile", args=[world.ets.pk]),
        {"legal_form": "Cooperativa sociale di tipo A", "runts_section": "d", "runts_number": "12345"},
    )
    assert response.status_code == 302
    assert EtsProfile.objects.get(organization=world.ets).runts_number == "12345"
    assert "Imprese sociali" in page.get(world.ets.get_absolute_url()).content.decode()
    # A comune's page has no third-sector section.
    assert "Terzo settore" not in world.client_for("udp").get(world.x.get_absolute_url()).content.decode()
