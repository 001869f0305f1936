"""Forms of the Documento Territoriale di Indirizzo: starting it (ATS,
period, title), writing its six sections, and recording the act adopting it."""

from datetime import date
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from conciliare.accounts.models import Role
from conciliare.accounts.predicates import ats_ids_of
from conciliare.calls.guidance_services import GUIDANCE_FIELDS
from conciliare.calls.models import GUIDANCE_SECTIONS, GuidanceDocument
from conciliare.core.forms import StyledForm
from conciliare.documents.filetypes import accepted_extensions, accepted_labels
from conciliare.documents.validators import max_upload_megabytes, validate_upload
from conciliare.partnerships.forms import DateInput, ServiceErrorsMixin
from conciliare.territory.models import ATS, ProgrammingPeriod


def section_heading(name: str) -> str:
    """The heading of a DTI section: its field's name, capitalised."""
    field = cast("models.Field[Any, Any]", GuidanceDocument._meta.get_field(name))
    return capfirst(str(field.verbose_name))


_TITLE = forms.CharField(label=_("Titolo del documento"), max_length=255)


class GuidanceCreateForm(ServiceErrorsMixin, StyledForm):
    ats = forms.ModelChoiceField(
        label=_("ATS"), queryset=ATS.objects.none(), empty_label=None
    )
    period = forms.ModelChoiceField(
        label=_("Periodo di programmazione"),
        queryset=ProgrammingPeriod.objects.order_by("-starts_on"),
        empty_label=None,
        help_text=_("Ogni ATS ha un solo Documento di Indirizzo per periodo."),
    )
    title = _TITLE

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        ats_ids = ats_ids_of(user, Role.ATS_OFFICER)
        field = cast("forms.ModelChoiceField[ATS]", self.fields["ats"])
        field.queryset = ATS.objects.filter(pk__in=ats_ids).order_by("name")


class GuidanceForm(ServiceErrorsMixin, StyledForm):
    """The title and the six sections, in the document's order."""

    title = _TITLE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in GUIDANCE_SECTIONS:
            self.fields[name] = forms.CharField(
                label=section_heading(name),
                required=False,
                widget=forms.Textarea(attrs={"rows": 8, "class": "form-control"}),
            )

    @classmethod
    def initial_for(cls, guidance: GuidanceDocument) -> dict[str, Any]:
        return {name: getattr(guidance, name) for name in GUIDANCE_FIELDS}


def _not_in_future(value: date | None) -> None:
    if value is not None and value > timezone.localdate():
        raise ValidationError(gettext("La data dell'atto non può essere futura."))


class GuidanceAdoptForm(ServiceErrorsMixin, StyledForm):
    act_number = forms.CharField(
        label=_("Numero dell'atto di adozione"),
        max_length=50,
        help_text=_("Ad esempio il numero del decreto o della deliberazione."),
    )
    act_date = forms.DateField(
        label=_("Data dell'atto di adozione"),
        widget=DateInput(),
        validators=[_not_in_future],
    )
    act_file = forms.FileField(
        label=_("Atto di adozione (file)"),
        widget=forms.FileInput(attrs={"accept": ",".join(accepted_extensions())}),
        error_messages={"required": _("Scegliere il file dell'atto da caricare.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["act_file"].help_text = gettext(
            "Formati accettati: %(formats)s. Dimensione massima: %(limit)s MB. "
            "L'atto è pubblicato sul portale."
        ) % {"formats": accepted_labels(), "limit": max_upload_megabytes()}

    def clean_act_file(self) -> UploadedFile:
        file: UploadedFile = self.cleaned_data["act_file"]
        validate_upload(file)
        return file
