"""What the ATS writes in a version of its plan: the system actions with their
network operators, the funding sources, the monitoring milestones and the
summary. Only a version in preparation or returned may change: every
service here refuses the others (a validated plan changes only through a
rimodulazione, that is a new version)."""

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, QuerySet
from django.utils.translation import gettext as _

from conciliare.accounts.models import User
from conciliare.audit.services import changes_between, event_record
from conciliare.core.money import cents
from conciliare.core.permissions import ensure_perm
from conciliare.plans.models import (
    FundingKind,
    FundingSource,
    MilestoneKind,
    MonitoringMilestone,
    PlanVersion,
    SystemAction,
)
from conciliare.plans.plan_services import version_ensure_editable, version_lock
from conciliare.registry.models import (
    LIVE_MEMBERSHIP_STATUSES,
    MembershipStatus,
    Organisation,
)

#: What the ATS writes about a system action.
ACTION_FIELDS = (
    "title",
    "description",
    "activities",
    "budget",
    "operators",
    "operators_note",
    "starts_on",
    "ends_on",
)
#: Members whose membership counts for choosing operators.
_MEMBER_STATUSES = [
    s for s in LIVE_MEMBERSHIP_STATUSES if s != MembershipStatus.REQUESTED
]


def network_operators(*, version: PlanVersion) -> QuerySet[Organisation]:
    """The organisations that may be a system action's operators: the members
    of the ATS's network for the plan's period."""
    plan = version.plan
    return (
        Organisation.objects.filter(
            memberships__network__ats_id=plan.ats_id,
            memberships__network__period_id=plan.period_id,
            memberships__status__in=_MEMBER_STATUSES,
        )
        .distinct()
        .order_by("legal_name", "pk")
    )


def _editable(actor: User, version: PlanVersion) -> PlanVersion:
    version = version_lock(version)
    ensure_perm(actor, "plans.change_plan", version)
    version_ensure_editable(version)
    return version


def _action_validate(version: PlanVersion, data: dict[str, Any]) -> None:
    errors: dict[str, list[str]] = {}
    if not str(data.get("title", "")).strip():
        errors["title"] = [_("Indicare il titolo dell'azione di sistema.")]
    if not str(data.get("description", "")).strip():
        errors["description"] = [_("Descrivere l'azione di sistema.")]
    budget = data.get("budget")
    if budget is None:
        errors["budget"] = [_("Indicare il budget dell'azione.")]
    elif Decimal(budget) < 0:
        errors["budget"] = [_("Il budget non può essere negativo.")]
    starts_on: date | None = data.get("starts_on")
    ends_on: date | None = data.get("ends_on")
    if starts_on and ends_on and ends_on < starts_on:
        errors["ends_on"] = [_("La fine non può precedere l'inizio.")]
    operators = list(data.get("operators") or [])
    if operators:
        allowed = set(
            network_operators(version=version)
            .filter(pk__in=[o.pk for o in operators])
            .values_list("pk", flat=True)
        )
        outside = [o for o in operators if o.pk not in allowed]
        if outside:
            errors["operators"] = [
                _("Non aderiscono alla Rete territoriale dell'ATS: %(names)s.")
                % {"names": ", ".join(o.legal_name for o in outside)}
            ]
    if errors:
        raise ValidationError(errors)


def _action_state(
    action: SystemAction, operators: list[Organisation]
) -> dict[str, Any]:
    return {
        "title": action.title,
        "description": action.description,
        "activities": action.activities,
        "budget": str(action.budget),
        "operators": sorted(o.legal_name for o in operators),
        "operators_note": action.operators_note,
        "starts_on": action.starts_on,
        "ends_on": action.ends_on,
    }


def _action_apply(action: SystemAction, data: dict[str, Any]) -> None:
    action.title = str(data["title"]).strip()
    action.description = str(data["description"]).strip()
    action.activities = str(data.get("activities") or "").strip()
    action.budget = cents(Decimal(data["budget"]))
    action.operators_note = str(data.get("operators_note") or "").strip()
    action.starts_on = data.get("starts_on")
    action.ends_on = data.get("ends_on")


@transaction.atomic
def system_action_add(
    *, actor: User, version: PlanVersion, data: dict[str, Any]
) -> SystemAction:
    """Add a system action (keys of ``ACTION_FIELDS``) at the end.

    Raises PermissionDenied, ApplicationError or ValidationError."""
    version = _editable(actor, version)
    _action_validate(version, data)
    position = (
        SystemAction.objects.filter(version=version).aggregate(last=Max("position"))[
            "last"
        ]
        or 0
    ) + 1
    action = SystemAction(version=version, position=position)
    _action_apply(action, data)
    action.save()
    operators = list(data.get("operators") or [])
    action.operators.set(operators)
    event_record(
        actor=actor,
        verb="plan.action_add",
        target=version,
        changes=changes_between({}, _action_state(action, operators)),
        note=action.title,
    )
    return action


