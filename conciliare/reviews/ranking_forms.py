"""Forms of the ranking pages: the approval by act and the scorrimento."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from conciliare.calls.call_forms import amount_field
from conciliare.core.forms import StyledForm
from conciliare.partnerships.forms import DateInput, ServiceErrorsMixin
from conciliare.reviews.models import RankingEntry


class RankingApproveForm(ServiceErrorsMixin, StyledForm):
    act_number = forms.CharField(
        label=_("Numero dell'atto di approvazione"),
        max_length=50,
        error_messages={"required": _("Indicare il numero dell'atto di approvazione.")},
    )
    act_date = forms.DateField(
        label=_("Data dell'atto di approvazione"),
        widget=DateInput(),
        error_messages={
            "required": _("Indicare la data dell'atto di approvazione."),
            "invalid": _("Indicare una data valida, ad esempio 15/01/2026."),
        },
    )
    committee_minutes = forms.CharField(
        label=_("Verbale della seduta del Comitato"),
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_(
            "Sintesi della seduta di valutazione, riportata nel documento pubblicato."
        ),
        error_messages={
            "required": _("Riportare la sintesi del verbale della seduta del Comitato.")
        },
    )


class EntryChoiceField(forms.ModelChoiceField[RankingEntry]):
    def label_from_instance(self, obj: RankingEntry) -> str:
        return (
            f"{obj.position}. {obj.application.title} ({obj.application.alliance.name})"
        )


class ScorrimentoForm(ServiceErrorsMixin, StyledForm):
    """A renunciation (no amount) or a reduction (the new amount)."""

    entry = EntryChoiceField(
        label=_("Domanda finanziata"),
        queryset=RankingEntry.objects.none(),
        empty_label=_("Scegliere la domanda"),
        error_messages={"required": _("Scegliere la domanda finanziata.")},
    )
    reason = forms.CharField(
        label=_("Motivazione"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Indicare la motivazione.")},
    )
    act_number = forms.CharField(
        label=_("Numero dell'atto"), max_length=50, required=False
    )
    act_date = forms.DateField(
        label=_("Data dell'atto"), widget=DateInput(), required=False
    )

    def __init__(
        self, *args: Any, entries: Any, reduction: bool = False, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = entries  # type: ignore[attr-defined]
        if reduction:
            self.fields["amount"] = amount_field(
                _("Nuovo contributo (euro)"),
                help_text=_("Inferiore al contributo assegnato ora."),
            )
            self.fields["amount"].widget.attrs.setdefault("class", "form-control")
            self.order_fields(["entry", "amount", "reason", "act_number", "act_date"])
