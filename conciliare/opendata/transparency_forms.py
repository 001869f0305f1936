"""Filters of the grants table (ATS and year of the act)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from conciliare.core.forms import StyledForm
from conciliare.partnerships.public_forms import ats_filter_field


class GrantFilterForm(StyledForm):
    """Every filter optional; an invalid one is reported beside its field and
    ignored, so a mistyped address still shows the table."""

    ats = ats_filter_field()
    year = forms.IntegerField(
        label=_("Anno dell'atto"),
        min_value=2000,
        max_value=2100,
        required=False,
        # a text box: the server, not the browser, explains a wrong year
        widget=forms.TextInput(attrs={"inputmode": "numeric", "size": 4}),
        error_messages={
            "invalid": _("Indicare un anno di quattro cifre, per esempio 2024."),
            "min_value": _("Indicare un anno dal 2000 in poi."),
            "max_value": _("Indicare un anno fino al 2100."),
        },
    )

    def filters(self) -> dict[str, Any]:
        data = getattr(self, "cleaned_data", {})
        return {"ats": data.get("ats"), "year": data.get("year")}
