"""The portal's one model: what visitors report about the site's accessibility."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from conciliare.core.models import TimeStampedModel


class Feedback(TimeStampedModel):
    """A report (segnalazione) sent with the accessibility feedback form, kept
    so that the site managers can answer it and account for it (the AGID
    accessibility statement promises a feedback mechanism)."""

    name = models.CharField(_("nome"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"))
    page_url = models.CharField(_("pagina"), max_length=500)
    message = models.TextField(_("segnalazione"), max_length=5000)
    language = models.CharField(_("lingua"), max_length=8)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("inviata da"),
        help_text=_(
            "La persona che ha inviato la segnalazione, se aveva eseguito l'accesso."
        ),
    )

    class Meta:
        verbose_name = _("segnalazione")
        verbose_name_plural = _("segnalazioni")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(_("Segnalazione sulla pagina %(page)s") % {"page": self.page_url})
