"""Filters of the public project list (the API reads the same form)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from conciliare.core.forms import StyledForm
from conciliare.partnerships.public_forms import (
    area_filter_field,
    ats_filter_field,
    period_filter_field,
)
from conciliare.projects.models import ProjectStatus


class ProjectFilterForm(StyledForm):
    """Every filter optional; an invalid one is reported beside its field and
    ignored, so a mistyped address still shows a list."""

    ats = ats_filter_field()
    period = period_filter_field()
    area = area_filter_field()
    status = forms.ChoiceField(
        label=_("Stato"),
        choices=[("", _("Tutti gli stati")), *ProjectStatus.choices],
        required=False,
    )

    def filters(self) -> dict[str, Any]:
        data = getattr(self, "cleaned_data", {})
        return {
            "ats": data.get("ats"),
            "period": data.get("period"),
            "area": data.get("area"),
            "status": data.get("status") or None,
        }
