"""Bootstrap Italia rendering of the bound fields of allauth's forms.

allauth renders its forms through ``allauth/elements/fields.html``; these tags
give each widget the Bootstrap Italia classes and link it to its help text and
error message (``aria-describedby``), as ``StyledFormMixin`` does for our own
forms.
"""

from django import forms, template
from django.utils.safestring import SafeString
from django.utils.text import capfirst
from django.utils.translation import gettext as _

register = template.Library()

_CHOICE_WIDGETS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple)
_SELECT_WIDGETS = (forms.Select, forms.SelectMultiple)


@register.simple_tag
def form_widget(field: forms.BoundField) -> SafeString:
    """The field's widget with Bootstrap Italia classes and ARIA links."""
    widget = field.field.widget
    classes = [widget.attrs.get("class", "")]
    if isinstance(widget, _SELECT_WIDGETS):
        classes.append("form-select")
    elif not isinstance(widget, _CHOICE_WIDGETS):
        # Bootstrap Italia styles checkboxes and radios by type, not by class.
        classes.append("form-control")
    attrs: dict[str, str | bool] = {}
    described = []
    if field.help_text:
        described.append(f"{field.auto_id}_helptext")
    if field.errors:
        described.append(f"{field.auto_id}_error")
        classes.append("is-invalid")
        attrs["aria-invalid"] = "true"
    if described:
        attrs["aria-describedby"] = " ".join(described)
    css = " ".join(c for c in classes if c)
    if css:
        attrs["class"] = css
    return field.as_widget(attrs=attrs)


@register.simple_tag
def form_label(field: forms.BoundField) -> str:
    """The field's label; every e-mail address is labelled "E-mail"."""
    if isinstance(field.field, forms.EmailField):
        return _("E-mail")
    return capfirst(str(field.label))
