"""Serializers of the co-design API: procedures with their programmes (figures as the acts state them, and what does
not add up), steps and progress; partnerships with their account; expense reports, their submission and review."""

import base64
import binascii
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from coprogettazione.models import (
    CoFinancingKind,
    ExpenseCategory,
    ExpenseLine,
    ExpenseReport,
    ExpenseStatus,
    Partnership,
    PartnershipStatus,
    Procedure,
    ProcedureStatus,
)
from core.api.serializers import NamedChoiceField, OutputSerializer, money_field
from governance.api.inputs import SearchFilterSerializer
from governance.api.references import AmbitoRefSerializer, OrganizationRefSerializer


class ProcedureSerializer(OutputSerializer[Procedure]):
    promoter = OrganizationRefSerializer(read_only=True)
    ambito = AmbitoRefSerializer(read_only=True, allow_null=True)
    status = NamedChoiceField(ProcedureStatus, read_only=True)
    programme_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Procedure
        fields = ["id", "title", "promoter", "ambito", "first_year", "last_year", "status", "programme_count"]
        read_only_fields = fields


class FundingBudgetLineSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    budget = serializers.IntegerField(help_text=_("Il bilancio dell'ambito (budgets/)."))
    version = serializers.IntegerField(help_text=_("La versione su cui la voce è stata scelta."))
    area = serializers.CharField()
    action = serializers.CharField()
    budgeted = money_field(
        allow_null=True,
        help_text=_(
            "Quanto il bilancio stanzia sulla voce negli anni del periodo che copre (sulla versione in vigore se "
            "quella scelta è stata sostituita); null se la voce non c'è più."
        ),
    )
    first_year = serializers.IntegerField(allow_null=True)
    last_year = serializers.IntegerField(allow_null=True)
    covers_period = serializers.BooleanField(
        help_text=_("Il bilancio copre tutto il periodo della procedura.")
    )


class ProgrammeFundingSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    funder = serializers.CharField()
    annual_amount = money_field(allow_null=True)
    period_amount = money_field(allow_null=True)
    note = serializers.CharField(allow_blank=True)
    budget_line = FundingBudgetLineSerializer(
        allow_null=True, help_text=_("La voce del bilancio dell'ambito che porta la quota, se collegata.")
    )


class FundingBudgetLineInputSerializer(serializers.Serializer[Any]):
    funding = serializers.IntegerField(help_text=_("La quota di un programma della procedura."))
    budget_line = serializers.IntegerField(
        allow_null=True, help_text=_("La voce del bilancio dell'ambito; null scollega la quota.")
    )


def budget_line_data(funding: Any, figures: dict[int, Any]) -> dict[str, Any] | None:
    line = funding.budget_line
    if line is None:
        return None
    figure = figures.get(line.pk)
    return {
        "id": line.pk,
        "budget": line.version.budget_id,
        "version": line.version.number,
        "area": line.area,
        "action": line.action,
        "budgeted": figure.amount if figure else None,
        "first_year": figure.first_year if figure else None,
        "last_year": figure.last_year if figure else None,
        "covers_period": bool(figure and figure.covers_period),
    }


class ProgrammeDetailSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    code = serializers.CharField()
    title = serializers.CharField()
    theme = serializers.CharField(allow_blank=True)
    annual_contribution = money_field(allow_null=True)
    period_contribution = money_field(allow_null=True)
    value = money_field(
        allow_null=True, help_text=_("Il valore nel periodo: la cifra del periodo, o l'annua per gli anni.")
    )
    cup = serializers.CharField(allow_blank=True)
    actions = serializers.ListField(child=serializers.CharField())
    fundings = ProgrammeFundingSerializer(many=True)
    mismatches = serializers.ListField(child=serializers.CharField(), help_text=_("Cifre che non tornano."))


class ProcedureStepSerializer(serializers.Serializer[Any]):
    position = serializers.IntegerField()
    title = serializers.CharField()
    when_label = serializers.CharField(allow_blank=True)
    start_date = serializers.DateField(allow_null=True)
    end_date = serializers.DateField(allow_null=True)
    act_kind = serializers.CharField(allow_blank=True)
    act_number = serializers.CharField(allow_blank=True)
    act_date = serializers.DateField(allow_null=True)
    act_body = serializers.CharField(allow_blank=True)


class ProgrammeProgressSerializer(serializers.Serializer[Any]):
    programme = serializers.CharField()
    budgeted = money_field(allow_null=True)
    reported = money_field()
    approved = money_field()
    paid = money_field()
    remaining = money_field(allow_null=True)


class YearFiguresSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    reported = money_field()
    approved = money_field()
    paid = money_field()


class SourceFiguresSerializer(serializers.Serializer[Any]):
    funder = serializers.CharField()
    period = money_field()


class ProcedureProgressSerializer(serializers.Serializer[Any]):
    programmes = ProgrammeProgressSerializer(many=True)
    years = YearFiguresSerializer(many=True)
    sources = SourceFiguresSerializer(many=True)


class ProcedureDetailSerializer(ProcedureSerializer):
    # Not get_value: that name is DRF's own Field method.
    value = serializers.SerializerMethodField(method_name="total_value")
    programmes = serializers.SerializerMethodField()
    steps = serializers.SerializerMethodField()
    progress = serializers.SerializerMethodField()

    class Meta(ProcedureSerializer.Meta):
        fields = [
            *ProcedureSerializer.Meta.fields,
            "themes",
            "rules_text",
            "value",
            "programmes",
            "steps",
            "progress",
        ]
        read_only_fields = fields

    @extend_schema_field(money_field())
    def total_value(self, procedure: Procedure) -> Any:
        return money_field().to_representation(self.context["sheet"].value)

    @extend_schema_field(ProgrammeDetailSerializer(many=True))
    def get_programmes(self, procedure: Procedure) -> Any:
        rows = [
            {
                "id": row.programme.pk,
                "code": row.programme.code,
                "title": row.programme.title,
                "theme": row.programme.theme,
                "annual_contribution": row.programme.annual_contribution,
                "period_contribution": row.programme.period_contribution,
                "value": row.value,
                "cup": row.programme.cup,
                "actions": [action.text for action in row.programme.actions.all()],
                "fundings": [
                    {
                        "id": funding.pk,
                        "funder": str(funding.funder),
                        "annual_amount": funding.annual_amount,
                        "period_amount": funding.period_amount,
                        "note": funding.note,
                        "budget_line": budget_line_data(funding, row.budget_figures),
                    }
                    for funding in row.programme.fundings.all()
                ],
                "mismatches": [mismatch.message for mismatch in row.mismatches],
            }
            for row in self.context["sheet"].rows
        ]
        return ProgrammeDetailSerializer(rows, many=True).data

    @extend_schema_field(ProcedureStepSerializer(many=True))
    def get_steps(self, procedure: Procedure) -> Any:
        return ProcedureStepSerializer(list(procedure.steps.all()), many=True).data

    @extend_schema_field(ProcedureProgressSerializer(allow_null=True))
    def get_progress(self, procedure: Procedure) -> Any:
        progress = self.context.get("progress")
        if progress is None:
            return None
        return ProcedureProgressSerializer(
            {
                "programmes": [
                    {
                        "programme": row.programme.code,
                        "budgeted": row.budgeted,
                        "reported": row.reported,
                        "approved": row.approved,
                        "paid": row.paid,
                        "remaining": row.remaining,
                    }
                    for row in progress.programmes
                ],
                "years": progress.years,
                "sources": progress.sources,
            }
        ).data


class ProcedureFilterSerializer(SearchFilterSerializer):
    status = NamedChoiceField(ProcedureStatus, required=False)


class PartnershipAccountSerializer(serializers.Serializer[Any]):
    contribution = money_field()
    extensions = money_field()
    revisions = money_field()
    budget = money_field()
    co_financing_pledged = money_field()
    co_financing_required = money_field()
    co_financing_reported = money_field()
    reported = money_field()
    approved = money_field()
    reduced = money_field()
    paid = money_field()
    returned = money_field()
    to_pay = money_field()
    to_return = money_field()
    remaining = money_field()


class PartnershipSerializer(OutputSerializer[Partnership]):
    procedure = serializers.IntegerField(source="programme.procedure_id", read_only=True)
    programme = serializers.CharField(source="programme.code", read_only=True)
    partner = OrganizationRefSerializer(source="application.lead", read_only=True)
    status = NamedChoiceField(PartnershipStatus, read_only=True)

    class Meta:
        model = Partnership
        fields = [
            "id",
            "procedure",
            "programme",
            "partner",
            "status",
            "start_date",
            "end_date",
            "municipal_contribution",
            "management_share_percent",
            "agreement",
        ]
        read_only_fields = fields


