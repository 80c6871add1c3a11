"""Serializers of the budgets API: the budget with its versions and the sheet of one version (the Fondo Unico by
source and year, the lines and their funding, the F.SOL split, what does not add up), and the sub-ambito quotas."""

from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from budgets.models import (
    Budget,
    BudgetReport,
    BudgetVersion,
    FundSource,
    QuotaStatus,
    ReportStatus,
    SubAmbitoQuota,
    VersionStatus,
)
from core.api.serializers import NamedChoiceField, OutputSerializer, money_field
from governance.api.inputs import SearchFilterSerializer
from governance.api.references import AmbitoRefSerializer, OrganizationRefSerializer
from governance.apportionment import SplitCriterion
from subambiti.api.serializers import SubAmbitoRefSerializer


class BudgetVersionSerializer(OutputSerializer[BudgetVersion]):
    status = NamedChoiceField(VersionStatus, read_only=True)

    class Meta:
        model = BudgetVersion
        fields = ["number", "status", "reason", "approval_reference", "approved_on"]
        read_only_fields = fields


class BudgetReportRefSerializer(OutputSerializer[BudgetReport]):
    class Meta:
        model = BudgetReport
        fields = ["year", "status", "approval_reference", "approved_on"]
        read_only_fields = fields


class BudgetSerializer(OutputSerializer[Budget]):
    ambito = AmbitoRefSerializer(read_only=True)
    version_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Budget
        fields = ["id", "ambito", "title", "first_year", "last_year", "version_count"]
        read_only_fields = fields


class BudgetAllocationSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    source = NamedChoiceField(FundSource)  # type: ignore[assignment]  # DRF's Field.source, a field name here
    description = serializers.CharField(allow_blank=True)
    amount = money_field()


class BudgetLineFundingSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    source = NamedChoiceField(FundSource)  # type: ignore[assignment]  # DRF's Field.source, a field name here
    amount = money_field()


class BudgetLineSerializer(serializers.Serializer[Any]):
    position = serializers.IntegerField()
    area = serializers.CharField()
    action = serializers.CharField()
    total = money_field()
    fundings = BudgetLineFundingSerializer(many=True)


class FsolContributionSerializer(serializers.Serializer[Any]):
    organization = OrganizationRefSerializer()
    weight = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True, coerce_to_string=True)
    amount = money_field()


class FsolSplitSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    criterion = NamedChoiceField(SplitCriterion)
    population_year = serializers.IntegerField(allow_null=True)
    population_year_note = serializers.CharField(allow_blank=True)
    contributions = FsolContributionSerializer(many=True)


class BudgetSheetSerializer(serializers.Serializer[Any]):
    version = BudgetVersionSerializer()
    total = money_field(help_text=_("Il Fondo Unico Distrettuale della versione."))
    allocations = BudgetAllocationSerializer(many=True)
    lines = BudgetLineSerializer(many=True)
    fsol_splits = FsolSplitSerializer(many=True)
    mismatches = serializers.ListField(
        child=serializers.CharField(), help_text=_("I totali che non tornano.")
    )


class BudgetDetailSerializer(BudgetSerializer):
    versions = BudgetVersionSerializer(many=True, read_only=True)
    reports = BudgetReportRefSerializer(many=True, read_only=True)
    sheet = serializers.SerializerMethodField()

    class Meta(BudgetSerializer.Meta):
        fields = [*BudgetSerializer.Meta.fields, "notes", "versions", "reports", "sheet"]
        read_only_fields = fields

    @extend_schema_field(BudgetSheetSerializer)
    def get_sheet(self, budget: Budget) -> dict[str, Any]:
        sheet = self.context["sheet"]
        return BudgetSheetSerializer(
            {
                "version": sheet.version,
                "total": sheet.total,
                "allocations": sheet.allocations,
                "lines": [
                    {
                        "position": row.line.position,
                        "area": row.line.area,
                        "action": row.line.action,
                        "total": row.total,
                        "fundings": [
                            {"year": year, "source": source, "amount": amount}
                            for (year, source), amount in sorted(row.cells.items())
                        ],
                    }
                    for row in sheet.lines
                ],
                "fsol_splits": [
                    {
                        "year": split.year,
                        "criterion": split.criterion,
                        "population_year": split.population_year,
                        "population_year_note": split.population_year_note,
                        "contributions": list(split.contributions.all()),
                    }
                    for split in sheet.splits
                ],
                "mismatches": [mismatch.message for mismatch in sheet.mismatches],
            }
        ).data


class BudgetFilterSerializer(SearchFilterSerializer):
    ambito = serializers.IntegerField(
        required=False, min_value=1, help_text=_("Solo i bilanci di questo ambito.")
    )


class VersionQuerySerializer(serializers.Serializer[Any]):
    version = serializers.IntegerField(
        required=False,
        min_value=1,
        help_text=_("La versione da mostrare (vuoto: quella in vigore, o l'ultima)."),
    )


class QuotaShareSerializer(serializers.Serializer[Any]):
    organization = OrganizationRefSerializer()
    weight = serializers.DecimalField(max_digits=14, decimal_places=4, allow_null=True, coerce_to_string=True)
    amount = money_field()
    paid = money_field()


