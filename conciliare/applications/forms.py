"""Forms of the pages that prepare an application: starting it, its general
data, the uploads, submitting, withdrawing and a partner's confirmation.
The repeated rows (actions, recipients, budget) are in ``row_forms``.

Fields are checked here; the rules that span the application (dates in the
call's window, areas the call admits, one application per alliance) are the
services', whose errors ``add_service_errors`` puts back next to the fields.
"""

from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from conciliare.applications.models import Application
from conciliare.applications.services import GENERAL_FIELDS
from conciliare.core.forms import StyledForm
from conciliare.documents.filetypes import accepted_extensions, accepted_labels
from conciliare.documents.validators import max_upload_megabytes, validate_upload
from conciliare.partnerships.forms import DateInput, ServiceErrorsMixin
from conciliare.partnerships.models import Alliance
from conciliare.registry.models import Organisation
from conciliare.territory.models import InterventionArea


class VersionForm(forms.Form):
    """The version of the draft the page was drawn from (every editor form
    carries it: a save from an older version is refused, never merged)."""

    version = forms.IntegerField(min_value=1, widget=forms.HiddenInput)


class ApplicationCreateForm(ServiceErrorsMixin, StyledForm):
    alliance = forms.ModelChoiceField(
        label=_("Alleanza che presenta la domanda"),
        queryset=Alliance.objects.none(),
        empty_label=None,
        help_text=_(
            "Le alleanze dell'ATS dell'avviso di cui il vostro ente è capofila."
        ),
    )
    title = forms.CharField(label=_("Titolo del progetto"), max_length=255)

    def __init__(
        self, *args: Any, alliances: QuerySet[Alliance], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = cast("forms.ModelChoiceField[Alliance]", self.fields["alliance"])
        field.queryset = alliances


class GeneralForm(ServiceErrorsMixin, StyledForm):
    """The general data of the project (section «Dati generali»)."""

    title = forms.CharField(label=_("Titolo del progetto"), max_length=255)
    summary = forms.CharField(
        label=_("Sintesi del progetto"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("Che cosa fa il progetto, per chi e dove, in poche righe."),
    )
    objectives = forms.CharField(
        label=_("Obiettivi"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    areas = forms.ModelMultipleChoiceField(
        label=_("Aree di intervento"),
        queryset=InterventionArea.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
    )
    starts_on = forms.DateField(
        label=_("Inizio delle attività"), required=False, widget=DateInput()
    )
    ends_on = forms.DateField(
        label=_("Fine delle attività"), required=False, widget=DateInput()
    )

    def __init__(self, *args: Any, application: Application, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        areas = cast(
            "forms.ModelMultipleChoiceField[InterventionArea]", self.fields["areas"]
        )
        areas.queryset = application.call.areas.order_by("number")
        self.fields["ends_on"].help_text = gettext(
            "Le attività devono concludersi entro il %(date)s."
        ) % {
            "date": date_format(application.call.activities_end_by, "SHORT_DATE_FORMAT")
        }

    @staticmethod
    def initial_for(application: Application) -> dict[str, Any]:
        initial = {
            name: getattr(application, name)
            for name in GENERAL_FIELDS
            if name != "areas"
        }
        initial["areas"] = list(application.areas.all())
        return initial

    def service_data(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in GENERAL_FIELDS}


def _file_help_text() -> str:
    return gettext(
        "Formati accettati: %(formats)s. Dimensione massima: %(limit)s MB."
    ) % {"formats": accepted_labels(), "limit": max_upload_megabytes()}


class AttachmentUploadForm(ServiceErrorsMixin, StyledForm):
    """One file: for a required attachment (prefix ``req-<pk>``) or, with a
    title, as a further document (prefix ``other``)."""

    file = forms.FileField(
        label=_("File"),
        widget=forms.FileInput(attrs={"accept": ",".join(accepted_extensions())}),
        error_messages={"required": _("Scegliere il file da caricare.")},
    )
    title = forms.CharField(
        label=_("Di che documento si tratta"), max_length=200, required=False
    )

    def __init__(self, *args: Any, needs_title: bool, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = _file_help_text()
        if needs_title:
            self.fields["title"].required = True
        else:
            del self.fields["title"]

    def clean_file(self) -> UploadedFile:
        file: UploadedFile = self.cleaned_data["file"]
        validate_upload(file)
        return file


class SubmitForm(StyledForm):
    """The confirmation of a submission; ``key`` is new at every rendering,
    so the same form sent twice makes one submission."""

    key = forms.UUIDField(widget=forms.HiddenInput)


class WithdrawForm(StyledForm):
    reason = forms.CharField(
        label=_("Motivo del ritiro"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Facoltativo: resta nel registro della domanda."),
    )


class PartnerConfirmForm(ServiceErrorsMixin, StyledForm):
    """A partner's representative confirms the partner's role and figures."""

    organisation = forms.ModelChoiceField(
        label=_("Ente che conferma"),
        queryset=Organisation.objects.none(),
        empty_label=None,
    )
    note = forms.CharField(
        label=_("Nota"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Facoltativa: precisazioni sul ruolo o sul cofinanziamento."),
    )

    def __init__(
        self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = cast(
            "forms.ModelChoiceField[Organisation]", self.fields["organisation"]
        )
        field.queryset = organisations
        if len(organisations) == 1:
            field.widget = forms.HiddenInput()
            field.initial = organisations[0].pk