@transaction.atomic
def system_action_update(
    *, actor: User, action: SystemAction, data: dict[str, Any]
) -> SystemAction:
    """Change a system action (all of ``ACTION_FIELDS``).

    Raises PermissionDenied, ApplicationError or ValidationError."""
    version = _editable(actor, action.version)
    action = SystemAction.objects.select_for_update(of=("self",)).get(
        pk=action.pk, version=version
    )
    _action_validate(version, data)
    before = _action_state(action, list(action.operators.all()))
    _action_apply(action, data)
    action.save()
    operators = list(data.get("operators") or [])
    action.operators.set(operators)
    event_record(
        actor=actor,
        verb="plan.action_update",
        target=version,
        changes=changes_between(before, _action_state(action, operators)),
        note=action.title,
    )
    return action


@transaction.atomic
def system_action_remove(*, actor: User, action: SystemAction) -> PlanVersion:
    """Take a system action off the version.

    Raises PermissionDenied or ApplicationError."""
    version = _editable(actor, action.version)
    action = SystemAction.objects.get(pk=action.pk, version=version)
    before = _action_state(action, list(action.operators.all()))
    action.delete()
    event_record(
        actor=actor,
        verb="plan.action_remove",
        target=version,
        changes={
            key: [value, None] for key, value in changes_between({}, before).items()
        },
        note=before["title"],
    )
    return version


def _rows_state(rows: list[Any], fields: tuple[str, ...]) -> list[dict[str, str]]:
    return [{f: str(getattr(row, f)) for f in fields} for row in rows]


@transaction.atomic
def funding_sources_set(
    *, actor: User, version: PlanVersion, rows: list[dict[str, Any]]
) -> PlanVersion:
    """Replace the funding sources (``kind``, ``description``, ``amount``).

    Raises PermissionDenied, ApplicationError or ValidationError."""
    version = _editable(actor, version)
    new = []
    for index, row in enumerate(rows, start=1):
        kind = row.get("kind")
        amount = row.get("amount")
        if kind not in FundingKind.values:
            raise ValidationError(
                {"__all__": [_("Riga %(n)s: indicare la fonte.") % {"n": index}]}
            )
        if amount is None or Decimal(amount) < 0:
            raise ValidationError(
                {
                    "__all__": [
                        _("Riga %(n)s: indicare un importo non negativo.")
                        % {"n": index}
                    ]
                }
            )
        new.append(
            FundingSource(
                version=version,
                kind=kind,
                description=str(row.get("description") or "").strip(),
                amount=cents(Decimal(amount)),
            )
        )
    if not new:
        raise ValidationError(
            {"__all__": [_("Il piano deve avere almeno una fonte di finanziamento.")]}
        )
    fields = ("kind", "description", "amount")
    before = _rows_state(list(version.funding_sources.all()), fields)
    version.funding_sources.all().delete()
    FundingSource.objects.bulk_create(new)
    after = _rows_state(new, fields)
    event_record(
        actor=actor,
        verb="plan.funding_set",
        target=version,
        changes={"funding": [before, after]} if before != after else {},
    )
    return version


@transaction.atomic
def milestones_set(
    *, actor: User, version: PlanVersion, rows: list[dict[str, Any]]
) -> PlanVersion:
    """Replace the monitoring milestones (``kind``, ``due_on``, ``indicators``,
    ``description``).

    Raises PermissionDenied, ApplicationError or ValidationError."""
    version = _editable(actor, version)
    new = []
    for index, row in enumerate(rows, start=1):
        if row.get("kind") not in MilestoneKind.values or not row.get("due_on"):
            raise ValidationError(
                {
                    "__all__": [
                        _("Riga %(n)s: indicare la scadenza e la data.") % {"n": index}
                    ]
                }
            )
        new.append(
            MonitoringMilestone(
                version=version,
                kind=row["kind"],
                due_on=row["due_on"],
                indicators=str(row.get("indicators") or "").strip(),
                description=str(row.get("description") or "").strip(),
            )
        )
    kinds = {m.kind for m in new}
    if MilestoneKind.FINAL_REPORT not in kinds:
        raise ValidationError(
            {"__all__": [_("Il monitoraggio deve prevedere la relazione finale.")]}
        )
    fields = ("kind", "due_on", "indicators", "description")
    before = _rows_state(list(version.milestones.all()), fields)
    version.milestones.all().delete()
    MonitoringMilestone.objects.bulk_create(new)
    after = _rows_state(new, fields)
    event_record(
        actor=actor,
        verb="plan.milestones_set",
        target=version,
        changes={"milestones": [before, after]} if before != after else {},
    )
    return version


@transaction.atomic
def plan_summary_set(*, actor: User, version: PlanVersion, summary: str) -> PlanVersion:
    """Write the plan's summary (sintesi).

    Raises PermissionDenied or ApplicationError."""
    version = _editable(actor, version)
    before = version.summary
    version.summary = summary.strip()
    version.save(update_fields=["summary", "updated_at"])
    event_record(
        actor=actor,
        verb="plan.summary_set",
        target=version,
        changes=changes_between({"summary": before}, {"summary": version.summary}),
    )
    return version
