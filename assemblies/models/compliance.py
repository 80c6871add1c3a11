"""What the compliance board keeps: the reminders the worker has sent (one per ambito, deadline and year)."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from assemblies.models.choices import Deadline
from governance.models import Ambito


class DeadlineReminder(models.Model):
    """Taken before the e-mail goes out, under a unique constraint: a deadline is never reminded twice."""

    ambito = models.ForeignKey(Ambito, on_delete=models.CASCADE, related_name="deadline_reminders")
    deadline = models.CharField(_("scadenza"), max_length=24, choices=Deadline.choices)
    year = models.PositiveSmallIntegerField(_("anno"))
    due_on = models.DateField(_("entro il"))
    recipients = models.TextField(_("destinatari"), blank=True)
    answer = models.TextField(_("risposta del server"), blank=True)
    sent_at = models.DateTimeField(_("inviato il"), auto_now_add=True)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("promemoria di scadenza")
        verbose_name_plural = _("promemoria di scadenza")
        constraints = [
            models.UniqueConstraint(fields=["ambito", "deadline", "year"], name="deadline_reminded_once"),
        ]

    def __str__(self) -> str:
        return f"{self.ambito} — {self.get_deadline_display()} {self.year}"
