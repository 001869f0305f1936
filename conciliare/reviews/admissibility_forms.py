"""Forms of the admissibility check: the officer's decision, the request for
clarification (soccorso istruttorio) and the lead body's answer. Fields are
checked here; the rules (a reason for the not admissible, the due date, the
answer's deadline) are the services', whose errors go back beside the fields."""

from typing import Any, cast

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from conciliare.calls.call_forms import datetime_field
from conciliare.core.forms import StyledForm
from conciliare.documents.filetypes import accepted_extensions, accepted_labels
from conciliare.documents.validators import max_upload_megabytes, validate_upload
from conciliare.partnerships.forms import DateInput, ServiceErrorsMixin
from conciliare.reviews.clarification_fields import ReopenableField
from conciliare.reviews.models import AdmissibilityStatus


class DecisionForm(ServiceErrorsMixin, StyledForm):
    decision = forms.ChoiceField(
        label=_("Esito dell'istruttoria"),
        choices=[
            (AdmissibilityStatus.ADMISSIBLE.value, _("Ammissibile")),
            (AdmissibilityStatus.NOT_ADMISSIBLE.value, _("Non ammissibile")),
        ],
        widget=forms.RadioSelect(attrs={"class": "form-check-input"}),
        error_messages={"required": _("Scegliere l'esito dell'istruttoria.")},
    )
    reason = forms.CharField(
        label=_("Motivazione"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Obbligatoria se la domanda non è ammissibile: la legge l'ente capofila."
        ),
    )


class ClarificationRequestForm(ServiceErrorsMixin, StyledForm):
    message = forms.CharField(
        label=_("Che cosa si chiede all'ente capofila"),
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={
            "required": _("Scrivere che cosa si chiede all'ente capofila.")
        },
    )
    reopen = forms.MultipleChoiceField(
        label=_("Campi che l'ente capofila può modificare"),
        required=False,
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text=_(
            "La risposta scritta è sempre possibile; i campi scelti si aprono "
            "con il valore inviato."
        ),
    )
    due_at = datetime_field(_("Termine per rispondere"))

    service_field_names = {"fields": "reopen"}

    def __init__(
        self, *args: Any, reopenable: list[ReopenableField], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        choices = [(field.key, field.label) for field in reopenable]
        reopen = cast("forms.MultipleChoiceField", self.fields["reopen"])
        reopen.choices = choices


def attachment_field_name(key: str) -> str:
    """``attachment:12`` -> ``attachment_12`` (an id a CSS selector can name)."""
    return key.replace(":", "_")


class ClarificationAnswerForm(ServiceErrorsMixin, StyledForm):
    """Only the reopened fields, with the submitted values, and the note."""

    answer_note = forms.CharField(
        label=_("Chiarimenti"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("La risposta scritta alla richiesta dell'ATS."),
    )

    def __init__(
        self, *args: Any, reopened: list[ReopenableField], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.reopened = reopened
        self.service_field_names = {
            field.key: attachment_field_name(field.key) for field in reopened
        }
        for field in reopened:
            self.fields[attachment_field_name(field.key)] = self._field_for(field)
        # the note after the reopened fields
        self.fields["answer_note"] = self.fields.pop("answer_note")
        self._style_added_fields()

    def _field_for(self, field: ReopenableField) -> forms.Field:
        if field.kind == "date":
            return forms.DateField(
                label=field.label, required=False, widget=DateInput()
            )
        if field.kind == "attachment":
            return forms.FileField(
                label=field.label,
                required=False,
                widget=forms.FileInput(
                    attrs={"accept": ",".join(accepted_extensions())}
                ),
                help_text=gettext(
                    "Formati accettati: %(formats)s. Dimensione massima: %(limit)s MB."
                )
                % {"formats": accepted_labels(), "limit": max_upload_megabytes()},
            )
        return forms.CharField(
            label=field.label, required=False, widget=forms.Textarea(attrs={"rows": 5})
        )

    def _style_added_fields(self) -> None:
        for field in self.fields.values():
            field.widget.attrs.setdefault("class", "form-control")

    def clean(self) -> dict[str, Any]:
        cleaned: dict[str, Any] = super().clean() or {}
        for field in self.reopened:
            if field.kind != "attachment":
                continue
            upload = cleaned.get(attachment_field_name(field.key))
            if isinstance(upload, UploadedFile):
                try:
                    validate_upload(upload)
                except forms.ValidationError as exc:
                    self.add_error(attachment_field_name(field.key), exc)
        return cleaned

    def values(self) -> dict[str, Any]:
        return {
            field.key: self.cleaned_data.get(attachment_field_name(field.key))
            for field in self.reopened
            if field.kind != "attachment"
        }

    def files_by_key(self) -> dict[str, Any]:
        return {
            field.key: self.cleaned_data.get(attachment_field_name(field.key))
            for field in self.reopened
            if field.kind == "attachment"
            and self.cleaned_data.get(attachment_field_name(field.key))
        }
