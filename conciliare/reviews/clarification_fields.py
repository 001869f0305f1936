"""What a soccorso istruttorio may reopen: a fixed list of the application's
fields and one key per required attachment of the call
(``attachment:<RequiredAttachment.pk>``). The free-text answer is always
available and needs no key.

The lead body's answer changes only the reopened keys, and is stored beside
the submitted snapshot (which is never modified)."""

from dataclasses import dataclass
from typing import Any

from django.utils.dateparse import parse_date
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from conciliare.calls.models import Call, RequiredAttachment

ATTACHMENT_PREFIX = "attachment:"
#: The application's own fields a request may reopen, in the form's order.
TEXT_FIELDS = ("summary", "objectives")
DATE_FIELDS = ("starts_on", "ends_on")


@dataclass(frozen=True)
class ReopenableField:
    key: str
    label: str
    kind: str  # "text", "date" or "attachment"
    requirement: RequiredAttachment | None = None


def field_labels() -> dict[str, str]:
    return {
        "summary": _("Sintesi del progetto"),
        "objectives": _("Obiettivi"),
        "starts_on": _("Inizio delle attività"),
        "ends_on": _("Fine delle attività"),
    }


def reopenable_fields(call: Call) -> list[ReopenableField]:
    """Every key a request on an application to ``call`` may reopen."""
    labels = field_labels()
    fields = [ReopenableField(key, labels[key], "text") for key in TEXT_FIELDS]
    fields += [ReopenableField(key, labels[key], "date") for key in DATE_FIELDS]
    fields += [
        ReopenableField(
            f"{ATTACHMENT_PREFIX}{requirement.pk}",
            _("Allegato: %(name)s") % {"name": requirement.name},
            "attachment",
            requirement,
        )
        for requirement in call.required_attachments.order_by("position", "pk")
    ]
    return fields


def submitted_value(snapshot: dict[str, Any], field: ReopenableField) -> str:
    """What the application submitted for ``field``, as people read it."""
    if field.kind == "attachment" and field.requirement is not None:
        names = [
            attachment["filename"]
            for attachment in snapshot.get("attachments", [])
            if attachment.get("requirement") == field.requirement.name
        ]
        return ", ".join(names) or _("nessun file")
    value = snapshot.get(field.key) or ""
    if field.kind == "date" and value:
        day = parse_date(value)
        return date_format(day, "SHORT_DATE_FORMAT") if day else value
    return str(value)


def answered_value(answer: dict[str, Any], field: ReopenableField) -> str:
    """What the lead body answered for ``field`` ("" when it did not)."""
    value = answer.get(field.key)
    if not value:
        return ""
    if field.kind == "attachment":
        return str(value.get("filename", ""))
    if field.kind == "date":
        day = parse_date(value)
        return date_format(day, "SHORT_DATE_FORMAT") if day else str(value)
    return str(value)
