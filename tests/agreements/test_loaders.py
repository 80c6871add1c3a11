"""The seed acts load as agreements from the real registry (000-002 as acts, 003 as a template instantiated for
the Cremasco ambito), and a second load changes nothing."""

import re
from datetime import date
from decimal import Decimal
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
import yaml
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db.models import Max, Model

from agreements import services
from agreements.calendar import validity_mismatch
from agreements.loaders import SEED_TEMPLATES
from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementOrigin,
    AgreementStatus,
    AgreementTemplate,
    AgreementVersion,
    Article,
    DatePrecision,
    Installment,
    MoneyClause,
    Party,
    PartyRole,
    Premise,
    Share,
    TemplateArticle,
    TemplatePremise,
    TemplateSlot,
)
from agreements.services import current_version
from core.models import AuditEvent
from governance.models import Organization, OrganizationKind, Person
from tests.governance.helpers import seed_provinces_only
from tests.shared_worlds import open_shared_world, take_shared_world


def load(*args: str) -> str:
    out = StringIO()
    call_command("load_agreements", *args, stdout=out)
    return out.getvalue()


def load_everything() -> str:
    with seed_provinces_only():
        call_command("load_seeds", stdout=StringIO())
    return load()


@pytest.fixture
def loaded_is_shared(request: pytest.FixtureRequest) -> bool:
    return open_shared_world(request, "loaded", load_everything)


@pytest.fixture
def loaded(request: pytest.FixtureRequest, loaded_is_shared: bool, db: Any) -> str:
    """The registry and the acts loaded from the seeds (what load_agreements printed): shared by this file's
    tests, each rolled back (tests/shared_worlds.py)."""
    return take_shared_world(request, loaded_is_shared, load_everything)


def by_kind(kind: str) -> Agreement:
    return Agreement.objects.get(kind=kind)


def test_three_acts_loaded_in_their_real_state(loaded: str) -> None:
    assert Agreement.objects.count() == 4  # and 003's instance, below
    assert {a.kind for a in Agreement.objects.all()} == {
        AgreementKind.CONVENZIONE,
        AgreementKind.ACCORDO_INTERAMBITI,
        AgreementKind.ACCORDO_DI_PROGRAMMA,
        AgreementKind.PROTOCOLLO_INTESA,
    }
    # Signed before the app: 001 and 002 registered as signed (and past their end dates), 000 with no
    # documented signature; only 003's instance, drafted in the app, is a draft.
    assert dict(Agreement.objects.values_list("kind", "status")) == {
        AgreementKind.CONVENZIONE: AgreementStatus.UNDOCUMENTED,
        AgreementKind.ACCORDO_INTERAMBITI: AgreementStatus.EXPIRED,
        AgreementKind.ACCORDO_DI_PROGRAMMA: AgreementStatus.EXPIRED,
        AgreementKind.PROTOCOLLO_INTESA: AgreementStatus.DRAFT,
    }
    registered = Agreement.objects.exclude(kind=AgreementKind.PROTOCOLLO_INTESA)
    assert {a.origin for a in registered} == {AgreementOrigin.REGISTERED}

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
    # Signed digitally in 2024, the day not stated: the year, never an invented day.
    assert {(p.signed_on, p.signed_on_precision) for p in parties} == {(date(2024, 1, 1), DatePrecision.YEAR)}
    assert (inter.in_force_since, inter.in_force_since_precision) == (date(2024, 1, 1), DatePrecision.YEAR)
    assert not inter.signed_copies.exists()

    # 002: the Accordo di Programma of the Cremasco, 2012-2014
    adp = by_kind(AgreementKind.ACCORDO_DI_PROGRAMMA)
    assert adp.place == "Crema"
    parties = list(adp.parties.select_related("organization"))
    assert len(parties) == 50
    assert sum(p.organization.kind == "comune" for p in parties) == 48
    assert parties[0].organization.istat_code == "019035" and parties[0].role == PartyRole.CAPOFILA
    assert {p.organization.kind for p in parties[-2:]} == {"asl", "provincia"}
    assert all(p.signatory_id for p in parties)
    # «Crema, 28/03/2012», in force from 1/4/2012 to 31/3/2014.
    assert {(p.signed_on, p.signed_on_precision) for p in parties} == {(date(2012, 3, 28), DatePrecision.DAY)}
    assert adp.in_force_since == date(2012, 4, 1) and adp.end_date == date(2014, 3, 31)
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
        AgreementTemplate,
        TemplateSlot,
        TemplatePremise,
        TemplateArticle,
        Organization,
    ]
    counts = tuple(model._default_manager.count() for model in models)
    stamps = tuple(
        model._default_manager.aggregate(m=Max("updated_at"))["m"]
        for model in (
            Agreement,
            AgreementVersion,
            Party,
            Article,
            MoneyClause,
            AgreementTemplate,
            Organization,
        )
    )
    texts = tuple(Premise.objects.order_by("pk").values_list("text", flat=True))
    return counts, stamps, texts


