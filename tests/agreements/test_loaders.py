"""The three seed acts load as agreements from the real registry, and a second load changes nothing."""

from datetime import date
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.db.models import Max, Model

from agreements.calendar import validity_mismatch
from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    AgreementVersion,
    Article,
    Installment,
    MoneyClause,
    Party,
    PartyRole,
    Premise,
    Share,
)
from agreements.services import current_version
from governance.models import AuditEvent

pytestmark = pytest.mark.django_db


def load() -> str:
    out = StringIO()
    call_command("load_agreements", stdout=out)
    return out.getvalue()


@pytest.fixture
def loaded() -> str:
    call_command("load_seeds", stdout=StringIO())
    return load()


def by_kind(kind: str) -> Agreement:
    return Agreement.objects.get(kind=kind)


def test_three_acts_loaded_as_drafts(loaded: str) -> None:
    assert Agreement.objects.count() == 3
    assert {a.kind for a in Agreement.objects.all()} == {
        AgreementKind.CONVENZIONE,
        AgreementKind.ACCORDO_INTERAMBITI,
        AgreementKind.ACCORDO_DI_PROGRAMMA,
    }
    assert set(Agreement.objects.values_list("status", flat=True)) == {AgreementStatus.DRAFT}

    # 000: the sub-ambito convention of Soncino
    conv = by_kind(AgreementKind.CONVENZIONE)
    assert conv.ambito.name == "Ambito distrettuale Cremasco"
    assert conv.starts_on_signature and conv.end_date == date(2020, 12, 31)
    assert "Piano di Zona 2021-2023" in conv.until_event
    assert conv.withdrawal_notice_months == 6
    parties = list(conv.parties.select_related("organization", "signatory"))
    assert len(parties) == 9
    soncino = parties[0]
    assert soncino.organization.istat_code == "019097"
    assert soncino.role == PartyRole.REFERENTE and soncino.signing_order == 1
    assert soncino.signatory is not None and soncino.signatory.family_name == "Gallina"
    assert soncino.signatory_capacity == "Sindaco pro tempore"
    assert soncino.authorising_organ_name == "Consiglio Comunale"
    assert soncino.act_number == "" and soncino.act_date is None
    assert [p.role for p in parties].count(PartyRole.REFERENTE) == 1
    assert parties[-1].organization.name == "Unione dei Fontanili"
    assert parties[-1].authorising_organ_name == "Assemblea dell'Unione"
    version = current_version(conv)
    articles = list(version.articles.all())
    assert [a.number for a in articles] == list(range(1, 13))
    assert articles[0].title == "FINALITÀ DELLA CONVENZIONE"
    assert articles[-1].title == "DISPOSIZIONI FINALI"
    assert all(a.title for a in articles)
    assert "almeno 6 mesi" in version.articles.get(number=9).body
    assert version.premises.count() == 11
    assert not conv.money_clauses.exists()

    # 001: the Accordo Interambiti of Monza e Brianza, 12,000 EUR each, quarterly in advance
    inter = by_kind(AgreementKind.ACCORDO_INTERAMBITI)
    assert inter.ambito.name == "Ambito territoriale di Seregno"
    assert inter.starts_on_signature and inter.end_date == date(2024, 12, 31)
    parties = list(inter.parties.select_related("organization", "represents"))
    assert len(parties) == 5
    assert parties[0].organization.istat_code == "108039" and parties[0].role == PartyRole.CAPOFILA
    assert [p.role for p in parties].count(PartyRole.CAPOFILA) == 1
    assert all(p.signatory is None and p.signatory_capacity == "Legale rappresentante" for p in parties)
    assert (
        parties[-1].represents is not None
        and parties[-1].represents.name == "Ambito territoriale di Vimercate"
    )
    clause = inter.money_clauses.get()
    assert clause.total == Decimal("60000.00") and clause.vat_excluded
    assert "12.000" in clause.description
    shares = list(clause.shares.all())
    assert [s.amount for s in shares] == [Decimal("12000.00")] * 5
    for share in shares:
        assert [(i.due_date, i.amount) for i in share.installments.all()] == [
            (date(2024, 1, 1), Decimal("3000.00")),
            (date(2024, 4, 1), Decimal("3000.00")),
            (date(2024, 7, 1), Decimal("3000.00")),
            (date(2024, 10, 1), Decimal("3000.00")),
        ]
    art5 = current_version(inter).articles.get(number=5).body
    assert art5.count("Risultati attesi:") == 8

    # 002: the Accordo di Programma of the Cremasco, 2012-2014
    adp = by_kind(AgreementKind.ACCORDO_DI_PROGRAMMA)
    assert adp.place == "Crema"
    parties = list(adp.parties.select_related("organization"))
    assert len(parties) == 50
    assert sum(p.organization.kind == "comune" for p in parties) == 48
    assert parties[0].organization.istat_code == "019035" and parties[0].role == PartyRole.CAPOFILA
    assert {p.organization.kind for p in parties[-2:]} == {"asl", "provincia"}
    assert all(p.signatory_id for p in parties)
    version = current_version(adp)
    by_number = {a.number: a for a in version.articles.all()}
    assert sorted(by_number) == list(range(1, 20))
    assert by_number[16].title == "La validità"
    assert by_number[15].title == "Le risorse" and "FNPS" in by_number[15].body
    assert by_number[19].title == "Unione di comuni/Convenzioni"
    assert "�" not in "".join(a.body for a in by_number.values())
    assert version.premises.count() == 9
    assert (adp.start_date, adp.end_date, adp.duration_months) == (date(2012, 4, 1), date(2014, 3, 31), 36)
    mismatch = validity_mismatch(adp.start_date, adp.end_date, adp.duration_months)
    assert mismatch is not None and "36 mesi" in mismatch and "24 mesi" in mismatch
    assert mismatch in loaded


def snapshot() -> tuple[object, ...]:
    models: list[type[Model]] = [
        Agreement,
        AgreementVersion,
        Party,
        Premise,
        Article,
        MoneyClause,
        Share,
        Installment,
        AuditEvent,
    ]
    counts = tuple(model._default_manager.count() for model in models)
    stamps = tuple(
        model._default_manager.aggregate(m=Max("updated_at"))["m"]
        for model in (Agreement, AgreementVersion, Party, Article, MoneyClause)
    )
    return counts, stamps


def test_second_load_changes_nothing(loaded: str) -> None:
    before = snapshot()
    again = load()
    assert snapshot() == before
    assert "nessuna modifica" in again
