"""The minutes (verbali) generated during a call's review, as documents."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class MinutesKind(models.TextChoices):
    ADMISSIBILITY = "admissibility", _("Verbale di istruttoria formale")
    EVALUATION = "evaluation", _("Verbale di valutazione")


class ReviewMinutes(models.Model):
    """A PDF of minutes generated from the recorded decisions of a call."""

    call = models.ForeignKey(
        "calls.Call",
        on_delete=models.PROTECT,
        related_name="review_minutes",
        verbose_name=_("avviso"),
    )
    kind = models.CharField(_("tipo"), max_length=16, choices=MinutesKind)
    number = models.PositiveSmallIntegerField(_("numero"))
    document = models.ForeignKey(
        "documents.Document",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("documento"),
    )
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("generato da"),
    )
    generated_at = models.DateTimeField(_("generato il"))

    class Meta:
        verbose_name = _("verbale")
        verbose_name_plural = _("verbali")
        ordering = ["call", "kind", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["call", "kind", "number"], name="reviews_minutes_number_unique"
            ),
            models.CheckConstraint(
                condition=Q(kind__in=MinutesKind.values),
                name="reviews_minutes_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{MinutesKind(self.kind).label} n. {self.number}"
