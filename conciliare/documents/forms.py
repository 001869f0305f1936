"""Upload and edit forms, and the filters of the public list."""

from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from conciliare.accounts.models import Role
from conciliare.accounts.predicates import ats_ids_of, is_regional_officer
from conciliare.core.forms import StyledForm, StyledModelForm
from conciliare.documents.filetypes import accepted_extensions, accepted_labels
from conciliare.documents.models import Document, DocumentKind
from conciliare.documents.services import METADATA_FIELDS, DocumentMetadata
from conciliare.documents.validators import max_upload_megabytes, validate_upload
from conciliare.territory.models import ATS, ProgrammingPeriod


class _DateInput(forms.DateInput):
    """The browser's date picker; it sends and expects ISO dates."""

    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs=attrs, format="%Y-%m-%d")


class DocumentUpdateForm(StyledModelForm):
    """The metadata of a document; the ATS choice is limited to the user's own."""

    class Meta:
        model = Document
        fields = list(METADATA_FIELDS)
        widgets: dict[str, forms.Widget] = {
            "act_date": _DateInput(),
            "valid_from": _DateInput(),
            "valid_until": _DateInput(),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ats_field = cast("forms.ModelChoiceField[ATS]", self.fields["ats"])
        if is_regional_officer(user):
            ats_field.queryset = ATS.objects.all()
            ats_field.empty_label = gettext("Regione Lombardia (documento regionale)")
        else:
            ats_field.queryset = ATS.objects.filter(
                pk__in=ats_ids_of(user, Role.ATS_OFFICER)
            ).order_by("name")
            ats_field.required = True
            ats_field.empty_label = None
            ats_field.help_text = _("Il documento appartiene alla sua ATS.")
        period_field = cast(
            "forms.ModelChoiceField[ProgrammingPeriod]", self.fields["period"]
        )
        period_field.queryset = ProgrammingPeriod.objects.order_by("-starts_on")
        period_field.empty_label = gettext("Nessun periodo")
        kind_field = cast("forms.ChoiceField", self.fields["kind"])
        kind_field.choices = [("", gettext("Scegliere il tipo")), *DocumentKind.choices]

    def metadata(self) -> DocumentMetadata:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "kind": data["kind"],
            "act_number": data["act_number"],
            "act_date": data["act_date"],
            "valid_from": data["valid_from"],
            "valid_until": data["valid_until"],
            "is_public": data["is_public"],
            "ats": data["ats"],
            "period": data["period"],
        }


class DocumentCreateForm(DocumentUpdateForm):
    """A new document: the metadata and the file."""

    class Meta(DocumentUpdateForm.Meta):
        fields = ["title", "kind", "file", *METADATA_FIELDS[2:]]
        widgets = {
            **DocumentUpdateForm.Meta.widgets,
            "file": forms.FileInput(attrs={"accept": ",".join(accepted_extensions())}),
        }

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, user=user, **kwargs)
        self.fields["file"].help_text = gettext(
            "Formati accettati: %(formats)s. Dimensione massima: %(limit)s MB."
        ) % {"formats": accepted_labels(), "limit": max_upload_megabytes()}

    def clean_file(self) -> UploadedFile:
        file: UploadedFile = self.cleaned_data["file"]
        validate_upload(file)
        return file


class DocumentFilterForm(StyledForm):
    """Filters of the public list; every one optional, slugs in the address."""

    kind = forms.ChoiceField(
        label=_("Tipo"),
        choices=[("", _("Tutti i tipi")), *DocumentKind.choices],
        required=False,
    )
    period = forms.ModelChoiceField(
        label=_("Periodo di programmazione"),
        queryset=ProgrammingPeriod.objects.order_by("-starts_on"),
        to_field_name="slug",
        empty_label=_("Tutti i periodi"),
        required=False,
    )
    ats = forms.ModelChoiceField(
        label=_("ATS"),
        queryset=ATS.objects.all(),
        to_field_name="slug",
        empty_label=_("Tutte le ATS"),
        required=False,
    )
    expired = forms.BooleanField(
        label=_("Mostra anche i documenti scaduti"), required=False
    )

    def filters(self) -> dict[str, Any]:
        """The valid filters (an invalid one is reported and ignored)."""
        data = getattr(self, "cleaned_data", {})
        return {
            "kind": data.get("kind") or None,
            "period": data.get("period"),
            "ats": data.get("ats"),
            "include_expired": bool(data.get("expired")),
        }