def test_second_load_changes_nothing(loaded: str) -> None:
    before = snapshot()
    again = load()
    assert snapshot() == before
    assert "nessuna modifica" in again


# --- seed 003: the protocollo d'intesa as a template, instantiated for the Cremasco ---------------------------

SEEDS = Path(settings.BASE_DIR).parent / "shared" / "seeds"
BLANK = re.compile(r"\[\[[a-z_.]+\]\]")


def test_the_template_has_the_acts_own_words_blanks_aside() -> None:
    """Every line of the template's premises and articles is in the act, with a named blank where the act has a
    blank; the few words the data file changes around a blank are its listed corrections."""
    found = sorted(SEEDS.glob("003_*.txt"))
    if not found:
        pytest.skip(f"the seed acts are not beside the project ({SEEDS})")
    act = re.sub(r"[ \t]+", " ", found[0].read_text("utf-8"))
    spec = yaml.safe_load(SEED_TEMPLATES.read_text("utf-8"))["templates"][0]
    texts = [p["text"] for p in spec["premises"]] + [a["body"] for a in spec["articles"]]
    corrected = {  # the template's words → the act's (each listed under `corrections`)
        "dell’[[ambito.nome]]": "dell’Ambito Territoriale di [[ambito.nome]]",
        "al Comune di [[capofila.comune]] quale": "al Comune [[capofila.comune]] quale",
    }
    blanks = 0
    for text in texts:
        for line in text.splitlines():
            line = re.sub(r"^\s*- ", "", line)
            for ours, theirs in corrected.items():
                line = line.replace(ours, theirs)
            blanks += len(BLANK.findall(line))
            # A blank stands for the act's underscores or dots (with or without spaces around them).
            parts = [re.escape(part.strip()) for part in BLANK.split(line)]
            pattern = r"\s*[_…\.]{3,}\s*".join(parts)
            assert re.search(pattern, act), line
    assert blanks == 18  # every blank of the act's premises and articles, named
    assert len(spec["premises"]) == 33 and [a["number"] for a in spec["articles"]] == list(range(1, 13))
    assert {p["section"] for p in spec["premises"]} == {
        "premesso",
        "ricordato",
        "considerato",
        "ritenuto",
        "visti",
    }


