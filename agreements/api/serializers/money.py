"""Serializers of an agreement's money: clauses, shares, installments, payments."""

from typing import Any

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from agreements import selectors
from agreements.api.serializers.refs import MONEY, PartyRefSerializer
from agreements.models import (
    Installment,
    MoneyClause,
    Payment,
    Share,
    SplitCriterion,
)
from core.api.serializers import NamedChoiceField, OutputSerializer


class InstallmentSerializer(OutputSerializer[Installment]):
    class Meta:
        model = Installment
        fields = ["id", "sequence", "due_date", "amount"]
        read_only_fields = fields


class PaymentSerializer(OutputSerializer[Payment]):
    class Meta:
        model = Payment
        fields = ["id", "paid_on", "amount", "reference", "created_at"]
        read_only_fields = fields


class ShareSerializer(OutputSerializer[Share]):
    """A party's share with its balance (selectors.share_balance): nothing is due before the agreement binds."""

    party = PartyRefSerializer(read_only=True)
    due = serializers.SerializerMethodField(help_text=_("Dovuto finora: le rate scadute, o l'intera quota."))
    paid = serializers.SerializerMethodField(help_text=_("Pagato."))
    owed = serializers.SerializerMethodField(help_text=_("Ancora da pagare di quanto è dovuto."))
    installments = InstallmentSerializer(many=True, read_only=True)
    payments = PaymentSerializer(many=True, read_only=True)

    class Meta:
        model = Share
        fields = ["id", "party", "weight", "amount", "due", "paid", "owed", "installments", "payments"]
        read_only_fields = fields

    def _balance(self, share: Share) -> dict[str, Any]:
        # The clause and its agreement are the prefetch's parents: no query.
        binding = share.clause.agreement.status in selectors.BINDING
        return selectors.share_balance(share, binding=binding)

    @extend_schema_field(MONEY)
    def get_due(self, share: Share) -> Any:
        return MONEY.to_representation(self._balance(share)["due"])

    @extend_schema_field(MONEY)
    def get_paid(self, share: Share) -> Any:
        return MONEY.to_representation(self._balance(share)["paid"])

    @extend_schema_field(MONEY)
    def get_owed(self, share: Share) -> Any:
        return MONEY.to_representation(self._balance(share)["owed"])


class MoneyClauseSerializer(OutputSerializer[MoneyClause]):
    criterion = NamedChoiceField(SplitCriterion, read_only=True)
    criterion_label = serializers.CharField(source="get_criterion_display", read_only=True)
    shares = ShareSerializer(many=True, read_only=True)

    class Meta:
        model = MoneyClause
        fields = [
            "id",
            "description",
            "total",
            "vat_excluded",
            "criterion",
            "criterion_label",
            "population_year",
            "installments_every_months",
            "installments_in_advance",
            "shares",
            "updated_at",
        ]
        read_only_fields = fields
