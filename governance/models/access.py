"""Users, the roles they act in for an organization, object-permission tables and the audit trail."""

from django.contrib.auth.models import AbstractUser, Group
from django.db import models
from django.utils.translation import gettext_lazy as _
from guardian.models import GroupObjectPermissionBase

from core.models import TimeStampedModel
from governance.models.organs import Organ
from governance.models.people import Person
from governance.models.registry import Ambito, Organization


class User(AbstractUser):
    person = models.OneToOneField(
        Person,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="user",
        verbose_name=_("persona"),
        help_text=_("La persona del registro che usa questo account (ad es. il sindaco)."),
    )

    class Meta:
        verbose_name = _("utente")
        verbose_name_plural = _("utenti")


class Role(models.TextChoices):
    OPERATORE_COMUNALE = "operatore_comunale", _("Operatore comunale")
    UFFICIO_DI_PIANO = "ufficio_di_piano", _("Ufficio di Piano")
    CAPOFILA = "capofila", _("Ente capofila")
    SINDACO = "sindaco", _("Sindaco o delegato")
    ETS = "ets", _("Ente del Terzo Settore")
    REVISORE = "revisore", _("Revisore (sola lettura)")
    AMMINISTRATORE = "amministratore", _("Amministratore")


class RoleGroup(models.Model):
    """The one auth Group for an (organization, role) pair; object permissions are granted to it."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="role_groups")
    role = models.CharField(max_length=32, choices=Role.choices)
    group = models.OneToOneField(Group, on_delete=models.CASCADE, related_name="role_group")

    class Meta:
        verbose_name = _("gruppo di ruolo")
        verbose_name_plural = _("gruppi di ruolo")
        constraints = [models.UniqueConstraint(fields=["organization", "role"], name="role_group_unique")]

    def __str__(self) -> str:
        return f"{self.organization} — {self.get_role_display()}"


class RoleAssignment(TimeStampedModel):
    """A user acts for an organization in a role."""

    user = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("utente")
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("ente")
    )
    role = models.CharField(_("ruolo"), max_length=32, choices=Role.choices)

    class Meta:
        ordering = ["user__username", "organization__name", "role"]
        verbose_name = _("ruolo assegnato")
        verbose_name_plural = _("ruoli assegnati")
        constraints = [
            models.UniqueConstraint(fields=["user", "organization", "role"], name="role_assignment_unique")
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()}, {self.organization}"


# Direct foreign-key object-permission tables (faster than guardian's generic ones, and real FKs).
class OrganizationGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Organization, on_delete=models.CASCADE)


class AmbitoGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Ambito, on_delete=models.CASCADE)


class OrganGroupObjectPermission(GroupObjectPermissionBase):
    content_object = models.ForeignKey(Organ, on_delete=models.CASCADE)
