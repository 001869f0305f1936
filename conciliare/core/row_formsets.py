"""Pages that edit a list of rows with a formset: a call's criteria and
attachments, a plan's funding sources and milestones. «Aggiungi una riga»
shows the rows again with one more blank row; «Salva» hands the rows to a
service that replaces them, and its refusal is shown above the rows."""

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.forms import BaseFormSet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _

from conciliare.core.exceptions import ApplicationError


class RowFormSet(BaseFormSet[Any]):
    """Rows in order; ``rows()`` gives what the service expects."""

    def add_fields(self, form: forms.Form, index: int | None) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = _("Elimina questa riga")
            form.fields["DELETE"].widget.attrs["class"] = "form-check-input"

    def rows(self) -> list[dict[str, Any]]:
        return [
            {
                name: value
                for name, value in form.cleaned_data.items()
                if name != "DELETE"
            }
            for form in self.forms
            if form.cleaned_data and not form.cleaned_data.get("DELETE")
        ]


def with_blank_row(data: Any, formset_class: type[RowFormSet], prefix: str) -> Any:
    """The posted rows and one more, filled with the fields' initial values
    (so it reads as untouched and is ignored unless filled in)."""
    data = data.copy()
    total = f"{prefix}-TOTAL_FORMS"
    try:
        index = max(int(data.get(total) or 0), 0)
    except ValueError:
        index = 0
    data[total] = str(index + 1)
    for name, field in formset_class.form.base_fields.items():
        if field.initial is True:
            data[f"{prefix}-{index}-{name}"] = "on"
        elif field.initial is not None:
            data[f"{prefix}-{index}-{name}"] = str(field.initial)
    return data


def rows_formset_page(
    request: HttpRequest,
    *,
    formset_class: type[RowFormSet],
    prefix: str,
    initial: list[dict[str, Any]],
    save: Callable[[list[dict[str, Any]]], object],
    done: str,
    success_url: str,
    template_name: str,
    context: dict[str, Any],
) -> HttpResponse:
    """The page of a formset of rows (see the module docstring)."""
    service_errors: list[str] = []
    if request.method == "POST" and "add_row" in request.POST:
        formset = formset_class(
            with_blank_row(request.POST, formset_class, prefix), prefix=prefix
        )
    elif request.method == "POST":
        formset = formset_class(request.POST, prefix=prefix)
        if formset.is_valid():
            try:
                save(formset.rows())
            except ValidationError as exc:
                service_errors = exc.messages
            except ApplicationError as exc:
                service_errors = [exc.message]
            else:
                messages.success(request, done)
                return redirect(success_url)
    else:
        formset = formset_class(prefix=prefix, initial=initial)
    return render(
        request,
        template_name,
        {**context, "formset": formset, "service_errors": service_errors},
    )
