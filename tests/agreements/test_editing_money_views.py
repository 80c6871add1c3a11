"""Money through the pages: a clause split among the parties, its installments and payments."""

from decimal import Decimal

from django.urls import reverse

from agreements.models import (
    Installment,
    MoneyClause,
    Payment,
)
from tests.agreements.helpers.drafting import bring_in_force
from tests.agreements.helpers.pages import (
    Agreements,
    audited,
    errors_of,
)
from tests.worlds import World


def test_money_clause_installments_and_payments(world: World, agreements: Agreements) -> None:
    agreement = agreements.drafting
    client = world.client_for("udp")
    url = reverse("agreements:clause_create", args=[agreement.pk])
    page = client.get(url)
    parts = [field.name for field in page.context["form"].part_fields()]
    assert len(parts) == 3
    data = {
        "description": "Quote 2025",
        "total": "36000.00",
        "criterion": "fisso",
        "installments_in_advance": "on",
    }
    missing = client.post(url, data)
    assert missing.status_code == 200 and set(parts) <= set(errors_of(missing))
    wrong = client.post(url, {**data, **dict(zip(parts, ["12000", "12000", "11999.99"], strict=True))})
    assert wrong.status_code == 200 and "non corrisponde al totale" in wrong.content.decode()
    assert not agreement.money_clauses.exists()
    negative = client.post(url, {**data, "total": "-1", "criterion": "parti_uguali"})
    assert negative.status_code == 200 and "total" in errors_of(negative)
    response = client.post(
        url,
        {
            **data,
            **dict(zip(parts, ["12000", "12000", "12000"], strict=True)),
            "installments_every_months": "3",
        },
    )
    assert response.status_code == 302
    clause = agreement.money_clauses.get()
    assert sum(share.amount for share in clause.shares.all()) == Decimal("36000.00")
    assert audited(MoneyClause, clause.pk, world.udp, "create")

    installments = reverse("agreements:installments", args=[agreement.pk, clause.pk])
    bad = client.post(installments, {"start": "2025-12-31", "end": "2025-01-01"})
    assert bad.status_code == 200 and "end" in errors_of(bad)
    assert client.post(installments, {"start": "2025-01-01", "end": "2025-12-31"}).status_code == 302
    assert Installment.objects.filter(share__clause=clause).count() == 12
    again = client.post(installments, {"start": "2025-01-01", "end": "2025-06-30"})
    assert again.status_code == 200 and "replace" in errors_of(again)
    assert (
        client.post(installments, {"start": "2025-01-01", "end": "2025-06-30", "replace": "on"}).status_code
        == 302
    )
    assert Installment.objects.filter(share__clause=clause).count() == 6

    share = clause.shares.get(party__organization=world.y)
    payment_url = reverse("agreements:payment_create", args=[agreement.pk, clause.pk])
    # A draft takes no payment: the page says why and saves nothing, and the detail page offers none.
    refused = client.post(payment_url, {"share": share.pk, "paid_on": "2025-01-10", "amount": "10.00"})
    assert refused.status_code == 200 and "entrato in vigore" in refused.content.decode()
    assert not Payment.objects.exists()
    assert (
        payment_url
        not in client.get(reverse("agreements:agreement_detail", args=[agreement.pk])).content.decode()
    )
    bring_in_force(world, agreement)
    assert (
        payment_url
        in client.get(reverse("agreements:agreement_detail", args=[agreement.pk])).content.decode()
    )
    zero = client.post(payment_url, {"share": share.pk, "paid_on": "2025-01-10", "amount": "0"})
    assert zero.status_code == 200 and "amount" in errors_of(zero) and not Payment.objects.exists()
    response = client.post(
        payment_url,
        {"share": share.pk, "paid_on": "2025-01-10", "amount": "3000.00", "reference": "mandato 12"},
    )
    assert response.status_code == 302
    payment = Payment.objects.get()
    assert (
        payment.share == share and payment.amount == Decimal("3000.00") and payment.recorded_by == world.udp
    )
    assert audited(Payment, payment.pk, world.udp, "create")
    other_clause = client.post(
        payment_url, {"share": agreements.clause.shares.all()[0].pk, "paid_on": "2025-01-10", "amount": "1"}
    )
    assert other_clause.status_code == 200 and "share" in errors_of(other_clause)
