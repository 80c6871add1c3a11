"""What tests of several apps share: the named URLs of the project and the arguments each page needs."""

from typing import Any

from django.urls import URLPattern, URLResolver, get_resolver

from tests.agreements.helpers.drafting import draft
from tests.agreements.helpers.pages import editing_page_kwargs
from tests.assemblies.helpers import assembly_page_kwargs
from tests.budgets.helpers import budget_page_kwargs
from tests.coprogettazione.helpers import co_design_page_kwargs
from tests.governance.helpers import PAGES
from tests.territory.helpers import territory_page_kwargs
from tests.worlds import World

# Named URLs that are not HTML pages of ours (API, admin, auth actions, language switch).
NOT_PAGES = {
    "logout",
    # A receipt's file: tests/coprogettazione/test_views.py.
    "coprogettazione:receipt_download",
    # The map's boundaries (TopoJSON): tests/territory/test_views.py.
    "territory:boundaries",
    "set_language",
    "api-token",
    "api-schema",
    "api-docs",
    "api-redoc",
    # An action (POST), a JSON state and a file download: tested in tests/agreements/test_documents.py.
    "agreements:document_request",
    "agreements:document_status",
    "agreements:document_download",
    # Signed-file downloads and the signatory-only test signer: tested in tests/agreements/test_signing_views.py.
    "agreements:signing_state_download",
    "agreements:signed_file_download",
    "agreements:signature_test_sign",
    # A registered act's signed file: tested in tests/agreements/test_registration.py.
    "agreements:signed_copy_download",
    # Buttons (POST) and live fragments: tested in tests/assemblies/test_views.py.
    "assemblies:item_move",
    "assemblies:check_out",
    "assemblies:proxy_revoke",
    "assemblies:vote_open",
    "assemblies:vote_close",
    "assemblies:quorum_live",
    "assemblies:console_live",
    "assemblies:phone_live",
    "assemblies:screen_live",
    # The letter's JSON state, its file, the signing and feed buttons, the .ics feed: tests/assemblies/
    # test_convocations.py.
    "assemblies:convocation_status",
    "assemblies:convocation_download",
    "assemblies:convocation_request",
    "assemblies:convocation_test_sign",
    "assemblies:organ_feed_renew",
    "assemblies:person_feed_renew",
    "assemblies:feed",
    # The minutes' JSON state, file and buttons; the public PDF and Atom feed: tests/assemblies/test_minutes_views.py.
    "assemblies:minutes_status",
    "assemblies:minutes_download",
    "assemblies:minutes_pdf_request",
    "assemblies:minutes_redraft",
    "assemblies:minutes_retry_draft",
    "assemblies:minutes_send",
    "assemblies:minutes_test_sign",
    "assemblies:public_act_pdf",
    "assemblies:publication_request",
    "assemblies:public_feed",
}


# Pages only an administrator opens: the guards visit them as one.
ADMINISTRATOR_PAGES = {
    "territory:population_import",
    "territory:changes_import",
    "territory:population_upload",
}


def named_urls() -> set[str]:
    found: set[str] = set()

    def walk(patterns: list[Any], namespace: str) -> None:
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                if pattern.app_name in {"admin"} or str(pattern.pattern).startswith("api/"):
                    continue
                inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
                walk(pattern.url_patterns, inner)
            elif isinstance(pattern, URLPattern) and pattern.name:
                found.add(f"{namespace}{pattern.name}")

    walk(get_resolver().url_patterns, "")
    return found - NOT_PAGES


def page_kwargs(world: World) -> dict[str, dict[str, Any]]:
    """The arguments of every named page, on the test world (a missing one fails the guard below)."""
    membership = world.ambito_a.memberships.get(organization=world.z)
    sub_membership = world.subambito.memberships.get(organization=world.z)
    kwargs = {name: make(world) for name, make, _expected in PAGES}
    kwargs["login"] = {}
    kwargs["governance:ambito_member_end"] = {"pk": world.ambito_a.pk, "membership_pk": membership.pk}
    kwargs["subambiti:member_end"] = {"pk": world.subambito.pk, "membership_pk": sub_membership.pk}
    agreement = draft(world)
    kwargs["agreements:agreement_list"] = {}
    kwargs["agreements:agreement_detail"] = {"pk": agreement.pk}
    kwargs["agreements:agreement_compare"] = {"pk": agreement.pk}
    kwargs.update(editing_page_kwargs(world))
    kwargs["agreements:to_sign"] = {}
    kwargs["agreements:signature_report"] = {"pk": agreement.pk}
    kwargs["agreements:signature_upload"] = {"pk": agreement.pk, "party_pk": agreement.parties.all()[0].pk}
    kwargs.update(assembly_page_kwargs(world))
    kwargs.update(budget_page_kwargs(world))
    kwargs.update(co_design_page_kwargs(world))
    kwargs.update(territory_page_kwargs(world))
    return kwargs
