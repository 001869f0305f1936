"""Forms of the project pages: the list's filters, the start and the end of
the activities, and the start of a statement (posted to the statements'
page)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from conciliare.core.forms import StyledForm
from conciliare.monitoring.models import StatementKind
from conciliare.partnerships.forms import DateInput, ServiceErrorsMixin
from conciliare.partnerships.public_forms import ats_filter_field, period_filter_field
from conciliare.projects.models import ProjectStatus


class ProjectFilterForm(StyledForm):
    """Every filter optional; an invalid one is reported beside its field
    and ignored. The ATS filter only for those who follow several ATS."""

    status = forms.ChoiceField(
        label=_("Stato"),
        choices=[("", _("Tutti gli stati")), *ProjectStatus.choices],
        required=False,
    )
    period = period_filter_field()
    ats = ats_filter_field()

    def __init__(self, *args: Any, with_ats: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not with_ats:
            del self.fields["ats"]

    def filters(self) -> dict[str, Any]:
        data = getattr(self, "cleaned_data", {})
        return {
            "status": data.get("status") or None,
            "period": data.get("period"),
            "ats": data.get("ats"),
        }


def _date_field(label: Any, required: Any) -> forms.DateField:
    return forms.DateField(
        label=label,
        widget=DateInput(),
        error_messages={
            "required": required,
            "invalid": _("Indicare una data valida."),
        },
    )


class ProjectStartForm(ServiceErrorsMixin, StyledForm):
    prefix = "start"

    started_on = _date_field(
        _("Data di avvio delle attività"), _("Indicare la data di avvio.")
    )


class ProjectCompleteForm(ServiceErrorsMixin, StyledForm):
    prefix = "complete"

    ended_on = _date_field(
        _("Data di conclusione delle attività"),
        _("Indicare la data di conclusione."),
    )


class StatementStartForm(StyledForm):
    """The new statement's kind and period (the statements' page checks
    them): the field names are the ones that page reads, the ids their
    own."""

    kind = forms.ChoiceField(label=_("Tipo di rendiconto"), choices=StatementKind)
    period_start = _date_field(_("Spese dal"), _("Indicare l'inizio del periodo."))
    period_end = _date_field(_("Spese al"), _("Indicare la fine del periodo."))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "id_statement_%s")
        super().__init__(*args, **kwargs)
