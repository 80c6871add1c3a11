"""Comparing two versions: added, removed and changed articles, with the changed words marked."""

from django.urls import reverse

from agreements import services
from agreements.compare import Span, compare_versions, word_diff
from tests.agreements.helpers.drafting import bring_in_force, draft
from tests.worlds import World


def test_word_diff_marks_only_what_changed() -> None:
    assert word_diff("recesso con 6 mesi di preavviso", "recesso con 3 mesi di preavviso") == (
        Span("recesso con ", "same"),
        Span("6", "removed"),
        Span("3", "added"),
        Span(" mesi di preavviso", "same"),
    )


def test_an_amendment_compared_with_the_text_in_force(world: World) -> None:
    agreement = draft(world)
    bring_in_force(world, agreement)
    proposed = services.amendment_propose(
        actor=world.udp, agreement=agreement, reason="Modifica art. 1, nuovo art. 2"
    )
    article = proposed.articles.get(number=1)
    services.article_save(
        actor=world.udp,
        agreement=agreement,
        number=1,
        title="Finalità",
        body="Testo rivisto.",
        expected_revision=article.revision,
    )
    services.article_save(
        actor=world.udp,
        agreement=agreement,
        number=2,
        title="Recesso",
        body="Sei mesi.",
        expected_revision=None,
    )
    differences = {d.label: d for d in compare_versions(agreement.versions.get(number=1), proposed)}
    assert differences["Art. 1 – Finalità"].change == "changed"
    assert Span("Testo.", "removed") in differences["Art. 1 – Finalità"].spans
    assert Span("Testo rivisto.", "added") in differences["Art. 1 – Finalità"].spans
    assert differences["Art. 2 – Recesso"].change == "added"

    page = world.client_for("udp").get(
        reverse("agreements:agreement_compare", args=[agreement.pk]), {"da": 1, "a": 2}
    )
    body = page.content.decode()
    assert page.status_code == 200 and "<ins>Testo rivisto.</ins>" in body.replace("<del>Testo.</del>", "")
    assert (
        world.client_for("other")
        .get(reverse("agreements:agreement_compare", args=[agreement.pk]))
        .status_code
        == 404
    )
    assert (
        world.client_for("udp")
        .get(reverse("agreements:agreement_compare", args=[agreement.pk]), {"da": 9})
        .status_code
        == 404
    )
