"""Filters of the public alliance list (the API reads the same form), and the
ATS, period and area filter fields the project list shares."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from conciliare.core.forms import StyledForm
from conciliare.territory.models import ATS, InterventionArea, ProgrammingPeriod


class AreaChoiceField(forms.ModelChoiceField[InterventionArea]):
    """An intervention area, named with its period (areas belong to one)."""

    def label_from_instance(self, obj: InterventionArea) -> str:
        return f"{obj.period.name} – {obj.number}. {obj.name}"


def ats_filter_field() -> forms.ModelChoiceField[ATS]:
    return forms.ModelChoiceField(
        label=_("ATS"),
        queryset=ATS.objects.all(),
        to_field_name="slug",
        empty_label=_("Tutte le ATS"),
        required=False,
    )


def period_filter_field() -> forms.ModelChoiceField[ProgrammingPeriod]:
    return forms.ModelChoiceField(
        label=_("Periodo di programmazione"),
        queryset=ProgrammingPeriod.objects.order_by("-starts_on"),
        to_field_name="slug",
        empty_label=_("Tutti i periodi"),
        required=False,
    )


def area_filter_field() -> AreaChoiceField:
    return AreaChoiceField(
        label=_("Area di intervento"),
        queryset=InterventionArea.objects.select_related("period").order_by(
            "-period__starts_on", "number"
        ),
        empty_label=_("Tutte le aree"),
        required=False,
    )


class AllianceFilterForm(StyledForm):
    """Every filter optional; an invalid one is reported beside its field and
    ignored, so a mistyped address still shows a list."""

    ats = ats_filter_field()
    period = period_filter_field()
    area = area_filter_field()

    def filters(self) -> dict[str, Any]:
        data = getattr(self, "cleaned_data", {})
        return {
            "ats": data.get("ats"),
            "period": data.get("period"),
            "area": data.get("area"),
        }
