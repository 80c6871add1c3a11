"""Votes, ballots and deliberations.

One ballot per voter is the database's rule: a `Participation` per (vote, voter body) is unique. An open vote adds
an `OpenBallot` (the choice) to the participation. A secret vote stores no row that holds both a voter and a choice:
the participation says who took part, and the choice only adds to the per-choice `VoteTally` under a row lock (the
tally has no timestamps and no per-ballot rows), so no column, id, order or time links a voter to a choice.
"""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from assemblies.models.choices import Choice, MajorityKind, Outcome, Secrecy, TieRule, VoteStatus
from assemblies.models.sessions import AgendaItem
from governance.models import Organ, Organization


def weight_field(verbose_name: Any = None, **options: Any) -> models.DecimalField:
    """A vote's weight: whole for one vote each and population, with decimals for set quotas."""
    return models.DecimalField(verbose_name, max_digits=14, decimal_places=4, **options)


class Vote(models.Model):
    """One round of voting on an agenda item (an annulled round is kept, and the item is voted again)."""

    item = models.ForeignKey(
        AgendaItem, on_delete=models.CASCADE, related_name="votes", verbose_name=_("punto")
    )
    round = models.PositiveSmallIntegerField(_("votazione n."), default=1)
    secrecy = models.CharField(_("modalità"), max_length=8, choices=Secrecy.choices, default=Secrecy.OPEN)
    status = models.CharField(_("stato"), max_length=10, choices=VoteStatus.choices, default=VoteStatus.OPEN)
    opened_at = models.DateTimeField(_("aperta il"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    closed_at = models.DateTimeField(_("chiusa il"), null=True, blank=True)
    annulled_at = models.DateTimeField(_("annullata il"), null=True, blank=True)
    annul_reason = models.CharField(_("motivo dell'annullamento"), max_length=255, blank=True)
    # The rule and the sums as they stood when the vote opened (the organ's rules may change later).
    majority_kind = models.CharField(max_length=16, choices=MajorityKind.choices)
    share_numerator = models.PositiveSmallIntegerField(null=True, blank=True)
    share_denominator = models.PositiveSmallIntegerField(null=True, blank=True)
    share_of_members = models.BooleanField(default=True)
    abstentions_count_as_present = models.BooleanField(default=True)
    tie_rule = models.CharField(max_length=24, choices=TieRule.choices)
    members_weight = weight_field(_("peso dei componenti"))
    present_weight = weight_field(_("peso dei presenti aventi diritto"))
    eligible_count = models.PositiveIntegerField(_("aventi diritto"))
    outcome = models.CharField(_("esito"), max_length=24, choices=Outcome.choices, blank=True)
    ballots_cast = models.PositiveIntegerField(_("voti espressi"), null=True, blank=True)

    class Meta:
        ordering = ["item", "round"]
        verbose_name = _("votazione")
        verbose_name_plural = _("votazioni")
        constraints = [
            models.UniqueConstraint(fields=["item", "round"], name="vote_round_unique"),
            models.UniqueConstraint(
                fields=["item"], condition=Q(status=VoteStatus.OPEN), name="vote_one_open_per_item"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.item} — {self.get_secrecy_display()} ({self.round})"


class Eligibility(models.Model):
    """Who may vote, fixed when the vote opens: the member bodies present (and those represented by proxy), each
    with its weight."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="eligible")
    voter = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    weight = weight_field()
    proxy_holder = models.ForeignKey(
        Organization, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        ordering = ["vote", "voter__name"]
        constraints = [
            models.UniqueConstraint(fields=["vote", "voter"], name="eligibility_once_per_voter"),
            models.CheckConstraint(condition=Q(weight__gt=0), name="eligibility_weight_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.voter} ({self.weight})"


class Participation(models.Model):
    """That a voter body cast its ballot: one per vote and voter, whatever the vote's secrecy."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="participations")
    voter = models.ForeignKey(Organization, on_delete=models.PROTECT, related_name="+")
    cast_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    by_proxy = models.BooleanField(default=False)
    cast_at = models.DateTimeField()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "voter"], name="one_ballot_per_voter")]

    def __str__(self) -> str:
        return f"{self.voter} — {self.vote}"


class OpenBallot(models.Model):
    """The choice of a named (open) vote's participant. Never created for a secret vote."""

    participation = models.OneToOneField(Participation, on_delete=models.CASCADE, related_name="ballot")
    choice = models.CharField(max_length=12, choices=Choice.choices)
    weight = weight_field()

    def __str__(self) -> str:
        return f"{self.participation.voter}: {self.get_choice_display()}"


class VoteTally(models.Model):
    """The running sums per choice, added to under a row lock; no timestamps on purpose."""

    vote = models.ForeignKey(Vote, on_delete=models.CASCADE, related_name="tallies")
    choice = models.CharField(max_length=12, choices=Choice.choices)
    ballots = models.PositiveIntegerField(default=0)
    weight = weight_field(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["vote", "choice"], name="tally_one_per_choice")]

    def __str__(self) -> str:
        return f"{self.get_choice_display()}: {self.ballots}"


class Deliberation(models.Model):
    """The numbered act of a closed vote (n. 12/2026), per organ and year."""

    organ = models.ForeignKey(Organ, on_delete=models.PROTECT, related_name="deliberations")
    year = models.PositiveSmallIntegerField(_("anno"))
    number = models.PositiveIntegerField(_("numero"))
    vote = models.OneToOneField(Vote, on_delete=models.PROTECT, related_name="deliberation")
    item = models.ForeignKey(AgendaItem, on_delete=models.PROTECT, related_name="deliberations")
    title = models.CharField(_("oggetto"), max_length=300)
    text = models.TextField(_("testo"), blank=True)
    outcome = models.CharField(_("esito"), max_length=24, choices=Outcome.choices)
    adopted_on = models.DateField(_("data"))
    favour = models.PositiveIntegerField(_("favorevoli"))
    against = models.PositiveIntegerField(_("contrari"))
    abstain = models.PositiveIntegerField(_("astenuti"))
    favour_weight = weight_field()
    against_weight = weight_field()
    abstain_weight = weight_field()
    effect = models.CharField(_("effetti"), max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organ", "-year", "-number"]
        verbose_name = _("deliberazione")
        verbose_name_plural = _("deliberazioni")
        constraints = [
            models.UniqueConstraint(fields=["organ", "year", "number"], name="deliberation_number_unique"),
        ]

    def __str__(self) -> str:
        return _("Deliberazione n. %(number)d/%(year)d") % {"number": self.number, "year": self.year}

    @property
    def reference(self) -> str:
        return f"{self.number}/{self.year}"