class PartnershipDetailSerializer(PartnershipSerializer):
    account = serializers.SerializerMethodField()
    years = serializers.SerializerMethodField()

    class Meta(PartnershipSerializer.Meta):
        fields = [*PartnershipSerializer.Meta.fields, "account", "years"]
        read_only_fields = fields

    @extend_schema_field(PartnershipAccountSerializer)
    def get_account(self, partnership: Partnership) -> Any:
        account = self.context["dashboard"].account
        budget = account.budget
        return PartnershipAccountSerializer(
            {
                "contribution": budget.contribution,
                "extensions": budget.extensions,
                "revisions": budget.revisions,
                "budget": budget.total,
                "co_financing_pledged": budget.co_financing,
                "co_financing_required": budget.co_financing_required,
                "co_financing_reported": account.co_financing_reported,
                "reported": account.reported,
                "approved": account.approved,
                "reduced": account.reduced,
                "paid": account.paid,
                "returned": account.returned,
                "to_pay": account.to_pay,
                "to_return": account.to_return,
                "remaining": account.remaining,
            }
        ).data

    @extend_schema_field(YearFiguresSerializer(many=True))
    def get_years(self, partnership: Partnership) -> Any:
        return YearFiguresSerializer(self.context["dashboard"].years, many=True).data


class ExpenseLineSerializer(OutputSerializer[ExpenseLine]):
    category = NamedChoiceField(ExpenseCategory, read_only=True)

    class Meta:
        model = ExpenseLine
        fields = [
            "position",
            "category",
            "description",
            "amount",
            "approved_amount",
            "reduction_reason",
            "not_carried_out",
        ]
        read_only_fields = fields


class ReceiptSerializer(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    original_name = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()


class ExpenseReportSerializer(OutputSerializer[ExpenseReport]):
    status = NamedChoiceField(ExpenseStatus, read_only=True)
    claimed = money_field(read_only=True, allow_null=True)
    approved = money_field(read_only=True, allow_null=True)

    class Meta:
        model = ExpenseReport
        fields = [
            "id",
            "partnership",
            "number",
            "period_start",
            "period_end",
            "debit_note_number",
            "debit_note_date",
            "status",
            "claimed",
            "approved",
        ]
        read_only_fields = fields


class ExpenseReportDetailSerializer(ExpenseReportSerializer):
    lines = ExpenseLineSerializer(many=True, read_only=True)
    receipts = ReceiptSerializer(many=True, read_only=True)

    class Meta(ExpenseReportSerializer.Meta):
        fields = [*ExpenseReportSerializer.Meta.fields, "review_note", "lines", "receipts"]
        read_only_fields = fields


class ExpenseReportFilterSerializer(serializers.Serializer[Any]):
    partnership = serializers.IntegerField(required=False, min_value=1)
    status = NamedChoiceField(ExpenseStatus, required=False)


# --- input -----------------------------------------------------------------------------------------------------


class LineInputSerializer(serializers.Serializer[Any]):
    category = NamedChoiceField(ExpenseCategory)
    description = serializers.CharField(max_length=300)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class CoFinancingInputSerializer(serializers.Serializer[Any]):
    kind = NamedChoiceField(CoFinancingKind)
    description = serializers.CharField(max_length=300)
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)


class ReceiptInputSerializer(serializers.Serializer[Any]):
    name = serializers.CharField(max_length=255)
    content = serializers.CharField(help_text=_("Il file (PDF, JPEG o PNG) in base64."))

    def validate_content(self, value: str) -> bytes:
        try:
            return base64.b64decode(value, validate=True)
        except (binascii.Error, ValueError):
            raise serializers.ValidationError(_("Contenuto base64 non valido.")) from None


class ExpenseReportInputSerializer(serializers.Serializer[Any]):
    partnership = serializers.IntegerField(min_value=1)
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    debit_note_number = serializers.CharField(max_length=40)
    debit_note_date = serializers.DateField()
    lines = LineInputSerializer(many=True)
    co_financing = CoFinancingInputSerializer(many=True, required=False)
    receipts = ReceiptInputSerializer(many=True)


class DecisionInputSerializer(serializers.Serializer[Any]):
    line = serializers.IntegerField(min_value=1, help_text=_("Il numero della voce."))
    approved_amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    reason = serializers.CharField(max_length=300, required=False, allow_blank=True)
    not_carried_out = serializers.BooleanField(required=False)


class ReviewInputSerializer(serializers.Serializer[Any]):
    decisions = DecisionInputSerializer(many=True)
    note = serializers.CharField(required=False, allow_blank=True)


class LiquidationInputSerializer(serializers.Serializer[Any]):
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0)
    act_number = serializers.CharField(max_length=40)
    act_date = serializers.DateField()
    paid_on = serializers.DateField()
    durc_valid_until = serializers.DateField()
    durc_reference = serializers.CharField(max_length=60)
