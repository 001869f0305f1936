"""Forms of the Scheda partnership and of the lead's decision."""

from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from conciliare.core.forms import StyledForm
from conciliare.partnerships.forms import ContributionFields, ServiceErrorsMixin
from conciliare.registry.models import Organisation


class PartnerRequestForm(ServiceErrorsMixin, StyledForm, ContributionFields):
    """The online Scheda partnership: for which organisation, what it brings."""

    organisation = forms.ModelChoiceField(
        label=_("Ente che chiede di entrare"),
        queryset=Organisation.objects.none(),
        empty_label=None,
        help_text=_("Uno degli enti che rappresenti."),
    )
    message = forms.CharField(
        label=_("Messaggio al capofila"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    field_order = ["organisation"]

    def __init__(
        self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = cast(
            "forms.ModelChoiceField[Organisation]", self.fields["organisation"]
        )
        field.queryset = organisations

    def service_data(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "organisation"}


class PartnerRequestDeclineForm(ServiceErrorsMixin, StyledForm):
    reason = forms.CharField(
        label=_("Motivazione"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Sarà comunicata all'ente che ha chiesto di entrare."),
        error_messages={"required": _("Indicare la motivazione.")},
    )

    def __init__(self, *args: Any, partner_request_pk: int, **kwargs: Any) -> None:
        # one form per request on the queue page: ids stay unique
        super().__init__(*args, prefix=f"request-{partner_request_pk}", **kwargs)
