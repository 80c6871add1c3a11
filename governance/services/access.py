"""Users and the roles they act in."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.models import AuditAction
from governance import permissions
from governance.models import Organization, Person, Role, RoleAssignment, User


def _require_admin(actor: Any) -> None:
    # actor=None is the system itself (management commands, data loaders).
    if actor is not None and not permissions.is_platform_admin(actor):
        raise PermissionDenied(_("Solo un amministratore può gestire utenti e ruoli."))


@transaction.atomic
def user_create(
    *,
    actor: Any,
    username: str,
    password: str | None,
    email: str = "",
    first_name: str = "",
    last_name: str = "",
    person: Person | None = None,
) -> User:
    _require_admin(actor)
    user = User(username=username, email=email, first_name=first_name, last_name=last_name, person=person)
    if password:
        user.set_password(password)
    else:
        user.set_unusable_password()
    user.full_clean()
    user.save()
    audit_record(actor=actor, instance=user, action=AuditAction.CREATE)
    return user


@transaction.atomic
def role_assign(*, actor: Any, user: User, organization: Organization, role: str) -> RoleAssignment:
    """Let `user` act for `organization` in `role`: joins the (organization, role) group, whose grants the
    writes keep current (a group created now gets them at once)."""
    _require_admin(actor)
    if role not in Role.values:
        raise ValidationError({"role": _("Ruolo sconosciuto.")})
    if role in permissions.AMBITO_ROLES and not permissions.ambiti_led_by(organization).exists():
        raise ValidationError(
            {"organization": _("Questo ruolo spetta all'ente capofila o all'ente gestore di un ambito.")}
        )
    assignment, created = RoleAssignment.objects.get_or_create(
        user=user, organization=organization, role=role
    )
    role_group = permissions.role_group_for(organization=organization, role=role)
    user.groups.add(role_group.group)
    if created:
        audit_record(actor=actor, instance=assignment, action=AuditAction.CREATE)
    if role == Role.AMMINISTRATORE and not (user.is_staff and user.is_superuser):
        user.is_staff = user.is_superuser = True
        user.save(update_fields=["is_staff", "is_superuser"])
    return assignment


@transaction.atomic
def role_revoke(*, actor: Any, assignment: RoleAssignment) -> None:
    _require_admin(actor)
    user = assignment.user
    role_group = permissions.role_group_for(organization=assignment.organization, role=assignment.role)
    user.groups.remove(role_group.group)
    audit_record(actor=actor, instance=assignment, action=AuditAction.DELETE)
    assignment.delete()
    if (
        assignment.role == Role.AMMINISTRATORE
        and not user.role_assignments.filter(role=Role.AMMINISTRATORE).exists()
    ):
        user.is_staff = user.is_superuser = False
        user.save(update_fields=["is_staff", "is_superuser"])
