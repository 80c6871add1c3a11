"""Input serializers and query-string filters of the agreements API: they check the shape of a body and leave
the rules to the services (governance.api.serializers explains the conventions and the typing notes; governance.api.inputs holds the shared input base).

A related row a body names is looked up among the rows the user may see (`visible`) or, for parties and
shares, among the rows of the agreement in the URL (`of_agreement`).
"""

from collections.abc import Callable, Mapping
from datetime import date
from decimal import Decimal
from typing import Any, ClassVar

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from agreements import selectors
from agreements.models import (
    Agreement,
    AgreementKind,
    AgreementStatus,
    Party,
    PartyRole,
    PremiseSection,
    Share,
    SplitCriterion,
)
from core.api.serializers import NamedChoiceField
from governance import selectors as governance_selectors
from governance.api.inputs import InputSerializer, SearchFilterSerializer
from governance.models import Ambito, Organization, Person

# Dates of acts and periods: a sane range keeps month arithmetic (notice, duration) inside the calendar.
FIRST_DAY, LAST_DAY = date(1900, 1, 1), date(2199, 12, 31)


def _date(**kwargs: Any) -> serializers.DateField:
    return serializers.DateField(
        validators=[MinValueValidator(FIRST_DAY), MaxValueValidator(LAST_DAY)], **kwargs
    )


def _text(max_length: int | None = None, **kwargs: Any) -> serializers.CharField:
    if max_length is not None:
        kwargs["max_length"] = max_length
    return serializers.CharField(required=False, allow_blank=True, **kwargs)


def _visible_ambiti(user: Any) -> QuerySet[Ambito]:
    return governance_selectors.ambito_list(user=user)


def _visible_organizations(user: Any) -> QuerySet[Organization]:
    return governance_selectors.organization_list(user=user)


def _visible_persons(user: Any) -> QuerySet[Person]:
    return governance_selectors.person_list(user=user)


def _visible_agreements(user: Any) -> QuerySet[Agreement]:
    return selectors.agreement_list(user=user)


def _parties_of(agreement: Agreement) -> QuerySet[Party]:
    return agreement.parties.all()


RowsOfAgreement = Callable[[Any], QuerySet[Any]]


# A body about one agreement: `of_agreement` maps a related field to the rows of the agreement in the URL
# (context["agreement"]) it may name; any other row "does not exist".
class AgreementInputSerializer(InputSerializer):
    of_agreement: ClassVar[Mapping[str, RowsOfAgreement]] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        agreement = self.context.get("agreement")
        for name, rows_for in self.of_agreement.items():
            field = self.fields[name]
            relation = field.child_relation if isinstance(field, serializers.ManyRelatedField) else field
            assert isinstance(relation, serializers.RelatedField)
            if agreement is not None:
                relation.queryset = rows_for(agreement)


class AgreementUpdateInputSerializer(InputSerializer):
    visible = {"renews": _visible_agreements}

    kind = NamedChoiceField(AgreementKind)
    title = serializers.CharField(max_length=300)
    place = _text(100, help_text=_("Luogo di stipula."))
    start_date = _date(required=False, allow_null=True, help_text=_("Decorrenza."))
    end_date = _date(required=False, allow_null=True, help_text=_("Scadenza."))
    duration_months = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=1200, help_text=_("Durata in mesi.")
    )
    starts_on_signature = serializers.BooleanField(required=False)
    until_event = _text(
        255, help_text=_("Valido fino a un evento, ad es. «l'approvazione del nuovo Piano di Zona».")
    )
    withdrawal_notice_months = serializers.IntegerField(required=False, min_value=0, max_value=120)
    renews = serializers.PrimaryKeyRelatedField(
        queryset=Agreement.objects.none(),
        required=False,
        allow_null=True,
        help_text=_("L'accordo che questo rinnova."),
    )


class AgreementCreateInputSerializer(AgreementUpdateInputSerializer):
    visible = {**AgreementUpdateInputSerializer.visible, "ambito": _visible_ambiti}

    ambito = serializers.PrimaryKeyRelatedField(
        queryset=Ambito.objects.none(), help_text=_("L'ambito il cui Ufficio di Piano cura l'accordo.")
    )


