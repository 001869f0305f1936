"""The accessibility feedback form."""

from typing import Any
from urllib.parse import urlsplit

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from conciliare.core.forms import StyledForm

#: The trap field: hidden from people (and assistive technologies), filled by
#: bots that fill every field. A report that fills it is refused.
HONEYPOT_FIELD = "sito_web"


class FeedbackForm(StyledForm):
    name = forms.CharField(
        label=_("Nome"),
        max_length=150,
        required=False,
        help_text=_("Facoltativo."),
    )
    email = forms.EmailField(
        label=_("E-mail"),
        help_text=_("Per risponderle: non viene pubblicata."),
    )
    page_url = forms.CharField(
        label=_("Pagina"),
        max_length=500,
        help_text=_("L'indirizzo della pagina in cui ha incontrato il problema."),
    )
    message = forms.CharField(
        label=_("Segnalazione"),
        min_length=10,
        max_length=5000,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("Descriva il problema e, se può, come lo ha incontrato."),
    )
    sito_web = forms.CharField(
        label=_("Lasciare vuoto questo campo"), required=False, max_length=200
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[HONEYPOT_FIELD].widget.attrs.update(
            {"tabindex": "-1", "autocomplete": "off"}
        )

    def clean_page_url(self) -> str:
        """A page of this site (``/path``) or a web address (http/https)."""
        value: str = self.cleaned_data["page_url"].strip()
        parts = urlsplit(value)
        is_path = value.startswith("/") and not value.startswith("//")
        is_web = parts.scheme in ("http", "https") and bool(parts.netloc)
        if not (is_path or is_web):
            raise ValidationError(
                _(
                    "Indicare l'indirizzo della pagina, per esempio "
                    "https://… oppure /documenti/."
                ),
                code="page_url",
            )
        return value

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get(HONEYPOT_FIELD):
            raise ValidationError(
                _("La segnalazione non può essere inviata."), code="spam"
            )
        return cleaned

    def feedback_data(self) -> dict[str, str]:
        data = self.cleaned_data
        return {
            "name": data["name"].strip(),
            "email": data["email"],
            "page_url": data["page_url"],
            "message": data["message"].strip(),
        }
