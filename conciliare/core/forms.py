"""Form styling shared by every app: Bootstrap Italia classes and ARIA links
from each field to its help text and error message."""

from typing import Any

from django import forms


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
