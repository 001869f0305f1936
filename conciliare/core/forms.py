"""Form styling shared by every app: Bootstrap Italia classes and ARIA links
from each field to its help text and error message."""

from typing import Any

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

_SELECTED = mark_safe(" selected")


class FastSelect(forms.Select):
    """A ``<select>`` rendered in Python rather than one template per option.

    Django renders each ``<option>`` through the template engine; a filter bar
    with a few selects of dozens of options then costs more than the page's
    table. Same markup, a fraction of the time (see bench/README.md).
    """

    def render(
        self,
        name: str,
        value: Any,
        attrs: dict[str, Any] | None = None,
        renderer: Any = None,
    ) -> SafeString:
        final_attrs = self.build_attrs(self.attrs, attrs)
        final_attrs["name"] = name
        selected = {str(v) for v in self.format_value(value)}
        options = format_html_join(
            "",
            '<option value="{}"{}>{}</option>',
            (
                (
                    option_value,
                    _SELECTED if str(option_value) in selected else "",
                    label,
                )
                for option_value, label in self._flat_choices()
            ),
        )
        return format_html("<select{}>{}</select>", flatatt(final_attrs), options)

    def _flat_choices(self) -> list[tuple[Any, Any]]:
        flat: list[tuple[Any, Any]] = []
        for option_value, label in self.choices:
            if isinstance(label, list | tuple):  # an optgroup: flatten it
                flat.extend((v, sub) for v, sub in label)
            else:
                value = "" if option_value is None else option_value
                flat.append((getattr(value, "value", value), label))
        return flat


class StyledFormMixin:
    """Mix into a Form/ModelForm; pairs with the ``<c-field>`` component."""

    fields: dict[str, forms.Field]
    errors: Any

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif type(widget) is forms.Select:
                # same widget, rendered in Python; styled by .select-wrapper
                widget.__class__ = FastSelect
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                pass  # styled by Bootstrap Italia's .select-wrapper around it
            elif isinstance(widget, forms.ClearableFileInput | forms.FileInput):
                widget.attrs.setdefault("class", "form-control")
            else:
                widget.attrs.setdefault("class", "form-control")

    def full_clean(self) -> None:
        super().full_clean()  # type: ignore[misc]
        for name in self.errors:
            if name in self.fields:
                bound = self[name]  # type: ignore[index]
                widget = self.fields[name].widget
                described = {f"{bound.auto_id}_error"}
                if self.fields[name].help_text:
                    described.add(f"{bound.auto_id}_helptext")
                widget.attrs["aria-describedby"] = " ".join(sorted(described))
                widget.attrs["aria-invalid"] = "true"
                widget.attrs["class"] = (
                    f"{widget.attrs.get('class', '')} is-invalid".strip()
                )


class StyledForm(StyledFormMixin, forms.Form):
    pass


class StyledModelForm(StyledFormMixin, forms.ModelForm):  # type: ignore[type-arg]
    pass
