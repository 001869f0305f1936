"""The filter of the public list of calls, and the rows of a call in
preparation: its evaluation criteria and the attachments it asks for
(formsets; an unchanged blank row is ignored, a ticked one deleted)."""

from decimal import Decimal
from typing import Any, cast

from django import forms
from django.forms import formset_factory
from django.utils.translation import gettext_lazy as _

from conciliare.calls.call_forms import DecimalCommaField
from conciliare.calls.models import Call
from conciliare.core.forms import StyledForm
from conciliare.core.row_formsets import RowFormSet
from conciliare.partnerships.public_forms import ats_filter_field


class CallFilterForm(StyledForm):
    """Every filter optional; an invalid one is reported and ignored."""

    ats = ats_filter_field()

    def filters(self) -> dict[str, Any]:
        ats = getattr(self, "cleaned_data", {}).get("ats")
        return {"ats": ats} if ats is not None else {}


class CriterionForm(StyledForm):
    name = forms.CharField(label=_("Criterio"), max_length=200)
    description = forms.CharField(
        label=_("Descrizione"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    max_points = DecimalCommaField(
        label=_("Punteggio massimo"),
        min_value=Decimal("0.01"),
        max_digits=6,
        error_messages={
            "invalid": _("Indicare un punteggio, ad esempio 25."),
            "min_value": _("Il punteggio massimo deve essere maggiore di zero."),
        },
    )
    weight = DecimalCommaField(
        label=_("Peso"),
        min_value=Decimal("0.01"),
        max_digits=5,
        initial=Decimal("1.00"),
        error_messages={
            "invalid": _("Indicare un peso, ad esempio 1 o 1,5."),
            "min_value": _("Il peso deve essere maggiore di zero."),
        },
    )


class AttachmentForm(StyledForm):
    name = forms.CharField(label=_("Allegato"), max_length=200)
    description = forms.CharField(
        label=_("Indicazioni"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    is_mandatory = forms.BooleanField(
        label=_("Obbligatorio"), required=False, initial=True
    )


CriterionFormSet = cast(
    "type[RowFormSet]",
    formset_factory(
        CriterionForm, formset=RowFormSet, extra=1, can_delete=True, max_num=30
    ),
)
AttachmentFormSet = cast(
    "type[RowFormSet]",
    formset_factory(
        AttachmentForm, formset=RowFormSet, extra=1, can_delete=True, max_num=30
    ),
)


def criteria_initial(call: Call) -> list[dict[str, Any]]:
    return [
        {
            "name": criterion.name,
            "description": criterion.description,
            "max_points": criterion.max_points,
            "weight": criterion.weight,
        }
        for criterion in call.criteria.all()
    ]


def attachments_initial(call: Call) -> list[dict[str, Any]]:
    return [
        {
            "name": attachment.name,
            "description": attachment.description,
            "is_mandatory": attachment.is_mandatory,
        }
        for attachment in call.required_attachments.all()
    ]