class QuotaSerializer(OutputSerializer[SubAmbitoQuota]):
    subambito = SubAmbitoRefSerializer(read_only=True)
    status = NamedChoiceField(QuotaStatus, read_only=True)
    criterion = NamedChoiceField(SplitCriterion, read_only=True)

    class Meta:
        model = SubAmbitoQuota
        fields = [
            "id",
            "subambito",
            "year",
            "description",
            "total",
            "criterion",
            "population_year",
            "population_year_note",
            "status",
            "decision_reference",
            "decided_on",
        ]
        read_only_fields = fields


class QuotaDetailSerializer(QuotaSerializer):
    shares = serializers.SerializerMethodField()

    class Meta(QuotaSerializer.Meta):
        fields = [*QuotaSerializer.Meta.fields, "shares"]
        read_only_fields = fields

    @extend_schema_field(QuotaShareSerializer(many=True))
    def get_shares(self, quota: SubAmbitoQuota) -> list[dict[str, Any]]:
        return list(
            QuotaShareSerializer(
                [
                    {
                        "organization": share.organization,
                        "weight": share.weight,
                        "amount": share.amount,
                        "paid": getattr(share, "paid", None) or 0,
                    }
                    for share in quota.shares.all()
                ],
                many=True,
            ).data
        )


class QuotaFilterSerializer(SearchFilterSerializer):
    subambito = serializers.IntegerField(required=False, min_value=1)
    year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)


# --- input ---------------------------------------------------------------------------------------------------


def amount_input(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(max_digits=14, decimal_places=2, min_value=0, **kwargs)


class BudgetCreateInputSerializer(serializers.Serializer[Any]):
    ambito = serializers.IntegerField(min_value=1)
    title = serializers.CharField(max_length=200)
    first_year = serializers.IntegerField(min_value=2000, max_value=2100)
    last_year = serializers.IntegerField(min_value=2000, max_value=2100)
    notes = serializers.CharField(required=False, allow_blank=True)


class BudgetAllocationInputSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    source = NamedChoiceField(FundSource)  # type: ignore[assignment]  # DRF's Field.source, a field name here
    amount = amount_input(help_text=_("Zero toglie lo stanziamento."))
    description = serializers.CharField(max_length=200, required=False, allow_blank=True)


class BudgetLineFundingInputSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    source = NamedChoiceField(FundSource)  # type: ignore[assignment]  # DRF's Field.source, a field name here
    amount = amount_input()


class BudgetLineInputSerializer(serializers.Serializer[Any]):
    position = serializers.IntegerField(
        min_value=1, required=False, help_text=_("Per modificare una voce della bozza: il suo numero.")
    )
    area = serializers.CharField(max_length=200)
    action = serializers.CharField(max_length=300)
    notes = serializers.CharField(required=False, allow_blank=True)
    fundings = BudgetLineFundingInputSerializer(many=True, required=False)


class CommuneFigureSerializer(serializers.Serializer[Any]):
    organization = serializers.IntegerField(min_value=1)
    value = serializers.DecimalField(max_digits=14, decimal_places=4, min_value=0)


class CommuneSplitInputSerializer(serializers.Serializer[Any]):
    criterion = NamedChoiceField(SplitCriterion)
    population_year = serializers.IntegerField(
        min_value=2000, max_value=2100, required=False, allow_null=True
    )
    population_year_note = serializers.CharField(max_length=300, required=False, allow_blank=True)
    figures = CommuneFigureSerializer(
        many=True, required=False, help_text=_("Per importi fissi (EUR) o pesi: un valore per comune.")
    )


class FsolSplitInputSerializer(CommuneSplitInputSerializer):
    year = serializers.IntegerField(min_value=2000, max_value=2100)


class BudgetActInputSerializer(serializers.Serializer[Any]):
    reference = serializers.CharField(max_length=300)
    on = serializers.DateField()


class BudgetVariationInputSerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=300)


class QuotaCreateInputSerializer(CommuneSplitInputSerializer):
    subambito = serializers.IntegerField(min_value=1)
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    total = amount_input()
    description = serializers.CharField(max_length=300, required=False, allow_blank=True)


class QuotaPaymentInputSerializer(serializers.Serializer[Any]):
    organization = serializers.IntegerField(min_value=1)
    paid_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=14, decimal_places=2, min_value=Decimal("0.01"))
    reference = serializers.CharField(max_length=200, required=False, allow_blank=True)


class ReportRowSerializer(serializers.Serializer[Any]):
    position = serializers.IntegerField()
    area = serializers.CharField()
    action = serializers.CharField()
    planned = money_field()
    actual = money_field()
    difference = money_field()


class BudgetReportSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField()
    status = NamedChoiceField(ReportStatus)
    version = serializers.IntegerField(help_text=_("La versione del bilancio a cui si riferisce."))
    notes = serializers.CharField(allow_blank=True)
    approval_reference = serializers.CharField(allow_blank=True)
    approved_on = serializers.DateField(allow_null=True)
    rows = ReportRowSerializer(many=True)


class ReportStartInputSerializer(serializers.Serializer[Any]):
    year = serializers.IntegerField(min_value=2000, max_value=2100)
    notes = serializers.CharField(required=False, allow_blank=True)


class ReportActualInputSerializer(serializers.Serializer[Any]):
    line = serializers.IntegerField(min_value=1, help_text=_("Il numero della voce."))
    source = NamedChoiceField(FundSource)  # type: ignore[assignment]  # DRF's Field.source, a field name here
    amount = amount_input(help_text=_("Zero toglie l'importo."))
