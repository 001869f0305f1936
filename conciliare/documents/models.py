"""Uploaded files with their legal metadata and period of validity."""

import uuid
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from conciliare.core.models import TimeStampedModel
from conciliare.core.reverse import reverse_pk
from conciliare.documents.filetypes import file_type_for_mime, format_size


class DocumentKind(models.TextChoices):
    REGULATION = "regulation", _("Regolamento")
    FORM = "form", _("Modulo")
    ACT = "act", _("Atto (delibera, decreto)")
    GUIDANCE = "guidance", _("Documento Territoriale di Indirizzo")
    CALL = "call", _("Avviso")
    PLAN = "plan", _("Piano Territoriale")
    RANKING = "ranking", _("Graduatoria")
    MINUTES = "minutes", _("Verbale")
    AGREEMENT = "agreement", _("Accordo o convenzione")
    REPORT = "report", _("Relazione o rendiconto")
    OTHER = "other", _("Altro")


def document_upload_to(instance: "Document", filename: str) -> str:
    """Random names: the stored path reveals nothing and never collides."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    if filename.lower().endswith(".pdf.p7m"):
        extension = "pdf.p7m"
    return f"documents/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class DocumentQuerySet(models.QuerySet["Document"]):
    def in_force(self, on: date) -> "DocumentQuerySet":
        return self.filter(valid_from__lte=on).filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on)
        )


class Document(TimeStampedModel):
    title = models.CharField(_("titolo"), max_length=255)
    kind = models.CharField(_("tipo"), max_length=20, choices=DocumentKind)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=255)
    original_filename = models.CharField(_("nome del file"), max_length=255)
    content_type = models.CharField(_("formato"), max_length=100)
    size = models.PositiveBigIntegerField(_("dimensione (byte)"))
    sha256 = models.CharField(_("impronta SHA-256"), max_length=64)
    act_number = models.CharField(_("numero dell'atto"), max_length=50, blank=True)
    act_date = models.DateField(_("data dell'atto"), null=True, blank=True)
    valid_from = models.DateField(_("data inizio validità"))
    valid_until = models.DateField(_("data fine validità"), null=True, blank=True)
    is_public = models.BooleanField(
        _("pubblico"),
        default=False,
        help_text=_("I documenti pubblici sono visibili a tutti sul portale."),
    )
    ats = models.ForeignKey(
        "territory.ATS",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("ATS"),
        help_text=_("Lasciare vuoto per i documenti regionali."),
    )
    period = models.ForeignKey(
        "territory.ProgrammingPeriod",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name=_("periodo di programmazione"),
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("caricato da"),
    )

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = _("documento")
        verbose_name_plural = _("documenti")
        ordering = ["-valid_from", "title", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=DocumentKind.values), name="documents_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True)
                | Q(valid_until__gte=F("valid_from")),
                name="documents_validity_ordered",
            ),
        ]
        indexes = [
            models.Index(
                fields=["is_public", "-valid_from"], name="documents_public_idx"
            )
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        # valid_from is None while a form is still missing it
        valid_from: date | None = self.valid_from
        if (
            self.valid_until is not None
            and valid_from is not None
            and self.valid_until < valid_from
        ):
            raise ValidationError(
                {
                    "valid_until": ValidationError(
                        _(
                            "La data di fine validità non può precedere "
                            "la data di inizio validità."
                        ),
                        code="validity_ordered",
                    )
                }
            )

    def get_absolute_url(self) -> str:
        return reverse_pk("documents:document-detail", self.pk)

    def get_download_url(self) -> str:
        return reverse_pk("documents:document-download", self.pk)

    @property
    def format_label(self) -> str:
        """``PDF``, ``DOCX``… from the type detected at upload."""
        file_type = file_type_for_mime(self.content_type)
        return file_type.label if file_type else self.content_type

    @property
    def size_display(self) -> str:
        return format_size(self.size)

    @property
    def file_summary(self) -> str:
        """``PDF, 492 KB``: what the download link tells before the click."""
        return f"{self.format_label}, {self.size_display}"

    def is_in_force(self, on: date) -> bool:
        return self.valid_from <= on and (
            self.valid_until is None or self.valid_until >= on
        )