class TransitionInputSerializer(InputSerializer):
    to = NamedChoiceField(AgreementStatus, help_text=_("Lo stato in cui portare l'accordo."))
    on = _date(
        required=False,
        allow_null=True,
        help_text=_("Per l'entrata in vigore: la data da cui vige (di norma oggi)."),
    )


class PartyUpdateInputSerializer(InputSerializer):
    visible = {"represents": _visible_ambiti, "signatory": _visible_persons}

    role = NamedChoiceField(PartyRole, required=False)
    represents = serializers.PrimaryKeyRelatedField(
        queryset=Ambito.objects.none(),
        required=False,
        allow_null=True,
        help_text=_("L'ambito che l'ente rappresenta (Accordo Interambiti)."),
    )
    signatory = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.none(), required=False, allow_null=True, help_text=_("Chi firma per l'ente.")
    )
    signatory_capacity = _text(200, help_text=_("In qualità di, ad es. «Sindaco pro tempore»."))
    signing_order = serializers.IntegerField(required=False, min_value=1, max_value=32767)


class PartyCreateInputSerializer(PartyUpdateInputSerializer):
    visible = {**PartyUpdateInputSerializer.visible, "organization": _visible_organizations}

    organization = serializers.PrimaryKeyRelatedField(queryset=Organization.objects.none())


class AdhesionInputSerializer(PartyCreateInputSerializer):
    joined_on = _date(help_text=_("Data da cui l'ente aderisce."))


class AuthorisationInputSerializer(InputSerializer):
    organ_name = serializers.CharField(max_length=200, help_text=_("Ad es. «Consiglio Comunale»."))
    act_number = serializers.CharField(max_length=30)
    act_date = _date()


class WithdrawalInputSerializer(InputSerializer):
    notified_on = _date(help_text=_("Data in cui il recesso è stato comunicato."))
    continuing_obligations = _text(help_text=_("Gli obblighi che proseguono dopo il recesso."))


class ArticleCreateInputSerializer(InputSerializer):
    number = serializers.IntegerField(min_value=1, max_value=32767)
    title = _text(200, help_text=_("Rubrica."))
    body = serializers.CharField()


class ArticleUpdateInputSerializer(InputSerializer):
    title = serializers.CharField(required=False, allow_blank=True, max_length=200)
    body = serializers.CharField(required=False)
    revision = serializers.IntegerField(
        min_value=0, help_text=_("La revisione dell'articolo da cui è partita la modifica.")
    )


class SignatureUploadInputSerializer(InputSerializer):
    file = serializers.FileField(
        help_text=_(
            "Il PDF firmato (PAdES) dal firmatario della parte: lo stato attuale del documento, con le firme già "
            "apposte, più la sua."
        )
    )


class PremiseInputSerializer(InputSerializer):
    section = NamedChoiceField(PremiseSection)
    text = serializers.CharField()


class AmendmentInputSerializer(InputSerializer):
    reason = serializers.CharField(max_length=300, help_text=_("Il motivo della modifica."))


class ApprovalInputSerializer(AgreementInputSerializer):
    of_agreement = {"party": _parties_of}

    party = serializers.PrimaryKeyRelatedField(
        queryset=Party.objects.none(), help_text=_("La parte che approva.")
    )
    organ_name = serializers.CharField(max_length=200)
    act_number = serializers.CharField(max_length=30)
    act_date = _date()


