"""The content of a plan version as plain JSON (amounts as strings, exact to
the cent), frozen in ``PlanVersion.snapshot`` when the version is approved,
and the readable differences between two versions."""

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from conciliare.core.money import cents, euro
from conciliare.plans.models import (
    FundingKind,
    MilestoneKind,
    PlanProject,
    PlanVersion,
    SystemAction,
)

SNAPSHOT_FORMAT = 1


def version_snapshot(version: PlanVersion) -> dict[str, Any]:
    """What ``version`` holds, read from the database now (6 queries)."""
    projects = list(
        PlanProject.objects.filter(version=version)
        .select_related("project__alliance__lead")
        .order_by("position", "pk")
    )
    actions = list(
        SystemAction.objects.filter(version=version)
        .prefetch_related(Prefetch("operators"))
        .order_by("position", "pk")
    )
    funding = list(version.funding_sources.order_by("kind", "pk"))
    milestones = list(version.milestones.order_by("due_on", "pk"))
    grants = sum((p.grant for p in projects), Decimal(0))
    actions_total = sum((a.budget for a in actions), Decimal(0))
    funding_total = sum((f.amount for f in funding), Decimal(0))
    return {
        "format": SNAPSHOT_FORMAT,
        "number": version.number,
        "summary": version.summary,
        "amendment_reason": version.amendment_reason,
        "projects": [
            {
                "project": p.project_id,
                "code": p.project.code,
                "title": p.project.title,
                "alliance": p.project.alliance.name,
                "lead": p.project.alliance.lead.legal_name,
                "website": p.project.website,
                "grant": _amount(p.grant),
                "cofinancing": _amount(p.cofinancing),
                "total_cost": _amount(p.total_cost),
            }
            for p in projects
        ],
        "system_actions": [
            {
                "title": a.title,
                "description": a.description,
                "activities": a.activities,
                "budget": _amount(a.budget),
                "operators": sorted(o.legal_name for o in a.operators.all()),
                "operators_note": a.operators_note,
                "starts_on": a.starts_on.isoformat() if a.starts_on else None,
                "ends_on": a.ends_on.isoformat() if a.ends_on else None,
            }
            for a in actions
        ],
        "funding": [
            {
                "kind": f.kind,
                "description": f.description,
                "amount": _amount(f.amount),
            }
            for f in funding
        ],
        "milestones": [
            {
                "kind": m.kind,
                "due_on": m.due_on.isoformat(),
                "indicators": m.indicators,
                "description": m.description,
            }
            for m in milestones
        ],
        "totals": {
            "grants": _amount(grants),
            "system_actions": _amount(actions_total),
            "committed": _amount(grants + actions_total),
            "funding": _amount(funding_total),
        },
    }


def version_content(version: PlanVersion) -> dict[str, Any]:
    """The frozen snapshot of an approved version, the live content of one
    still being edited."""
    if version.snapshot and not version.is_editable:
        return dict(version.snapshot)
    return version_snapshot(version)


def _amount(value: Decimal) -> str:
    return str(cents(value))


def _euro(value: str) -> str:
    return euro(Decimal(value))


#: System action fields compared, with their labels.
def _action_labels() -> dict[str, str]:
    return {
        "description": _("descrizione"),
        "activities": _("attività previste"),
        "budget": _("budget"),
        "operators": _("operatori di rete"),
        "operators_note": _("altri operatori"),
        "starts_on": _("inizio"),
        "ends_on": _("fine"),
    }


def version_diff(old: dict[str, Any], new: dict[str, Any]) -> list[str]:
    """The changes from content ``old`` to content ``new`` (two snapshots),
    one readable sentence each, in the order projects, system actions,
    funding, monitoring, summary."""
    changes: list[str] = []
    changes += _projects_diff(old.get("projects", []), new.get("projects", []))
    changes += _actions_diff(
        old.get("system_actions", []), new.get("system_actions", [])
    )
    changes += _funding_diff(old.get("funding", []), new.get("funding", []))
    changes += _milestones_diff(old.get("milestones", []), new.get("milestones", []))
    if old.get("summary", "") != new.get("summary", ""):
        changes.append(_("Sintesi del piano modificata."))
    return changes


