"""The reminders sent for a report's due date, one row per reminder so the
daily task never sends the same one twice."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReminderKind(models.TextChoices):
    BEFORE = "before", _("Promemoria prima della scadenza")
    OVERDUE = "overdue", _("Sollecito dopo la scadenza")


class ReportReminder(models.Model):
    deadline = models.ForeignKey(
        "plans.AgreementDeadline",
        on_delete=models.CASCADE,
        related_name="reminders",
        verbose_name=_("scadenza"),
    )
    kind = models.CharField(_("tipo"), max_length=10, choices=ReminderKind)
    sent_at = models.DateTimeField(_("inviato il"), auto_now_add=True)
    recipients = models.JSONField(_("destinatari"), default=list)

    class Meta:
        verbose_name = _("promemoria")
        verbose_name_plural = _("promemoria")
        ordering = ["deadline", "sent_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["deadline", "kind"], name="monitoring_reminder_once"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=ReminderKind.values),
                name="monitoring_reminder_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{ReminderKind(self.kind).label} – {self.deadline}"
