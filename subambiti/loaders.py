"""Loads the sub-ambiti of the seed acts, after governance.loaders has loaded the bodies and organs."""

from typing import Any

from governance.loaders import SeedContext, organ_seat, upsert
from subambiti.models import SubAmbito, SubAmbitoMembership


def load_subambiti(context: SeedContext) -> dict[tuple[str, int], SubAmbito]:
    subambiti: dict[tuple[str, int], SubAmbito] = {}
    for item in context.data["subambiti"]:
        ambito = context.ambiti[item["ambito"]]
        subambito = upsert(
            context,
            SubAmbito,
            {"ambito": ambito, "number": item["number"]},
            {
                "name": item["name"],
                "referente": context.comune(item["referente"]),
                "source": context.source(item.get("source")),
            },
        )
        subambiti[(item["ambito"], item["number"])] = subambito
        for code, spelled in item["comuni"]:
            upsert(
                context,
                SubAmbitoMembership,
                {
                    "subambito": subambito,
                    "organization": context.comune(code, spelled, item.get("source")),
                    "start_date": None,
                    "end_date": None,
                },
                {"source": context.source(item.get("source"))},
            )
    _link_organs(context, subambiti)
    return subambiti


def _key(ref: dict[str, Any]) -> tuple[str, int]:
    return (ref["ambito"], ref["number"])


def _link_organs(context: SeedContext, subambiti: dict[tuple[str, int], SubAmbito]) -> None:
    for item in context.data["organs"]:
        organ = context.organs[item["key"]]
        source = organ.legal_basis
        if "subambito" in item:
            subambito = subambiti[_key(item["subambito"])]
            if not subambito.organs.filter(pk=organ.pk).exists():
                subambito.organs.add(organ)
        for spec in item.get("seats", []):
            if "each_member_of_subambito" in spec:
                subambito = subambiti[_key(spec["each_member_of_subambito"])]
                for membership in subambito.memberships.select_related("organization"):
                    organ_seat(context, organ, membership.organization, spec, source)
            elif "each_referente_of" in spec:
                for (ambito_key, _number), subambito in sorted(subambiti.items()):
                    if ambito_key == spec["each_referente_of"] and subambito.referente is not None:
                        organ_seat(context, organ, subambito.referente, spec, source)