class MoneyClauseInputSerializer(AgreementInputSerializer):
    of_agreement = {"parties": _parties_of}

    description = serializers.CharField(max_length=300)
    total = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal(0))
    vat_excluded = serializers.BooleanField(required=False)
    criterion = NamedChoiceField(SplitCriterion)
    population_year = serializers.IntegerField(
        required=False, allow_null=True, min_value=1901, max_value=2199
    )
    installments_every_months = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=120
    )
    installments_in_advance = serializers.BooleanField(required=False)
    parties = serializers.PrimaryKeyRelatedField(
        queryset=Party.objects.none(),
        many=True,
        required=False,
        help_text=_("Le parti tra cui ripartire (di norma tutte tranne le aderenti), nell'ordine dei pesi."),
    )
    weights = serializers.ListField(
        child=serializers.DecimalField(max_digits=14, decimal_places=4, min_value=Decimal(0)),
        required=False,
        help_text=_("Criterio «pesi»: un peso per parte."),
    )
    fixed_amounts = serializers.ListField(
        child=serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal(0)),
        required=False,
        help_text=_("Criterio «importi fissi»: un importo per parte; la somma deve essere il totale."),
    )

    def validate_parties(self, parties: list[Party]) -> list[Party]:
        if len({party.pk for party in parties}) != len(parties):
            raise serializers.ValidationError(_("Ogni parte compare una volta sola."), code="unique")
        return parties


class InstallmentsInputSerializer(InputSerializer):
    start = _date(help_text=_("Inizio del periodo delle rate."))
    end = _date(help_text=_("Fine del periodo delle rate."))


def _shares_of(agreement: Agreement) -> QuerySet[Share]:
    return Share.objects.filter(clause__agreement=agreement)


class PaymentInputSerializer(AgreementInputSerializer):
    of_agreement = {"share": _shares_of}

    share = serializers.PrimaryKeyRelatedField(queryset=Share.objects.none(), help_text=_("La quota pagata."))
    paid_on = _date()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    reference = _text(200, help_text=_("Riferimento del pagamento (mandato, bonifico...)."))


# --- query-string filters --------------------------------------------------------------------------------


class AgreementFilterSerializer(SearchFilterSerializer):
    kind = NamedChoiceField(AgreementKind, required=False)
    status = NamedChoiceField(AgreementStatus, required=False)
    ambito = serializers.IntegerField(required=False, min_value=1)
    organization = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Accordi di cui questo ente è parte.")
    )
    expiring = serializers.BooleanField(
        required=False, default=None, allow_null=True, help_text=_("In vigore e in scadenza entro 90 giorni.")
    )
    expiring_within_days = serializers.IntegerField(
        required=False, min_value=0, max_value=3650, help_text=_("In vigore e in scadenza entro N giorni.")
    )


# --- acts signed before the app ----------------------------------------------------------------------------


class PartialDateInput(serializers.CharField):
    """«28/03/2012», «03/2012» or «2012»: a date as precisely as the act states it -> (date, precision)."""

    def to_internal_value(self, data: Any) -> tuple[date, str] | None:  # type: ignore[override]
        from django.core.exceptions import ValidationError as DjangoValidationError

        from agreements.partial_dates import parse_partial_date

        text = super().to_internal_value(data)
        try:
            return parse_partial_date(text)
        except DjangoValidationError as error:
            raise serializers.ValidationError(error.messages, code="invalid_partial_date") from None


class PartySignedOnInputSerializer(InputSerializer):
    party = serializers.IntegerField(help_text=_("La parte (id)."))
    signed_on = PartialDateInput(help_text=_("Quando ha firmato: 28/03/2012, 03/2012 o 2012."))


class RegisterSignedInputSerializer(InputSerializer):
    in_force_since = PartialDateInput(help_text=_("In vigore dal: 01/04/2012, 04/2012 o 2012."))
    place = _text(100, help_text=_("Luogo di stipula."))
    signed_on_all = PartialDateInput(
        required=False, help_text=_("La data di firma comune a tutte le parti (se hanno firmato insieme).")
    )
    signed = serializers.ListField(
        child=PartySignedOnInputSerializer(),
        required=False,
        help_text=_("Le date di firma di ciascuna parte, dove differiscono da quella comune."),
    )


class SignedCopyInputSerializer(InputSerializer):
    file = serializers.FileField(
        help_text=_("PDF firmato (PAdES), busta .p7m (CAdES) o scansione dell'atto.")
    )
