from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from conciliare.core.exceptions import InvalidTransition


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("creato il"), auto_now_add=True)
    updated_at = models.DateTimeField(_("aggiornato il"), auto_now=True)

    class Meta:
        abstract = True


class StatusModel(models.Model):
    """A model whose ``status`` field moves along its ``TRANSITIONS`` table
    (current status -> the statuses it may move to)."""

    TRANSITIONS: ClassVar[dict[str, frozenset[str]]]
    status: Any

    class Meta:
        abstract = True

    @property
    def status_label(self) -> str:
        return self._status_label(self.status)

    def can_transition_to(self, target: str) -> bool:
        return target in self.TRANSITIONS[self.status]

    def transition_to(self, target: str) -> None:
        """Move to ``target`` (not saved); InvalidTransition when not allowed."""
        if not self.can_transition_to(target):
            raise InvalidTransition(
                current=self._status_label(self.status),
                target=self._status_label(target),
            )
        self.status = target

    def _status_label(self, value: str) -> str:
        field = self._meta.get_field("status")
        labels = dict(field.flatchoices) if isinstance(field, models.Field) else {}
        return str(labels.get(value, value))
