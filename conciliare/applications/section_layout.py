"""What every page of the section editor shares: the sections, their
addresses, the result of a save and how a section page is drawn (the full
page, or the autosave answer for htmx)."""

from datetime import datetime
from typing import Any

from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from conciliare.applications.checks import CheckFailure, Section, application_check
from conciliare.applications.forms import VersionForm
from conciliare.applications.models import Application
from conciliare.core.http import AuthenticatedHttpRequest

SECTIONS: tuple[tuple[str, Any], ...] = (
    (Section.GENERAL, gettext_lazy("Dati generali")),
    (Section.ACTIONS, gettext_lazy("Azioni")),
    (Section.TARGETS, gettext_lazy("Destinatari e indicatori")),
    (Section.BUDGET, gettext_lazy("Piano economico")),
    (Section.ATTACHMENTS, gettext_lazy("Allegati")),
)
SECTION_LABELS: dict[str, Any] = {
    **dict(SECTIONS),
    Section.PARTNERS: gettext_lazy("Partenariato"),
}
#: The row kinds each row section edits.
SECTION_KINDS: dict[str, tuple[str, ...]] = {
    Section.ACTIONS: ("actions",),
    Section.TARGETS: ("target_groups", "indicators"),
    Section.BUDGET: ("budget_lines",),
}
KIND_LABELS: dict[str, Any] = {
    "actions": gettext_lazy("Azioni del progetto"),
    "target_groups": gettext_lazy("Destinatari"),
    "indicators": gettext_lazy("Indicatori di risultato"),
    "budget_lines": gettext_lazy("Voci di spesa"),
}
KIND_ROW_LABELS: dict[str, Any] = {
    "actions": gettext_lazy("Azione"),
    "target_groups": gettext_lazy("Gruppo di destinatari"),
    "indicators": gettext_lazy("Indicatore"),
    "budget_lines": gettext_lazy("Voce di spesa"),
}


def section_url(application: Application, section: str) -> str:
    return reverse(
        "applications:application-section",
        kwargs={"pk": application.pk, "section": section},
    )


class SaveState:
    """What happened to a save: saved (and when), refused as stale, or
    refused by a rule; and the version the page carries afterwards."""

    def __init__(self, application: Application) -> None:
        self.application = application
        self.version = application.version
        self.is_saved = False
        self.saved_at: datetime | None = None
        self.stale = ""
        self.error = ""

    def read_version(self, request: AuthenticatedHttpRequest) -> int | None:
        form = VersionForm(request.POST)
        if not form.is_valid():
            self.error = _(
                "La pagina non indica la versione della domanda: ricaricarla e "
                "riprovare."
            )
            return None
        version: int = form.cleaned_data["version"]
        self.version = version
        return version

    def saved(self, application: Application) -> None:
        self.application = application
        self.version = application.version
        self.is_saved = True
        self.saved_at = timezone.localtime(application.updated_at)

    def context(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "is_saved": self.is_saved,
            "saved_at": self.saved_at,
            "stale": self.stale,
            "save_error": self.error,
        }


def render_section(
    request: AuthenticatedHttpRequest,
    template_name: str,
    state: SaveState,
    context: dict[str, Any],
    *,
    section: str,
) -> HttpResponse:
    application = state.application
    failures = [
        failure
        for failure in application_check(application)
        if failure.section == section
    ]
    context.update(state.context())
    forms = context.get("forms", [])
    non_field_errors = [error for form in forms for error in form.non_field_errors()]
    for item in context.get("formsets", []):
        non_field_errors += list(item["formset"].non_form_errors())
    context["non_field_errors"] = non_field_errors
    context["has_errors"] = bool(non_field_errors) or any(form.errors for form in forms)
    context.update(
        {
            "application": application,
            "section": section,
            "section_label": SECTION_LABELS[section],
            "sections": _section_links(application, section),
            "section_url": section_url(application, section),
            "failures": failures,
        }
    )
    if request.htmx and request.method == "POST":
        template_name += "#autosave"
    return render(request, template_name, context)


def _section_links(application: Application, current: str) -> list[dict[str, Any]]:
    return [
        {
            "slug": slug,
            "label": label,
            "url": section_url(application, slug),
            "current": slug == current,
        }
        for slug, label in SECTIONS
    ]


def failures_by_section(
    application: Application, failures: list[CheckFailure]
) -> list[dict[str, Any]]:
    """The checker's failures grouped by section, each with where to fix it."""
    groups: dict[str, list[str]] = {}
    for failure in failures:
        groups.setdefault(failure.section, []).append(failure.message)
    editable = dict(SECTIONS)
    return [
        {
            "section": section,
            "label": SECTION_LABELS.get(section, section),
            "url": section_url(application, section) if section in editable else "",
            "messages": messages_,
        }
        for section, messages_ in groups.items()
    ]