def _projects_diff(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    before = {p["project"]: p for p in old}
    after = {p["project"]: p for p in new}
    changes = []
    for key, project in after.items():
        if key not in before:
            changes.append(
                _("Progetto aggiunto: %(code)s «%(title)s», contributo %(grant)s.")
                % {
                    "code": project["code"],
                    "title": project["title"],
                    "grant": _euro(project["grant"]),
                }
            )
        elif before[key]["grant"] != project["grant"]:
            changes.append(
                _(
                    "Contributo del progetto %(code)s «%(title)s» modificato: "
                    "da %(old)s a %(new)s."
                )
                % {
                    "code": project["code"],
                    "title": project["title"],
                    "old": _euro(before[key]["grant"]),
                    "new": _euro(project["grant"]),
                }
            )
    for key, project in before.items():
        if key not in after:
            changes.append(
                _("Progetto tolto: %(code)s «%(title)s».")
                % {"code": project["code"], "title": project["title"]}
            )
    return changes


def _action_key(action: dict[str, Any]) -> str:
    return " ".join(str(action["title"]).split()).casefold()


def _action_value(field: str, value: Any) -> str:
    if value in (None, "", []):
        return _("nessuno")
    if field == "budget":
        return _euro(value)
    if field == "operators":
        return ", ".join(value)
    return str(value)


def _actions_diff(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    before = {_action_key(a): a for a in old}
    after = {_action_key(a): a for a in new}
    labels = _action_labels()
    changes = []
    for key, action in after.items():
        if key not in before:
            changes.append(
                _("Azione di sistema aggiunta: «%(title)s», budget %(budget)s.")
                % {"title": action["title"], "budget": _euro(action["budget"])}
            )
            continue
        previous = before[key]
        for field, label in labels.items():
            if previous.get(field) == action.get(field):
                continue
            if field in ("description", "activities"):
                changes.append(
                    _("Azione di sistema «%(title)s»: %(field)s modificata.")
                    % {"title": action["title"], "field": label}
                )
            else:
                changes.append(
                    _("Azione di sistema «%(title)s»: %(field)s da %(old)s a %(new)s.")
                    % {
                        "title": action["title"],
                        "field": label,
                        "old": _action_value(field, previous.get(field)),
                        "new": _action_value(field, action.get(field)),
                    }
                )
    for key, action in before.items():
        if key not in after:
            changes.append(
                _("Azione di sistema tolta: «%(title)s».") % {"title": action["title"]}
            )
    return changes


def _funding_label(row: dict[str, Any]) -> str:
    label = str(FundingKind(row["kind"]).label)
    return f"{label} ({row['description']})" if row["description"] else label


def _keyed(rows: list[dict[str, Any]], *fields: str) -> dict[tuple[Any, ...], Any]:
    """Rows by their ``fields`` and their occurrence among equal keys."""
    seen: dict[tuple[Any, ...], int] = {}
    keyed = {}
    for row in rows:
        base = tuple(row[f] for f in fields)
        seen[base] = seen.get(base, 0) + 1
        keyed[(*base, seen[base])] = row
    return keyed


def _funding_diff(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    before = _keyed(old, "kind", "description")
    after = _keyed(new, "kind", "description")
    changes = []
    for key, row in after.items():
        if key not in before:
            changes.append(
                _("Fonte di finanziamento aggiunta: %(source)s, %(amount)s.")
                % {"source": _funding_label(row), "amount": _euro(row["amount"])}
            )
        elif before[key]["amount"] != row["amount"]:
            changes.append(
                _("Fonte di finanziamento %(source)s: da %(old)s a %(new)s.")
                % {
                    "source": _funding_label(row),
                    "old": _euro(before[key]["amount"]),
                    "new": _euro(row["amount"]),
                }
            )
    for key, row in before.items():
        if key not in after:
            changes.append(
                _("Fonte di finanziamento tolta: %(source)s.")
                % {"source": _funding_label(row)}
            )
    return changes


def _milestones_diff(old: list[dict[str, Any]], new: list[dict[str, Any]]) -> list[str]:
    before = _keyed(old, "kind")
    after = _keyed(new, "kind")
    changes = []
    for key, row in after.items():
        label = str(MilestoneKind(row["kind"]).label)
        if key not in before:
            changes.append(
                _("Scadenza di monitoraggio aggiunta: %(kind)s entro il %(due)s.")
                % {"kind": label, "due": _date(row["due_on"])}
            )
            continue
        previous = before[key]
        if previous["due_on"] != row["due_on"]:
            changes.append(
                _("Scadenza «%(kind)s» spostata dal %(old)s al %(new)s.")
                % {
                    "kind": label,
                    "old": _date(previous["due_on"]),
                    "new": _date(row["due_on"]),
                }
            )
        if (previous["indicators"], previous["description"]) != (
            row["indicators"],
            row["description"],
        ):
            changes.append(
                _("Scadenza «%(kind)s»: indicatori o descrizione modificati.")
                % {"kind": label}
            )
    for key, row in before.items():
        if key not in after:
            changes.append(
                _("Scadenza di monitoraggio tolta: %(kind)s.")
                % {"kind": str(MilestoneKind(row["kind"]).label)}
            )
    return changes


def _date(iso: str) -> str:
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"
