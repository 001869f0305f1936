"""The choice of the period on the dashboards (a GET form)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from conciliare.territory.models import ProgrammingPeriod


class PeriodForm(forms.Form):
    periodo = forms.ChoiceField(label=_("Periodo di programmazione"))

    def __init__(self, *args: Any, periods: list[ProgrammingPeriod], **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["periodo"]
        if isinstance(field, forms.ChoiceField):
            field.choices = [(p.slug, p.name) for p in periods]
