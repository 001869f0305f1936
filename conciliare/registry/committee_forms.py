"""Forms of the committee pages: seating a member, convening and recording
a meeting."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from conciliare.accounts.models import User
from conciliare.core.exceptions import ApplicationError
from conciliare.core.forms import StyledForm
from conciliare.registry.models import (
    CommitteeMeeting,
    CommitteeMember,
    CommitteeRole,
    Organisation,
)
from conciliare.registry.validators import normalise_tax_code, validate_tax_code


class _DateInput(forms.DateInput):
    """The browser's date picker; it sends and expects ISO dates."""

    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class _DateTimeInput(forms.DateTimeInput):
    input_type = "datetime-local"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%dT%H:%M")


class CommitteeForm(StyledForm):
    def add_service_error(self, exc: ApplicationError) -> None:
        """Show a service's refusal next to its field (or above the form)."""
        field = exc.field if exc.field in self.fields else None
        self.add_error(field, exc.message)
        if field is not None:
            attrs = self.fields[field].widget.attrs
            attrs["aria-invalid"] = "true"
            attrs["aria-describedby"] = f"{self[field].auto_id}_error"
            attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()


class CommitteeMemberAddForm(CommitteeForm):
    email = forms.EmailField(
        label=_("E-mail della persona"),
        help_text=_("La persona deve avere già un account su Conciliare."),
    )
    tax_code = forms.CharField(
        label=_("Codice fiscale dell'ente rappresentato"),
        max_length=24,
        validators=[validate_tax_code],
    )
    role = forms.ChoiceField(label=_("Ruolo"), choices=CommitteeRole.choices)
    starts_on = forms.DateField(label=_("In carica dal"), widget=_DateInput())

    user: User | None = None
    organisation: Organisation | None = None

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).strip().lower()
        self.user = User.objects.filter(email__iexact=email, is_active=True).first()
        if self.user is None:
            raise ValidationError(
                _("Nessun account registrato con questo indirizzo e-mail."),
                code="unknown",
            )
        return email

    def clean_tax_code(self) -> str:
        code = normalise_tax_code(self.cleaned_data["tax_code"])
        self.organisation = Organisation.objects.filter(tax_code=code).first()
        if self.organisation is None:
            raise ValidationError(
                _("Nessun ente registrato con questo codice fiscale."), code="unknown"
            )
        return code


class MeetingScheduleForm(CommitteeForm):
    held_on = forms.DateTimeField(label=_("Data e ora"), widget=_DateTimeInput())
    place = forms.CharField(label=_("Luogo"), max_length=255)
    agenda = forms.CharField(
        label=_("Ordine del giorno"), widget=forms.Textarea(attrs={"rows": 4})
    )


class CommitteeMemberEndForm(CommitteeForm):
    ends_on = forms.DateField(
        label=_("Fine del mandato"),
        widget=_DateInput(),
        error_messages={
            "required": _("Indicare la data di fine del mandato."),
            "invalid": _("Indicare una data valida."),
        },
    )


class MeetingRecordForm(CommitteeForm):
    present = forms.ModelMultipleChoiceField(
        label=_("Presenti"),
        queryset=CommitteeMember.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    decisions = forms.CharField(
        label=_("Decisioni"),
        required=False,
        help_text=_("Una decisione per riga, nell'ordine in cui sono state prese."),
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    minutes = forms.ModelChoiceField(
        label=_("Verbale già caricato"),
        queryset=CommitteeMeeting.objects.none(),
        required=False,
        empty_label=_("Nessun verbale"),
    )
    minutes_file = forms.FileField(
        label=_("Oppure carica il verbale"),
        required=False,
        help_text=_(
            "PDF, anche firmato digitalmente (.p7m). Sarà conservato tra i "
            "documenti riservati dell'ATS."
        ),
    )

    def __init__(
        self,
        *args: Any,
        members: Any,
        minutes: Any,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        present: Any = self.fields["present"]
        present.queryset = members
        present.label_from_instance = lambda m: f"{m.user} ({m.organisation})"
        minutes_field: Any = self.fields["minutes"]
        minutes_field.queryset = minutes

    def decision_texts(self) -> list[str]:
        text = str(self.cleaned_data.get("decisions") or "")
        return [line.strip() for line in text.splitlines() if line.strip()]
