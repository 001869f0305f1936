"""The form that publishes a new version of a network's Regolamento."""

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from conciliare.core.forms import StyledForm
from conciliare.documents.validators import max_upload_megabytes, validate_upload
from conciliare.registry.network_regulation_services import RegulationData


class _DateInput(forms.DateInput):
    """The browser's date picker; it sends and expects ISO dates."""

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class NetworkRegulationForm(StyledForm):
    title = forms.CharField(label=_("Titolo"), max_length=255)
    file = forms.FileField(
        label=_("File del Regolamento (PDF)"),
        widget=forms.FileInput(attrs={"accept": ".pdf,application/pdf"}),
        error_messages={"required": _("Scegliere il file PDF del Regolamento.")},
    )
    valid_from = forms.DateField(
        label=_("In vigore dal"),
        widget=_DateInput(),
        help_text=_(
            "La versione in vigore finora resterà valida fino al giorno prima."
        ),
    )
    act_number = forms.CharField(
        label=_("Numero dell'atto di approvazione"),
        max_length=50,
        required=False,
        help_text=_("Ad esempio il numero del decreto o della deliberazione."),
    )
    act_date = forms.DateField(
        label=_("Data dell'atto"), required=False, widget=_DateInput()
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _("Formato PDF, al massimo %(limit)s MB.") % {
            "limit": max_upload_megabytes()
        }

    def clean_file(self) -> UploadedFile:
        file: UploadedFile = self.cleaned_data["file"]
        validate_upload(file)
        return file

    def regulation_data(self) -> RegulationData:
        data = self.cleaned_data
        return {
            "title": data["title"],
            "valid_from": data["valid_from"],
            "act_number": data["act_number"],
            "act_date": data["act_date"],
        }