def test_seed_003_is_a_template_instantiated_for_the_cremasco(loaded: str) -> None:
    template = AgreementTemplate.objects.get(kind=AgreementKind.PROTOCOLLO_INTESA)
    assert [(s.key, s.role) for s in template.slots.all()] == [
        ("asl", PartyRole.FIRMATARIO),
        ("ust", PartyRole.FIRMATARIO),
        ("cpi", PartyRole.FIRMATARIO),
        ("capofila", PartyRole.CAPOFILA),
    ]
    assert template.premises.count() == 33 and template.articles.count() == 12
    assert "[[data_conferenza_unificata]]" in template.premises.get(position=12).text

    protocollo = by_kind(AgreementKind.PROTOCOLLO_INTESA)
    assert protocollo.status == AgreementStatus.DRAFT
    assert protocollo.ambito.name == "Ambito distrettuale Cremasco"
    assert protocollo.starts_on_signature and "disdetta scritta" in protocollo.until_event
    parties = list(protocollo.parties.select_related("organization"))
    assert [(p.organization.kind, p.role) for p in parties] == [
        (OrganizationKind.ASL, PartyRole.FIRMATARIO),
        (OrganizationKind.UFFICIO_SCOLASTICO, PartyRole.FIRMATARIO),
        (OrganizationKind.CENTRO_IMPIEGO, PartyRole.FIRMATARIO),
        (OrganizationKind.COMUNE, PartyRole.CAPOFILA),
    ]
    assert parties[0].organization.name == "Azienda Sanitaria Locale della Provincia di Cremona"
    assert parties[-1].organization == protocollo.ambito.capofila
    assert parties[-1].organization.istat_code == "019035"

    # Filled from the registry (names, seats, the ambito) and by hand from it (the region).
    version = current_version(protocollo)
    ritenuto = version.premises.get(section="ritenuto").text
    assert (
        "tra Comune di Crema, quale Ente capofila dell’Ambito distrettuale Cremasco, il Centro per l’Impiego di "
        "Crema, l’Ufficio Scolastico Provinciale di Cremona, e l’Azienda Sanitaria Locale di Cremona"
        in ritenuto
    )
    assert (
        "approvato dalla Regione Lombardia con D.G.R. [[dgr_piano_regionale]]"
        in version.premises.get(position=29).text
    )
    assert "affidato al Comune di Crema quale Ente capofila" in version.articles.get(number=11).body

    # What neither the act nor the registry says stays open, is listed, and blocks the step to signature.
    open_blanks = {
        "Premessa 12": ["[[data_conferenza_unificata]]"],
        "Premessa 28": ["[[legge_regionale]]"],
        "Premessa 29": ["[[piano_regionale_poverta]]", "[[dgr_piano_regionale]]"],
    }
    assert services.unfilled_blanks(protocollo) == open_blanks
    assert "Spazi ancora da compilare (bloccano l'invio alla firma): Premessa 12" in loaded
    assert "Aggiunto al registro: Centro per l’Impiego di Crema" in loaded
    assert "Dati di Comune di Crema chiesti dall'intestazione dell'atto e assenti nel registro" in loaded
    services.agreement_transition(actor=None, agreement=protocollo, to=AgreementStatus.IN_APPROVAL)
    for party in parties:
        services.party_record_authorisation(
            actor=None, party=party, organ_name="Giunta", act_number="1", act_date=date(2025, 1, 2)
        )
        services.party_update(actor=None, party=party, signatory=Person.objects.first())
    services.agreement_transition(actor=None, agreement=protocollo, to=AgreementStatus.APPROVED)
    with pytest.raises(ValidationError, match=r"Premessa 12: \[\[data_conferenza_unificata\]\]"):
        services.agreement_transition(actor=None, agreement=protocollo, to=AgreementStatus.IN_SIGNATURE)


def test_a_changed_template_is_updated_and_its_instance_left_alone(loaded: str, tmp_path: Path) -> None:
    data = yaml.safe_load(SEED_TEMPLATES.read_text("utf-8"))
    data["templates"][0]["articles"][-1]["body"] += " (testo di prova)"
    changed = tmp_path / "templates.yaml"
    changed.write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    instance_text = current_version(by_kind(AgreementKind.PROTOCOLLO_INTESA)).articles.get(number=12).body
    report = load("--templates", str(changed))
    assert "articoli del modello aggiornati: 1" in report.splitlines()[0]
    assert TemplateArticle.objects.get(number=12).body.endswith("(testo di prova)")
    protocollo = by_kind(AgreementKind.PROTOCOLLO_INTESA)
    assert current_version(protocollo).articles.get(number=12).body == instance_text
    assert "nessuna modifica" in load("--templates", str(changed))
