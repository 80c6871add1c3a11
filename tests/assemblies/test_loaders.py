"""The organ rules the seeds state, loaded on the real registry and acts: what no act states stays "da definire"
and blocks convening; a second load changes nothing and never overwrites a rule set since."""

from io import StringIO
from typing import Any

from django.core.management import call_command
from django.utils import timezone

from assemblies import rules
from assemblies.loaders import load_organ_rules
from assemblies.models import CompositionKind, DecisionKind, MajorityKind
from assemblies.services import organ_rules_of, organ_rules_update
from governance.models import Organ
from tests.governance.helpers import seed_provinces_only


def test_the_seeds_rules_load_and_the_rest_is_to_be_set(db: Any) -> None:
    with seed_provinces_only():
        call_command("load_seeds", stdout=StringIO())
    call_command("load_agreements", stdout=StringIO())
    report = load_organ_rules()
    assert report.missing == [] and report.organs == 4

    assembly = Organ.objects.get(name="Assemblea dei Sindaci dell'Ambito Cremasco")
    undefined = rules.undefined_rules(organ_rules_of(assembly))
    assert "il numero legale" in undefined and "il peso dei voti" in undefined

    subambito = organ_rules_of(Organ.objects.get(name="Assemblea dei Sindaci del Sub-ambito di Soncino"))
    assert subambito is not None and subambito.min_sessions_per_year == 4
    assert rules.majority_for(subambito, DecisionKind.ORDINARY).kind == MajorityKind.OF_PRESENT  # type: ignore[union-attr]
    assert rules.majority_for(subambito, DecisionKind.DISPUTE).kind == MajorityKind.ABSOLUTE  # type: ignore[union-attr]

    commission = Organ.objects.get(name="Commissione operativa del Tavolo Locale del Terzo Settore")
    found = {rule.kind: rule for rule in organ_rules_of(commission).composition_rules.all()}  # type: ignore[union-attr]
    assert found[CompositionKind.PER_ETS_CATEGORY].number == 5
    assert "PIANO DI ZONA 2012/2014" in str(found[CompositionKind.ADHERENTS_ONLY].agreement)

    committee = Organ.objects.get(name="Comitato Ristretto dell'Assemblea dei Sindaci")
    problems = rules.composition_problems(committee, organ_rules_of(committee), timezone.localdate())
    assert len(problems) == 6 and all("0 componenti su 2" in problem for problem in problems)

    # A rule set by the Ufficio di Piano is never overwritten; a second load writes nothing.
    organ_rules_update(actor=None, organ=subambito.organ, min_sessions_per_year=6)
    assert load_organ_rules().written == 0
    assert organ_rules_of(subambito.organ).min_sessions_per_year == 6  # type: ignore[union-attr]
